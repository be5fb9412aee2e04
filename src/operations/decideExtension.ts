// 延期审批 (decide an extension): approved, the deadline moves by the working days asked for, on today's calendar.
import * as cmd from '../domain/commands.ts';
import { z } from 'zod';
import { bi, note } from '../domain/fields.ts';
import { defineStep } from './operation.ts';

export const decideExtension = defineStep({
  name: 'decideExtension',
  ability: 'order.decideExtension',
  input: z.strictObject({ approve: z.boolean(bi('请选择同意或驳回', 'approve must be true or false')), note }),
  http: { path: 'extension-decision', summary: '审批延期 Approve or refuse an extension', audience: 'staff' },
  decide: (o, c, i) => cmd.decideExtension(o, c, i),
});
