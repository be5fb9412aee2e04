// The residents' side: submit a request from the portal, track it by code and check, rate the
// result, ask to reopen, withdraw. No log-in; never any personal data in a response.
import type { AppContext } from '../../app/context.ts';
import { acceptOrder } from '../../app/orders/accept.ts';
import { trackOrder } from '../../app/orders/queries.ts';
import { fail, guard, LIMITS, take } from '../../app/throttle.ts';
import { runAs } from '../../app/orders/step.ts';
import * as cmd from '../../domain/commands.ts';
import type { Actor } from '../../domain/order.ts';
import { getCatalog } from '../../store/catalog.ts';
import { presentPublic } from '../../app/orders/present.ts';
import { loadEvents } from '../../store/orders.ts';
import * as S from '../schemas/orders.ts';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../server.ts';
import { idempotencyKey } from './orders.ts';

export const RESIDENT: Actor = { userId: null, role: 'resident', unitId: null, name: '市民' };
const CodeParam = z.object({ code: z.string().regex(/^\d{8}-\d{5}$/) });

export function publicRoutes(api: App, app: AppContext) {
  /** The order behind a code and check, throttled: lookups per address, wrong checks per code. */
  const tracked = async (req: FastifyRequest, code: string, check: string) => {
    const now = app.clock.now();
    await take(app.db, LIMITS.lookupsPerAddress, req.ip, now);
    await guard(app.db, LIMITS.wrongChecksPerCode, code, now);
    try {
      return await trackOrder(app, code, check);
    } catch (e) {
      await fail(app.db, LIMITS.wrongChecksPerCode, code, now);
      throw e;
    }
  };

  api.post('/api/public/requests', {
    schema: { tags: ['public'], summary: '市民提交诉求 Submit a request (portal)', body: S.PublicSubmitBody, security: [] },
  }, async (req, reply) => {
    const b = req.body;
    await take(app.db, LIMITS.submissionsPerAddress, req.ip, app.clock.now());
    const r = await acceptOrder(app, RESIDENT, {
      ...b, channel: 'web', grade: 1, emergency: false, externalRef: null, answer: null, register: false,
      idempotencyKey: idempotencyKey(req),
    });
    reply.status(r.replayed ? 200 : 201);
    return {
      code: r.order.code,
      // The check to track with: the secret (given or generated), or else the phone's last four digits.
      check: b.trackSecret ?? r.trackSecret ?? null,
      checkHint: b.trackSecret || r.trackSecret ? '查询密码 / tracking secret' : '手机号后四位 / last four digits of your phone',
      replayed: r.replayed,
    };
  });

  api.get('/api/public/requests/:code', {
    schema: { tags: ['public'], summary: '查询办理进度 Track a request', params: CodeParam, querystring: S.TrackQuery, security: [] },
  }, async (req) => (await tracked(req, req.params.code, req.query.check)).view);

  const residentStep = <B extends { check: string }>(path: string, summary: string, body: z.ZodType<B>, decide: (b: B) => Parameters<typeof runAs>[3]) => {
    api.post(`/api/public/requests/:code/${path}`, { schema: { tags: ['public'], summary, params: CodeParam, body, security: [] } }, async (req) => {
      const b = req.body as B;
      const { order } = await tracked(req, req.params.code, b.check);
      const o = await runAs(app, RESIDENT, order.id, decide(b));
      return presentPublic(o, await loadEvents(app.db, o.id), await getCatalog(app.db));
    });
  };
  residentStep('rate', '评价办理结果 Rate the result', S.RateBody, (b) => (o, c) => cmd.rate(o, c, b));
  residentStep('reopen-request', '申请重办 Ask to reopen', S.PublicReasonBody, (b) => (o, c) => cmd.requestReopen(o, c, b));
  residentStep('withdraw', '撤回诉求 Withdraw', S.PublicReasonBody, (b) => (o, c) => cmd.withdraw(o, c, b));
}
