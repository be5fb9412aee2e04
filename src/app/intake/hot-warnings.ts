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
import { claimRun } from '../../store/sweeps.ts';
import { growHotWarning, insertHotWarning, loadSurgePolicy, lockHotWarnings } from '../../store/warnings.ts';
import { streetOf } from '../measures/warnings.ts';
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
    await lockHotWarnings(tx);
    let raised = 0;
    for (const w of found) {
      if (await growHotWarning(tx, w)) continue;
      if (await insertHotWarning(tx, w, now)) raised++;
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
