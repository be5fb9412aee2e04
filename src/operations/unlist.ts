// 摘牌 (lift listed supervision).
import * as cmd from '../domain/commands.ts';
import { RequiredNoteInput } from './inputs.ts';
import { defineStep } from './operation.ts';

export const unlist = defineStep({
  name: 'unlist',
  ability: 'order.unlist',
  input: RequiredNoteInput,
  http: { path: 'unlist', summary: '摘牌 Lift listed supervision', audience: 'staff' },
  decide: (o, c, i) => cmd.unlist(o, c, i),
});
