// The configuration the rules read: units, territories and categories as trees (a materialised
// `path` like /1/5/23/ makes "this node and below" a prefix test), the time-limit and routing
// rules, the escalation policy and the calendar. Plain data: the store loads it (store/catalog.ts).
import type { Calendar } from './calendar.ts';
import type { EscalationPolicy } from './escalation.ts';
import type { RoutingRule } from './rules.ts';
import type { TerritoryLevel, TimeLimitRule, UnitKind } from './types.ts';

export interface TreeNode {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  path: string;
}
export interface Unit extends TreeNode {
  kind: UnitKind;
  tier: number;
  dutyPhone: string | null;
  territoryId: number | null;
  active: boolean;
}
export interface Territory extends TreeNode {
  level: TerritoryLevel;
  centerLng: number | null;
  centerLat: number | null;
}
export interface Category extends TreeNode {
  active: boolean;
}

export interface Catalog {
  version: number;
  calendar: Calendar;
  escalation: EscalationPolicy;
  timeLimitRules: TimeLimitRule[];
  routingRules: RoutingRule[];
  units: Map<number, Unit>;
  territories: Map<number, Territory>;
  categories: Map<number, Category>;
}

/** Ids from the node up to the root, nearest first. */
export function ancestry(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number).reverse();
}

export function isUnder(node: TreeNode, ancestor: TreeNode): boolean {
  return node.path.startsWith(ancestor.path);
}

/** A node of a tree (categories, territories, units) by its code, leaving out disabled ones. */
export function byCode<T extends TreeNode & { active?: boolean }>(nodes: ReadonlyMap<number, T>, code: string | null | undefined): T | undefined {
  if (!code) return undefined;
  for (const n of nodes.values()) if (n.code === code && n.active !== false) return n;
  return undefined;
}
