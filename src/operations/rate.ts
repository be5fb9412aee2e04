// 市民评价 (rate): the resident rates the result on the portal.
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { note } from '../domain/fields.ts';
import { satisfaction } from './inputs.ts';
import { defineStep } from './operation.ts';

export const rate = defineStep({
  name: 'rate',
  ability: 'order.rate',
  input: z.strictObject({ satisfaction, note }),
  http: { path: 'rate', summary: '评价办理结果 Rate the result', audience: 'resident' },
  decide: (o, c, i) => cmd.rate(o, c, i),
});
