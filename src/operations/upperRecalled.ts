// The upper centre took back an order it sent us (reassigned elsewhere, withdrawn): withdrawn here, and no longer linked.
// (A linked centre's message, applied by src/interop/links.ts with the rules of src/domain/linkage.ts.)
import { z } from 'zod';
import * as linkage from '../domain/linkage.ts';
import { unlinkOrder } from '../store/links.ts';
import { defineStep } from './operation.ts';

export const upperRecalled = defineStep({
  name: 'upperRecalled',
  ability: 'order.applyLinkMessage',
  input: z.custom<{ linkId: number; reason: string | null }>(),
  decide: (o, c, i) => linkage.upperRecalled(o, c, i),
  // The exchange of the order over the link ends here.
  record: (tx, done, i, _x, c) => unlinkOrder(tx, i.linkId, done.order.id, c.now),
});
