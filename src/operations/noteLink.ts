// What a linked platform answered to a message we sent about an order (its case code, the police
// incident number), noted on the order (`link_noted`) together with the link's mapping.
import { z } from 'zod';
import { setRemoteCode } from '../store/links.ts';
import { defineStep } from './operation.ts';

export interface LinkNote {
  linkId: number;
  /** The message that was answered. */
  topic: string;
  ref: string | null;
  note: string;
}

export const noteLink = defineStep({
  name: 'noteLink',
  ability: 'order.noteLink',
  input: z.custom<LinkNote>(),
  decide: (_o, _c, i: LinkNote) => ({ ok: true, events: [{ data: { type: 'link_noted', linkId: i.linkId, direction: 'out', ref: i.ref }, note: i.note }] }),
  record: async (tx, done, i, _x, c) => {
    if (i.topic === 'order.dispatched') await setRemoteCode(tx, i.linkId, done.order.id, i.ref, c.now);
  },
});
