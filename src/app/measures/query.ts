// The fast path: a scope and a period are at most one row of daily sums a day (measure_daily),
// whatever the number of orders behind them. Also the per-day series, the breakdown of a tree
// node into its children, and the one snapshot measure (overdue now) from the orders projection.
import {
  COUNTERS, daysOf, emptyTally, measureValues, periodOf, type Dim, type MeasureValues, type Scope, type Tally,
} from '../../domain/measures.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { dailyRows, dailyTally, dailyTallyByKey, overdueNowCount } from '../../store/measures.ts';

/** Sum of the daily rows of one scope over local days [from, to). */
export async function fastTally(db: Queryable, scope: Scope, from: string, to: string): Promise<Tally> {
  return dailyTally(db, scope, from, to);
}

export async function fastMeasures(db: Queryable, scope: Scope, from: string, to: string): Promise<MeasureValues> {
  return measureValues(await fastTally(db, scope, from, to));
}

/** Several scopes of one dimension at once (rankings, breakdowns): key -> values. */
export async function fastMeasuresByKey(db: Queryable, dim: Dim, keys: string[], from: string, to: string, withHist = true): Promise<Map<string, MeasureValues>> {
  if (!keys.length) return new Map();
  const tallies = await dailyTallyByKey(db, dim, keys, from, to, withHist);
  return new Map(keys.map((k) => [k, measureValues(tallies.get(k)!)]));
}

export type Granularity = 'day' | 'week' | 'month';

/** Per-bucket values of one scope: every bucket from `from` to `to`, empty ones included. */
export async function fastSeries(db: Queryable, scope: Scope, from: string, to: string, g: Granularity): Promise<{ bucket: string; values: MeasureValues }[]> {
  const rows = await dailyRows(db, scope, from, to);
  const buckets = new Map<string, Tally>();
  for (const d of daysOf({ from, to })) {
    const b = periodOf(g, d).from;
    if (!buckets.has(b)) buckets.set(b, emptyTally());
  }
  for (const row of rows) {
    const t = buckets.get(periodOf(g, row.day).from)!;
    for (const c of COUNTERS) t.n[c] += row.counts[c];
    t.handlingMs += row.handlingMs;
    for (const [b, n] of row.hist) t.hist.set(b, (t.hist.get(b) ?? 0) + n);
  }
  return [...buckets.entries()].map(([bucket, t]) => ({ bucket, values: measureValues(t) }));
}

// ---- the snapshot: overdue now ---------------------------------------------------------------

/** Orders held by a unit now and past their handling deadline. */
export async function overdueNow(db: Queryable, catalog: Catalog, scope: Scope, now: Date): Promise<number> {
  return overdueNowCount(db, catalog, scope, now);
}
