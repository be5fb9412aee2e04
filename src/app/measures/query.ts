// The fast path: a scope and a period are at most one row of daily sums a day (measure_daily),
// whatever the number of orders behind them. Also the per-day series, the breakdown of a tree
// node into its children, and the one snapshot measure (overdue now) from the orders projection.
import {
  COUNTERS, daysOf, emptyTally, measureValues, periodOf, type Dim, type MeasureValues, type Scope, type Tally,
} from '../../domain/measures.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { COLUMN, COUNTER_COLUMNS } from './encode.ts';
import { factsScopeSql } from './facts-scope.ts';

const SUMS = `${COUNTER_COLUMNS.map((c) => `coalesce(sum(${c}), 0)::int as ${c}`).join(', ')}, coalesce(sum(handling_ms), 0)::bigint as handling_ms`;

type SumRow = Record<string, number>;

function tallyOf(row: SumRow | undefined, hist: { b: number; n: number }[]): Tally {
  const t = emptyTally();
  if (row) {
    for (const c of COUNTERS) t.n[c] = Number(row[COLUMN[c]] ?? 0);
    t.handlingMs = Number(row.handling_ms ?? 0);
  }
  for (const h of hist) if (h.n) t.hist.set(Number(h.b), Number(h.n));
  return t;
}

/** Sum of the daily rows of one scope over local days [from, to). */
export async function fastTally(db: Queryable, scope: Scope, from: string, to: string): Promise<Tally> {
  const args = [scope.dim, scope.key, from, to];
  const where = 'dim = $1 and key = $2 and day >= $3 and day < $4';
  const [sums, hist] = await Promise.all([
    db.query<SumRow>(`select ${SUMS} from measure_daily where ${where}`, args),
    db.query<{ b: number; n: number }>(
      `select u.b, sum(u.n)::int as n from measure_daily d cross join lateral unnest(d.hist_b, d.hist_n) as u(b, n) where ${where} group by u.b`,
      args,
    ),
  ]);
  return tallyOf(sums.rows[0], hist.rows);
}

export async function fastMeasures(db: Queryable, scope: Scope, from: string, to: string): Promise<MeasureValues> {
  return measureValues(await fastTally(db, scope, from, to));
}

/** Several scopes of one dimension at once (rankings, breakdowns): key -> values. */
export async function fastMeasuresByKey(db: Queryable, dim: Dim, keys: string[], from: string, to: string, withHist = true): Promise<Map<string, MeasureValues>> {
  if (!keys.length) return new Map();
  const args = [dim, keys, from, to];
  const where = 'dim = $1 and key = any($2::text[]) and day >= $3 and day < $4';
  const [sums, hist] = await Promise.all([
    db.query<SumRow & { key: string }>(`select key, ${SUMS} from measure_daily where ${where} group by key`, args),
    withHist
      ? db.query<{ key: string; b: number; n: number }>(
        `select d.key, u.b, sum(u.n)::int as n from measure_daily d cross join lateral unnest(d.hist_b, d.hist_n) as u(b, n) where ${where} group by d.key, u.b`,
        args,
      )
      : Promise.resolve({ rows: [] as { key: string; b: number; n: number }[] }),
  ]);
  const byKey = new Map(sums.rows.map((r) => [r.key, r]));
  const histByKey = new Map<string, { b: number; n: number }[]>();
  for (const h of hist.rows) {
    let l = histByKey.get(h.key);
    if (!l) histByKey.set(h.key, (l = []));
    l.push(h);
  }
  return new Map(keys.map((k) => [k, measureValues(tallyOf(byKey.get(k), histByKey.get(k) ?? []))]));
}

export type Granularity = 'day' | 'week' | 'month';

/** Per-bucket values of one scope: every bucket from `from` to `to`, empty ones included. */
export async function fastSeries(db: Queryable, scope: Scope, from: string, to: string, g: Granularity): Promise<{ bucket: string; values: MeasureValues }[]> {
  const r = await db.query<SumRow & { day: string; hist_b: number[]; hist_n: number[] }>(
    `select day, ${COUNTER_COLUMNS.join(', ')}, handling_ms, hist_b, hist_n from measure_daily
     where dim = $1 and key = $2 and day >= $3 and day < $4 order by day`,
    [scope.dim, scope.key, from, to],
  );
  const buckets = new Map<string, Tally>();
  for (const d of daysOf({ from, to })) {
    const b = periodOf(g, d).from;
    if (!buckets.has(b)) buckets.set(b, emptyTally());
  }
  for (const row of r.rows) {
    const t = buckets.get(periodOf(g, row.day).from)!;
    for (const c of COUNTERS) t.n[c] += Number(row[COLUMN[c]]);
    t.handlingMs += Number(row.handling_ms);
    row.hist_b.forEach((b, i) => t.hist.set(b, (t.hist.get(b) ?? 0) + row.hist_n[i]!));
  }
  return [...buckets.entries()].map(([bucket, t]) => ({ bucket, values: measureValues(t) }));
}

// ---- the snapshot: overdue now ---------------------------------------------------------------

/** Orders held by a unit now and past their handling deadline. */
export async function overdueNow(db: Queryable, catalog: Catalog, scope: Scope, now: Date): Promise<number> {
  const params: unknown[] = [now];
  const r = await db.query<{ n: number }>(
    `select count(*)::int as n from orders o where o.state in ('dispatched', 'handling') and o.handle_due < $1 and ${factsScopeSql(catalog, scope, params, 'o', 'holder_unit_id')}`,
    params,
  );
  return r.rows[0]!.n;
}
