// Statements about the database itself rather than one table: the health probe, and the advisory
// locks that keep start-up work (migrations, base data, the demo seed) to one process at a time.
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

/** The advisory-lock keys of start-up work, one per job. */
export const STARTUP_LOCKS = {
  migrations: 12345_0001,
  baseData: 12345_0002,
  demoSeed: 12345_0003,
} as const;

/** Wait for the advisory lock `key`, held until the transaction ends. */
export async function lockUntilCommit(tx: Tx, key: number): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(${key})`);
}

/** Does the database answer? */
export async function ping(db: Queryable): Promise<void> {
  await db.query(sql`select 1`);
}
