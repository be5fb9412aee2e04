// 立案 (open the case): the order goes to the dispatch queue.
import * as cmd from '../domain/commands.ts';
import { NoteInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const register = defineStep({
  name: 'register',
  ability: 'order.register',
  input: NoteInput,
  http: { path: 'register', summary: '立案 Open the case', audience: 'staff' },
  decide: (o, c, i) => cmd.register(o, c, i),
});
