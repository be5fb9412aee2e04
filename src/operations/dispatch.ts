// 派单 (dispatch): to a lead unit and any assisting units, with the deadlines of the most specific
// time-limit rule on the official calendar; an emergency is also phoned through (双重交办).
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { bi, note, optionalText, phone, text, unitId } from '../domain/fields.ts';
import { checkDispatchUnits, findLimits, NO_TIME_LIMIT_RULE } from '../domain/rules.ts';
import { defineStep } from './operation.ts';

export const PhoneNoticeInput = z.strictObject({
  calledAt: z.iso.datetime({ offset: true, ...bi('电话通知时间须为 ISO 8601 时间', 'calledAt must be an ISO 8601 date-time') }).transform((s) => new Date(s)),
  person: text(50, '接听人', 'Person called'),
  phone,
  note: optionalText(500, '通话记录', 'Call note'),
});

export const DispatchInput = z.strictObject({
  leadUnitId: unitId,
  assistUnitIds: z.array(unitId).max(10).default([]),
  phoneNotice: PhoneNoticeInput.nullish().transform((v) => v ?? null),
  note,
});

export const dispatch = defineStep({
  name: 'dispatch',
  ability: 'order.dispatch',
  input: DispatchInput,
  http: { path: 'dispatch', summary: '派单 Dispatch to a lead unit and assisting units', audience: 'staff' },
  check: (i, c) => checkDispatchUnits(c.catalog, i.leadUnitId, i.assistUnitIds),
  decide: (o, c, i) => {
    const limits = findLimits(o, c.catalog);
    if (!limits) return { ok: false, rejection: NO_TIME_LIMIT_RULE };
    return cmd.dispatch(o, c, { ...i, limits });
  },
});
