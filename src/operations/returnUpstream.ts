// 退回上级中心: a lower centre hands an order the upper centre sent it back up, before any unit
// has it; the outbox tells the upper centre (src/interop/links.ts).
import * as handover from '../domain/handover.ts';
import { upperLinkOf } from '../store/links.ts';
import { ReasonInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const returnUpstream = defineStep({
  name: 'returnUpstream',
  ability: 'order.returnUpstream',
  input: ReasonInput,
  http: { path: 'return-upstream', summary: '退回上级中心 Return an order to the upper centre that sent it', audience: 'staff' },
  load: (tx, o) => upperLinkOf(tx, o.id),
  decide: (o, _c, i, linkId) => handover.returnUpstream(o, { reason: i.reason, upperLinkId: linkId }),
});
