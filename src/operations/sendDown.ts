// 下派 (send down): the holding unit passes the order to a unit below it (district → street →
// community → grid), which gets its own sign-for limit; the handling deadline stays.
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { note, unitId } from '../domain/fields.ts';
import { problem } from '../domain/problems.ts';
import { isBelow } from '../policy/scopes.ts';
import { defineStep } from './operation.ts';

export const sendDown = defineStep({
  name: 'sendDown',
  ability: 'order.sendDown',
  input: z.strictObject({ toUnitId: unitId, note }),
  http: { path: 'send-down', summary: '下派 Send down to a unit below', audience: 'staff' },
  check: (i, c) => {
    const to = c.catalog.units.get(i.toUnitId);
    return to?.active ? [] : [problem('toUnitId', '下派单位不存在或已停用', 'No such unit, or it is disabled')];
  },
  decide: (o, c, i) => {
    const to = c.catalog.units.get(i.toUnitId)!;
    const from = c.actor.unitId === null ? undefined : c.catalog.units.get(c.actor.unitId);
    return cmd.sendDown(o, c, { toUnitId: to.id, toUnitIsBelow: !!from && isBelow(to, from), note: i.note });
  },
});
