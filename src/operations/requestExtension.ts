// 延期申请 (ask for an extension): the holding unit asks for more working days; the centre decides.
import * as cmd from '../domain/commands.ts';
import { z } from 'zod';
import { bi, reason } from '../domain/fields.ts';

const days = bi('延期天数须为 1-30 的整数', 'Days must be an integer 1-30');
import { defineStep } from './operation.ts';

export const requestExtension = defineStep({
  name: 'requestExtension',
  ability: 'order.requestExtension',
  input: z.strictObject({
    days: z.number(days).int().min(1, days).max(30, days),
    reason,
  }),
  http: { path: 'extension', summary: '申请延期 Ask for an extension (working days)', audience: 'staff' },
  decide: (o, c, i) => cmd.requestExtension(o, c, i),
});
