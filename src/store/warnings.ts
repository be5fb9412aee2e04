// Early warnings (`warnings`) of both kinds, with their row mapping: a category surging in a street
// ('surge', keyed by day, category and street) and a cluster of similar requests ('hot_issue',
// keyed by day and its smallest order id, and by any order it shares with one raised that day);
// and the surge policy administrators set (`settings` 'warnings').
import { DEFAULT_SURGE, type SurgePolicy } from '../domain/warnings.ts';
import type { Queryable, Tx } from './db.ts';
import { sql, type Sql } from './sql.ts';

export async function loadSurgePolicy(db: Queryable): Promise<SurgePolicy> {
  const r = await db.query<{ value: Partial<SurgePolicy> }>(sql`select value from settings where key = 'warnings'`);
  return { ...DEFAULT_SURGE, ...(r.rows[0]?.value ?? {}) };
}

/** What a warning says, raised or only detected (a report's period). */
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

interface WarningRow {
  id: number; kind: 'surge' | 'hot_issue'; day: string; category_id: number | null; territory_id: number | null; count: number; baseline: number[]; mean: number; sd: number; threshold: number;
  label: string | null; terms: string[] | null; order_ids: number[] | null;
  status: string; raised_at: Date; acknowledged_at: Date | null; note: string | null;
}

const WARNING_COLUMNS = sql.raw(`id, kind, day::text as day, category_id, territory_id, count, baseline, mean, sd, threshold, label, terms, order_ids, status, raised_at, acknowledged_at, note`);

const fromRow = (w: WarningRow): WarningFacts => ({
  id: w.id, kind: w.kind, day: w.day, categoryId: w.category_id, territoryId: w.territory_id, count: w.count, baseline: w.baseline, mean: w.mean, sd: w.sd,
  threshold: w.threshold, label: w.label, terms: w.terms, orderIds: w.order_ids, status: w.status, raisedAt: w.raised_at, acknowledgedAt: w.acknowledged_at, note: w.note,
});

/** Warnings by status and day range [from, to), latest day first, the largest first. */
export async function listWarnings(db: Queryable, f: { status?: 'open' | 'acknowledged'; from?: string; to?: string; limit: number }): Promise<WarningFacts[]> {
  const where: Sql[] = [];
  if (f.status) where.push(sql`status = ${f.status}`);
  if (f.from) where.push(sql`day >= ${f.from}`);
  if (f.to) where.push(sql`day < ${f.to}`);
  const r = await db.query<WarningRow>(sql`select ${WARNING_COLUMNS}
     from warnings ${sql.where(where)} order by day desc, count desc, id limit ${f.limit}`);
  return r.rows.map(fromRow);
}

/** Mark a warning as dealt with; null when there is no such warning. */
export async function acknowledgeWarning(db: Queryable, id: number, userId: number, note: string | null, at: Date): Promise<WarningFacts | null> {
  const r = await db.query<WarningRow>(sql`update warnings set status = 'acknowledged', acknowledged_by = ${userId}, acknowledged_at = ${at}, note = ${note}
    where id = ${id} returning ${WARNING_COLUMNS}`);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** Raise a surge of a category in a street on a day, or grow the one raised with a smaller count; true when it is new. */
export async function raiseSurgeWarning(
  db: Queryable, w: { day: string; categoryId: number; territoryId: number; count: number; baseline: number[]; mean: number; sd: number; threshold: number }, at: Date,
): Promise<boolean> {
  const r = await db.query<{ inserted: boolean }>(sql`insert into warnings (day, category_id, territory_id, count, baseline, mean, sd, threshold, raised_at)
     values (${w.day}, ${w.categoryId}, ${w.territoryId}, ${w.count}, ${w.baseline}, ${w.mean}, ${w.sd}, ${w.threshold}, ${at})
     on conflict (day, category_id, territory_id) where kind = 'surge' do update set count = excluded.count where warnings.count < excluded.count
     returning (xmax = 0) as inserted`);
  return !!r.rows[0]?.inserted;
}

// ---- hot-issue warnings -------------------------------------------------------------------------

/** Serialises raising hot-issue warnings (the measures' refresh holds 12345_0040). */
const HOT_LOCK_KEY = 12345_0041;

/** Wait for the hot-issue warnings' lock, held until the transaction ends. */
export async function lockHotWarnings(tx: Tx): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(${HOT_LOCK_KEY})`);
}

export interface HotWarning {
  day: string;
  count: number;
  baseline: number[];
  mean: number;
  sd: number;
  threshold: number;
  label: string;
  terms: string[];
  /** The orders of the day behind it; one shared with a warning raised that day makes it that warning. */
  orderIds: number[];
  categoryId: number | null;
  territoryId: number | null;
}

/** Update the day's hot-issue warning that shares an order with this one, when this one counts more; true when there was one to grow. */
export async function growHotWarning(tx: Tx, w: HotWarning): Promise<boolean> {
  const r = await tx.query(sql`update warnings set count = ${w.count}, baseline = ${w.baseline}, mean = ${w.mean}, sd = ${w.sd}, threshold = ${w.threshold},
       label = ${w.label}, terms = ${w.terms}, order_ids = ${w.orderIds}, category_id = ${w.categoryId}, territory_id = ${w.territoryId}
     where id = (select id from warnings where kind = 'hot_issue' and day = ${w.day} and order_ids && ${w.orderIds}::int[] order by id limit 1) and count < ${w.count}
     returning id`);
  return r.rows.length > 0;
}

/** Raise a new hot-issue warning unless one of that day already shares an order with it; true when raised. */
export async function insertHotWarning(tx: Tx, w: HotWarning, at: Date): Promise<boolean> {
  const hotKey = String(w.orderIds.reduce((a, b) => Math.min(a, b)));
  const r = await tx.query(sql`insert into warnings (kind, day, hot_key, count, baseline, mean, sd, threshold, label, terms, order_ids, category_id, territory_id, raised_at)
     select 'hot_issue', ${w.day}::date, ${hotKey}::text, ${w.count}::int, ${w.baseline}::int[], ${w.mean}::float8, ${w.sd}::float8, ${w.threshold}::float8,
       ${w.label}::text, ${w.terms}::text[], ${w.orderIds}::int[], ${w.categoryId}::int, ${w.territoryId}::int, ${at}::timestamptz
     where not exists (select 1 from warnings where kind = 'hot_issue' and day = ${w.day}::date and order_ids && ${w.orderIds}::int[])
     on conflict (day, hot_key) where kind = 'hot_issue' do nothing
     returning id`);
  return r.rows.length > 0;
}
