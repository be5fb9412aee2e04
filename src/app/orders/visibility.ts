// Who sees which orders (rule 5). Centre staff see every order; a unit handler sees the orders
// that were ever sent to their unit or to a unit below it.
import type { Queryable } from '../../store/db.ts';
import type { User } from '../auth.ts';

export function seesAllOrders(user: User): boolean {
  return user.role !== 'unit_handler';
}

/** A SQL condition on orders alias `o`, with its parameter at position `n`. */
export function visibleToUnit(n: number, alias = 'o'): string {
  return `exists (select 1 from order_units ou join units vu on vu.id = ou.unit_id
    where ou.order_id = ${alias}.id and vu.path like $${n} || '%')`;
}

export async function canSeeOrder(db: Queryable, user: User, orderId: number): Promise<boolean> {
  if (seesAllOrders(user)) return true;
  const r = await db.query(`select 1 from orders o where o.id = $1 and ${visibleToUnit(2)}`, [orderId, user.unitPath]);
  return r.rowCount > 0;
}
