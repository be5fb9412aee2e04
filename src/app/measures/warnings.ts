// Early warnings: a category surging in a street on a day, against the same weekday of the
// previous weeks (domain/warnings.ts); hot-issue warnings (app/intake/hot-warnings.ts) share the
// table, the list and the acknowledgement. The sweep keeps today's and yesterday's warnings in the
// `warnings` table (keyed by day, category and street, so raising is idempotent); reports detect
// them for their own period with the same function, so a report never depends on when the sweep ran.
import { surge, type Surge, type SurgePolicy } from '../../domain/warnings.ts';
import { addDays, type Scope } from '../../domain/measures.ts';
import { localDate } from '../../domain/calendar.ts';
import type { Consumer } from '../../events/consumer.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { acceptedByDayCategoryTerritory, factsInScope } from '../../store/measures.ts';
import {
  acknowledgeWarning as acknowledge, listWarnings as list, loadSurgePolicy, raiseSurgeWarning, type WarningFacts,
} from '../../store/warnings.ts';
import type { User } from '../auth.ts';
import { notFound } from '../errors.ts';

/** The street a territory lies in (itself when it is one); null above street level. */
export function streetOf(catalog: Catalog, territoryId: number | null): number | null {
  const t = territoryId === null ? undefined : catalog.territories.get(territoryId);
  if (!t) return null;
  return ancestry(t.path).find((id) => catalog.territories.get(id)?.level === 'street') ?? null;
}

export interface Detected extends Surge {
  day: string;
  categoryId: number;
  territoryId: number;
}

/** Surges on the given days (requests by accepted day, leaf category x street), optionally within a scope. */
export async function detectSurges(db: Queryable, catalog: Catalog, days: string[], policy: SurgePolicy, scope: Scope = { dim: 'all', key: '' }): Promise<Detected[]> {
  if (!days.length) return [];
  const all = new Set<string>();
  for (const d of days) {
    all.add(d);
    for (let w = 1; w <= policy.weeks; w++) all.add(addDays(d, -7 * w));
  }
  const rows = await acceptedByDayCategoryTerritory(db, [...all], factsInScope(catalog, scope));
  // day -> 'category|street' -> requests
  const byDay = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const street = streetOf(catalog, row.territoryId);
    if (street === null) continue;
    let counts = byDay.get(row.day);
    if (!counts) byDay.set(row.day, (counts = new Map()));
    const k = `${row.categoryId}|${street}`;
    counts.set(k, (counts.get(k) ?? 0) + row.n);
  }
  const out: Detected[] = [];
  for (const d of [...new Set(days)].sort()) {
    for (const [k, n] of byDay.get(d) ?? []) {
      const [c, t] = k.split('|');
      const baseline = Array.from({ length: policy.weeks }, (_, i) => byDay.get(addDays(d, -7 * (i + 1)))?.get(k) ?? 0);
      const s = surge(n, baseline, policy);
      if (s.surging) out.push({ ...s, day: d, categoryId: Number(c), territoryId: Number(t) });
    }
  }
  return out.sort((a, b) => a.day.localeCompare(b.day) || b.count - a.count || a.categoryId - b.categoryId || a.territoryId - b.territoryId);
}

/** The sweep: raise (or update the count of) today's and yesterday's warnings. */
/** New requests of today (or yesterday) raise the day's surges again. */
export const earlyWarningConsumer: Consumer = {
  name: 'early warnings',
  handles: ['accepted'],
  async handle(events, { tx, now, catalog }) {
    const today = localDate(now);
    if (events.some((e) => localDate(e.at) >= addDays(today, -1))) await raiseWarnings(tx!, catalog, today, now);
  },
};

export async function raiseWarnings(db: Queryable, catalog: Catalog, today: string, now: Date): Promise<number> {
  const policy = await loadSurgePolicy(db);
  const found = await detectSurges(db, catalog, [addDays(today, -1), today], policy);
  let raised = 0;
  for (const w of found) if (await raiseSurgeWarning(db, w, now)) raised++;
  return raised;
}

const round = (x: number, k = 100) => Math.round(x * k) / k;

export function presentWarning(catalog: Catalog, w: WarningFacts) {
  const c = w.categoryId === null ? undefined : catalog.categories.get(w.categoryId);
  const t = w.territoryId === null ? undefined : catalog.territories.get(w.territoryId);
  const kind = w.kind ?? 'surge';
  const mean = (Math.round(w.mean * 10) / 10).toFixed(1);
  const text = kind === 'hot_issue'
    ? `${t ? `${t.name}等地` : '群众'}集中反映“${w.label ?? ''}”（${(w.terms ?? []).slice(0, 3).join('、')}）：${w.count} 位群众，显著高于近${w.baseline.length}周同日均值 ${mean} 位`
    : `${t?.name ?? ''}${c?.name ?? ''}类诉求 ${w.count} 件，显著高于近${w.baseline.length}周同日均值 ${mean} 件`;
  return {
    ...(w.id !== undefined ? { id: w.id } : {}),
    kind,
    day: w.day,
    category: c ? { id: c.id, code: c.code, name: c.name } : null,
    territory: t ? { id: t.id, code: t.code, name: t.name } : null,
    count: w.count,
    baseline: w.baseline,
    mean: round(w.mean),
    sd: round(w.sd),
    threshold: round(w.threshold),
    ...(kind === 'hot_issue' ? { label: w.label ?? '', terms: w.terms ?? [], orderIds: (w.orderIds ?? []).slice(0, 20) } : {}),
    text,
    ...(w.status ? { status: w.status, raisedAt: w.raisedAt ?? null, acknowledgedAt: w.acknowledgedAt ?? null, note: w.note ?? null } : {}),
  };
}

export async function listWarnings(db: Queryable, catalog: Catalog, f: { status?: 'open' | 'acknowledged'; from?: string; to?: string; limit: number }) {
  return (await list(db, f)).map((w) => presentWarning(catalog, w));
}

export async function acknowledgeWarning(db: Queryable, catalog: Catalog, user: User, id: number, note: string | null, now: Date) {
  const w = await acknowledge(db, id, user.id, note, now);
  if (!w) throw notFound('预警', 'warning');
  return presentWarning(catalog, w);
}

