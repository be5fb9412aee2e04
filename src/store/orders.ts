// Orders and their events in PostgreSQL. The event log is the source; `orders` is the projection
// (a few columns to query by, plus the whole domain state in `doc`), written in the same
// transaction as the events by the domain's own fold.
import { localDate } from '../domain/calendar.ts';
import { evolve, fold, holderUnitId, type Actor, type NewEvent, type Order, type OrderEvent } from '../domain/order.ts';
import type { Queryable, Tx } from './db.ts';

const DATE_FIELDS = ['acceptedAt', 'dispatchedAt', 'clockStartedAt', 'signForDue', 'handleDue', 'signedAt', 'repliedAt', 'closedAt'] as const;

export function docToOrder(doc: Record<string, unknown>): Order {
  const o = { ...doc } as Record<string, unknown>;
  for (const f of DATE_FIELDS) o[f] = o[f] ? new Date(o[f] as string) : null;
  const pe = o.pendingExtension as { requestedDue: string } | null;
  if (pe) o.pendingExtension = { ...pe, requestedDue: new Date(pe.requestedDue) };
  return o as unknown as Order;
}

export interface EventRow {
  seq: number;
  type: string;
  at: Date;
  actor_user_id: number | null;
  actor_unit_id: number | null;
  actor_role: string;
  actor_name: string;
  note: string | null;
  data: OrderEvent['data'];
}

export function rowToEvent(r: EventRow): OrderEvent {
  return {
    seq: r.seq,
    at: r.at,
    note: r.note,
    data: r.data,
    actor: { userId: r.actor_user_id, unitId: r.actor_unit_id, role: r.actor_role as Actor['role'], name: r.actor_name },
  };
}

export async function findOrderId(db: Queryable, idOrCode: string): Promise<number | null> {
  const byId = /^\d{1,9}$/.test(idOrCode);
  const r = await db.query<{ id: number }>(`select id from orders where ${byId ? 'id = $1' : 'code = $1'}`, [byId ? Number(idOrCode) : idOrCode]);
  return r.rows[0]?.id ?? null;
}

/** Load an order and lock its row until the transaction ends: of two concurrent steps, the second waits and sees the first's result. */
export async function loadForUpdate(tx: Tx, id: number): Promise<Order | null> {
  const r = await tx.query<{ doc: Record<string, unknown> }>('select doc from orders where id = $1 for update', [id]);
  return r.rows[0] ? docToOrder(r.rows[0].doc) : null;
}

export async function loadOrder(db: Queryable, id: number): Promise<Order | null> {
  const r = await db.query<{ doc: Record<string, unknown> }>('select doc from orders where id = $1', [id]);
  return r.rows[0] ? docToOrder(r.rows[0].doc) : null;
}

export async function loadEvents(db: Queryable, orderId: number): Promise<OrderEvent[]> {
  const r = await db.query<EventRow>(
    `select seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data
     from order_events where order_id = $1 order by seq`,
    [orderId],
  );
  return r.rows.map(rowToEvent);
}

/**
 * Append events to an order already locked by `loadForUpdate` (or just inserted): write them,
 * fold them into the state and save the projection. The unique (order_id, seq) is a second guard
 * against two writers.
 */
export async function appendEvents(tx: Tx, order: Order, events: readonly NewEvent[], actor: Actor, at: Date): Promise<Order> {
  let o = order;
  for (const e of events) {
    const full: OrderEvent = { ...e, seq: o.version + 1, at, actor };
    await tx.query(
      `insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [o.id, full.seq, e.data.type, at, actor.userId, actor.unitId, actor.role, actor.name, e.note, JSON.stringify(e.data)],
    );
    o = evolve(o, full);
  }
  const p = projection(o, at);
  await tx.query(
    `update orders set ${p.columns.map((c, i) => `${c} = $${i + 2}`).join(', ')},
       config_checked = greatest(config_checked, $${p.columns.length + 2})
     where id = $1`,
    [o.id, ...p.values, o.limits?.calendarVersion ?? 0],
  );
  const units = unitsOf(events);
  if (units.length) {
    await tx.query('insert into order_units (order_id, unit_id) select $1, unnest($2::int[]) on conflict do nothing', [o.id, units]);
  }
  const files = events.flatMap((e) => attachmentsOf(e.data));
  if (files.length) {
    await tx.query('insert into order_attachments (order_id, attachment_id) select $1, unnest($2::int[]) on conflict do nothing', [o.id, files]);
  }
  return o;
}

/** Units an order is sent to by these events: they (and the units above them) may see it. */
function unitsOf(events: readonly NewEvent[]): number[] {
  const units = new Set<number>();
  for (const { data: d } of events) {
    if (d.type === 'dispatched' || d.type === 'reassigned') [d.leadUnitId, ...d.assistUnitIds].forEach((u) => units.add(u));
    if (d.type === 'sent_down') units.add(d.toUnitId);
  }
  return [...units];
}

function attachmentsOf(d: NewEvent['data']): number[] {
  return (d.type === 'accepted' || d.type === 'replied') ? (d.attachmentIds ?? []) : [];
}

/** The `orders` columns that mirror the domain state, with their values: one list for insert and update. */
function projection(o: Order, at: Date) {
  const cols: Record<string, unknown> = {
    version: o.version, state: o.state, channel: o.channel, request_type: o.requestType, category_id: o.categoryId,
    grade: o.grade, emergency: o.emergency, title: o.title, description: o.description, caller_name: o.caller.name,
    caller_phone: o.caller.phone, anonymous: o.caller.anonymous, confidential: o.caller.confidential,
    territory_id: o.place.territoryId, address: o.place.address, lng: o.place.lng, lat: o.place.lat,
    lead_unit_id: o.leadUnitId, holder_unit_id: holderUnitId(o), accepted_at: o.acceptedAt, dispatched_at: o.dispatchedAt,
    sign_for_due: o.signForDue, handle_due: o.handleDue, signed_at: o.signedAt, replied_at: o.repliedAt, closed_at: o.closedAt,
    escalation: o.escalation, listed: o.listed, master_id: o.masterId, doc: JSON.stringify(o), updated_at: at,
  };
  return { columns: Object.keys(cols), values: Object.values(cols) };
}

export interface NewOrder {
  /** Events from the `accepted` one on, with their seq, time and actor. */
  events: readonly OrderEvent[];
  /** A case code to use (history, imports); without it the next code of the day is allotted. */
  code?: string;
  idempotencyKey?: string | null;
  trackSecretHash?: string | null;
}

/**
 * Create an order with its first events in ONE statement: allot the case code (the day's row of
 * `case_counters`, locked until the statement commits, so codes are unique and gapless across
 * processes), insert the projection, the events, the units and the attachment links. Run outside
 * a transaction it commits on its own, so the day's counter is held for one statement only.
 */
export async function createOrder(db: Queryable, n: NewOrder): Promise<Order> {
  const first = n.events[0];
  if (first?.data.type !== 'accepted') throw new Error('an order starts with an accepted event');
  const o = fold(0, '', n.events);
  const p = projection(o, n.events[n.events.length - 1]!.at);
  const docAt = p.columns.indexOf('doc');
  const base = 5; // $1 day or code, $2 idempotency key, $3 track secret, $4 events, $5 units/attachments
  const values = p.columns.map((c, i) => (i === docAt ? `$${base + 1 + i}::jsonb || jsonb_build_object('id', n.id, 'code', c.code)` : `$${base + 1 + i}`));
  const code = n.code
    ? `select $1::text as code`
    : `insert into case_counters (day, last) values ($1, 1) on conflict (day) do update set last = case_counters.last + 1
       returning $1 || '-' || lpad(last::text, 5, '0') as code`;
  const r = await db.query<{ id: number; code: string }>(
    `with c as (${code}),
     n as (select nextval(pg_get_serial_sequence('orders', 'id'))::int as id),
     o as (
       insert into orders (id, code, idempotency_key, track_secret_hash, config_checked, ${p.columns.join(', ')})
       overriding system value
       select n.id, c.code, $2, $3, ${o.limits?.calendarVersion ?? 0}, ${values.join(', ')} from c, n
       returning id, code
     ),
     e as (
       insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data)
       select o.id, x.seq, x.type, x.at, x.actor_user_id, x.actor_unit_id, x.actor_role, x.actor_name, x.note, x.data
       from o, jsonb_to_recordset($4::jsonb) as x(seq int, type text, at timestamptz, actor_user_id int, actor_unit_id int,
         actor_role text, actor_name text, note text, data jsonb)
     ),
     u as (insert into order_units (order_id, unit_id) select o.id, unnest(($5::jsonb ->> 'units')::int[]) from o),
     a as (insert into order_attachments (order_id, attachment_id) select o.id, unnest(($5::jsonb ->> 'files')::int[]) from o)
     select id, code from o`,
    [
      n.code ?? localDate(first.at).replaceAll('-', ''),
      n.idempotencyKey ?? null,
      n.trackSecretHash ?? null,
      JSON.stringify(n.events.map((e) => ({
        seq: e.seq, type: e.data.type, at: e.at.toISOString(), actor_user_id: e.actor.userId, actor_unit_id: e.actor.unitId,
        actor_role: e.actor.role, actor_name: e.actor.name, note: e.note, data: e.data,
      }))),
      JSON.stringify({ units: pgArray(unitsOf(n.events)), files: pgArray(n.events.flatMap((e) => attachmentsOf(e.data))) }),
      ...p.values,
    ],
  );
  return { ...o, id: r.rows[0]!.id, code: r.rows[0]!.code };
}

const pgArray = (xs: number[]) => `{${xs.join(',')}}`;
