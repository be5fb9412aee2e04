// 协办反馈 (assisting unit's input): an assisting unit adds what it did; the lead unit replies.
import * as cmd from '../domain/commands.ts';
import { z } from 'zod';
import { text } from '../domain/fields.ts';
import { defineStep } from './operation.ts';

export const assistNote = defineStep({
  name: 'assistNote',
  ability: 'order.assistNote',
  input: z.strictObject({ text: text(5000, '协办意见', 'Text') }),
  http: { path: 'assist-note', summary: '协办反馈 Assisting unit feedback', audience: 'staff' },
  decide: (o, c, i) => cmd.assistNote(o, c, i),
});
