// The escalation ladder (超时预警, 超期, 自动督办, 移送纪检), taken by the platform when nobody
// touches an order past its deadline. Each step is keyed (order, level, deadline) so it happens
// once; an order another process is working on is skipped and picked up by the next sweep.
import { z } from 'zod';
import { dueEscalations } from '../domain/escalation.ts';
import type { Order } from '../domain/order.ts';
import { escalationKey, recordEscalations, takenEscalations } from '../store/escalations.ts';
import { defineStep, type OpContext } from './operation.ts';

/** The steps due now whose key is not taken yet. */
const due = (o: Order, c: OpContext, taken: Set<string>) =>
  dueEscalations(o, c.now, c.catalog.escalation, c.calendar).filter((s) => !taken.has(escalationKey(s.level, s.dueAt)));

export const escalate = defineStep({
  name: 'escalate',
  ability: 'order.escalate',
  input: z.object({}),
  lock: 'skip',
  load: (tx, o) => takenEscalations(tx, o.id),
  decide: (o, c, _i, taken) => ({ ok: true, events: due(o, c, taken).map((s) => ({ data: s.event, note: s.note })) }),
  record: (tx, done, _i, taken, c) => recordEscalations(tx, done.order.id, due(done.before, c, taken), c.now),
});
