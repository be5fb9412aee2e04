// 受理 (accept a request): the order and its first events are written in one statement, so the
// request is durable before the resident hears the case code. Every channel comes here: the
// intake desk, the portal, Open311, the 110 link and the upper centre, each mapping its own wire
// format onto the intake contract (src/domain/intake.ts). At the desk the operator may answer at
// once from the knowledge base (即时答复) or open the case for dispatch (立案) in the same step.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { optionalId, text } from '../domain/fields.ts';
import { sha256 } from '../app/auth.ts';
import { IntakeSchema, intakeProblems } from '../domain/intake.ts';
import { blankOrder, evolve, intakeOf } from '../domain/order.ts';
import { problem } from '../domain/problems.ts';
import { requireAttachments } from './attachments.ts';
import { defineCreate } from './operation.ts';

export const AcceptInput = IntakeSchema.extend({
  /** Answer at once from the knowledge base and close (即时答复). */
  answer: z.strictObject({ text: text(5000, '答复内容', 'Answer'), knowledgeArticleId: optionalId }).nullish().transform((v) => v ?? null),
  /** Open the case file at once (立案), ready for dispatch. */
  register: z.boolean().default(false),
});
export type AcceptInput = z.output<typeof AcceptInput>;

export const accept = defineCreate({
  name: 'accept',
  ability: 'order.accept',
  input: AcceptInput,
  check: (i, c) => [
    ...intakeProblems(i, c.catalog),
    ...(i.answer && i.register ? [problem('register', '即时答复的诉求不能同时立案', 'An order answered at once cannot also be registered')] : []),
  ],
  load: async (db, i) => {
    await requireAttachments(db, i.attachmentIds);
    // Without a phone to check against, the resident tracks with a secret: theirs, or one made here.
    return { generated: i.trackSecret === null && !i.caller.phone ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null };
  },
  decide: (c, i) => {
    const first = { data: { type: 'accepted' as const, ...intakeOf(i), attachmentIds: i.attachmentIds }, note: null };
    const o = evolve(blankOrder(0, '', c.now), { ...first, seq: 1, at: c.now, actor: c.actor });
    const next = i.answer
      ? cmd.answer(o, c, { answer: i.answer.text, knowledgeArticleId: i.answer.knowledgeArticleId })
      : i.register ? cmd.register(o, c, { note: null }) : null;
    if (next && !next.ok) return next;
    return { ok: true, events: [first, ...(next?.events ?? [])] };
  },
  trackSecretHash: (i, x) => {
    const secret = i.trackSecret ?? x.generated;
    return secret ? sha256(secret) : null;
  },
  secret: (_i, x) => x.generated,
});
