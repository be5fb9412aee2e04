// 综合评价 (evaluate): the centre's own score of how a closed order was handled.
import * as cmd from '../domain/commands.ts';
import { z } from 'zod';
import { note } from '../domain/fields.ts';
import { defineStep } from './operation.ts';

export const evaluate = defineStep({
  name: 'evaluate',
  ability: 'order.evaluate',
  input: z.strictObject({ score: z.number().int().min(0).max(100), note }),
  http: { path: 'evaluate', summary: '综合评价 Evaluate', audience: 'staff' },
  decide: (o, c, i) => cmd.evaluate(o, c, i),
});
