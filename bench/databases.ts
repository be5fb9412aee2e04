// The databases the benchmark runs on: an in-memory PGlite, and a fresh database on a PostgreSQL
// server (DATABASE_URL, or the local server when it answers), dropped at the end.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { openDb, type Db } from '../src/store/db.ts';
import { sql } from '../src/store/sql.ts';

export const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDb {
  name: 'PGlite' | 'PostgreSQL';
  db: Db;
  /** For an extra monitoring connection (PostgreSQL only). */
  url?: string;
  /** Server version and the settings that shape commit cost. */
  version: string;
  settings: Record<string, string>;
  dispose(): Promise<void>;
}

export async function openPglite(): Promise<BenchDb> {
  const db = await openDb({ dataDir: 'memory://' });
  const v = await db.query<{ server_version: string }>(sql`show server_version`);
  return {
    name: 'PGlite',
    db,
    version: `PGlite ${pgliteVersion()} (PostgreSQL ${v.rows[0]!.server_version}), in memory`,
    settings: {},
    dispose: () => db.close(),
  };
}

function pgliteVersion(): string {
  try {
    const file = new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Can we reach the server at all? Returns the reason when not. */
async function reachable(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Run statements on the server through `adminUrl`, on a connection of their own. */
async function asAdmin(adminUrl: string, statements: readonly string[]): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (const sql of statements) await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface FreshDatabase {
  name: string;
  url: string;
  /** Drop it, ending any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * A new, empty database `<prefix>_<pid>_<random>` on the server of `adminUrl` (the user needs
 * CREATEDB), with `settings` (`alter database … set <setting>`) as its session defaults.
 */
export async function freshDatabase(adminUrl: string, prefix: string, settings: readonly string[] = []): Promise<FreshDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await asAdmin(adminUrl, [`create database ${name}`]);
  const drop = () => asAdmin(adminUrl, [`drop database if exists ${name} with (force)`]);
  try {
    await asAdmin(adminUrl, settings.map((s) => `alter database ${name} set ${s}`));
  } catch (e) {
    await drop();
    throw e;
  }
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  return { name, url: u.toString(), drop };
}

export async function openPostgres(): Promise<BenchDb | { skipped: string }> {
  const adminUrl = process.env.DATABASE_URL || LOCAL_PG;
  const why = await reachable(adminUrl);
  if (why) return { skipped: `PostgreSQL not reachable at ${redact(adminUrl)} (${why}); set DATABASE_URL to run it` };
  const { url, drop } = await freshDatabase(adminUrl, 'minsheng_bench');
  let db: Db;
  try {
    db = await openDb({ databaseUrl: url, poolSize: 10 });
  } catch (e) {
    await drop();
    throw e;
  }
  const settings: Record<string, string> = {};
  for (const s of ['server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections']) {
    const r = await db.query<Record<string, string>>(sql`show ${sql.raw(s)}`);
    settings[s] = Object.values(r.rows[0]!)[0]!;
  }
  const u = new URL(url);
  const host = os.hostname() === u.hostname || ['127.0.0.1', 'localhost', '::1'].includes(u.hostname) ? 'same machine' : u.hostname;
  return {
    name: 'PostgreSQL',
    db,
    url,
    version: `PostgreSQL ${settings.server_version} (${host}, node-postgres pool of 10)`,
    settings,
    async dispose() {
      await db.close();
      await drop();
    },
  };
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
