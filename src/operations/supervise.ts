// 督办 (supervision notice) to the unit holding an open order.
import * as cmd from '../domain/commands.ts';
import { RequiredNoteInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const supervise = defineStep({
  name: 'supervise',
  ability: 'order.supervise',
  input: RequiredNoteInput,
  http: { path: 'supervise', summary: '督办 Supervision notice', audience: 'staff' },
  decide: (o, c, i) => cmd.supervise(o, c, i),
});
