// The lower centre replied to an order we sent it (signing for it first when it had not).
// (A linked centre's message, applied by src/interop/links.ts with the rules of src/domain/linkage.ts.)
import { z } from 'zod';
import * as linkage from '../domain/linkage.ts';
import { defineStep } from './operation.ts';

export const lowerReplied = defineStep({
  name: 'lowerReplied',
  ability: 'order.applyLinkMessage',
  input: z.custom<{ result: string; handlerName: string }>(),
  decide: (o, c, i) => linkage.lowerReplied(o, c, i),
});
