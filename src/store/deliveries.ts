// The outbox's deliveries (`interop_deliveries`: webhook calls and link messages, each once per
// event, target and topic) and the log of every attempt to send one (`interop_attempts`); also the
// orders a batch of events is about, as the outbox makes deliveries from them.
import type { Order } from '../domain/order.ts';
import type { Queryable, Tx } from './db.ts';
import { docToOrder } from './orders.ts';
import { sql, type Sql } from './sql.ts';

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: number;
  kind: 'webhook' | 'link';
  target_id: number;
  event_id: number;
  topic: string;
  order_id: number;
  ordering_key: string | null;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  claim: string | null;
  last_status: number | null;
  last_error: string | null;
  response: Record<string, unknown> | null;
  created_at: Date;
  delivered_at: Date | null;
}

/** A delivery with its order's case code, as the log shows it. */
export type LoggedDelivery = DeliveryRow & { order_code: string | null };

/** The orders of these ids as they are now. */
export async function ordersByIds(db: Queryable, ids: readonly number[]): Promise<Map<number, Order>> {
  const r = await db.query<{ id: number; doc: Record<string, unknown> }>(sql`select id, doc from orders where id = any(${ids}::int[])`);
  return new Map(r.rows.map((x) => [x.id, docToOrder(x.doc)]));
}

/** Enqueue a delivery of an event, due now; false when it was already there (its key is unique). */
export async function insertDelivery(tx: Tx, d: {
  kind: DeliveryRow['kind']; targetId: number; eventId: number; topic: string; orderId: number; orderingKey: string | null;
  payload: Record<string, unknown>; maxAttempts: number;
}, now: Date): Promise<boolean> {
  const r = await tx.query(sql`insert into interop_deliveries (kind, target_id, event_id, topic, order_id, ordering_key, payload, max_attempts, next_attempt_at, created_at)
    values (${d.kind}, ${d.targetId}, ${d.eventId}, ${d.topic}, ${d.orderId}, ${d.orderingKey}, ${JSON.stringify(d.payload)}, ${d.maxAttempts}, ${now}, ${now})
    on conflict (event_id, kind, target_id, topic) do nothing`);
  return r.rowCount > 0;
}

/**
 * Up to `limit` deliveries due now (pending and due, or sending with an expired lease), locked
 * until the transaction ends and passed over when another process holds them. One with an
 * ordering key waits while an earlier one of that key is not delivered.
 */
export async function lockDueDeliveries(tx: Tx, now: Date, limit: number): Promise<number[]> {
  const r = await tx.query<{ id: number }>(sql`select d.id from interop_deliveries d
    where ((d.status = 'pending' and d.next_attempt_at <= ${now}) or (d.status = 'sending' and d.lease_until < ${now}))
      and (d.ordering_key is null or not exists (
        select 1 from interop_deliveries p
        where p.ordering_key = d.ordering_key and p.id < d.id and p.status <> 'delivered'))
    order by d.id limit ${limit}
    for update of d skip locked`);
  return r.rows.map((x) => x.id);
}

/** Lease the deliveries to this claim until `leaseUntil`, counting the attempt; in id order. */
export async function leaseDeliveries(tx: Tx, ids: readonly number[], leaseUntil: Date, claim: string): Promise<DeliveryRow[]> {
  const r = await tx.query<DeliveryRow>(sql`update interop_deliveries set status = 'sending', lease_until = ${leaseUntil}, claim = ${claim}, attempts = attempts + 1
    where id = any(${ids}::bigint[]) returning *`);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), event_id: Number(x.event_id) })).sort((a, b) => a.id - b.id);
}

export async function recordAttempt(db: Queryable, a: { deliveryId: number; at: Date; httpStatus: number | null; error: string | null; durationMs: number }): Promise<void> {
  await db.query(sql`insert into interop_attempts (delivery_id, at, http_status, error, duration_ms)
    values (${a.deliveryId}, ${a.at}, ${a.httpStatus}, ${a.error}, ${a.durationMs})`);
}

/**
 * Write an attempt's outcome, only while the claim still holds the delivery (a lease that ran out
 * may have passed it to another process); false when it no longer did.
 */
export async function finishAttempt(db: Queryable, id: number, claim: string | null, o: {
  status: DeliveryStatus; lastStatus: number | null; lastError: string | null; response: Record<string, unknown> | null;
  deliveredAt: Date | null; nextAttemptAt: Date;
}): Promise<boolean> {
  const r = await db.query(sql`update interop_deliveries set status = ${o.status}, last_status = ${o.lastStatus}, last_error = ${o.lastError},
      response = coalesce(${o.response ? JSON.stringify(o.response) : null}, response), delivered_at = ${o.deliveredAt},
      next_attempt_at = ${o.nextAttemptAt}, lease_until = null
    where id = ${id} and claim = ${claim} and status = 'sending'`);
  return r.rowCount > 0;
}

// ---- the log --------------------------------------------------------------------------------------

/** The conditions of a filter on deliveries (alias `d`). */
export function deliveryConditions(f: { status?: DeliveryStatus; kind?: DeliveryRow['kind']; targetId?: number; orderId?: number }): Sql[] {
  const w: Sql[] = [];
  if (f.status) w.push(sql`d.status = ${f.status}`);
  if (f.kind) w.push(sql`d.kind = ${f.kind}`);
  if (f.targetId) w.push(sql`d.target_id = ${f.targetId}`);
  if (f.orderId) w.push(sql`d.order_id = ${f.orderId}`);
  return w;
}

const LOGGED = sql`select d.*, o.code as order_code from interop_deliveries d left join orders o on o.id = d.order_id`;

export async function countDeliveries(db: Queryable, where: readonly Sql[]): Promise<number> {
  const r = await db.query<{ n: number }>(sql`select count(*)::int as n from interop_deliveries d ${sql.where(where)}`);
  return r.rows[0]!.n;
}

/** A page of the log, newest first. */
export async function deliveryPage(db: Queryable, where: readonly Sql[], page: { limit: number; offset: number }): Promise<LoggedDelivery[]> {
  const r = await db.query<LoggedDelivery>(sql`${LOGGED} ${sql.where(where)} order by d.id desc limit ${page.limit} offset ${page.offset}`);
  return r.rows;
}

/** How many deliveries there are in each status (those with none are missing). */
export async function deliveriesByStatus(db: Queryable): Promise<{ status: string; n: number }[]> {
  const r = await db.query<{ status: string; n: number }>(sql`select status, count(*)::int as n from interop_deliveries group by status`);
  return r.rows;
}

export async function loggedDelivery(db: Queryable, id: number): Promise<LoggedDelivery | null> {
  const r = await db.query<LoggedDelivery>(sql`${LOGGED} where d.id = ${id}`);
  return r.rows[0] ?? null;
}

export async function attemptsOf(db: Queryable, deliveryId: number): Promise<{ at: Date; http_status: number | null; error: string | null; duration_ms: number }[]> {
  const r = await db.query<{ at: Date; http_status: number | null; error: string | null; duration_ms: number }>(
    sql`select at, http_status, error, duration_ms from interop_attempts where delivery_id = ${deliveryId} order by id`);
  return r.rows;
}

/** A delivery's status, its row locked until the transaction ends; null when there is none. */
export async function lockDeliveryStatus(tx: Tx, id: number): Promise<DeliveryStatus | null> {
  const r = await tx.query<{ status: DeliveryStatus }>(sql`select status from interop_deliveries where id = ${id} for update`);
  return r.rows[0]?.status ?? null;
}

/** Due again now, with a fresh set of attempts. */
export async function rearmDelivery(tx: Tx, id: number, now: Date): Promise<void> {
  await tx.query(sql`update interop_deliveries set status = 'pending', attempts = 0, next_attempt_at = ${now}, lease_until = null, claim = null
    where id = ${id}`);
}
