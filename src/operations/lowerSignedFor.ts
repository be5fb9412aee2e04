// The lower centre's unit signed for an order we sent it.
// (A linked centre's message, applied by src/interop/links.ts with the rules of src/domain/linkage.ts.)
import { z } from 'zod';
import * as linkage from '../domain/linkage.ts';
import { defineStep } from './operation.ts';

export const lowerSignedFor = defineStep({
  name: 'lowerSignedFor',
  ability: 'order.applyLinkMessage',
  input: z.custom<{ note: string | null }>(),
  decide: (o, c, i) => linkage.lowerSignedFor(o, c, i),
});
