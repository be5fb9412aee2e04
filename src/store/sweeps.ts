// When each throttled sweep last ran (`sweep_runs`): a run is claimed by one process at a time.
import type { Queryable } from './db.ts';
import { sql } from './sql.ts';

/**
 * Claim this run of a throttled sweep for this process: null when another ran it less than
 * `everyMs` ago, else when it ran before (null `previous`: never).
 */
export async function claimRun(db: Queryable, name: string, now: Date, everyMs: number): Promise<{ previous: Date | null } | null> {
  const r = await db.query<{ previous: Date | null }>(sql`with prev as (select ran_at from sweep_runs where name = ${name})
     insert into sweep_runs (name, ran_at) values (${name}, ${now})
     on conflict (name) do update set ran_at = excluded.ran_at where sweep_runs.ran_at <= ${new Date(now.getTime() - everyMs)} or sweep_runs.ran_at > ${now}
     returning (select ran_at from prev) as previous`);
  return r.rows[0] ? { previous: r.rows[0].previous ? new Date(r.rows[0].previous) : null } : null;
}
