// 改派 (reassign): the centre takes the order from its lead unit and gives it to another, with a
// new limit from now.
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { reason, unitId } from '../domain/fields.ts';
import { checkDispatchUnits, findLimits, NO_TIME_LIMIT_RULE } from '../domain/rules.ts';
import { defineStep } from './operation.ts';

export const reassign = defineStep({
  name: 'reassign',
  ability: 'order.reassign',
  input: z.strictObject({ leadUnitId: unitId, assistUnitIds: z.array(unitId).max(10).default([]), note: reason }),
  http: { path: 'reassign', summary: '改派 Reassign to another lead unit', audience: 'staff' },
  check: (i, c) => checkDispatchUnits(c.catalog, i.leadUnitId, i.assistUnitIds),
  decide: (o, c, i) => {
    const limits = findLimits(o, c.catalog);
    if (!limits) return { ok: false, rejection: NO_TIME_LIMIT_RULE };
    return cmd.reassign(o, c, { ...i, limits });
  },
});
