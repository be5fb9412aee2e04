// A past order with its whole history (an import from another system, the demo city): the events
// were made by the domain's own steps or built from a file's rows (src/interop/importer), and the
// store folds them with the same `evolve` as live steps, so the order reads like one that went
// through the loop here.
import { z } from 'zod';
import type { OrderEvent } from '../domain/order.ts';
import { defineCreate } from './operation.ts';

export interface HistoryInput {
  events: readonly OrderEvent[];
  /** Keep this case code; null: the next code of the day the order was accepted. */
  code: string | null;
}

export const importHistory = defineCreate({
  name: 'importHistory',
  ability: 'order.import',
  input: z.custom<HistoryInput>(),
  decide: (_c, i: HistoryInput) => {
    if (i.events[0]?.data.type !== 'accepted') {
      return { ok: false, rejection: { code: 'no_accept', zh: '历史工单须从受理开始', en: 'A history starts with its accepted event' } };
    }
    return { ok: true, history: i.events };
  },
  code: (i) => i.code,
});
