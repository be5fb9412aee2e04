// Configuration as data: which time limits and which units apply to an order. Administrators
// edit the rules; these functions only pick the most specific one. Pure.
import { ancestry, type Catalog } from './catalog.ts';
import { problem, type FieldProblem } from './problems.ts';
import type { AppliedLimits, Intake } from './order.ts';
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

// ---- the rules of a configured centre (its catalog) ---------------------------------------------

/** A category and its ancestors, nearest first (empty when none). */
export function categoryPath(catalog: Catalog, categoryId: number | null): number[] {
  const c = categoryId === null ? undefined : catalog.categories.get(categoryId);
  return c ? ancestry(c.path) : [];
}

/** A territory and its ancestors, nearest first (empty when none). */
export function territoryPath(catalog: Catalog, territoryId: number | null): number[] {
  const t = territoryId === null ? undefined : catalog.territories.get(territoryId);
  return t ? ancestry(t.path) : [];
}

/** The limits the time-limit rules give a request, or null when no rule applies. */
export function findLimits(o: Pick<Intake, 'requestType' | 'categoryId' | 'grade' | 'emergency'>, catalog: Catalog): AppliedLimits | null {
  const rule = pickTimeLimitRule(catalog.timeLimitRules, {
    requestType: o.requestType, categoryPath: categoryPath(catalog, o.categoryId), grade: o.grade, emergency: o.emergency,
  });
  return rule ? limitsOf(rule, catalog.version) : null;
}

/** The limits a rule sets, stamped with the configuration version they were computed under. */
export function limitsOf(rule: TimeLimitRule, configVersion: number): AppliedLimits {
  return { ruleId: rule.id, ruleVersion: rule.version, calendarVersion: configVersion, signFor: rule.signFor, handle: rule.handle };
}

export const NO_TIME_LIMIT_RULE = {
  code: 'no_time_limit_rule', zh: '没有适用于该工单的办理时限规则，请管理员配置', en: 'No time-limit rule applies to this order',
} as const;

/** The unit the routing rules suggest for an order. */
export function suggestRoute(o: Pick<Intake, 'categoryId' | 'place'>, catalog: Catalog) {
  const r = pickRoutingRule(catalog.routingRules, categoryPath(catalog, o.categoryId), territoryPath(catalog, o.place.territoryId));
  return r ? { ruleId: r.id, leadUnitId: r.leadUnitId, assistUnitIds: r.assistUnitIds } : null;
}

/** Lead and assisting units must exist, be active and not be a centre: field problems otherwise. */
export function checkDispatchUnits(catalog: Catalog, leadUnitId: number, assistUnitIds: readonly number[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const usable = (id: number) => {
    const u = catalog.units.get(id);
    return !!u && u.active && u.kind !== 'centre';
  };
  if (!usable(leadUnitId)) problems.push(problem('leadUnitId', '主办单位不存在或已停用', 'No such lead unit, or it is disabled'));
  assistUnitIds.forEach((id, i) => {
    if (!usable(id)) problems.push(problem(`assistUnitIds.${i}`, '协办单位不存在或已停用', 'No such assisting unit, or it is disabled'));
  });
  return problems;
}
