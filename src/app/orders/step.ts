// The fixed shape of every step on an order: open a transaction, load the order with a row lock,
// check the viewer may see it, run the domain command, save its events. Of two concurrent steps
// on one order the second waits for the lock and is then judged against the first one's result.
import type { Ctx, Decision } from '../../domain/commands.ts';
import type { Actor, Order } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import type { Tx } from '../../store/db.ts';
import { appendEvents, loadForUpdate } from '../../store/orders.ts';
import { actorOf, type User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { fromRejection, notFound } from '../errors.ts';
import { canSeeOrder } from './visibility.ts';

export type Decide = (o: Order, c: Ctx, catalog: Catalog, tx: Tx) => Decision | Promise<Decision>;

/** A step by a logged-in user, who must be able to see the order. */
export function runStep(app: AppContext, user: User, orderId: number, decide: Decide): Promise<Order> {
  return runAs(app, actorOf(user), orderId, decide, (tx) => canSeeOrder(tx, user, orderId));
}

/** A step by any actor (a resident who passed the tracking check, the system). */
export async function runAs(app: AppContext, actor: Actor, orderId: number, decide: Decide, canSee: (tx: Tx) => Promise<boolean> = async () => true): Promise<Order> {
  const catalog = await getCatalog(app.db);
  return app.db.transaction(async (tx) => {
    const order = await loadForUpdate(tx, orderId);
    if (!order || !(await canSee(tx))) throw notFound();
    const now = app.clock.now();
    const c: Ctx = { now, actor, calendar: catalog.calendar };
    const d = await decide(order, c, catalog, tx);
    if (!d.ok) throw fromRejection(d.rejection);
    return appendEvents(tx, order, d.events, actor, now);
  });
}
