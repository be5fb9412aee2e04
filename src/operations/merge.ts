// 合并重复件 (merge a duplicate): the duplicate ends as merged, the master records it; both
// orders are locked, lower id first.
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { note } from '../domain/fields.ts';
import { problem } from '../domain/problems.ts';
import { defineStep } from './operation.ts';

export const merge = defineStep({
  name: 'merge',
  ability: 'order.merge',
  input: z.strictObject({ masterId: z.number().int().positive(), note }),
  http: { path: 'merge', summary: '合并重复件 Merge into a master order', audience: 'staff' },
  others: (i) => [{ id: i.masterId, missing: problem('masterId', '主工单不存在', 'No such master order') }],
  decide: (dup, c, i, _x, [master]) => {
    const d = cmd.merge(dup, master!, c, i);
    return d.ok ? { ok: true, events: d.dup, others: [{ orderId: master!.id, events: d.master }] } : d;
  },
});
