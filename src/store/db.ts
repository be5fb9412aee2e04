// One database interface over two drivers: PGlite (embedded, one process) and node-postgres
// (a real PostgreSQL shared by several processes). Same SQL on both.
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type Sql } from './sql.ts';

export interface Result<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  /** A statement written with the `sql` tag (./sql.ts), its values bound as parameters. */
  query<T = Record<string, unknown>>(q: Sql): Promise<Result<T>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A connection inside a transaction. Functions that take row locks ask for a `Tx`, so they cannot run outside one. */
export interface Tx extends Queryable {
  readonly inTransaction: true;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Dates stay 'YYYY-MM-DD' strings (a calendar day has no time zone); counts come back as numbers.
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
pg.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v));

/** Text and parameters of either form of `query`. */
export function statement(q: Sql): { text: string; values: unknown[] } {
  return q.compile();
}

class PgTx implements Tx {
  readonly inTransaction = true as const;
  constructor(private readonly client: pg.PoolClient) {}
  async query<T>(q: Sql): Promise<Result<T>> {
    const { text, values } = statement(q);
    const r = await this.client.query(text, values);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}
  async query<T>(q: Sql): Promise<Result<T>> {
    const { text, values } = statement(q);
    const r = await this.pool.query(text, values);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(new PgTx(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

type PgliteTransaction = Parameters<Parameters<PGlite['transaction']>[0]>[0];

class PgliteTx implements Tx {
  readonly inTransaction = true as const;
  constructor(private readonly t: PgliteTransaction) {}
  async query<T>(q: Sql): Promise<Result<T>> {
    const { text, values } = statement(q);
    const r = await this.t.query<T>(text, values);
    return { rows: r.rows, rowCount: r.rows.length || r.affectedRows || 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.t.exec(sql);
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly db: PGlite) {}
  async query<T>(q: Sql): Promise<Result<T>> {
    const { text, values } = statement(q);
    const r = await this.db.query<T>(text, values);
    return { rows: r.rows, rowCount: r.rows.length || r.affectedRows || 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction((t) => fn(new PgliteTx(t)));
  }
  async close(): Promise<void> {
    await this.db.close();
  }
  /** The raw PGlite, for dumping a template data directory in tests. */
  get raw(): PGlite {
    return this.db;
  }
}

export const PGLITE_OPTIONS = {
  extensions: { pg_trgm },
  parsers: {
    [DATE_OID]: (v: string) => v,
    [INT8_OID]: (v: string) => Number(v),
    [NUMERIC_OID]: (v: string) => Number(v),
  },
} as const;

export interface OpenOptions {
  /** postgres://… : a real PostgreSQL server. */
  databaseUrl?: string;
  /** A folder for the embedded database; 'memory://' or undefined for an in-memory one. */
  dataDir?: string;
  /** A PGlite data-directory dump to start from (tests). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDb(o: OpenOptions): Promise<Db> {
  if (o.databaseUrl) {
    const pool = new pg.Pool({ connectionString: o.databaseUrl, max: o.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle client's error must not crash the process
    const db = new PostgresDb(pool);
    await db.query(sql`select 1`);
    return db;
  }
  if (o.dataDir && !o.dataDir.startsWith('memory://')) mkdirSync(o.dataDir, { recursive: true });
  const lite = await PGlite.create({
    dataDir: o.dataDir,
    loadDataDir: o.loadDataDir,
    ...PGLITE_OPTIONS,
  });
  return new PgliteDb(lite);
}

export function isPglite(db: Db): db is PgliteDb {
  return db.kind === 'pglite';
}

/** PostgreSQL error codes the app reacts to. */
export const PG = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlock: '40P01',
} as const;

export function pgCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

