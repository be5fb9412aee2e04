// Between the raw INSERT and the HTTP accept: the same work without HTTP, and two other shapes
// of its SQL, so the report can say which layer costs what.
//  - direct: the platform's own `acceptOrder` called in-process (its catalog check and its
//    writes: the day's case counter, the order, its events), no HTTP;
//  - one statement: a minimal hand-written autocommit statement writing the same rows (counter,
//    order with its final doc, event), for reference;
//  - no counter: that statement with a sequence for the number instead of the day's counter
//    row (not gapless): what the writes cost without the serialising lock.
// The what-if shapes write real rows into orders and order_events under a day key of their own
// ('X…'), so today's case numbers are not touched.
import { performance } from 'node:perf_hooks';
import { acceptOrder, type AcceptInput } from '../src/app/orders/accept.ts';
import type { AppContext } from '../src/app/context.ts';
import type { Actor } from '../src/domain/order.ts';
import type { Db } from '../src/store/db.ts';

export interface LayerResult {
  label: string;
  concurrency: number;
  count: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
}

async function loop(label: string, concurrency: number, seconds: number, once: () => Promise<unknown>): Promise<LayerResult> {
  const lat: number[] = [];
  const stopAt = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < stopAt) {
      const t = performance.now();
      await once();
      lat.push(performance.now() - t);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(p * lat.length) - 1))] ?? 0;
  return { label, concurrency, count: lat.length, seconds: s, rate: lat.length / s, p50: at(0.5), p99: at(0.99) };
}

export function acceptInput(categoryId: number, territoryId: number): AcceptInput {
  return {
    channel: 'phone', requestType: 'complaint', categoryId, grade: 1, emergency: false,
    title: '夜间施工噪声扰民',
    description: '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息，希望有关部门尽快处理。',
    caller: { name: '王丽', phone: '13900001234', anonymous: false, confidential: false },
    place: { territoryId, address: '青岛市城阳区城阳街道正阳路 100 号', lng: null, lat: null },
    externalRef: null, attachmentIds: [], answer: null, register: false, trackSecret: null, idempotencyKey: null,
  };
}

export function directAccept(app: AppContext, actor: Actor, input: AcceptInput, concurrency: number, seconds: number): Promise<LayerResult> {
  return loop('acceptOrder() in-process, no HTTP', concurrency, seconds, () => acceptOrder(app, actor, input));
}

const ORDER_COLS = `code, version, state, channel, request_type, category_id, grade, emergency, title, description,
  caller_name, caller_phone, anonymous, confidential, track_secret_hash, territory_id, address, lng, lat,
  accepted_at, idempotency_key, doc, updated_at`;
const EVENT_COLS = 'order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data';

let dayKey = 0;

/** The accept's rows in one autocommit statement; `counter` false numbers them from a sequence. */
export async function oneStatement(
  db: Db, o: { counter: boolean; concurrency: number; seconds: number; input: AcceptInput; actor: Actor; doc: string },
): Promise<LayerResult> {
  const day = `X${process.pid % 1000}${String(++dayKey).padStart(4, '0')}`;
  await db.exec('create sequence if not exists bench_case_seq');
  const number = o.counter
    ? `(insert into case_counters (day, last) values ($1, 1) on conflict (day) do update set last = case_counters.last + 1 returning last)`
    : `(select nextval('bench_case_seq') as last)`;
  const sql = `with n as ${number},
    c as (select $1::text || '-' || lpad(n.last::text, 5, '0') as code from n),
    o as (
      insert into orders (${ORDER_COLS})
      select c.code, 1, 'accepted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, null, $13, $14, null, null, $15, null,
             jsonb_set($16::jsonb, '{code}', to_jsonb(c.code)), $15
      from c returning id)
    insert into order_events (${EVENT_COLS})
    select o.id, 1, 'accepted', $15, $17, $18, $19, $20, null, $21::jsonb from o`;
  const i = o.input;
  const data = JSON.stringify({ type: 'accepted', channel: i.channel, requestType: i.requestType, categoryId: i.categoryId, grade: i.grade, emergency: i.emergency, title: i.title, description: i.description, caller: i.caller, place: i.place, externalRef: null, attachmentIds: [] });
  const label = o.counter ? 'a minimal hand-written statement for the same rows (counter kept)' : 'that statement numbered by a sequence (no counter lock, not gapless)';
  return loop(label, o.concurrency, o.seconds, () => db.query(sql, [
    day, i.channel, i.requestType, i.categoryId, i.grade, i.emergency, i.title, i.description, i.caller.name, i.caller.phone,
    i.caller.anonymous, i.caller.confidential, i.place.territoryId, i.place.address, new Date(), o.doc,
    o.actor.userId, o.actor.unitId, o.actor.role, o.actor.name, data,
  ]));
}
