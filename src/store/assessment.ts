// The department assessment's configuration (`assessment_rules`, the three-rates weights in
// `settings` 'assessment') and a unit's drill-down: the marks that cost it points
// (`measure_penalties`) and the orders it was sent that are not closed yet.
import type { AssessmentRule, ThreeRatesWeights } from '../domain/assessment.ts';
import type { OrderState } from '../domain/order.ts';
import type { Queryable, Tx } from './db.ts';
import { inSubtree } from './fragments.ts';
import { sql } from './sql.ts';

/** The active rules as stored (any measure name), by measure. */
export async function activeRules(db: Queryable): Promise<{ measure: string; baseline: number; weight: number; pointsPerPct: number }[]> {
  const r = await db.query<{ measure: string; baseline: number; weight: number; points_per_pct: number }>(
    sql`select measure, baseline, weight, points_per_pct from assessment_rules where active order by measure`);
  return r.rows.map((x) => ({ measure: x.measure, baseline: Number(x.baseline), weight: Number(x.weight), pointsPerPct: Number(x.points_per_pct) }));
}

/** The three-rates weights administrators set, when they did. */
export async function threeRatesSetting(db: Queryable): Promise<Partial<ThreeRatesWeights> | undefined> {
  const r = await db.query<{ value: { threeRates?: ThreeRatesWeights } }>(sql`select value from settings where key = 'assessment'`);
  return r.rows[0]?.value.threeRates;
}

/** Replace every rule and the three-rates weights. */
export async function replaceAssessmentConfig(tx: Tx, rules: readonly AssessmentRule[], threeRates: ThreeRatesWeights): Promise<void> {
  await tx.query(sql`delete from assessment_rules`);
  for (const r of rules) {
    await tx.query(sql`insert into assessment_rules (measure, baseline, weight, points_per_pct) values (${r.measure}, ${r.baseline}, ${r.weight}, ${r.pointsPerPct})`);
  }
  await tx.query(sql`insert into settings (key, value) values ('assessment', ${JSON.stringify({ threeRates })})
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
}

export interface PenaltyQuery {
  /** The unit's tree path: it and the units below it. */
  unitPath: string;
  /** Local days [from, to) of the marks, and the kinds of mark. */
  from: string;
  to: string;
  kinds: readonly string[];
  /** Also the orders first dispatched in [from, to) to a lead unit there and not closed yet ('not_closed'). */
  open: { from: Date; to: Date } | null;
}

export interface PenaltyItem {
  orderId: number;
  /** The mark's day; null for a 'not_closed' order. */
  day: string | null;
  kind: string;
  unitId: number;
  code: string;
  title: string;
  state: OrderState;
  dispatchedAt: Date | null;
}

/** The drill-down of one unit's subtree: how many of each kind, and one page of them (latest day first). */
export async function unitPenalties(db: Queryable, q: PenaltyQuery, page: { limit: number; offset: number }): Promise<{ byKind: { kind: string; n: number }[]; items: PenaltyItem[] }> {
  const units = sql`(select id from units where ${inSubtree(sql.raw('path'), q.unitPath)})`;
  const union = sql`
    select p.order_id, p.day::text as day, p.kind, p.unit_id from measure_penalties p
      where p.unit_id in ${units} and p.day >= ${q.from} and p.day < ${q.to} and p.kind = any(${q.kinds}::text[])
    ${q.open ? sql`union all
    select o.id, null, 'not_closed', o.lead_unit_id from orders o
      where o.lead_unit_id in ${units} and o.dispatched_at >= ${q.open.from} and o.dispatched_at < ${q.open.to}
        and o.state not in ('closed', 'merged', 'withdrawn')` : sql.empty}`;
  const [byKind, rows] = await Promise.all([
    db.query<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from (${union}) x group by kind`),
    db.query<{ order_id: number; day: string | null; kind: string; unit_id: number; code: string; title: string; state: OrderState; dispatched_at: Date | null }>(
      sql`select x.*, o.code, o.title, o.state, o.dispatched_at from (${union}) x join orders o on o.id = x.order_id
       order by coalesce(x.day, '') desc, x.order_id desc, x.kind limit ${page.limit} offset ${page.offset}`),
  ]);
  return {
    byKind: byKind.rows,
    items: rows.rows.map((r) => ({
      orderId: r.order_id, day: r.day, kind: r.kind, unitId: r.unit_id, code: r.code, title: r.title, state: r.state, dispatchedAt: r.dispatched_at,
    })),
  };
}
