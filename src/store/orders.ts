// Orders and their events in PostgreSQL. The event log is the source; `orders` is the projection
// (a few columns to query by, plus the whole domain state in `doc`), written in the same
// transaction as the events by the domain's own fold.
import { localDate } from '../domain/calendar.ts';
import { evolve, fold, holderUnitId, type Actor, type NewEvent, type Order, type OrderEvent } from '../domain/order.ts';
import type { Queryable, Tx } from './db.ts';
import type { EscalationPolicy } from '../domain/escalation.ts';
import { clockRunning, dueSoon, inSubtree, overdue } from './fragments.ts';
import { sql, type Sql } from './sql.ts';

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

/** The order's id from its numeric id or its case code (20261121-00042). */
export async function findOrderId(db: Queryable, idOrCode: string): Promise<number | null> {
  const byId = /^\d{1,9}$/.test(idOrCode);
  const r = await db.query<{ id: number }>(sql`select id from orders where ${byId ? sql`id = ${Number(idOrCode)}` : sql`code = ${idOrCode}`}`);
  return r.rows[0]?.id ?? null;
}

const one = (r: { rows: { doc: Record<string, unknown> }[] }): Order | null => (r.rows[0] ? docToOrder(r.rows[0].doc) : null);

/**
 * Load an order and lock its row until the transaction ends: of two concurrent steps, the second
 * waits and sees the first's result. With `skipLocked` an order another transaction holds is
 * passed over (null), as the background sweeps do.
 */
export async function loadForUpdate(tx: Tx, id: number, o: { skipLocked?: boolean } = {}): Promise<Order | null> {
  return one(await tx.query(sql`select doc from orders where id = ${id} for update${o.skipLocked ? sql` skip locked` : sql.empty}`));
}

export async function loadOrder(db: Queryable, id: number): Promise<Order | null> {
  return one(await db.query(sql`select doc from orders where id = ${id}`));
}

/** Is the order among those the condition (on alias `o`) selects? The policy's scope in SQL. */
export async function orderMatches(db: Queryable, id: number, condition: Sql): Promise<boolean> {
  return (await db.query(sql`select 1 from orders o where o.id = ${id} and ${condition}`)).rowCount > 0;
}

export async function orderByIdempotencyKey(db: Queryable, key: string): Promise<Order | null> {
  return one(await db.query(sql`select doc from orders where idempotency_key = ${key}`));
}

export const EVENT_COLUMNS = sql.raw('seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data');

export async function loadEvents(db: Queryable, orderId: number): Promise<OrderEvent[]> {
  const r = await db.query<EventRow>(sql`select ${EVENT_COLUMNS} from order_events where order_id = ${orderId} order by seq`);
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
    await tx.query(sql`insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data)
      values (${o.id}, ${full.seq}, ${e.data.type}, ${at}, ${actor.userId}, ${actor.unitId}, ${actor.role}, ${actor.name}, ${e.note}, ${JSON.stringify(e.data)})`);
    o = evolve(o, full);
  }
  const p = projection(o, at);
  const sets = p.columns.map((c, i) => sql`${sql.raw(c)} = ${p.values[i]}`);
  await tx.query(sql`update orders set ${sql.join(sets)}, config_checked = greatest(config_checked, ${o.limits?.calendarVersion ?? 0})
    where id = ${o.id}`);
  const units = unitsOf(events);
  if (units.length) {
    await tx.query(sql`insert into order_units (order_id, unit_id) select ${o.id}, unnest(${units}::int[]) on conflict do nothing`);
  }
  const files = events.flatMap((e) => attachmentsOf(e.data));
  if (files.length) {
    await tx.query(sql`insert into order_attachments (order_id, attachment_id) select ${o.id}, unnest(${files}::int[]) on conflict do nothing`);
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
  const values = p.columns.map((c, i) => (c === 'doc' ? sql`${p.values[i]}::jsonb || jsonb_build_object('id', n.id, 'code', c.code)` : sql`${p.values[i]}`));
  // A kept code (history, an import from another Minsheng centre) moves its day's counter ahead of
  // it, so that live accepts never collide with it.
  const kept = n.code?.match(/^(\d{8})-(\d{5})$/);
  const keep = kept
    ? sql`k as (insert into case_counters (day, last) values (${kept[1]}, ${Number(kept[2])})
         on conflict (day) do update set last = greatest(case_counters.last, excluded.last)),`
    : sql.empty;
  const code = n.code
    ? sql`select ${n.code}::text as code`
    : sql`insert into case_counters (day, last) values (${localDate(first.at).replaceAll('-', '')}, 1)
       on conflict (day) do update set last = case_counters.last + 1
       returning day || '-' || lpad(last::text, 5, '0') as code`;
  const events = JSON.stringify(n.events.map((e) => ({
    seq: e.seq, type: e.data.type, at: e.at.toISOString(), actor_user_id: e.actor.userId, actor_unit_id: e.actor.unitId,
    actor_role: e.actor.role, actor_name: e.actor.name, note: e.note, data: e.data,
  })));
  const units = unitsOf(n.events);
  const files = n.events.flatMap((e) => attachmentsOf(e.data));
  const r = await db.query<{ id: number; code: string }>(sql`with ${keep} c as (${code}),
     n as (select nextval(pg_get_serial_sequence('orders', 'id'))::int as id),
     o as (
       insert into orders (id, code, idempotency_key, track_secret_hash, config_checked, ${sql.raw(p.columns.join(', '))})
       overriding system value
       select n.id, c.code, ${n.idempotencyKey ?? null}, ${n.trackSecretHash ?? null}, ${o.limits?.calendarVersion ?? 0}, ${sql.join(values)} from c, n
       returning id, code
     ),
     e as (
       insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data)
       select o.id, x.seq, x.type, x.at, x.actor_user_id, x.actor_unit_id, x.actor_role, x.actor_name, x.note, x.data
       from o, jsonb_to_recordset(${events}::jsonb) as x(seq int, type text, at timestamptz, actor_user_id int, actor_unit_id int,
         actor_role text, actor_name text, note text, data jsonb)
     ),
     u as (insert into order_units (order_id, unit_id) select o.id, unnest(${units}::int[]) from o),
     a as (insert into order_attachments (order_id, attachment_id) select o.id, unnest(${files}::int[]) from o)
     select id, code from o`);
  return { ...o, id: r.rows[0]!.id, code: r.rows[0]!.code };
}

/** Open orders not yet checked against this configuration version (a calendar or rule change). */
export async function ordersToRecompute(db: Queryable, configVersion: number): Promise<number[]> {
  const r = await db.query<{ id: number }>(sql`select o.id from orders o where ${clockRunning()} and o.config_checked < ${configVersion}`);
  return r.rows.map((x) => x.id);
}

export async function markConfigChecked(tx: Tx, orderId: number, configVersion: number): Promise<void> {
  await tx.query(sql`update orders set config_checked = ${configVersion} where id = ${orderId}`);
}

// ---- lists ------------------------------------------------------------------------------------

/** What a list of orders may be filtered by (each role's queue, the order search, the export). */
export interface OrderFilter {
  state?: string[];
  q?: string;
  phone?: string;
  channel?: string;
  requestType?: string;
  categoryId?: number;
  territoryId?: number;
  leadUnitId?: number;
  /** Only the orders this unit holds now (a unit's inbox). */
  holderUnitId?: number;
  colour?: 'due_soon' | 'overdue';
  escalation?: string;
  listed?: boolean;
  emergency?: boolean;
  pendingExtension?: boolean;
  from?: Date;
  to?: Date;
}

/**
 * The conditions of a filter on orders (alias `o`); `categoryPath` and `territoryPath` are the tree
 * paths of the filter's category and territory (their subtrees match), `reach` the viewer's scope.
 */
export function orderConditions(f: OrderFilter, x: { reach: Sql; categoryPath: string | null; territoryPath: string | null; now: Date; policy: EscalationPolicy }): Sql[] {
  const w: Sql[] = [x.reach];
  if (f.state?.length) w.push(sql`o.state = any(${f.state}::text[])`);
  if (f.q) w.push(sql`(o.code like ${f.q + '%'} or o.title like ${'%' + f.q + '%'} or o.address like ${'%' + f.q + '%'})`);
  if (f.phone) w.push(sql`o.caller_phone = ${f.phone}`);
  if (f.channel) w.push(sql`o.channel = ${f.channel}`);
  if (f.requestType) w.push(sql`o.request_type = ${f.requestType}`);
  if (f.categoryId) w.push(sql`o.category_id in (select id from categories where ${inSubtree(sql.raw('path'), x.categoryPath ?? '/none/')})`);
  if (f.territoryId) w.push(sql`o.territory_id in (select id from territories where ${inSubtree(sql.raw('path'), x.territoryPath ?? '/none/')})`);
  if (f.leadUnitId) w.push(sql`o.lead_unit_id = ${f.leadUnitId}`);
  if (f.holderUnitId !== undefined) w.push(sql`o.holder_unit_id = ${f.holderUnitId}`);
  if (f.colour === 'overdue') w.push(overdue(x.now));
  if (f.colour === 'due_soon') w.push(dueSoon(x.now, x.policy));
  if (f.escalation) w.push(sql`o.escalation = ${f.escalation}`);
  if (f.listed !== undefined) w.push(sql`o.listed = ${f.listed}`);
  if (f.emergency !== undefined) w.push(sql`o.emergency = ${f.emergency}`);
  if (f.pendingExtension !== undefined) w.push(sql`coalesce(jsonb_typeof(o.doc->'pendingExtension') = 'object', false) = ${f.pendingExtension}`);
  if (f.from) w.push(sql`o.accepted_at >= ${f.from}`);
  if (f.to) w.push(sql`o.accepted_at < ${f.to}`);
  return w;
}

/** The order lists show: newest first with emergencies on top. */
const LIST_ORDER = sql`order by o.emergency desc, o.accepted_at desc, o.id desc`;

export async function countOrders(db: Queryable, where: readonly Sql[]): Promise<number> {
  const r = await db.query<{ n: number }>(sql`select count(*)::int as n from orders o ${sql.where(where)}`);
  return r.rows[0]!.n;
}

export async function listOrders(db: Queryable, where: readonly Sql[], page: { limit: number; offset: number }): Promise<Order[]> {
  const r = await db.query<{ doc: Record<string, unknown> }>(
    sql`select o.doc from orders o ${sql.where(where)} ${LIST_ORDER} limit ${page.limit} offset ${page.offset}`);
  return r.rows.map((x) => docToOrder(x.doc));
}

/** Orders with the text of their last reply or answer, for an export. */
export async function ordersWithResult(db: Queryable, where: readonly Sql[], limit: number): Promise<{ order: Order; result: string | null }[]> {
  const r = await db.query<{ doc: Record<string, unknown>; result: string | null }>(sql`select o.doc, r.result from orders o
    left join lateral (select coalesce(e.data->>'result', e.data->>'answer') as result from order_events e
      where e.order_id = o.id and e.type in ('replied', 'answered') order by e.seq desc limit 1) r on true
    ${sql.where(where)} ${LIST_ORDER} limit ${limit}`);
  return r.rows.map((x) => ({ order: docToOrder(x.doc), result: x.result }));
}

/** What the resident's tracking check is made against. */
export async function trackingOf(db: Queryable, code: string): Promise<{ id: number; callerPhone: string | null; trackSecretHash: string | null } | null> {
  const r = await db.query<{ id: number; caller_phone: string | null; track_secret_hash: string | null }>(
    sql`select id, caller_phone, track_secret_hash from orders where code = ${code}`);
  const row = r.rows[0];
  return row ? { id: row.id, callerPhone: row.caller_phone, trackSecretHash: row.track_secret_hash } : null;
}

/** Which of these orders the condition (on alias `o`) selects. */
export async function filterOrders(db: Queryable, ids: readonly number[], condition: Sql): Promise<number[]> {
  const r = await db.query<{ id: number }>(sql`select o.id from orders o where o.id = any(${ids}::int[]) and ${condition}`);
  return r.rows.map((x) => x.id);
}
