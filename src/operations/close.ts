// 办结 (close): verified after the callback.
import * as cmd from '../domain/commands.ts';
import { NoteInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const close = defineStep({
  name: 'close',
  ability: 'order.close',
  input: NoteInput,
  http: { path: 'close', summary: '核实办结 Verify and close', audience: 'staff' },
  decide: (o, c, i) => cmd.close(o, c, i),
});
