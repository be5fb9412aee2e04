// Merge a duplicate (重复件) into its master: both orders are locked (lower id first, so two
// merges cannot deadlock) and both get an event.
import * as cmd from '../../domain/commands.ts';
import type { Order } from '../../domain/order.ts';
import { getCatalog } from '../../store/catalog.ts';
import { appendEvents, loadForUpdate } from '../../store/orders.ts';
import { actorOf, type User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { field, fromRejection, invalid, notFound } from '../errors.ts';

export async function mergeOrder(app: AppContext, user: User, id: number, body: { masterId: number; note: string | null }): Promise<Order> {
  const catalog = await getCatalog(app.db);
  return app.db.transaction(async (tx) => {
    const [first, second] = id < body.masterId ? [id, body.masterId] : [body.masterId, id];
    const a = await loadForUpdate(tx, first);
    const b = first === second ? a : await loadForUpdate(tx, second);
    const dup = id === first ? a : b;
    const master = id === first ? b : a;
    if (!dup) throw notFound();
    if (!master) throw invalid([field('masterId', '主工单不存在', 'No such master order')]);
    const now = app.clock.now();
    const actor = actorOf(user);
    const d = cmd.merge(dup, master, { now, actor, calendar: catalog.calendar }, { note: body.note });
    if (!d.ok) throw fromRejection(d.rejection);
    await appendEvents(tx, master, d.master, actor, now);
    return appendEvents(tx, dup, d.dup, actor, now);
  });
}
