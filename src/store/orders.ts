// Orders and their events in PostgreSQL. The event log is the source; `orders` is the projection
// (a few columns to query by, plus the whole domain state in `doc`), written in the same
// transaction as the events by the domain's own fold.
import { localDate } from '../domain/calendar.ts';
import { blankOrder as blankOrderImpl, evolve, holderUnitId, type Actor, type NewEvent, type Order, type OrderEvent } from '../domain/order.ts';
import type { Queryable, Tx } from './db.ts';

const DATE_FIELDS = ['acceptedAt', 'dispatchedAt', 'clockStartedAt', 'signForDue', 'handleDue', 'signedAt', 'repliedAt', 'closedAt'] as const;

export function docToOrder(doc: Record<string, unknown>): Order {
  const o = { ...doc } as Record<string, unknown>;
  for (const f of DATE_FIELDS) o[f] = o[f] ? new Date(o[f] as string) : null;
  const pe = o.pendingExtension as { requestedDue: string } | null;
  if (pe) o.pendingExtension = { ...pe, requestedDue: new Date(pe.requestedDue) };
  return o as unknown as Order;
}

interface EventRow {
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

/** The next case code of the day, e.g. 20261121-00042. Gapless: the counter row is locked until the transaction ends. */
export async function nextCaseCode(tx: Tx, now: Date): Promise<string> {
  const day = localDate(now).replaceAll('-', '');
  const r = await tx.query<{ last: number }>(
    `insert into case_counters (day, last) values ($1, 1)
     on conflict (day) do update set last = case_counters.last + 1 returning last`,
    [day],
  );
  return `${day}-${String(r.rows[0]!.last).padStart(5, '0')}`;
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

export interface NewOrderRow {
  id?: number;
  code: string;
  idempotencyKey: string | null;
  trackSecretHash: string | null;
}

/** Insert the order row for a first event; returns the new id. */
export async function insertOrder(tx: Tx, o: Order, row: NewOrderRow): Promise<number> {
  const r = await tx.query<{ id: number }>(
    `insert into orders (code, version, state, channel, request_type, category_id, grade, emergency, title, description,
       caller_name, caller_phone, anonymous, confidential, track_secret_hash, territory_id, address, lng, lat,
       accepted_at, idempotency_key, doc, updated_at)
     values ($1, 0, 'accepted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, '{}', $18)
     returning id`,
    [
      row.code, o.channel, o.requestType, o.categoryId, o.grade, o.emergency, o.title, o.description, o.caller.name,
      o.caller.phone, o.caller.anonymous, o.caller.confidential, row.trackSecretHash, o.place.territoryId, o.place.address,
      o.place.lng, o.place.lat, o.acceptedAt, row.idempotencyKey,
    ],
  );
  return r.rows[0]!.id;
}

/**
 * Append events to an order already locked by `loadForUpdate` (or just inserted): write them,
 * fold them into the state and save the projection. The unique (order_id, seq) is a second guard
 * against two writers.
 */
export async function appendEvents(tx: Tx, order: Order, events: readonly NewEvent[], actor: Actor, at: Date): Promise<Order> {
  let o = order;
  const seen = new Set<number>();
  const files: number[] = [];
  for (const e of events) {
    files.push(...attachmentsOf(e.data));
    const full: OrderEvent = { ...e, seq: o.version + 1, at, actor };
    await tx.query(
      `insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [o.id, full.seq, e.data.type, at, actor.userId, actor.unitId, actor.role, actor.name, e.note, JSON.stringify(e.data)],
    );
    o = evolve(o, full);
    for (const u of [...o.holderChain, ...o.assistUnitIds]) seen.add(u);
  }
  await saveProjection(tx, o, at);
  if (seen.size) {
    await tx.query(
      `insert into order_units (order_id, unit_id) select $1, unnest($2::int[]) on conflict do nothing`,
      [o.id, [...seen]],
    );
  }
  await linkAttachments(tx, o.id, files);
  return o;
}

function attachmentsOf(d: NewEvent['data']): number[] {
  return (d.type === 'accepted' || d.type === 'replied') ? (d.attachmentIds ?? []) : [];
}

async function linkAttachments(tx: Tx, orderId: number, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await tx.query('insert into order_attachments (order_id, attachment_id) select $1, unnest($2::int[]) on conflict do nothing', [orderId, ids]);
}

async function saveProjection(tx: Tx, o: Order, at: Date): Promise<void> {
  await tx.query(
    `update orders set version = $2, state = $3, category_id = $4, lead_unit_id = $5, holder_unit_id = $6,
       dispatched_at = $7, sign_for_due = $8, handle_due = $9, signed_at = $10, replied_at = $11, closed_at = $12,
       escalation = $13, listed = $14, master_id = $15, doc = $16, updated_at = $17,
       config_checked = greatest(config_checked, $18)
     where id = $1`,
    [
      o.id, o.version, o.state, o.categoryId, o.leadUnitId, holderUnitId(o), o.dispatchedAt, o.signForDue, o.handleDue,
      o.signedAt, o.repliedAt, o.closedAt, o.escalation, o.listed, o.masterId, JSON.stringify(o), at, o.limits?.calendarVersion ?? 0,
    ],
  );
}

/**
 * Insert a whole order with its past events in a few statements (demo history, imports). The
 * events are folded by the same `evolve` as live steps, so the projection is what live steps
 * would have produced.
 */
export async function insertHistoricalOrder(tx: Tx, code: string, events: readonly OrderEvent[], trackSecretHash: string | null = null): Promise<Order> {
  const first = events[0];
  if (first?.data.type !== 'accepted') throw new Error('a history starts with an accepted event');
  let o = evolve(blankOrderFor(code, first.at), first);
  const id = await insertOrder(tx, o, { code, idempotencyKey: null, trackSecretHash });
  o = { ...o, id };
  for (const e of events.slice(1)) o = evolve(o, e);
  const cols = 10;
  const values: unknown[] = [];
  const rows = events.map((e, i) => {
    values.push(id, e.seq, e.data.type, e.at, e.actor.userId, e.actor.unitId, e.actor.role, e.actor.name, e.note, JSON.stringify(e.data));
    return `(${Array.from({ length: cols }, (_, k) => `$${i * cols + k + 1}`).join(', ')})`;
  });
  await tx.query(
    `insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data) values ${rows.join(', ')}`,
    values,
  );
  const units = new Set<number>();
  for (const e of events) {
    const d = e.data;
    if (d.type === 'dispatched' || d.type === 'reassigned') [d.leadUnitId, ...d.assistUnitIds].forEach((u) => units.add(u));
    if (d.type === 'sent_down') units.add(d.toUnitId);
  }
  await saveProjection(tx, o, events[events.length - 1]!.at);
  await linkAttachments(tx, id, events.flatMap((e) => attachmentsOf(e.data)));
  if (units.size) await tx.query('insert into order_units (order_id, unit_id) select $1, unnest($2::int[]) on conflict do nothing', [id, [...units]]);
  return o;
}

const blankOrderFor = (code: string, at: Date): Order => blankOrderImpl(0, code, at);
