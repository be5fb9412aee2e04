// Configuration as data: which time limits and which units apply to an order. Administrators
// edit the rules; these functions only pick the most specific one. Pure.
import type { RequestType, TimeLimitRule } from './types.ts';

export interface RuleSubject {
  requestType: RequestType;
  /** The order's category and its ancestors, nearest first (empty when uncategorised). */
  categoryPath: readonly number[];
  grade: number;
  emergency: boolean;
}

/**
 * The time-limit rule for an order. A rule applies when each of its fields is null or matches;
 * among those, emergency beats grade beats category (deeper beats shallower) beats request type.
 */
export function pickTimeLimitRule(rules: readonly TimeLimitRule[], s: RuleSubject): TimeLimitRule | null {
  let best: TimeLimitRule | null = null;
  let bestScore = -1;
  for (const r of rules) {
    if (r.requestType !== null && r.requestType !== s.requestType) continue;
    if (r.grade !== null && r.grade !== s.grade) continue;
    if (r.emergency !== null && r.emergency !== s.emergency) continue;
    let depthScore = 0;
    if (r.categoryId !== null) {
      const i = s.categoryPath.indexOf(r.categoryId);
      if (i < 0) continue;
      depthScore = 10 * (s.categoryPath.length - i);
    }
    // Emergency beats grade beats category beats request type; each category level (10) outweighs
    // a request type (5); an explicit `emergency: false` is more specific than no condition.
    const score = (r.emergency === true ? 100_000 : r.emergency === false ? 1 : 0) + (r.grade !== null ? 10_000 : 0) + depthScore + (r.requestType !== null ? 5 : 0);
    if (score > bestScore || (score === bestScore && best !== null && r.id < best.id)) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

export interface RoutingRule {
  id: number;
  categoryId: number;
  territoryId: number | null;
  leadUnitId: number;
  assistUnitIds: number[];
}

/** The routing rule for (category, territory): deepest category first, then deepest territory. */
export function pickRoutingRule(rules: readonly RoutingRule[], categoryPath: readonly number[], territoryPath: readonly number[]): RoutingRule | null {
  let best: RoutingRule | null = null;
  let bestScore = -1;
  for (const r of rules) {
    const ci = categoryPath.indexOf(r.categoryId);
    if (ci < 0) continue;
    let ti = -1;
    if (r.territoryId !== null) {
      ti = territoryPath.indexOf(r.territoryId);
      if (ti < 0) continue;
    }
    const score = (categoryPath.length - ci) * 100 + (r.territoryId === null ? 0 : territoryPath.length - ti);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}
