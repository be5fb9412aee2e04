// The residents' side: submit a request from the portal and track it by code and check. Their
// own steps (rate, ask to reopen, withdraw) are made from the list of operations (./operations.ts).
// No log-in; never any personal data in a response.
import type { AppContext } from '../../app/context.ts';
import { trackedView } from '../../app/orders/queries.ts';
import { LIMITS } from '../../app/throttle.ts';
import { accept } from '../../operations/accept.ts';
import { asResident } from '../../operations/as.ts';
import { create } from '../../operations/executor.ts';
import * as S from '../schemas/orders.ts';
import { CodeParam } from '../schemas/common.ts';
import type { App } from '../server.ts';
import { idempotencyKey } from './orders.ts';

export function publicRoutes(api: App, app: AppContext) {
  api.post('/api/public/requests', {
    schema: { tags: ['public'], summary: '市民提交诉求 Submit a request (portal)', body: S.PublicSubmitBody, security: [] },
    config: { throttle: LIMITS.submissionsPerAddress },
  }, async (req, reply) => {
    const b = req.body;
    const r = await create(app, accept, {
      ...b, channel: 'web', grade: 1, emergency: false, externalRef: null, answer: null, register: false,
    }, asResident(), { key: idempotencyKey(req) });
    reply.status(r.replayed ? 200 : 201);
    return {
      code: r.order.code,
      // The check to track with: the secret (given or generated), or else the phone's last four digits.
      check: b.trackSecret ?? r.secret ?? null,
      checkHint: b.trackSecret || r.secret ? '查询密码 / tracking secret' : '手机号后四位 / last four digits of your phone',
      replayed: r.replayed,
    };
  });

  api.get('/api/public/requests/:code', {
    schema: { tags: ['public'], summary: '查询办理进度 Track a request', params: CodeParam, querystring: S.TrackQuery, security: [] },
    config: { throttle: LIMITS.lookupsPerAddress },
  }, async (req) => trackedView(app, req.params.code, req.query.check));
}
