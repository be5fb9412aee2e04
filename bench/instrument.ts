// A thin wrapper around the platform's Db that times every statement and every transaction, so
// the benchmark can say where an accept's time goes without touching src/. It adds two clock
// reads per statement; the numbers it reports are wall-clock times seen from Node (they include
// the round trip and any wait in Node's event loop before the answer is picked up).
import { performance } from 'node:perf_hooks';
import type { Db, Result, Tx } from '../src/store/db.ts';

export interface StatementStats {
  count: number;
  ms: number;
}

export interface TxSample {
  /** Waiting for a pooled connection and BEGIN. */
  open: number;
  /** The statements inside, start of the first to end of the last. */
  body: number;
  /** COMMIT. */
  commit: number;
  /** The case-counter upsert (includes waiting for the day's counter row lock). */
  counterUpsert: number;
  /** From the upsert's answer to the end of COMMIT: the least time the counter row stays locked. */
  counterHeld: number;
}

export interface Instrumented {
  db: Db;
  statements: Map<string, StatementStats>;
  transactions: TxSample[];
  reset(): void;
}

/** A short label for a statement: its verb and table. */
export function labelOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.includes('case_counters') && s.includes('insert into orders')) return 'create the order: counter, order, events in one statement';
  if (s.includes('case_counters')) return 'upsert case_counters';
  if (s.includes('from sessions')) return 'select session (auth)';
  if (s.includes("key = 'config_version'")) return 'select config_version (catalog check)';
  const m = /^(insert into|update|delete from|select .*? from) ([a-z_]+)/.exec(s);
  if (!m) return s.slice(0, 40);
  const verb = m[1]!.startsWith('select') ? 'select' : m[1]!.split(' ')[0]!;
  return `${verb} ${m[2]}`;
}

export function instrument(inner: Db): Instrumented {
  const statements = new Map<string, StatementStats>();
  const transactions: TxSample[] = [];
  const note = (sql: string, ms: number) => {
    const k = labelOf(sql);
    const s = statements.get(k) ?? { count: 0, ms: 0 };
    s.count++;
    s.ms += ms;
    statements.set(k, s);
  };
  const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      note(sql, performance.now() - t);
    }
  };

  const db: Db = {
    kind: inner.kind,
    query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Result<T>> {
      return timed(sql, () => inner.query<T>(sql, params));
    },
    exec(sql: string): Promise<void> {
      return timed(sql, () => inner.exec(sql));
    },
    close: () => inner.close(),
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const t0 = performance.now();
      let tIn = 0;
      let tFnEnd = 0;
      let counterStart = 0;
      let counterEnd = 0;
      const out = await inner.transaction(async (tx) => {
        tIn = performance.now();
        const wrapped: Tx = {
          inTransaction: true,
          async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Result<R>> {
            const isCounter = sql.includes('case_counters');
            const t = performance.now();
            if (isCounter) counterStart = t;
            try {
              return await tx.query<R>(sql, params);
            } finally {
              const e = performance.now();
              if (isCounter) counterEnd = e;
              note(sql, e - t);
            }
          },
          exec: (sql: string) => timed(sql, () => tx.exec(sql)),
        };
        const r = await fn(wrapped);
        tFnEnd = performance.now();
        return r;
      });
      const tEnd = performance.now();
      if (counterEnd) {
        transactions.push({
          open: tIn - t0,
          body: tFnEnd - tIn,
          commit: tEnd - tFnEnd,
          counterUpsert: counterEnd - counterStart,
          counterHeld: tEnd - counterEnd,
        });
      }
      return out;
    },
  };
  return {
    db,
    statements,
    transactions,
    reset() {
      statements.clear();
      transactions.length = 0;
    },
  };
}
