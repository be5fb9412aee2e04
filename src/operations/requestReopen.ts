// 申请重办 (ask to reopen): the resident is not satisfied with the result; the centre decides.
import * as cmd from '../domain/commands.ts';
import { ReasonInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const requestReopen = defineStep({
  name: 'requestReopen',
  ability: 'order.requestReopen',
  input: ReasonInput,
  http: { path: 'reopen-request', summary: '申请重办 Ask to reopen', audience: 'resident' },
  decide: (o, c, i) => cmd.requestReopen(o, c, i),
});
