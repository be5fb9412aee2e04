// Throttling counters (`throttle_hits`): hits of one key (what, subject) in one fixed window.
// The limits and what they count are app/throttle.ts's.
import type { Queryable } from './db.ts';
import { sql } from './sql.ts';

/** Count one hit; returns the window's hits, this one included. */
export async function countHit(db: Queryable, key: string, windowStart: Date): Promise<number> {
  const r = await db.query<{ hits: number }>(sql`insert into throttle_hits (key, window_start, hits) values (${key}, ${windowStart}, 1)
    on conflict (key, window_start) do update set hits = throttle_hits.hits + 1 returning hits`);
  return r.rows[0]!.hits;
}

/** Take one hit back (never below zero). */
export async function uncountHit(db: Queryable, key: string, windowStart: Date): Promise<void> {
  await db.query(sql`update throttle_hits set hits = hits - 1 where key = ${key} and window_start = ${windowStart} and hits > 0`);
}

/** Forget the windows that started before `before`; returns how many. */
export async function deleteHitsBefore(db: Queryable, before: Date): Promise<number> {
  const r = await db.query(sql`delete from throttle_hits where window_start < ${before}`);
  return r.rowCount;
}
