// The reach of a viewer, written once in the two forms the server needs: a test in memory and a
// condition in SQL. Centre staff reach the whole centre; a unit's staff reach their unit and
// every unit below it (属地管理: a unit sees what was sent to it or to a unit under it).
import type { TreeNode } from '../domain/catalog.ts';
import type { Role } from '../domain/types.ts';
import { inSubtree } from '../store/fragments.ts';
import { sql, type Sql } from '../store/sql.ts';

export type Scope = { kind: 'centre' } | { kind: 'subtree'; unitId: number; unitPath: string };

/** Whoever acts: a staff user (role, unit), a resident, the system or a linked platform. */
export interface Subject {
  role: Role | 'resident' | 'system' | 'link';
  unitId: number | null;
  /** The unit's tree path (/1/5/23/), for staff. */
  unitPath?: string | null;
  /** A resident who passed the tracking check reaches that one order. */
  orderId?: number | null;
}

/** Roles whose reach is their own unit's subtree; every other staff role reaches the centre. */
const UNIT_ROLES: readonly Subject['role'][] = ['unit_handler'];

export function scopeOf(s: Subject): Scope {
  if (UNIT_ROLES.includes(s.role)) return { kind: 'subtree', unitId: s.unitId ?? -1, unitPath: s.unitPath ?? '/none/' };
  return { kind: 'centre' };
}

export const reachesCentre = (s: Subject): boolean => scopeOf(s).kind === 'centre';

/**
 * Which orders a subject reaches: every one (the platform's sweeps, a linked platform acting on
 * the orders exchanged with it), the one order a resident proved with its code and check, or
 * staff's scope.
 */
export type OrderReach = { kind: 'all' } | { kind: 'one'; orderId: number | null } | { kind: 'scope'; scope: Scope };

export function orderReach(s: Subject): OrderReach {
  if (s.role === 'resident') return { kind: 'one', orderId: s.orderId ?? null };
  if (s.role === 'system' || s.role === 'link') return { kind: 'all' };
  return { kind: 'scope', scope: scopeOf(s) };
}

// ---- in memory ----------------------------------------------------------------------------------

/** Is this unit (or territory-bound node with a unit path) within reach? */
export function unitInScope(scope: Scope, unit: Pick<TreeNode, 'path'> | undefined): boolean {
  if (scope.kind === 'centre') return true;
  return !!unit && unit.path.startsWith(scope.unitPath);
}

/** Is a node strictly below another one in its tree (sending down, moving a node)? */
export const isBelow = (node: Pick<TreeNode, 'id' | 'path'>, above: Pick<TreeNode, 'id' | 'path'>): boolean =>
  node.id !== above.id && node.path.startsWith(above.path);

// ---- in SQL ---------------------------------------------------------------------------------------

/**
 * The orders (alias `o`) within reach: for a unit, those ever sent to it or to a unit below it
 * (`order_units` keeps every unit an order was dispatched, reassigned or sent down to).
 */
export function sqlOrdersInScope(scope: Scope, alias: Sql = sql.raw('o')): Sql {
  if (scope.kind === 'centre') return sql`true`;
  return sql`exists (select 1 from order_units ou join units vu on vu.id = ou.unit_id
    where ou.order_id = ${alias}.id and ${inSubtree(sql.raw('vu.path'), scope.unitPath)})`;
}
