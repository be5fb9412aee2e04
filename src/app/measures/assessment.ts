// Department assessment: the administrators' rules, the monthly/quarterly/yearly rankings of units
// and of streets, and a unit's drill-down to the orders that cost it points.
import {
  assess, DEFAULT_RULES, DEFAULT_THREE_RATES, PENALTY_OF, PENALTY_ZH, rankBy, threeRates,
  type Assessment, type AssessmentRule, type PenaltyKind, type ThreeRatesWeights,
} from '../../domain/assessment.ts';
import { localDate, startOfLocalDay } from '../../domain/calendar.ts';
import { RATE_KEYS, type MeasureValues, type Period, type RateKey } from '../../domain/measures.ts';
import { ORDER_STATE_ZH } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { activeRules, replaceAssessmentConfig, threeRatesSetting, unitPenalties } from '../../store/assessment.ts';
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
  const [rules, threeRates] = await Promise.all([activeRules(db), threeRatesSetting(db)]);
  const order = new Map(DEFAULT_RULES.map((r, i) => [r.measure, i]));
  return {
    rules: rules
      .filter((r) => (RATE_KEYS as readonly string[]).includes(r.measure))
      .map((r) => ({ ...r, measure: r.measure as RateKey }))
      .sort((a, b) => (order.get(a.measure) ?? 99) - (order.get(b.measure) ?? 99) || a.measure.localeCompare(b.measure)),
    threeRates: { ...DEFAULT_THREE_RATES, ...(threeRates ?? {}) },
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
    await replaceAssessmentConfig(tx, c.rules, c.threeRates);
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
  const { byKind, items } = await unitPenalties(db, {
    unitPath: unit.path, from: period.from, to: period.to, kinds: marks,
    open: withOpen ? { from: startOfLocalDay(period.from), to: startOfLocalDay(period.to) } : null,
  }, { limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  const counts = Object.fromEntries(byKind.map((r) => [r.kind, r.n]));
  const total = byKind.reduce((n, r) => n + r.n, 0);
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
      items: items.map((r): PenaltyRow => ({
        orderId: r.orderId, code: r.code, title: r.title, state: r.state, stateZh: ORDER_STATE_ZH[r.state] ?? r.state,
        day: r.day ?? (r.dispatchedAt ? localDate(new Date(r.dispatchedAt)) : ''), kind: r.kind as PenaltyKind, kindZh: PENALTY_ZH[r.kind as PenaltyKind],
        unit: catalog.units.get(r.unitId) ? { id: r.unitId, name: catalog.units.get(r.unitId)!.name } : null,
      })),
    },
  };
}

