// 时限重算: after an administrator changes the calendar or a time-limit rule (the configuration
// version moves), an open order's deadlines are recomputed from when its clock started, keeping
// approved extensions. Each order records the version it was checked against, so each change is
// applied once; an order another process holds is skipped until the next sweep.
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { limitsOf } from '../domain/rules.ts';
import { timeLimitRuleById } from '../store/catalog.ts';
import { markConfigChecked } from '../store/orders.ts';
import { defineStep } from './operation.ts';

export const recomputeDeadlines = defineStep({
  name: 'recomputeDeadlines',
  ability: 'order.recomputeDeadlines',
  input: z.object({}),
  lock: 'skip',
  // The order's rule as it is now: from the configuration, or read when it is no longer active.
  load: async (tx, o, _i, c) => {
    const id = o.limits?.ruleId ?? null;
    if (id === null) return null;
    return c.catalog.timeLimitRules.find((r) => r.id === id) ?? (await timeLimitRuleById(tx, id));
  },
  decide: (o, c, _i, rule) => {
    if (!o.limits) return { ok: true, events: [] };
    const limits = rule ? limitsOf(rule, c.catalog.version) : { ...o.limits, calendarVersion: c.catalog.version };
    const e = cmd.recomputeDeadlines(o, limits, c.calendar);
    return { ok: true, events: e ? [e] : [] };
  },
  record: (tx, done, _i, _rule, c) => markConfigChecked(tx, done.order.id, c.catalog.version),
});
