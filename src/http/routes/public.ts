// The residents' side: submit a request from the portal, track it by code and check, rate the
// result, ask to reopen, withdraw. No log-in; never any personal data in a response.
import type { AppContext } from '../../app/context.ts';
import { acceptOrder } from '../../app/orders/accept.ts';
import { checkTrack, publicView } from '../../app/orders/queries.ts';
import { LIMITS } from '../../app/throttle.ts';
import { runAs } from '../../app/orders/step.ts';
import * as cmd from '../../domain/commands.ts';
import type { Actor } from '../../domain/order.ts';
import { loadOrder } from '../../store/orders.ts';
import * as S from '../schemas/orders.ts';
import { z } from 'zod';
import type { App } from '../server.ts';
import { idempotencyKey } from './orders.ts';

export const RESIDENT: Actor = { userId: null, role: 'resident', unitId: null, name: '市民' };
const CodeParam = z.object({ code: z.string().regex(/^\d{8}-\d{5}$/) });

export function publicRoutes(api: App, app: AppContext) {
  api.post('/api/public/requests', {
    schema: { tags: ['public'], summary: '市民提交诉求 Submit a request (portal)', body: S.PublicSubmitBody, security: [] },
    config: { throttle: LIMITS.submissionsPerAddress },
  }, async (req, reply) => {
    const b = req.body;
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
    config: { throttle: LIMITS.lookupsPerAddress },
  }, async (req) => publicView(app, (await loadOrder(app.db, await checkTrack(app, req.params.code, req.query.check)))!));

  const residentStep = <B extends { check: string }>(path: string, summary: string, body: z.ZodType<B>, decide: (b: B) => Parameters<typeof runAs>[3]) => {
    api.post(`/api/public/requests/:code/${path}`, {
      schema: { tags: ['public'], summary, params: CodeParam, body, security: [] },
      config: { throttle: LIMITS.lookupsPerAddress },
    }, async (req) => {
      const b = req.body as B;
      const o = await runAs(app, RESIDENT, await checkTrack(app, req.params.code, b.check), decide(b));
      return publicView(app, o);
    });
  };
  residentStep('rate', '评价办理结果 Rate the result', S.RateBody, (b) => (o, c) => cmd.rate(o, c, b));
  residentStep('reopen-request', '申请重办 Ask to reopen', S.PublicReasonBody, (b) => (o, c) => cmd.requestReopen(o, c, b));
  residentStep('withdraw', '撤回诉求 Withdraw', S.PublicReasonBody, (b) => (o, c) => cmd.withdraw(o, c, b));
}
