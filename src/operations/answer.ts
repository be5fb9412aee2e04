// 即时答复 (answer at once): the operator answers from the knowledge base and the order closes.
import * as cmd from '../domain/commands.ts';
import { z } from 'zod';
import { optionalId, text } from '../domain/fields.ts';
import { defineStep } from './operation.ts';

export const answer = defineStep({
  name: 'answer',
  ability: 'order.answer',
  input: z.strictObject({ answer: text(5000, '答复内容', 'Answer'), knowledgeArticleId: optionalId }),
  http: { path: 'answer', summary: '即时答复并办结 Answer at once and close', audience: 'staff' },
  decide: (o, c, i) => cmd.answer(o, c, i),
});
