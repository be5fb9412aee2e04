// Department assessment (考核), pure. Seed 004: each measure has a baseline; a unit below it loses
// points. Each rule carries a weight (its share of 100 points) and the points lost per percentage
// point beyond the baseline, at most the weight. Beside it, Beijing's monthly "three rates"
// (响应率, 解决率, 满意率) composite, used to rank streets.
import { betterOf, MEASURE_ZH, RATE_PARTS, type MeasureValues, type RateKey } from './measures.ts';

export interface AssessmentRule {
  measure: RateKey;
  /** A rate, 0..1: the floor for higher-is-better rates, the ceiling for lower-is-better ones. */
  baseline: number;
  /** Points this measure is worth (the rules' weights are scaled to 100 together). */
  weight: number;
  /** Points lost per percentage point beyond the baseline, never more than the weight. */
  pointsPerPct: number;
}

export interface ThreeRatesWeights {
  response: number;
  solve: number;
  satisfaction: number;
}

/** Beijing's published weighting of the three rates: response 10%, resolution 45%, satisfaction 45%. */
export const DEFAULT_THREE_RATES: ThreeRatesWeights = { response: 0.1, solve: 0.45, satisfaction: 0.45 };

/** Seed 004 (Haimen): on-time, completion, satisfaction and second-dispatch rates against baselines; plus the other unit measures. */
export const DEFAULT_RULES: readonly AssessmentRule[] = [
  { measure: 'onTimeCloseRate', baseline: 0.95, weight: 25, pointsPerPct: 2.5 },
  { measure: 'closeRate', baseline: 0.98, weight: 15, pointsPerPct: 2 },
  { measure: 'satisfactionRate', baseline: 0.9, weight: 25, pointsPerPct: 2.5 },
  { measure: 'secondDispatchRate', baseline: 0.05, weight: 10, pointsPerPct: 2 },
  { measure: 'signOnTimeRate', baseline: 0.95, weight: 10, pointsPerPct: 1 },
  { measure: 'solveRate', baseline: 0.85, weight: 10, pointsPerPct: 1 },
  { measure: 'reopenRate', baseline: 0.05, weight: 5, pointsPerPct: 1 },
];

export interface RuleResult {
  measure: RateKey;
  measureZh: string;
  better: 'higher' | 'lower';
  value: number | null;
  baseline: number;
  weight: number;
  /** Percentage points beyond the baseline (0 when met). */
  shortfallPct: number;
  deduction: number;
  points: number;
  /** null: no volume to assess (the denominator is 0), full points. */
  met: boolean | null;
  /** The denominator the rate was taken over. */
  volume: number;
}

export interface Assessment {
  /** 0..100. */
  score: number;
  deduction: number;
  rules: RuleResult[];
  threeRates: number | null;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export function assessRule(v: MeasureValues, r: AssessmentRule): RuleResult {
  const value = v.rates[r.measure];
  const better = betterOf(r.measure);
  const volume = v.counts[RATE_PARTS[r.measure].den];
  const base = { measure: r.measure, measureZh: MEASURE_ZH[r.measure] ?? r.measure, better, value, baseline: r.baseline, weight: r.weight, volume };
  if (value === null) return { ...base, shortfallPct: 0, deduction: 0, points: r.weight, met: null };
  // In percentage points, rounded to 1/10,000 so that 0.95 - 0.9499999 does not cost a point.
  const shortfallPct = round(Math.max(0, better === 'higher' ? r.baseline - value : value - r.baseline) * 100);
  const deduction = round(Math.min(r.weight, shortfallPct * r.pointsPerPct));
  return { ...base, shortfallPct, deduction, points: round(r.weight - deduction), met: shortfallPct === 0 };
}

/** A unit's score: the rules' points scaled to 100. */
export function assess(v: MeasureValues, rules: readonly AssessmentRule[], weights: ThreeRatesWeights = DEFAULT_THREE_RATES): Assessment {
  const results = rules.map((r) => assessRule(v, r));
  const total = rules.reduce((s, r) => s + r.weight, 0);
  const points = results.reduce((s, r) => s + r.points, 0);
  const score = total > 0 ? round((points / total) * 100, 2) : 100;
  return { score, deduction: round(100 - score, 2), rules: results, threeRates: threeRates(v, weights) };
}

/** Beijing-style composite: the weighted mean of response, resolution and satisfaction rates, 0..100; rates without volume drop out. */
export function threeRates(v: MeasureValues, w: ThreeRatesWeights = DEFAULT_THREE_RATES): number | null {
  const parts: [number | null, number][] = [[v.rates.responseRate, w.response], [v.rates.solveRate, w.solve], [v.rates.satisfactionRate, w.satisfaction]];
  let sum = 0;
  let weight = 0;
  for (const [rate, wt] of parts) {
    if (rate === null || wt <= 0) continue;
    sum += rate * wt;
    weight += wt;
  }
  return weight > 0 ? round((sum / weight) * 100, 2) : null;
}

/** Standard competition ranking (1, 2, 2, 4) by a score, higher first; equal scores share a rank. Items without a score come last, unranked. */
export function rankBy<T>(items: readonly T[], score: (t: T) => number | null, tieBreak: (a: T, b: T) => number): Array<T & { rank: number | null }> {
  const sorted = [...items].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa === null || sb === null) return sa === sb ? tieBreak(a, b) : sa === null ? 1 : -1;
    return sb - sa || tieBreak(a, b);
  });
  let rank = 0;
  let last: number | null = null;
  return sorted.map((t, i) => {
    const s = score(t);
    if (s === null) return { ...t, rank: null };
    if (s !== last) {
      rank = i + 1;
      last = s;
    }
    return { ...t, rank };
  });
}

/** Which penalty marks explain a shortfall on a measure (the drill-down to the orders that cost points). */
export const PENALTY_OF: Partial<Record<RateKey, PenaltyKind>> = {
  onTimeCloseRate: 'close_late',
  satisfactionRate: 'unsatisfied',
  solveRate: 'unsolved',
  secondDispatchRate: 'second_dispatch',
  signOnTimeRate: 'sign_late',
  responseRate: 'reply_late',
  reopenRate: 'reopened',
  closeRate: 'not_closed',
};

export const PENALTY_KINDS = ['sign_late', 'reply_late', 'close_late', 'unsatisfied', 'unsolved', 'reopened', 'second_dispatch', 'overdue', 'not_closed'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PENALTY_ZH: Record<PenaltyKind, string> = {
  sign_late: '超时签收', reply_late: '超时回复', close_late: '超期办结', unsatisfied: '市民不满意', unsolved: '未解决',
  reopened: '被重办', second_dispatch: '退单后二次交办', overdue: '超过办理时限', not_closed: '派单后未办结',
};
