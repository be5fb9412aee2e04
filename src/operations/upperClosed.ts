// The upper centre closed an order it sent us after its callback: the callback and the close here.
// (A linked centre's message, applied by src/interop/links.ts with the rules of src/domain/linkage.ts.)
import { z } from 'zod';
import * as linkage from '../domain/linkage.ts';
import type { Satisfaction } from '../domain/types.ts';
import { defineStep } from './operation.ts';

export const upperClosed = defineStep({
  name: 'upperClosed',
  ability: 'order.applyLinkMessage',
  input: z.custom<{ satisfaction: Satisfaction | null; solved: boolean | null; note: string | null }>(),
  decide: (o, c, i) => linkage.upperClosed(o, c, i),
});
