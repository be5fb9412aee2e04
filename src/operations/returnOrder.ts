// 退单 (return): a unit hands the order back to whoever sent it, with the reason; back at the centre its clock stops.
import * as cmd from '../domain/commands.ts';
import { ReasonInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const returnOrder = defineStep({
  name: 'returnOrder',
  ability: 'order.return',
  input: ReasonInput,
  http: { path: 'return', summary: '退单 Return to the sender with a reason', audience: 'staff' },
  decide: (o, c, i) => cmd.returnOrder(o, c, i),
});
