// The lower centre returned an order we sent it: back with us, and no longer linked.
// (A linked centre's message, applied by src/interop/links.ts with the rules of src/domain/linkage.ts.)
import { z } from 'zod';
import * as linkage from '../domain/linkage.ts';
import { unlinkOrder } from '../store/links.ts';
import { defineStep } from './operation.ts';

export const lowerReturned = defineStep({
  name: 'lowerReturned',
  ability: 'order.applyLinkMessage',
  input: z.custom<{ linkId: number; reason: string }>(),
  decide: (o, c, i) => linkage.lowerReturned(o, c, i),
  // The exchange of the order over the link ends here.
  record: (tx, done, i, _x, c) => unlinkOrder(tx, i.linkId, done.order.id, c.now),
});
