// The rules administrators keep: time limits (`time_limit_rules`: how long to sign for and to
// handle an order) and routing (`routing_rules`: which unit an order of a category and territory
// goes to). A disabled rule stays (`active = false`): open orders may still run under it.
import type { RoutingRule } from '../domain/rules.ts';
import type { RequestType, TimeLimitRule } from '../domain/types.ts';
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

export function rowToTimeLimitRule(r: Record<string, unknown>): TimeLimitRule {
  return {
    id: r.id as number,
    requestType: (r.request_type as RequestType | null) ?? null,
    categoryId: (r.category_id as number | null) ?? null,
    grade: (r.grade as number | null) ?? null,
    emergency: (r.emergency as boolean | null) ?? null,
    signFor: { value: Number(r.sign_for_value), unit: r.sign_for_unit as 'workdays' | 'hours' },
    handle: { value: Number(r.handle_value), unit: r.handle_unit as 'workdays' | 'hours' },
    version: r.version as number,
  };
}

/** A time-limit rule's columns, as `updateById` (./config.ts) sets them. */
export function timeLimitRuleColumns(r: Omit<TimeLimitRule, 'id' | 'version'>): Record<string, unknown> {
  return {
    request_type: r.requestType, category_id: r.categoryId, grade: r.grade, emergency: r.emergency,
    sign_for_value: r.signFor.value, sign_for_unit: r.signFor.unit, handle_value: r.handle.value, handle_unit: r.handle.unit,
  };
}

function rowToRoutingRule(r: Record<string, unknown>): RoutingRule {
  return {
    id: r.id as number, categoryId: r.category_id as number, territoryId: (r.territory_id as number | null) ?? null,
    leadUnitId: r.lead_unit_id as number, assistUnitIds: (r.assist_unit_ids as number[]) ?? [],
  };
}

// ---- time_limit_rules ----

/** The rules in force, in id order. */
export async function activeTimeLimitRules(db: Queryable): Promise<TimeLimitRule[]> {
  const r = await db.query<Record<string, unknown>>(sql`select * from time_limit_rules where active order by id`);
  return r.rows.map(rowToTimeLimitRule);
}

/** Every rule, disabled ones too, for the administrators' list. */
export async function allTimeLimitRules(db: Queryable): Promise<(TimeLimitRule & { active: boolean })[]> {
  const r = await db.query<Record<string, unknown>>(sql`select * from time_limit_rules order by id`);
  return r.rows.map((x) => ({ ...rowToTimeLimitRule(x), active: x.active as boolean }));
}

/** A time-limit rule by id, also one no longer active (open orders may still run under it). */
export async function timeLimitRuleById(db: Queryable, id: number): Promise<TimeLimitRule | null> {
  const r = await db.query<Record<string, unknown>>(sql`select * from time_limit_rules where id = ${id}`);
  return r.rows[0] ? rowToTimeLimitRule(r.rows[0]) : null;
}

export async function insertTimeLimitRule(db: Queryable, rule: Omit<TimeLimitRule, 'id' | 'version'>): Promise<number> {
  const c = timeLimitRuleColumns(rule);
  const cols = Object.keys(c);
  const r = await db.query<{ id: number }>(sql`insert into time_limit_rules (${sql.join(cols.map((k) => sql.ident(k)))})
    values (${sql.join(cols.map((k) => sql`${c[k]}`))}) returning id`);
  return r.rows[0]!.id;
}

/** A changed rule gets a new version: open orders under it have their deadlines recomputed. */
export async function bumpTimeLimitRuleVersion(tx: Tx, id: number): Promise<void> {
  await tx.query(sql`update time_limit_rules set version = version + 1 where id = ${id}`);
}

// ---- routing_rules ----

/** The rules in force, in id order. */
export async function activeRoutingRules(db: Queryable): Promise<RoutingRule[]> {
  const r = await db.query<Record<string, unknown>>(sql`select * from routing_rules where active order by id`);
  return r.rows.map(rowToRoutingRule);
}

export function routingRuleColumns(r: Omit<RoutingRule, 'id'>): Record<string, unknown> {
  return { category_id: r.categoryId, territory_id: r.territoryId, lead_unit_id: r.leadUnitId, assist_unit_ids: r.assistUnitIds };
}

export async function insertRoutingRule(db: Queryable, rule: Omit<RoutingRule, 'id'>): Promise<number> {
  const r = await db.query<{ id: number }>(sql`insert into routing_rules (category_id, territory_id, lead_unit_id, assist_unit_ids)
    values (${rule.categoryId}, ${rule.territoryId}, ${rule.leadUnitId}, ${rule.assistUnitIds}) returning id`);
  return r.rows[0]!.id;
}
