// The routes of the operations on work orders, made from their list (src/operations/index.ts):
// a staff step is POST /api/orders/:id/<path> and answers the order with its timeline as the
// caller may see it; a resident's step is POST /api/public/requests/:code/<path> with the
// tracking check in the body and answers what a resident sees. Validation, OpenAPI and the
// operation's own rules come from its definition; the executor runs it.
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { notFound } from '../../app/errors.ts';
import { checkTrack, presentWithTimeline, publicView } from '../../app/orders/queries.ts';
import { LIMITS } from '../../app/throttle.ts';
import { asResident, asUser } from '../../operations/as.ts';
import { execute } from '../../operations/executor.ts';
import { OPERATIONS } from '../../operations/index.ts';
import type { HttpRoute, StepOperation } from '../../operations/operation.ts';
import { findOrderId } from '../../store/orders.ts';
import { CodeParam, IdParam, TrackCheck } from '../schemas/common.ts';
import { requireUser, type App } from '../server.ts';

export function operationRoutes(api: App, app: AppContext): void {
  const staff = (op: StepOperation, r: HttpRoute) => {
    api.post(`/api/orders/:id/${r.path}`, {
      schema: { tags: r.tags ?? ['order steps'], summary: r.summary, description: r.description, params: IdParam, body: op.input },
    }, async (req) => {
      const user = requireUser(req);
      const id = await findOrderId(app.db, req.params.id);
      if (id === null) throw notFound();
      const done = await execute(app, op, id, req.body, asUser(user));
      return presentWithTimeline(app, user, done!.order, null, done!.catalog);
    });
  };

  const resident = (op: StepOperation, r: HttpRoute) => {
    const body = (op.input as z.ZodObject).extend({ check: TrackCheck });
    api.post(`/api/public/requests/:code/${r.path}`, {
      schema: { tags: r.tags ?? ['public'], summary: r.summary, description: r.description, params: CodeParam, body, security: [] },
      config: { throttle: LIMITS.lookupsPerAddress },
    }, async (req) => {
      const { check, ...input } = req.body as { check: string } & Record<string, unknown>;
      const id = await checkTrack(app, req.params.code, check);
      const done = await execute(app, op, id, input, asResident(id));
      return publicView(app, done!.order);
    });
  };

  for (const op of OPERATIONS) {
    if (op.kind !== 'step' || !op.http) continue;
    for (const r of [op.http].flat()) (r.audience === 'staff' ? staff : resident)(op, r);
  }
}
