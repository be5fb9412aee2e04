// A database and the platform for a test file. Every file gets a database of its own, opened from
// one prepared template (migrated, with the demo city and a small history), so that files run in
// parallel and none pays for seeding:
//   - PGlite (the default): the template is a data-directory dump in the temp folder;
//   - PostgreSQL (DATABASE_URL set): the template is a database on that server, and each file's
//     database is `create database … template …` (a file copy), dropped when the file ends.
// The template's name carries a hash of everything that shapes it (migrations, the demo city, the
// calendar), so a change makes a new one. `npm test` (scripts/test.ts) prepares it once before the
// files start; a file run alone prepares it itself.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ManualClock, type AppContext } from '../../src/app/context.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { prepareDatabase, startPlatform, type Platform } from '../../src/platform.ts';
import { isPglite, openDb, type Db } from '../../src/store/db.ts';
import { sql } from '../../src/store/sql.ts';

export const PASSWORD = 'Minsheng@2026';
const HISTORY = 80;

export interface Client {
  token: string | null;
  get<T = any>(path: string): Promise<Res<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<T>>;
  put<T = any>(path: string, body?: unknown): Promise<Res<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<Res<T>>;
  del<T = any>(path: string): Promise<Res<T>>;
}

export interface Res<T> {
  status: number;
  body: T;
}

export function client(base: string, token: string | null): Client {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed as any };
  };
  return {
    token,
    get: (p) => call('GET', p),
    post: (p, b, h) => call('POST', p, b ?? {}, h),
    put: (p, b) => call('PUT', p, b),
    patch: (p, b) => call('PATCH', p, b),
    del: (p) => call('DELETE', p),
  };
}

// ---- the template ------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A hash of everything that shapes the seeded database: a changed migration or demo file makes a new template. */
function templateKey(): string {
  const h = createHash('sha256');
  for (const dir of ['src/store/migrations', 'src/demo', 'data/holidays']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) if (!f.endsWith('.test.ts')) h.update(f).update(readFileSync(join(ROOT, dir, f)));
  }
  h.update(readFileSync(join(ROOT, 'src/store/bootstrap.ts')));
  h.update(String(HISTORY));
  return h.digest('hex').slice(0, 16);
}

const quiet = () => undefined;
const baseConfig = (): Config => ({ ...loadConfig({}), port: 0, host: '127.0.0.1', logger: false, demo: true, demoOrders: HISTORY, jobIntervalMs: 3_600_000 });

/** The demo city is seeded as of this moment (its history ends now), the same for every file of a run. */
const seedClock = () => new ManualClock(new Date());

const pgliteTemplate = () => join(tmpdir(), `minsheng-test-${templateKey()}.tar`);

async function preparePgliteTemplate(): Promise<string> {
  const file = pgliteTemplate();
  if (existsSync(file)) return file;
  const db = await openDb({ dataDir: 'memory://' });
  await prepareDatabase(db, baseConfig(), seedClock(), quiet);
  if (!isPglite(db)) throw new Error('expected PGlite');
  // Uncompressed: opening it is a third faster than a gzip dump.
  const dump = await db.raw.dumpDataDir('none');
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  await db.close();
  return file;
}

const pgTemplateName = () => `minsheng_tpl_${templateKey()}`;

const withUrlDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
};

async function adminClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** The template database on the PostgreSQL server: made once, under an advisory lock; older templates are dropped. */
async function preparePostgresTemplate(url: string): Promise<string> {
  const name = pgTemplateName();
  const admin = await adminClient(url);
  try {
    await admin.query('select pg_advisory_lock(12345009)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) {
      for (const r of (await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'minsheng\\_tpl\\_%'`)).rows) {
        await admin.query(`drop database if exists ${r.datname} with (force)`);
      }
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const db = await openDb({ databaseUrl: withUrlDb(url, building), poolSize: 2 });
      try {
        await prepareDatabase(db, baseConfig(), seedClock(), quiet);
      } finally {
        await db.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(12345009)').catch(() => undefined);
    await admin.end();
  }
  return name;
}

/** Prepare the template for this run (scripts/test.ts calls it once before the files start). */
export async function prepareTemplate(): Promise<void> {
  if (process.env.DATABASE_URL) await preparePostgresTemplate(process.env.DATABASE_URL);
  else await preparePgliteTemplate();
}

// ---- a database for a test file ---------------------------------------------------------------

export const onPostgres = () => !!process.env.DATABASE_URL;

export interface TestDb {
  db: Db;
  clock: ManualClock;
  app: AppContext;
  /** The file's own PostgreSQL database (with DATABASE_URL), for a second platform process to share. */
  databaseUrl?: string;
  close(): Promise<void>;
}

/** A database of this file's own, from the template, with a clock the test moves by hand. */
export async function openTestDb(): Promise<TestDb> {
  const clock = new ManualClock(new Date());
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDb({ loadDataDir: new Blob([readFileSync(await preparePgliteTemplate())]) });
    return { db, clock, app: { db, clock }, close: () => db.close() };
  }
  const template = await preparePostgresTemplate(url);
  const name = `minsheng_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await adminClient(url);
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withUrlDb(url, name);
  const db = await openDb({ databaseUrl });
  return {
    db, clock, app: { db, clock }, databaseUrl,
    async close() {
      await db.close();
      const a = await adminClient(url);
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** A session for a demo user, made as the log-in makes one (the log-in itself is tested through POST /api/auth/login). */
export async function sessionFor(db: Db, username: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const r = await db.query(sql`insert into sessions (token_hash, user_id, created_at, expires_at)
    select ${createHash('sha256').update(token).digest('hex')}, id, ${now}, ${new Date(now.getTime() + 12 * 3_600_000)} from users where username = ${username} and active`);
  if (!r.rowCount) throw new Error(`no active user ${username}`);
  return token;
}

// ---- the platform --------------------------------------------------------------------------------

/** Platform log in tests: silent, except a failing background job, which must be seen. */
const testLog = (m: string) => {
  if (/failed/.test(m)) console.error(`[minsheng] ${m}`);
};

export interface TestPlatform extends Platform {
  clock: ManualClock;
  db: Db;
  databaseUrl?: string;
  /** A client logged in as a demo user. */
  as(username: string): Promise<Client>;
  anon: Client;
}

export interface StartTestOptions {
  jobs?: boolean;
  /** Share another test platform's PostgreSQL database (a second server process). */
  sharing?: TestPlatform;
}

export async function startTestPlatform(o: StartTestOptions = {}): Promise<TestPlatform> {
  let t: TestDb;
  if (o.sharing?.databaseUrl) {
    const db = await openDb({ databaseUrl: o.sharing.databaseUrl });
    t = { db, clock: o.sharing.clock, app: { db, clock: o.sharing.clock }, databaseUrl: o.sharing.databaseUrl, close: () => db.close() };
  } else {
    t = await openTestDb();
  }
  const p = await startPlatform({ config: baseConfig(), clock: t.clock, db: t.db, log: testLog, jobs: o.jobs ?? false });
  return {
    ...p,
    clock: t.clock,
    db: t.db,
    databaseUrl: t.databaseUrl,
    anon: client(p.url, null),
    as: async (username) => client(p.url, await sessionFor(t.db, username, t.clock.now())),
    async stop() {
      await p.stop();
      await t.close();
    },
  };
}
