// Early warnings: a category surging in a street on a day, against the same weekday of the
// previous weeks (domain/warnings.ts); hot-issue warnings (app/intake/hot-warnings.ts) share the
// table, the list and the acknowledgement. The sweep keeps today's and yesterday's warnings in the
// `warnings` table (keyed by day, category and street, so raising is idempotent); reports detect
// them for their own period with the same function, so a report never depends on when the sweep ran.
import { DEFAULT_SURGE, surge, type Surge, type SurgePolicy } from '../../domain/warnings.ts';
import { addDays, type Scope } from '../../domain/measures.ts';
import { localDate } from '../../domain/calendar.ts';
import type { Consumer } from '../../events/consumer.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import type { User } from '../auth.ts';
import { notFound } from '../errors.ts';
import { factsScopeSql } from './facts-scope.ts';

export async function loadSurgePolicy(db: Queryable): Promise<SurgePolicy> {
  const r = await db.query<{ value: Partial<SurgePolicy> }>(`select value from settings where key = 'warnings'`);
  return { ...DEFAULT_SURGE, ...(r.rows[0]?.value ?? {}) };
}

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
  const params: unknown[] = [[...all]];
  const r = await db.query<{ day: string; category_id: number; territory_id: number; n: number }>(
    `select f.accepted_day::text as day, f.category_id, f.territory_id, count(*)::int as n from measure_facts f
     where f.accepted_day = any($1::date[]) and f.category_id is not null and f.territory_id is not null and ${factsScopeSql(catalog, scope, params)}
     group by 1, 2, 3`,
    params,
  );
  // day -> 'category|street' -> requests
  const byDay = new Map<string, Map<string, number>>();
  for (const row of r.rows) {
    const street = streetOf(catalog, row.territory_id);
    if (street === null) continue;
    let counts = byDay.get(row.day);
    if (!counts) byDay.set(row.day, (counts = new Map()));
    const k = `${row.category_id}|${street}`;
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
  for (const w of found) {
    const r = await db.query<{ inserted: boolean }>(
      `insert into warnings (day, category_id, territory_id, count, baseline, mean, sd, threshold, raised_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (day, category_id, territory_id) where kind = 'surge' do update set count = excluded.count where warnings.count < excluded.count
       returning (xmax = 0) as inserted`,
      [w.day, w.categoryId, w.territoryId, w.count, w.baseline, w.mean, w.sd, w.threshold, now],
    );
    if (r.rows[0]?.inserted) raised++;
  }
  return raised;
}

export interface WarningFacts {
  id?: number;
  /** 'surge': one category in one street; 'hot_issue': a cluster of similar requests (app/intake/hot-warnings.ts). */
  kind?: 'surge' | 'hot_issue';
  day: string;
  categoryId: number | null;
  territoryId: number | null;
  count: number;
  mean: number;
  sd: number;
  threshold: number;
  baseline: number[];
  label?: string | null;
  terms?: string[] | null;
  orderIds?: number[] | null;
  status?: string;
  raisedAt?: Date | null;
  acknowledgedAt?: Date | null;
  note?: string | null;
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

interface WarningRow {
  id: number; kind: 'surge' | 'hot_issue'; day: string; category_id: number | null; territory_id: number | null; count: number; baseline: number[]; mean: number; sd: number; threshold: number;
  label: string | null; terms: string[] | null; order_ids: number[] | null;
  status: string; raised_at: Date; acknowledged_at: Date | null; note: string | null;
}

const WARNING_COLUMNS = `id, kind, day::text as day, category_id, territory_id, count, baseline, mean, sd, threshold, label, terms, order_ids, status, raised_at, acknowledged_at, note`;

const fromRow = (catalog: Catalog, w: WarningRow) => presentWarning(catalog, {
  id: w.id, kind: w.kind, day: w.day, categoryId: w.category_id, territoryId: w.territory_id, count: w.count, baseline: w.baseline, mean: w.mean, sd: w.sd,
  threshold: w.threshold, label: w.label, terms: w.terms, orderIds: w.order_ids, status: w.status, raisedAt: w.raised_at, acknowledgedAt: w.acknowledged_at, note: w.note,
});

export async function listWarnings(db: Queryable, catalog: Catalog, f: { status?: 'open' | 'acknowledged'; from?: string; to?: string; limit: number }) {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.status) where.push(`status = ${p(f.status)}`);
  if (f.from) where.push(`day >= ${p(f.from)}`);
  if (f.to) where.push(`day < ${p(f.to)}`);
  const r = await db.query<WarningRow>(
    `select ${WARNING_COLUMNS}
     from warnings ${where.length ? `where ${where.join(' and ')}` : ''} order by day desc, count desc, id limit ${f.limit}`,
    params,
  );
  return r.rows.map((w) => fromRow(catalog, w));
}

export async function acknowledgeWarning(db: Queryable, catalog: Catalog, user: User, id: number, note: string | null, now: Date) {
  const r = await db.query<WarningRow>(
    `update warnings set status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, note = $4 where id = $1 returning ${WARNING_COLUMNS}`,
    [id, user.id, now, note],
  );
  if (!r.rows[0]) throw notFound('预警', 'warning');
  return fromRow(catalog, r.rows[0]);
}

