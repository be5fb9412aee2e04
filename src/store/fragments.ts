// Conditions on orders that several queries share, each written once (alias `o` unless given).
// The literal state lists come from the domain's constants, so the partial index on
// `handle_due where state in ('dispatched', 'handling')` still serves them.
import type { EscalationPolicy } from '../domain/escalation.ts';
import { CLOCK_STATES, type OrderState } from '../domain/order.ts';
import { sql, type Sql } from './sql.ts';

const O = sql.raw('o');

/** `alias.state in ('…', …)` as literal text (the states are the domain's own words, never input). */
export function stateIn(states: readonly OrderState[], alias: Sql = O): Sql {
  return sql.raw(`${alias.compile().text}.state in (${states.map((s) => `'${s}'`).join(', ')})`);
}

/** A unit holds the order and its handling clock runs (待签收, 办理中). */
export const clockRunning = (alias: Sql = O): Sql => stateIn(CLOCK_STATES, alias);

/** Past its handling deadline now (红灯). */
export const overdue = (now: Date, alias: Sql = O): Sql => sql`${clockRunning(alias)} and ${alias}.handle_due <= ${now}`;

/**
 * Due soon (黄灯): within the policy's warning lead of the deadline, the lead being the smaller of
 * `warnBeforeHours` and `warnFraction` of the holder's whole time: domain/escalation.ts
 * `deadlineColourAt` in SQL.
 */
export function dueSoon(now: Date, policy: EscalationPolicy, alias: Sql = O): Sql {
  const hours = sql`make_interval(secs => ${policy.warnBeforeHours * 3600}::float8)`;
  const fraction = sql`(${alias}.handle_due - (${alias}.doc->>'clockStartedAt')::timestamptz) * ${policy.warnFraction}::float8`;
  return sql`${clockRunning(alias)} and ${alias}.handle_due > ${now}
    and ${alias}.handle_due - ${now}::timestamptz <= least(${hours}, coalesce(${fraction}, ${hours}))`;
}

/** The node at `path` or any node below it: the subtree test of every tree table (units, categories, territories). */
export const inSubtree = (pathColumn: Sql, path: string): Sql => sql`${pathColumn} like ${path} || '%'`;
