// Request schemas of the work-order resource's reads and of the portal's form. What each step
// takes is its operation's input (src/operations/).
import { z } from 'zod';
import { ORDER_STATES } from '../../domain/order.ts';
import { bi } from '../../domain/fields.ts';
import { attachmentIds, channel, IntakeSchema, requestType } from '../../domain/intake.ts';

const csv = <T extends z.ZodType<string, string>>(item: T) => z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(item));
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListQuery = z.object({
  state: csv(z.enum(ORDER_STATES)).optional(),
  q: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(20).optional(),
  channel: channel.optional(),
  requestType: requestType.optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  territoryId: z.coerce.number().int().positive().optional(),
  leadUnitId: z.coerce.number().int().positive().optional(),
  mine: bool.optional(),
  colour: z.enum(['due_soon', 'overdue']).optional(),
  escalation: z.enum(['none', 'warned', 'overdue', 'supervised', 'discipline']).optional(),
  listed: bool.optional(),
  emergency: bool.optional(),
  /** Orders with an extension request waiting for a decision (the dispatcher's queue). */
  pendingExtension: bool.optional(),
  from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** The portal's form: the intake contract less what only the centre sets (channel, grade, emergency, references). */
export const PublicSubmitBody = IntakeSchema.pick({ requestType: true, categoryId: true, title: true, description: true, place: true, caller: true, trackSecret: true })
  .extend({ attachmentIds: attachmentIds(9, '最多上传 9 张照片', 'At most 9 photos') });
export const TrackQuery = z.object({ check: z.string().trim().min(4, bi('请填写校验码（手机号后四位或提交时的查询密码）', 'Enter the check (last four digits of the phone, or your tracking secret)')).max(32) });
