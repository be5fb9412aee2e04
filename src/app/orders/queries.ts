// Reading orders: the filtered list (each role's queue), one order with its timeline, and the
// resident's tracking view. Visibility is applied in SQL, masking in the presenter.
import type { Order, OrderEvent } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { docToOrder, loadEvents, loadOrder } from '../../store/orders.ts';
import { sha256, type User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { presentEvent, presentOrder, presentPublic } from './present.ts';
import { canSeeOrder, seesAllOrders, visibleToUnit } from './visibility.ts';
import { attempt, LIMITS } from '../throttle.ts';

export interface OrderFilter {
  state?: string[];
  q?: string;
  phone?: string;
  channel?: string;
  requestType?: string;
  categoryId?: number;
  territoryId?: number;
  leadUnitId?: number;
  /** Only the orders the viewer's unit holds now (a unit's inbox). */
  mine?: boolean;
  colour?: 'due_soon' | 'overdue';
  escalation?: string;
  listed?: boolean;
  emergency?: boolean;
  pendingExtension?: boolean;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** The SQL condition of a filtered list for this viewer (visibility included): the list and the export share it. */
export function orderFilterSql(catalog: Catalog, viewer: User, f: Omit<OrderFilter, 'page' | 'pageSize'>, now: Date) {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (!seesAllOrders(viewer)) {
    params.push(viewer.unitPath);
    where.push(visibleToUnit(params.length));
  }
  if (f.state?.length) where.push(`o.state = any(${p(f.state)}::text[])`);
  if (f.q) where.push(`(o.code like ${p(f.q + '%')} or o.title like ${p('%' + f.q + '%')} or o.address like ${p('%' + f.q + '%')})`);
  if (f.phone) where.push(`o.caller_phone = ${p(f.phone)}`);
  if (f.channel) where.push(`o.channel = ${p(f.channel)}`);
  if (f.requestType) where.push(`o.request_type = ${p(f.requestType)}`);
  if (f.categoryId) where.push(`o.category_id in (select id from categories where path like ${p(catalog.categories.get(f.categoryId)?.path ?? '/none/')} || '%')`);
  if (f.territoryId) where.push(`o.territory_id in (select id from territories where path like ${p(catalog.territories.get(f.territoryId)?.path ?? '/none/')} || '%')`);
  if (f.leadUnitId) where.push(`o.lead_unit_id = ${p(f.leadUnitId)}`);
  if (f.mine) where.push(`o.holder_unit_id = ${p(viewer.unitId)}`);
  if (f.colour === 'overdue') where.push(`o.state in ('dispatched', 'handling') and o.handle_due <= ${p(now)}`);
  if (f.colour === 'due_soon') {
    where.push(`o.state in ('dispatched', 'handling') and o.handle_due > ${p(now)} and o.handle_due <= ${p(new Date(now.getTime() + catalog.escalation.warnBeforeHours * 3_600_000))}`);
  }
  if (f.escalation) where.push(`o.escalation = ${p(f.escalation)}`);
  if (f.listed !== undefined) where.push(`o.listed = ${p(f.listed)}`);
  if (f.emergency !== undefined) where.push(`o.emergency = ${p(f.emergency)}`);
  if (f.pendingExtension !== undefined) where.push(`coalesce(jsonb_typeof(o.doc->'pendingExtension') = 'object', false) = ${p(f.pendingExtension)}`);
  if (f.from) where.push(`o.accepted_at >= ${p(f.from)}`);
  if (f.to) where.push(`o.accepted_at < ${p(f.to)}`);
  return { where: where.length ? `where ${where.join(' and ')}` : '', params, p };
}

/** The order the list shows, newest first with emergencies on top (alias `o`). */
export const LIST_ORDER_BY = 'order by o.emergency desc, o.accepted_at desc, o.id desc';

export async function listOrders(app: AppContext, viewer: User, f: OrderFilter) {
  const catalog = await getCatalog(app.db);
  const now = app.clock.now();
  const { where: w, params, p } = orderFilterSql(catalog, viewer, f, now);
  const total = await app.db.query<{ n: number }>(`select count(*)::int as n from orders o ${w}`, params);
  const rows = await app.db.query<{ doc: Record<string, unknown> }>(
    `select o.doc from orders o ${w} ${LIST_ORDER_BY} limit ${p(f.pageSize)} offset ${p((f.page - 1) * f.pageSize)}`,
    params,
  );
  return {
    total: total.rows[0]!.n,
    page: f.page,
    pageSize: f.pageSize,
    items: rows.rows.map((r) => presentOrder(docToOrder(r.doc), viewer, catalog, now, catalog.escalation)),
  };
}

export async function getOrder(app: AppContext, viewer: User, id: number) {
  if (!(await canSeeOrder(app.db, viewer, id))) throw notFound();
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
    const r = await app.db.query<{ id: number; caller_phone: string | null; track_secret_hash: string | null }>(
      'select id, caller_phone, track_secret_hash from orders where code = $1',
      [code],
    );
    const row = r.rows[0];
    const phoneOk = !!row?.caller_phone && check.length === 4 && row.caller_phone.endsWith(check);
    const secretOk = !!row?.track_secret_hash && row.track_secret_hash === sha256(check);
    if (!row || !(phoneOk || secretOk)) throw new AppError(404, 'not_found', '查询码或校验码不正确', 'Wrong case code or check');
    return row.id;
  }, wrong);
}

/** What a resident sees of an order. */
export async function publicView(app: AppContext, o: Order) {
  return presentPublic(o, await loadEvents(app.db, o.id), await getCatalog(app.db));
}
