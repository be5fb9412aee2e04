// 办理回复 (reply): the holding unit reports the result, with evidence, and the order waits for
// the callback.
import { z } from 'zod';
import * as cmd from '../domain/commands.ts';
import { optionalText, text } from '../domain/fields.ts';
import { requireAttachments } from './attachments.ts';
import { defineStep } from './operation.ts';

export const reply = defineStep({
  name: 'reply',
  ability: 'order.reply',
  input: z.strictObject({
    result: text(5000, '办理结果', 'Result'),
    attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
    handlerName: optionalText(50, '经办人', 'Handler name'),
  }),
  http: { path: 'reply', summary: '办理回复 Reply with the result', audience: 'staff' },
  load: (tx, _o, i) => requireAttachments(tx, i.attachmentIds),
  decide: (o, c, i) => cmd.reply(o, c, i),
});
