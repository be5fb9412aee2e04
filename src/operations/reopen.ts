// 重办 (reopen): an unsatisfied, reasonable request goes back to the same unit with a new limit.
import * as cmd from '../domain/commands.ts';
import { ReasonInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const reopen = defineStep({
  name: 'reopen',
  ability: 'order.reopen',
  input: ReasonInput,
  http: { path: 'reopen', summary: '重办 Reopen to the same unit', audience: 'staff' },
  decide: (o, c, i) => cmd.reopen(o, c, i),
});
