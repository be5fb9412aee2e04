// 移交 110: a police matter that reached 12345 leaves the centre for the police platform; the
// outbox sends it over the configured 110 link (src/interop/police.ts).
import * as handover from '../domain/handover.ts';
import { policeLinkId } from '../store/links.ts';
import { ReasonInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const handOverToPolice = defineStep({
  name: 'handOverToPolice',
  ability: 'order.handOverToPolice',
  input: ReasonInput,
  http: { path: 'handover-110', summary: '移交 110 Hand a police matter over to the police platform', audience: 'staff' },
  load: (tx) => policeLinkId(tx),
  decide: (o, _c, i, linkId) => handover.handOverToPolice(o, { reason: i.reason, policeLinkId: linkId }),
});
