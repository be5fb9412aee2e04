// A thin wrapper around the platform's Db that times every statement (inside a transaction too),
// so the benchmark can say where an accept's time goes without touching src/. It adds two clock
// reads per statement; the numbers it reports are wall-clock times seen from Node (they include
// the round trip and any wait in Node's event loop before the answer is picked up).
import { performance } from 'node:perf_hooks';
import { statement, type Db, type Result, type Tx } from '../src/store/db.ts';
import type { Sql } from '../src/store/sql.ts';

export interface StatementStats {
  count: number;
  ms: number;
}

export interface Instrumented {
  db: Db;
  statements: Map<string, StatementStats>;
  reset(): void;
}

/** A short label for a statement: its verb and table. */
export function labelOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.includes('case_counters') && s.includes('insert into orders')) return 'create the order: counter, order, events in one statement';
  if (s.includes('from sessions')) return 'select session (auth)';
  if (s.includes("key = 'config_version'")) return 'select config_version (catalog check)';
  const m = /^(insert into|update|delete from|select .*? from) ([a-z_]+)/.exec(s);
  if (!m) return s.slice(0, 40);
  const verb = m[1]!.startsWith('select') ? 'select' : m[1]!.split(' ')[0]!;
  return `${verb} ${m[2]}`;
}

export function instrument(inner: Db): Instrumented {
  const statements = new Map<string, StatementStats>();
  const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      const k = labelOf(sql);
      const s = statements.get(k) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += performance.now() - t;
      statements.set(k, s);
    }
  };

  const db: Db = {
    kind: inner.kind,
    query<T = Record<string, unknown>>(q: Sql): Promise<Result<T>> {
      return timed(statement(q).text, () => inner.query<T>(q));
    },
    exec(sql: string): Promise<void> {
      return timed(sql, () => inner.exec(sql));
    },
    close: () => inner.close(),
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return inner.transaction((tx) => fn({
        inTransaction: true,
        query: <R = Record<string, unknown>>(q: Sql) => timed(statement(q).text, () => tx.query<R>(q)),
        exec: (sql: string) => timed(sql, () => tx.exec(sql)),
      }));
    },
  };
  return { db, statements, reset: () => statements.clear() };
}
