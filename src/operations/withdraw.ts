// 撤回 (withdraw): the resident takes the request back, on the portal or by calling the centre.
import * as cmd from '../domain/commands.ts';
import { ReasonInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const withdraw = defineStep({
  name: 'withdraw',
  ability: 'order.withdraw',
  input: ReasonInput,
  http: [
    { path: 'withdraw', summary: '撤回 Withdraw on the resident\'s behalf', audience: 'staff' },
    { path: 'withdraw', summary: '撤回诉求 Withdraw', audience: 'resident' },
  ],
  decide: (o, c, i) => cmd.withdraw(o, c, i),
});
