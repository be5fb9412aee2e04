// The work-order resource: accept a request, list orders, read one, and the dispatcher's preview.
// The steps of the closed loop are made from the list of operations (./operations.ts).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { field, invalid, notFound } from '../../app/errors.ts';
import { unitRef } from '../../app/orders/present.ts';
import { getOrder, listOrders, presentWithTimeline } from '../../app/orders/queries.ts';
import { deadlinesFor } from '../../domain/commands.ts';
import { findLimits, NO_TIME_LIMIT_RULE, suggestRoute } from '../../domain/rules.ts';
import { accept, AcceptInput } from '../../operations/accept.ts';
import { asUser } from '../../operations/as.ts';
import { create } from '../../operations/executor.ts';
import { getCatalog } from '../../store/catalog.ts';
import { findOrderId, loadOrder } from '../../store/orders.ts';
import { AppError } from '../../app/errors.ts';
import * as S from '../schemas/orders.ts';
import { IdParam } from '../schemas/common.ts';
import { requireAbility, requireUser, type App } from '../server.ts';

export function orderRoutes(api: App, app: AppContext) {
  const orderId = async (raw: string) => {
    const id = await findOrderId(app.db, raw);
    if (id === null) throw notFound();
    return id;
  };

  api.post('/api/orders', {
    schema: {
      tags: ['orders'], summary: '受理诉求 Accept a request',
      description: 'Send an `Idempotency-Key` header: a retry with the same key returns the first order instead of a second one.',
      body: AcceptInput,
    },
  }, async (req, reply) => {
    const user = requireAbility(req, 'order.accept');
    const key = idempotencyKey(req);
    const r = await create(app, accept, req.body, asUser(user), { key });
    reply.status(r.replayed ? 200 : 201);
    return { ...(await presentWithTimeline(app, user, r.order, r.replayed ? null : r.events, r.catalog)), trackSecret: r.secret, replayed: r.replayed };
  });

  api.get('/api/orders', { schema: { tags: ['orders'], summary: '工单列表 List orders', querystring: S.ListQuery } }, async (req) => {
    const user = requireAbility(req, 'order.read');
    return listOrders(app, user, req.query);
  });

  api.get('/api/orders/:id', { schema: { tags: ['orders'], summary: '工单详情 One order with its timeline', params: IdParam } }, async (req) => {
    const user = requireUser(req);
    return getOrder(app, user, await orderId(req.params.id));
  });

  api.get('/api/orders/:id/dispatch-preview', {
    schema: { tags: ['orders'], summary: '派单预览 Suggested unit and the deadlines a dispatch now would set', params: IdParam },
  }, async (req) => {
    requireAbility(req, 'order.dispatchPreview');
    const o = await loadOrder(app.db, await orderId(req.params.id));
    if (!o) throw notFound();
    const catalog = await getCatalog(app.db);
    const route = suggestRoute(o, catalog);
    const limits = findLimits(o, catalog);
    if (!limits) throw new AppError(409, NO_TIME_LIMIT_RULE.code, NO_TIME_LIMIT_RULE.zh, NO_TIME_LIMIT_RULE.en);
    const d = deadlinesFor(limits, app.clock.now(), catalog.calendar);
    return {
      suggestion: route && { ruleId: route.ruleId, leadUnit: unitRef(catalog, route.leadUnitId), assistUnits: route.assistUnitIds.map((u) => unitRef(catalog, u)) },
      limits,
      signForDue: d.signForDue,
      handleDue: d.handleDue,
    };
  });
}

/** The Idempotency-Key header; a key too long to store is refused rather than ignored (a retry would make a second order). */
export function idempotencyKey(req: FastifyRequest): string | null {
  const k = req.headers['idempotency-key'];
  const v = Array.isArray(k) ? k[0] : k;
  if (v && v.length > 200) throw invalid([field('Idempotency-Key', 'Idempotency-Key 不能超过 200 个字符', 'The Idempotency-Key header must be at most 200 characters')]);
  return v || null;
}
