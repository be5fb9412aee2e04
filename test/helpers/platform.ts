// Starts the real platform for a test file: a real database (PGlite by default; PostgreSQL when
// DATABASE_URL is set, in a fresh database created for the file and dropped after), the demo
// city with a small history, the HTTP server on a free port, and a clock the test can move.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ManualClock } from '../../src/app/context.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { startPlatform, prepareDatabase, type Platform } from '../../src/platform.ts';
import { openDb, isPglite, type Db } from '../../src/store/db.ts';

export const PASSWORD = 'Minsheng@2026';
const HISTORY = 80;

export interface TestPlatform extends Platform {
  clock: ManualClock;
  db: Db;
  /** Log in as a demo user; returns a client that sends the token. */
  as(username: string): Promise<Client>;
  anon: Client;
}

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

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A hash of everything that shapes the seeded database: a changed migration or demo file makes a new template. */
function templateKey(): string {
  const h = createHash('sha256');
  for (const dir of ['src/store/migrations', 'src/demo', 'data/holidays']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) h.update(f).update(readFileSync(join(ROOT, dir, f)));
  }
  h.update(readFileSync(join(ROOT, 'src/store/bootstrap.ts')));
  return h.digest('hex').slice(0, 16);
}

const quiet = () => undefined;
/** Platform log in tests: silent, except a failing background job, which must be seen. */
const testLog = (m: string) => {
  if (/failed/.test(m)) console.error(`[minsheng] ${m}`);
};

/** PGlite: seed once, dump the data directory to a temp file, and start every test file from it. */
async function pgliteFromTemplate(config: Config, clock: ManualClock): Promise<Db> {
  const file = join(tmpdir(), `minsheng-test-${templateKey()}.tar.gz`);
  if (!existsSync(file)) {
    const db = await openDb({ dataDir: 'memory://' });
    await prepareDatabase(db, { ...config, demo: true, demoOrders: HISTORY }, clock, quiet);
    if (!isPglite(db)) throw new Error('expected PGlite');
    const dump = await db.raw.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
    await db.close();
  }
  const blob = new Blob([readFileSync(file)]);
  return openDb({ loadDataDir: blob });
}

async function freshPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `minsheng_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export const onPostgres = () => !!process.env.DATABASE_URL;

export interface StartTestOptions {
  jobs?: boolean;
  /** Share another test platform's PostgreSQL database (a second server process). */
  sharing?: TestPlatform & { databaseUrl?: string };
}

export async function startTestPlatform(o: StartTestOptions = {}): Promise<TestPlatform & { databaseUrl?: string }> {
  const clock = new ManualClock(new Date());
  const config: Config = { ...loadConfig({}), port: 0, host: '127.0.0.1', logger: false, demo: true, demoOrders: HISTORY, jobIntervalMs: 3_600_000 };
  let db: Db;
  let drop = async () => undefined as void;
  let databaseUrl: string | undefined;
  if (o.sharing?.databaseUrl) {
    databaseUrl = o.sharing.databaseUrl;
    db = await openDb({ databaseUrl });
  } else if (process.env.DATABASE_URL) {
    const fresh = await freshPostgres(process.env.DATABASE_URL);
    databaseUrl = fresh.url;
    drop = fresh.drop;
    db = await openDb({ databaseUrl });
  } else {
    db = await pgliteFromTemplate(config, clock);
  }
  const p = await startPlatform({ config, clock: o.sharing?.clock ?? clock, db, log: testLog, jobs: o.jobs ?? false });
  const tp = {
    ...p,
    clock: o.sharing?.clock ?? clock,
    db,
    databaseUrl,
    anon: client(p.url, null),
    async as(username: string) {
      const r = await client(p.url, null).post<{ token: string }>('/api/auth/login', { username, password: PASSWORD });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return client(p.url, r.body.token);
    },
    async stop() {
      await p.stop();
      await db.close();
      await drop();
    },
  };
  return tp;
}

