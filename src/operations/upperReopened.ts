// The upper centre reopened an order it sent us: reopened to the same unit here.
// (A linked centre's message, applied by src/interop/links.ts with the rules of src/domain/linkage.ts.)
import { z } from 'zod';
import * as linkage from '../domain/linkage.ts';
import { defineStep } from './operation.ts';

export const upperReopened = defineStep({
  name: 'upperReopened',
  ability: 'order.applyLinkMessage',
  input: z.custom<{ reason: string | null }>(),
  decide: (o, c, i) => linkage.upperReopened(o, c, i),
});
