// Reading orders: the filtered list (each role's queue), one order with its timeline, the export's
// rows, and the resident's tracking check. What a viewer reaches is the policy's scope, in SQL;
// masking is the presenter's.
import type { Catalog } from '../../domain/catalog.ts';
import type { Order, OrderEvent } from '../../domain/order.ts';
import { authorize } from '../../policy/abilities.ts';
import { scopeOf, sqlOrdersInScope, type Subject } from '../../policy/scopes.ts';
import { getCatalog } from '../../store/catalog.ts';
import {
  countOrders, filterOrders, listOrders as listOrderRows, loadEvents, loadOrder, orderConditions, orderMatches, ordersWithResult, trackingOf,
  type OrderFilter as StoreFilter,
} from '../../store/orders.ts';
import type { Sql } from '../../store/sql.ts';
import { sha256, type User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { AppError, fromRejection, notFound } from '../errors.ts';
import { attempt, LIMITS } from '../throttle.ts';
import { presentEvent, presentOrder, presentPublic } from './present.ts';

export interface OrderFilter extends Omit<StoreFilter, 'holderUnitId'> {
  /** Only the orders the viewer's unit holds now (a unit's inbox). */
  mine?: boolean;
  page: number;
  pageSize: number;
}

/** The conditions of a filtered list for this viewer, its scope included: the list and the export share them. */
export function orderWhere(catalog: Catalog, viewer: User, f: Omit<OrderFilter, 'page' | 'pageSize'>, now: Date): Sql[] {
  const { mine, ...rest } = f;
  return orderConditions({ ...rest, holderUnitId: mine ? viewer.unitId : undefined }, {
    reach: sqlOrdersInScope(scopeOf(viewer)),
    categoryPath: f.categoryId ? catalog.categories.get(f.categoryId)?.path ?? null : null,
    territoryPath: f.territoryId ? catalog.territories.get(f.territoryId)?.path ?? null : null,
    now,
    policy: catalog.escalation,
  });
}

export async function listOrders(app: AppContext, viewer: User, f: OrderFilter) {
  const catalog = await getCatalog(app.db);
  const now = app.clock.now();
  const where = orderWhere(catalog, viewer, f, now);
  const [total, orders] = [await countOrders(app.db, where), await listOrderRows(app.db, where, { limit: f.pageSize, offset: (f.page - 1) * f.pageSize })];
  return {
    total,
    page: f.page,
    pageSize: f.pageSize,
    items: orders.map((o) => presentOrder(o, viewer, catalog, now, catalog.escalation)),
  };
}

/** The orders of an export, with the text of their last reply. */
export async function exportRows(app: AppContext, viewer: User, f: Omit<OrderFilter, 'page' | 'pageSize'>, limit: number) {
  const catalog = await getCatalog(app.db);
  const now = app.clock.now();
  return { catalog, now, rows: await ordersWithResult(app.db, orderWhere(catalog, viewer, f, now), limit) };
}

/** May this viewer see the order at all (within their scope)? */
export async function canSeeOrder(app: AppContext, viewer: Subject, orderId: number): Promise<boolean> {
  const scope = scopeOf(viewer);
  return scope.kind === 'centre' || orderMatches(app.db, orderId, sqlOrdersInScope(scope));
}

export async function getOrder(app: AppContext, viewer: User, id: number) {
  const refused = authorize(viewer, 'order.read');
  if (refused) throw fromRejection(refused);
  if (!(await canSeeOrder(app, viewer, id))) throw notFound();
  const o = await loadOrder(app.db, id);
  if (!o) throw notFound();
  return presentWithTimeline(app, viewer, o);
}

/** The order for this viewer with its timeline; pass `events` (all of them) and the catalog when the caller already has them. */
export async function presentWithTimeline(app: AppContext, viewer: User, o: Order, known: OrderEvent[] | null = null, given: Catalog | null = null) {
  const catalog = given ?? (await getCatalog(app.db));
  const events = known ?? (await loadEvents(app.db, o.id));
  return {
    ...presentOrder(o, viewer, catalog, app.clock.now(), catalog.escalation),
    events: events.map((e) => presentEvent(e, o, viewer, catalog)),
  };
}

/**
 * The resident's check: the last four digits of the phone, or the secret given at submission.
 * Returns the order's id. Wrong checks are limited per case code (app/throttle.ts).
 */
export function checkTrack(app: AppContext, code: string, check: string): Promise<number> {
  const wrong = (e: unknown) => e instanceof AppError && e.code === 'not_found';
  return attempt(app.db, [[LIMITS.wrongChecksPerCode, code]], app.clock.now(), async () => {
    const row = await trackingOf(app.db, code);
    const phoneOk = !!row?.callerPhone && check.length === 4 && row.callerPhone.endsWith(check);
    const secretOk = !!row?.trackSecretHash && row.trackSecretHash === sha256(check);
    if (!row || !(phoneOk || secretOk)) throw new AppError(404, 'not_found', '查询码或校验码不正确', 'Wrong case code or check');
    return row.id;
  }, wrong);
}

/** What a resident sees of an order. */
export async function publicView(app: AppContext, o: Order) {
  return presentPublic(o, await loadEvents(app.db, o.id), await getCatalog(app.db));
}

/** What a resident sees of the order they proved with its code and check. */
export async function trackedView(app: AppContext, code: string, check: string) {
  const o = await loadOrder(app.db, await checkTrack(app, code, check));
  if (!o) throw notFound();
  return publicView(app, o);
}

/** Which of these orders the viewer reaches. */
export async function ordersInScope(app: AppContext, viewer: Subject, ids: number[]): Promise<number[]> {
  return filterOrders(app.db, ids, sqlOrdersInScope(scopeOf(viewer)));
}
