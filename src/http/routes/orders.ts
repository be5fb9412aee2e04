// The work-order resource: accept, read, and one POST per step of the closed loop. Every step
// runs the same shape (app/orders/step.ts); this file only maps HTTP onto it.
import type { z } from 'zod';
import { actorOf } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { field, invalid, notFound } from '../../app/errors.ts';
import type { Queryable } from '../../store/db.ts';
import { acceptOrder } from '../../app/orders/accept.ts';
import { dispatchOrder, limitsFor, reassignOrder, sendDownOrder, suggestRoute } from '../../app/orders/dispatch.ts';
import { mergeOrder } from '../../app/orders/merge.ts';
import { getOrder, listOrders, presentWithTimeline } from '../../app/orders/queries.ts';
import { runStep, type Decide } from '../../app/orders/step.ts';
import { canSeeOrder } from '../../app/orders/visibility.ts';
import { unitRef } from '../../app/orders/present.ts';
import * as cmd from '../../domain/commands.ts';
import { deadlinesFor } from '../../domain/commands.ts';
import { getCatalog } from '../../store/catalog.ts';
import { findOrderId, loadOrder } from '../../store/orders.ts';
import * as S from '../schemas/orders.ts';
import { IdParam } from '../schemas/common.ts';
import { requireUser, type App } from '../server.ts';
import type { FastifyRequest } from 'fastify';
import type { User } from '../../app/auth.ts';
import type { Order } from '../../domain/order.ts';

const CENTRE_INTAKE = ['operator', 'dispatcher', 'admin'] as const;

export function orderRoutes(api: App, app: AppContext) {
  const orderId = async (raw: string) => {
    const id = await findOrderId(app.db, raw);
    if (id === null) throw notFound();
    return id;
  };
  const respond = (user: User, o: Order) => presentWithTimeline(app, user, o);

  api.post('/api/orders', {
    schema: {
      tags: ['orders'], summary: '受理诉求 Accept a request',
      description: 'Send an `Idempotency-Key` header: a retry with the same key returns the first order instead of a second one.',
      body: S.AcceptBody,
    },
  }, async (req, reply) => {
    const user = requireUser(req, CENTRE_INTAKE);
    const key = idempotencyKey(req);
    const r = await acceptOrder(app, actorOf(user), { ...req.body, idempotencyKey: key });
    reply.status(r.replayed ? 200 : 201);
    return { ...(await presentWithTimeline(app, user, r.order, r.events, r.catalog)), trackSecret: r.trackSecret, replayed: r.replayed };
  });

  api.get('/api/orders', { schema: { tags: ['orders'], summary: '工单列表 List orders', querystring: S.ListQuery } }, async (req) => {
    const user = requireUser(req);
    return listOrders(app, user, req.query);
  });

  api.get('/api/orders/:id', { schema: { tags: ['orders'], summary: '工单详情 One order with its timeline', params: IdParam } }, async (req) => {
    const user = requireUser(req);
    return getOrder(app, user, await orderId(req.params.id));
  });

  api.get('/api/orders/:id/dispatch-preview', {
    schema: { tags: ['orders'], summary: '派单预览 Suggested unit and the deadlines a dispatch now would set', params: IdParam },
  }, async (req) => {
    requireUser(req, ['dispatcher', 'admin', 'operator', 'supervisor']);
    const id = await orderId(req.params.id);
    const o = await loadOrder(app.db, id);
    if (!o) throw notFound();
    const catalog = await getCatalog(app.db);
    const route = suggestRoute(o, catalog);
    const limits = limitsFor(o, catalog);
    const d = deadlinesFor(limits, app.clock.now(), catalog.calendar);
    return {
      suggestion: route && { ruleId: route.ruleId, leadUnit: unitRef(catalog, route.leadUnitId), assistUnits: route.assistUnitIds.map((u) => unitRef(catalog, u)) },
      limits,
      signForDue: d.signForDue,
      handleDue: d.handleDue,
    };
  });

  // One POST per step. `decide` gets the validated body.
  const step = <B extends z.ZodType>(path: string, summary: string, body: B, decide: (b: z.output<B>) => Decide) => {
    api.post(`/api/orders/:id/${path}`, { schema: { tags: ['order steps'], summary, params: IdParam, body } }, async (req) => {
      const user = requireUser(req);
      const o = await runStep(app, user, await orderId(req.params.id), decide(req.body as z.output<B>));
      return respond(user, o);
    });
  };
  step('answer', '即时答复并办结 Answer at once and close', S.AnswerBody, (b) => (o, c) => cmd.answer(o, c, b));
  step('register', '立案 Open the case', S.NoteBody, (b) => (o, c) => cmd.register(o, c, b));
  step('sign-for', '签收 Sign for', S.NoteBody, (b) => (o, c) => cmd.signFor(o, c, b));
  step('return', '退单 Return to the sender with a reason', S.ReasonBody, (b) => (o, c) => cmd.returnOrder(o, c, b));
  step('extension', '申请延期 Ask for an extension (working days)', S.ExtensionBody, (b) => (o, c) => cmd.requestExtension(o, c, b));
  step('extension-decision', '审批延期 Approve or refuse an extension', S.DecideExtensionBody, (b) => (o, c) => cmd.decideExtension(o, c, b));
  step('assist-note', '协办反馈 Assisting unit feedback', S.AssistBody, (b) => (o, c) => cmd.assistNote(o, c, b));
  step('reply', '办理回复 Reply with the result', S.ReplyBody, (b) => async (o, c, _catalog, tx) => {
    await checkAttachments(tx, b.attachmentIds);
    return cmd.reply(o, c, b);
  });
  step('callback', '回访 Record the callback', S.CallbackBody, (b) => (o, c) => cmd.callback(o, c, b));
  step('reopen', '重办 Reopen to the same unit', S.ReasonBody, (b) => (o, c) => cmd.reopen(o, c, b));
  step('close', '核实办结 Verify and close', S.NoteBody, (b) => (o, c) => cmd.close(o, c, b));
  step('evaluate', '综合评价 Evaluate', S.EvaluateBody, (b) => (o, c) => cmd.evaluate(o, c, b));
  step('supervise', '督办 Supervision notice', S.RequiredNoteBody, (b) => (o, c) => cmd.supervise(o, c, b));
  step('list', '挂牌督办 List for supervision until satisfied', S.RequiredNoteBody, (b) => (o, c) => cmd.list(o, c, b));
  step('unlist', '摘牌 Lift listed supervision', S.RequiredNoteBody, (b) => (o, c) => cmd.unlist(o, c, b));
  step('withdraw', '撤回 Withdraw on the resident\'s behalf', S.ReasonBody, (b) => (o, c) => cmd.withdraw(o, c, b));

  const post = <B extends z.ZodType>(path: string, summary: string, body: B, run: (user: User, id: number, b: z.output<B>) => Promise<Order>) => {
    api.post(`/api/orders/:id/${path}`, { schema: { tags: ['order steps'], summary, params: IdParam, body } }, async (req) => {
      const user = requireUser(req);
      const id = await orderId(req.params.id);
      if (!(await canSeeOrder(app.db, user, id))) throw notFound();
      return respond(user, await run(user, id, req.body as z.output<B>));
    });
  };
  post('dispatch', '派单 Dispatch to a lead unit and assisting units', S.DispatchBody, (u, id, b) => dispatchOrder(app, u, id, b));
  post('reassign', '改派 Reassign to another lead unit', S.ReassignBody, (u, id, b) => reassignOrder(app, u, id, b));
  post('send-down', '下派 Send down to a unit below', S.SendDownBody, (u, id, b) => sendDownOrder(app, u, id, b));
  post('merge', '合并重复件 Merge into a master order', S.MergeBody, (u, id, b) => mergeOrder(app, u, id, b));
}

/** Every attachment id must exist (uploaded before through POST /api/attachments). */
async function checkAttachments(db: Queryable, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const r = await db.query<{ id: number }>('select id from attachments where id = any($1::int[])', [ids]);
  const found = new Set(r.rows.map((x) => x.id));
  const errors = ids.flatMap((id, i) => (found.has(id) ? [] : [field(`attachmentIds.${i}`, '附件不存在', 'No such attachment')]));
  if (errors.length) throw invalid(errors);
}

/** The Idempotency-Key header; a key too long to store is refused rather than ignored (a retry would make a second order). */
export function idempotencyKey(req: FastifyRequest): string | null {
  const k = req.headers['idempotency-key'];
  const v = Array.isArray(k) ? k[0] : k;
  if (v && v.length > 200) throw invalid([field('Idempotency-Key', 'Idempotency-Key 不能超过 200 个字符', 'The Idempotency-Key header must be at most 200 characters')]);
  return v || null;
}
