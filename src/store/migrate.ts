// Versioned migrations: src/store/migrations/NNN_name.sql, applied in order, once, under an
// advisory lock so that several processes starting together do not race. Never drop-and-recreate.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';
import { sql } from './sql.ts';
import { lockUntilCommit, STARTUP_LOCKS } from './system.ts';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(dir + f, 'utf8') }));
}

/** Apply the missing migrations; returns the versions applied. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await lockUntilCommit(tx, STARTUP_LOCKS.migrations);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set((await tx.query<{ version: number }>(sql`select version from schema_migrations`)).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query(sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`);
      applied.push(m.version);
    }
    return applied;
  });
}
