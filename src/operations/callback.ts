// 回访 (callback): the callback agent records whether the resident was reached, satisfied and helped.
import * as cmd from '../domain/commands.ts';
import { z } from 'zod';
import { note } from '../domain/fields.ts';
import { satisfaction } from './inputs.ts';
import { defineStep } from './operation.ts';

export const callback = defineStep({
  name: 'callback',
  ability: 'order.callback',
  input: z.strictObject({
    reached: z.boolean().default(true),
    satisfaction: satisfaction.nullish().transform((v) => v ?? null),
    solved: z.boolean().nullish().transform((v) => v ?? null),
    note,
  }),
  http: { path: 'callback', summary: '回访 Record the callback', audience: 'staff' },
  decide: (o, c, i) => cmd.callback(o, c, i),
});
