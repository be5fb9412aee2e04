// Reading the event log after the fact (src/events/): events in id order after a position, and
// what the log's end looks like now. Ids are handed out at insert, and a transaction that commits
// later can leave a smaller id behind a larger one: the readers keep to runs without a hole.
import type { EventType } from '../domain/order.ts';
import type { Queryable, Tx } from './db.ts';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from './orders.ts';
import { sql } from './sql.ts';
import type { OrderEvent } from '../domain/order.ts';

/** An event as the log holds it. `data` is null for a type the reader does not handle. */
export interface LoggedEvent extends OrderEvent {
  id: number;
  orderId: number;
  /** How many of the order's events are imported history (null: not an imported order). */
  imported: number | null;
  handled: boolean;
}

/** Up to `limit` events after `afterId`, every type (to see the holes); the data only of the handled ones. */
export async function eventsAfter(db: Queryable, afterId: number, limit: number, handles: readonly EventType[] | 'all'): Promise<LoggedEvent[]> {
  const all = handles === 'all';
  const types = all ? [] : [...handles];
  const r = await db.query<EventRow & { id: number; order_id: number; imported: number | null; handled: boolean }>(sql`
    select e.id, e.order_id, e.seq, e.type, e.at, e.actor_user_id, e.actor_unit_id, e.actor_role, e.actor_name, e.note,
      ${all ? sql`true` : sql`e.type = any(${types}::text[])`} as handled,
      case when ${all ? sql`true` : sql`e.type = any(${types}::text[])`} then e.data end as data,
      io.events as imported
    from order_events e left join imported_orders io on io.order_id = e.order_id
    where e.id > ${afterId} order by e.id limit ${limit}`);
  return r.rows.map((x) => ({ ...rowToEvent(x), id: Number(x.id), orderId: x.order_id, imported: x.imported, handled: x.handled }));
}

/** The highest id committed, and whether any other writing transaction is in flight, in one snapshot. */
export async function logEnd(db: Queryable): Promise<{ maxId: number; inflight: boolean }> {
  const r = await db.query<{ inflight: number; maxid: number }>(sql`
    select (select count(*) from pg_snapshot_xip(pg_current_snapshot()))::int as inflight,
           (select coalesce(max(id), 0) from order_events) as maxid`);
  return { maxId: Number(r.rows[0]!.maxid), inflight: r.rows[0]!.inflight > 0 };
}

/** A consumer's position, locked until the transaction ends; null when another process holds it. */
export async function lockCursor(tx: Tx, name: string): Promise<{ lastEventId: number; gapSeenAt: Date | null } | null> {
  await tx.query(sql`insert into event_cursors (name, last_event_id) values (${name}, 0) on conflict (name) do nothing`);
  const r = await tx.query<{ last_event_id: number; gap_seen_at: Date | null }>(
    sql`select last_event_id, gap_seen_at from event_cursors where name = ${name} for update skip locked`);
  const row = r.rows[0];
  return row ? { lastEventId: Number(row.last_event_id), gapSeenAt: row.gap_seen_at ? new Date(row.gap_seen_at) : null } : null;
}

/** Move a consumer's position (only from where it was, when `from` is given: another process may have moved it). */
export async function moveCursor(db: Queryable, name: string, to: number, gapSeenAt: Date | null, from?: number): Promise<void> {
  await db.query(sql`update event_cursors set last_event_id = ${to}, gap_seen_at = ${gapSeenAt}
    where name = ${name}${from === undefined ? sql.empty : sql` and last_event_id = ${from}`}`);
}

/** The consumer's position (reports wait until the measures have read past a time). */
export async function cursorOf(db: Queryable, name: string): Promise<number> {
  const r = await db.query<{ last_event_id: number }>(sql`select last_event_id from event_cursors where name = ${name}`);
  return Number(r.rows[0]?.last_event_id ?? 0);
}

/** Is any event after the position older than `at`? */
export async function eventsBefore(db: Queryable, afterId: number, at: Date): Promise<boolean> {
  const r = await db.query(sql`select 1 from order_events where id > ${afterId} and at < ${at} limit 1`);
  return r.rowCount > 0;
}
