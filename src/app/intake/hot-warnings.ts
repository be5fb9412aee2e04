// Early warning from hot issues (热点预警): on one day, a cluster of similar requests (by text and
// place, ./hot.ts) that far more residents raised than the same weekday of the previous weeks saw
// of it. The rule is the category warning's (domain/warnings.ts `surge`: mean + 3 sd of the last
// four same weekdays, at least 2 above it, at least 5), counted in distinct residents, so one
// person writing ten times is not a surge and a new issue with no past at all is.
//
// The sweep raises today's into `warnings` (kind 'hot_issue') at most every ten minutes, and
// yesterday's once more on the day's first run (claimed in `sweep_runs`, so one process does it);
// reports detect them for their own period with the same function.
import { localDate, startOfLocalDay } from '../../domain/calendar.ts';
import type { Consumer } from '../../events/consumer.ts';
import { addDays, type Scope } from '../../domain/measures.ts';
import { surge, type Surge, type SurgePolicy } from '../../domain/warnings.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { streetOf, loadSurgePolicy } from '../measures/warnings.ts';
import { clusterRows, loadWindow, ranked, residentOf, type Row } from './hot.ts';

export interface HotSurge extends Surge {
  day: string;
  /** The cluster's most frequent category and street (null when none is known). */
  categoryId: number | null;
  territoryId: number | null;
  label: string;
  terms: string[];
  /** The orders of the day behind it, the most central first. */
  orderIds: number[];
}

/**
 * Hot-issue surges on the given local days, optionally within a measures scope. Pass `now` when a
 * day may not be over yet: its word statistics then stop at the start of today.
 */
export async function detectHotSurges(db: Queryable, catalog: Catalog, days: string[], policy: SurgePolicy, scope: Scope = { dim: 'all', key: '' }, now?: Date): Promise<HotSurge[]> {
  const out: HotSurge[] = [];
  // Each day's requests are loaded once per call: a day is compared with the same weekday of the
  // previous weeks, so over a month most windows serve several days. Days come in order, so a
  // window older than the current day's earliest comparison is not needed again.
  const windows = new Map<string, Row[]>();
  const window = async (d: string) => {
    let rows = windows.get(d);
    if (!rows) windows.set(d, (rows = await loadWindow(db, catalog, startOfLocalDay(d), startOfLocalDay(addDays(d, 1)), { scope })));
    return rows;
  };
  for (const day of [...new Set(days)].sort()) {
    const oldest = addDays(day, -7 * policy.weeks);
    for (const d of windows.keys()) if (d < oldest) windows.delete(d);
    const rows = await window(day);
    if (new Set(rows.map(residentOf)).size < policy.minCount) continue;
    // The same weekday of the previous weeks, compared on this day's word statistics.
    const past: Row[][] = [];
    for (let w = 1; w <= policy.weeks; w++) past.push(await window(addDays(day, -7 * w)));
    const clusters = await clusterRows(db, catalog, rows, startOfLocalDay(addDays(day, 1)), past, { compareMinResidents: policy.minCount, now });
    for (const c of clusters) {
      if (c.residents < policy.minCount) break; // ranked by residents
      const members = c.members.map((i) => rows[i]!);
      const baseline = c.close.map((close, w) => new Set(close!.map((k) => residentOf(past[w]![k]!))).size);
      const s = surge(c.residents, baseline, policy);
      if (!s.surging) continue;
      out.push({
        ...s, day,
        categoryId: ranked(members.map((m) => m.category_id))[0] ?? null,
        territoryId: ranked(members.map((m) => streetOf(catalog, m.territory_id)))[0] ?? null,
        label: rows[c.centre]!.title,
        terms: c.terms,
        orderIds: members.map((m) => m.id),
      });
    }
  }
  return out.sort((a, b) => a.day.localeCompare(b.day) || b.count - a.count || a.orderIds[0]! - b.orderIds[0]!);
}

const SWEEP = 'hot-issue warnings';
/** How often the sweep clusters today's requests again. */
export const HOT_WARNING_EVERY_MS = 10 * 60_000;
/** Serialises raising hot-issue warnings (the measures' refresh holds 12345_0040). */
const LOCK_KEY = 12345_0041;

/**
 * Claim this run of a throttled sweep for this process: null when another ran it less than
 * `everyMs` ago, else when it ran before (null `previous`: never).
 */
export async function claimRun(db: Queryable, name: string, now: Date, everyMs: number): Promise<{ previous: Date | null } | null> {
  const r = await db.query<{ previous: Date | null }>(
    `with prev as (select ran_at from sweep_runs where name = $1)
     insert into sweep_runs (name, ran_at) values ($1, $2)
     on conflict (name) do update set ran_at = excluded.ran_at where sweep_runs.ran_at <= $3 or sweep_runs.ran_at > $2
     returning (select ran_at from prev) as previous`,
    [name, now, new Date(now.getTime() - everyMs)],
  );
  return r.rows[0] ? { previous: r.rows[0].previous ? new Date(r.rows[0].previous) : null } : null;
}

/**
 * Raise (or grow) the hot-issue warnings of the given days. A cluster that overlaps a warning
 * already raised that day updates it; otherwise it is a new one. Serialised by an advisory lock,
 * so two processes never raise the same issue twice. Returns how many were new.
 */
export async function raiseHotWarnings(db: Db, catalog: Catalog, days: string[], now: Date): Promise<number> {
  const policy = await loadSurgePolicy(db);
  const found = await detectHotSurges(db, catalog, days, policy, undefined, now);
  if (!found.length) return 0;
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    let raised = 0;
    for (const w of found) {
      const values = [w.count, w.baseline, w.mean, w.sd, w.threshold, w.label, w.terms, w.orderIds, w.categoryId, w.territoryId];
      const grown = await tx.query(
        `update warnings set count = $3, baseline = $4, mean = $5, sd = $6, threshold = $7, label = $8, terms = $9, order_ids = $10, category_id = $11, territory_id = $12
         where id = (select id from warnings where kind = 'hot_issue' and day = $1 and order_ids && $2::int[] order by id limit 1) and count < $3
         returning id`,
        [w.day, w.orderIds, ...values],
      );
      if (grown.rows.length) continue;
      const r = await tx.query(
        `insert into warnings (kind, day, hot_key, count, baseline, mean, sd, threshold, label, terms, order_ids, category_id, territory_id, raised_at)
         select 'hot_issue', $1::date, $2::text, $3::int, $4::int[], $5::float8, $6::float8, $7::float8, $8::text, $9::text[], $10::int[], $11::int, $12::int, $13::timestamptz
         where not exists (select 1 from warnings where kind = 'hot_issue' and day = $1::date and order_ids && $10::int[])
         on conflict (day, hot_key) where kind = 'hot_issue' do nothing
         returning id`,
        [w.day, String(w.orderIds.reduce((a, b) => Math.min(a, b))), ...values, now],
      );
      raised += r.rows.length;
    }
    return raised;
  });
}

/**
 * The sweep: today's hot-issue warnings, at most every ten minutes across all processes; and
 * yesterday's once more on the first run of a day, for the requests of its last minutes. Null
 * when it ran less than ten minutes ago.
 */
export async function hotWarningSweep(db: Db, catalog: Catalog, today: string, now: Date): Promise<number | null> {
  const run = await claimRun(db, SWEEP, now, HOT_WARNING_EVERY_MS);
  if (!run) return null;
  const firstToday = !run.previous || run.previous < startOfLocalDay(today);
  return raiseHotWarnings(db, catalog, firstToday ? [addDays(today, -1), today] : [today], now);
}

/** New requests of today (or yesterday, just after midnight) bring the hot-issue clustering round again, at most every ten minutes. */
export const hotWarningConsumer: Consumer = {
  name: 'hot-issue warnings',
  handles: ['accepted'],
  mode: 'after',
  async handle(events, { app, now, catalog }) {
    const today = localDate(now);
    if (!events.some((e) => localDate(e.at) >= addDays(today, -1))) return;
    // Ran less than ten minutes ago: these requests wait for the next round.
    if ((await hotWarningSweep(app.db, catalog, today, now)) === null) return 'later';
  },
};
