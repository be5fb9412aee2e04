// 挂牌督办 (listed supervision): the order closes only once the resident is satisfied.
import * as cmd from '../domain/commands.ts';
import { RequiredNoteInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const list = defineStep({
  name: 'list',
  ability: 'order.list',
  input: RequiredNoteInput,
  http: { path: 'list', summary: '挂牌督办 List for supervision until satisfied', audience: 'staff' },
  decide: (o, c, i) => cmd.list(o, c, i),
});
