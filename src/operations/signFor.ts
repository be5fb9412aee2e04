// 签收 (sign for): the unit holding the order takes it on; the handling clock keeps running.
import * as cmd from '../domain/commands.ts';
import { NoteInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const signFor = defineStep({
  name: 'signFor',
  ability: 'order.signFor',
  input: NoteInput,
  http: { path: 'sign-for', summary: '签收 Sign for', audience: 'staff' },
  decide: (o, c, i) => cmd.signFor(o, c, i),
});
