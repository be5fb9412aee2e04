// Department assessment: the administrators' rules, the monthly/quarterly/yearly rankings of units
// and of streets, and a unit's drill-down to the orders that cost it points.
import {
  assess, DEFAULT_RULES, DEFAULT_THREE_RATES, PENALTY_OF, PENALTY_ZH, rankBy, threeRates,
  type Assessment, type AssessmentRule, type PenaltyKind, type ThreeRatesWeights,
} from '../../domain/assessment.ts';
import { localDate, startOfLocalDay } from '../../domain/calendar.ts';
import { RATE_KEYS, type MeasureValues, type Period, type RateKey } from '../../domain/measures.ts';
import { ORDER_STATE_ZH, type OrderState } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { configChange } from '../admin.ts';
import type { User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { field, invalid } from '../errors.ts';
import { fastMeasures, fastMeasuresByKey } from './query.ts';

export interface AssessmentConfig {
  rules: AssessmentRule[];
  threeRates: ThreeRatesWeights;
}

export async function loadAssessmentConfig(db: Queryable): Promise<AssessmentConfig> {
  const [rules, settings] = await Promise.all([
    db.query<{ measure: string; baseline: number; weight: number; points_per_pct: number }>(
      'select measure, baseline, weight, points_per_pct from assessment_rules where active order by measure',
    ),
    db.query<{ value: { threeRates?: ThreeRatesWeights } }>(`select value from settings where key = 'assessment'`),
  ]);
  const order = new Map(DEFAULT_RULES.map((r, i) => [r.measure, i]));
  return {
    rules: rules.rows
      .filter((r) => (RATE_KEYS as readonly string[]).includes(r.measure))
      .map((r) => ({ measure: r.measure as RateKey, baseline: Number(r.baseline), weight: Number(r.weight), pointsPerPct: Number(r.points_per_pct) }))
      .sort((a, b) => (order.get(a.measure) ?? 99) - (order.get(b.measure) ?? 99) || a.measure.localeCompare(b.measure)),
    threeRates: { ...DEFAULT_THREE_RATES, ...(settings.rows[0]?.value.threeRates ?? {}) },
  };
}

/** Replace the rules (and the three-rates weights): one configuration change, recorded in admin_events. */
export async function saveAssessmentConfig(app: AppContext, user: User, c: AssessmentConfig): Promise<AssessmentConfig> {
  const seen = new Set<string>();
  const errors = c.rules.flatMap((r, i) => {
    if (seen.has(r.measure)) return [field(`rules.${i}.measure`, '同一指标只能设置一条规则', 'One rule per measure')];
    seen.add(r.measure);
    return [];
  });
  if (c.rules.length && c.rules.every((r) => r.weight === 0)) errors.push(field('rules', '权重不能全部为 0', 'At least one rule needs a weight'));
  const w = c.threeRates;
  if (w.response + w.solve + w.satisfaction <= 0) errors.push(field('threeRates', '“三率”权重之和须大于 0', 'The three-rates weights must add up to more than 0'));
  if (errors.length) throw invalid(errors);
  await configChange(app, user, 'assessment_rules', 'set', async (tx) => {
    await tx.query('delete from assessment_rules');
    for (const r of c.rules) {
      await tx.query('insert into assessment_rules (measure, baseline, weight, points_per_pct) values ($1, $2, $3, $4)', [r.measure, r.baseline, r.weight, r.pointsPerPct]);
    }
    await tx.query(
      `insert into settings (key, value) values ('assessment', $1) on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [JSON.stringify({ threeRates: c.threeRates })],
    );
    return { id: 'rules', result: c };
  });
  return loadAssessmentConfig(app.db);
}

// ---- rankings ---------------------------------------------------------------------------------

/** Units that are assessed: every unit but the centre itself. */
const assessedUnits = (c: Catalog) => [...c.units.values()].filter((u) => u.kind !== 'centre');
const streets = (c: Catalog) => [...c.territories.values()].filter((t) => t.level === 'street');

/** A unit has something to assess when work reached it in the period. */
const hasVolume = (v: MeasureValues) => v.counts.dispatched + v.counts.signed + v.counts.replied + v.counts.closed + v.counts.rated + v.counts.secondDispatched > 0;

export interface RankedUnit {
  rank: number | null;
  unit: { id: number; code: string; name: string; kind: string };
  score: number;
  threeRates: number | null;
  assessment: Assessment;
  values: MeasureValues;
}

export async function rankUnits(db: Queryable, catalog: Catalog, period: Period, config?: AssessmentConfig): Promise<RankedUnit[]> {
  const cfg = config ?? (await loadAssessmentConfig(db));
  const units = assessedUnits(catalog);
  const values = await fastMeasuresByKey(db, 'unit', units.map((u) => String(u.id)), period.from, period.to, false);
  const rows = units.flatMap((u) => {
    const v = values.get(String(u.id))!;
    if (!hasVolume(v)) return [];
    const a = assess(v, cfg.rules, cfg.threeRates);
    return [{ unit: { id: u.id, code: u.code, name: u.name, kind: u.kind }, score: a.score, threeRates: a.threeRates, assessment: a, values: v }];
  });
  return rankBy(rows, (r) => r.score, (a, b) => (b.threeRates ?? -1) - (a.threeRates ?? -1) || a.unit.id - b.unit.id);
}

export interface RankedStreet {
  rank: number | null;
  territory: { id: number; code: string; name: string };
  threeRates: number | null;
  rates: { response: number | null; solve: number | null; satisfaction: number | null };
  received: number;
  values: MeasureValues;
}

/** Beijing-style monthly ranking of streets (街乡镇) by the three rates over the requests in their territory. */
export async function rankStreets(db: Queryable, catalog: Catalog, period: Period, config?: AssessmentConfig): Promise<RankedStreet[]> {
  const cfg = config ?? (await loadAssessmentConfig(db));
  const list = streets(catalog);
  const values = await fastMeasuresByKey(db, 'territory', list.map((t) => String(t.id)), period.from, period.to, false);
  const rows = list.map((t) => {
    const v = values.get(String(t.id))!;
    return {
      territory: { id: t.id, code: t.code, name: t.name },
      threeRates: threeRates(v, cfg.threeRates),
      rates: { response: v.rates.responseRate, solve: v.rates.solveRate, satisfaction: v.rates.satisfactionRate },
      received: v.counts.received,
      values: v,
    };
  });
  return rankBy(rows, (r) => r.threeRates, (a, b) => b.received - a.received || a.territory.id - b.territory.id);
}

// ---- a unit's drill-down ----------------------------------------------------------------------

export interface PenaltyRow {
  orderId: number;
  code: string;
  title: string;
  state: string;
  stateZh: string;
  day: string;
  kind: PenaltyKind;
  kindZh: string;
  unit: { id: number; name: string } | null;
}

export async function unitAssessment(db: Queryable, catalog: Catalog, unitId: number, period: Period, o: { kinds?: PenaltyKind[]; page: number; pageSize: number }) {
  const cfg = await loadAssessmentConfig(db);
  const unit = catalog.units.get(unitId)!;
  const values = await fastMeasures(db, { dim: 'unit', key: String(unitId) }, period.from, period.to);
  const a = assess(values, cfg.rules, cfg.threeRates);
  // The orders that cost points: by default those behind every rule the unit fell short on, and every order that went overdue.
  const costly = a.rules.filter((r) => r.met === false).map((r) => PENALTY_OF[r.measure]).filter((k): k is PenaltyKind => !!k);
  const kinds = o.kinds?.length ? o.kinds : [...new Set<PenaltyKind>([...costly, 'overdue'])];
  const marks = kinds.filter((k) => k !== 'not_closed');
  const withOpen = kinds.includes('not_closed');
  const params: unknown[] = [unit.path, period.from, period.to, marks, ...(withOpen ? [startOfLocalDay(period.from), startOfLocalDay(period.to)] : [])];
  const union = `
    select p.order_id, p.day::text as day, p.kind, p.unit_id from measure_penalties p
      where p.unit_id in (select id from units where path like $1 || '%') and p.day >= $2 and p.day < $3 and p.kind = any($4::text[])
    ${withOpen ? `union all
    select o.id, null, 'not_closed', o.lead_unit_id from orders o
      where o.lead_unit_id in (select id from units where path like $1 || '%') and o.dispatched_at >= $5 and o.dispatched_at < $6
        and o.state not in ('closed', 'merged', 'withdrawn')` : ''}`;
  const [byKind, rows] = await Promise.all([
    db.query<{ kind: PenaltyKind; n: number }>(`select kind, count(*)::int as n from (${union}) x group by kind`, params),
    db.query<{ order_id: number; day: string | null; kind: PenaltyKind; unit_id: number; code: string; title: string; state: OrderState; dispatched_at: Date | null }>(
      `select x.*, o.code, o.title, o.state, o.dispatched_at from (${union}) x join orders o on o.id = x.order_id
       order by coalesce(x.day, '') desc, x.order_id desc, x.kind limit ${o.pageSize} offset ${(o.page - 1) * o.pageSize}`,
      params,
    ),
  ]);
  const counts = Object.fromEntries(byKind.rows.map((r) => [r.kind, r.n]));
  const total = byKind.rows.reduce((n, r) => n + r.n, 0);
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
    period,
    values,
    assessment: a,
    penalties: {
      kinds: kinds.map((k) => ({ kind: k, kindZh: PENALTY_ZH[k], count: counts[k] ?? 0 })),
      total,
      page: o.page,
      pageSize: o.pageSize,
      items: rows.rows.map((r): PenaltyRow => ({
        orderId: r.order_id, code: r.code, title: r.title, state: r.state, stateZh: ORDER_STATE_ZH[r.state] ?? r.state,
        day: r.day ?? (r.dispatched_at ? localDate(new Date(r.dispatched_at)) : ''), kind: r.kind, kindZh: PENALTY_ZH[r.kind],
        unit: catalog.units.get(r.unit_id) ? { id: r.unit_id, name: catalog.units.get(r.unit_id)!.name } : null,
      })),
    },
  };
}

