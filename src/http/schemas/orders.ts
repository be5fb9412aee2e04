// Request schemas of the work-order resource: one place for what each step accepts.
import { z } from 'zod';
import { CHANNELS, REQUEST_TYPES, SATISFACTIONS } from '../../domain/types.ts';
import { ORDER_STATES } from '../../domain/order.ts';
import { bi } from '../validation.ts';
import { note, optionalText, phone, reason, text, unitId } from './common.ts';

const channel = z.enum(CHANNELS, bi(`渠道须为以下之一：${CHANNELS.join('、')}`, `Channel must be one of ${CHANNELS.join(', ')}`));
const requestType = z.enum(REQUEST_TYPES, bi('诉求类型须为 consult（咨询）、help（求助）、complaint（投诉）、report（举报）、suggestion（建议）、praise（表扬）或 other（其他）', `Request type must be one of ${REQUEST_TYPES.join(', ')}`));

export const Caller = z.strictObject({
  name: optionalText(50, '来电人姓名', 'Caller name'),
  phone: phone.nullish().transform((v) => v ?? null),
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
});

export const PlaceIn = z.strictObject({
  territoryId: z.number().int().positive().nullish().transform((v) => v ?? null),
  address: optionalText(200, '地址', 'Address'),
  lng: z.number().min(-180).max(180).nullish().transform((v) => v ?? null),
  lat: z.number().min(-90).max(90).nullish().transform((v) => v ?? null),
});

export const AcceptBody = z.strictObject({
  channel,
  requestType,
  categoryId: z.number().int().positive().nullish().transform((v) => v ?? null),
  grade: z.number(bi('等级须为 1-4 的整数', 'Grade must be an integer 1-4')).int().min(1, bi('等级须为 1-4 的整数', 'Grade must be an integer 1-4')).max(4, bi('等级须为 1-4 的整数', 'Grade must be an integer 1-4')).default(1),
  emergency: z.boolean().default(false),
  title: text(100, '标题', 'Title'),
  description: text(5000, '诉求内容', 'Description'),
  caller: Caller.default({ name: null, phone: null, anonymous: true, confidential: false }),
  place: PlaceIn.default({ territoryId: null, address: null, lng: null, lat: null }),
  externalRef: z.record(z.string(), z.string().max(200)).nullish().transform((v) => v ?? null),
  answer: z.strictObject({ text: text(5000, '答复内容', 'Answer'), knowledgeArticleId: z.number().int().positive().nullish().transform((v) => v ?? null) }).nullish().transform((v) => v ?? null),
  register: z.boolean().default(false),
  attachmentIds: z.array(z.number().int().positive()).max(9, bi('最多上传 9 个附件', 'At most 9 attachments')).default([]),
  trackSecret: z.string().trim().min(4, bi('查询密码至少 4 位', 'The tracking secret needs 4 characters or more')).max(32).nullish().transform((v) => v ?? null),
});

export const PhoneNoticeIn = z.strictObject({
  calledAt: z.iso.datetime({ offset: true, ...bi('电话通知时间须为 ISO 8601 时间', 'calledAt must be an ISO 8601 date-time') }).transform((s) => new Date(s)),
  person: text(50, '接听人', 'Person called'),
  phone,
  note: optionalText(500, '通话记录', 'Call note'),
});

export const DispatchBody = z.strictObject({
  leadUnitId: unitId,
  assistUnitIds: z.array(unitId).max(10).default([]),
  phoneNotice: PhoneNoticeIn.nullish().transform((v) => v ?? null),
  note,
});

export const ReassignBody = z.strictObject({ leadUnitId: unitId, assistUnitIds: z.array(unitId).max(10).default([]), note: reason });
export const NoteBody = z.strictObject({ note }).default({ note: null });
export const ReasonBody = z.strictObject({ reason });
export const RequiredNoteBody = z.strictObject({ note: reason });
export const SendDownBody = z.strictObject({ toUnitId: unitId, note });
export const AnswerBody = z.strictObject({ answer: text(5000, '答复内容', 'Answer'), knowledgeArticleId: z.number().int().positive().nullish().transform((v) => v ?? null) });
export const ExtensionBody = z.strictObject({
  days: z.number(bi('延期天数须为 1-30 的整数', 'Days must be an integer 1-30')).int().min(1, bi('延期天数须为 1-30 的整数', 'Days must be an integer 1-30')).max(30, bi('延期天数须为 1-30 的整数', 'Days must be an integer 1-30')),
  reason,
});
export const DecideExtensionBody = z.strictObject({ approve: z.boolean(bi('请选择同意或驳回', 'approve must be true or false')), note });
export const AssistBody = z.strictObject({ text: text(5000, '协办意见', 'Text') });
export const ReplyBody = z.strictObject({
  result: text(5000, '办理结果', 'Result'),
  attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
  handlerName: optionalText(50, '经办人', 'Handler name'),
});
const satisfaction = z.enum(SATISFACTIONS, bi('满意度须为 satisfied（满意）、basically_satisfied（基本满意）或 unsatisfied（不满意）', 'Satisfaction must be satisfied, basically_satisfied or unsatisfied'));
export const CallbackBody = z.strictObject({
  reached: z.boolean().default(true),
  satisfaction: satisfaction.nullish().transform((v) => v ?? null),
  solved: z.boolean().nullish().transform((v) => v ?? null),
  note,
});
export const EvaluateBody = z.strictObject({ score: z.number().int().min(0).max(100), note });
export const MergeBody = z.strictObject({ masterId: z.number().int().positive(), note });

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

export const PublicSubmitBody = z.strictObject({
  requestType,
  categoryId: z.number().int().positive().nullish().transform((v) => v ?? null),
  title: text(100, '标题', 'Title'),
  description: text(5000, '诉求内容', 'Description'),
  place: PlaceIn.default({ territoryId: null, address: null, lng: null, lat: null }),
  caller: Caller.default({ name: null, phone: null, anonymous: true, confidential: false }),
  trackSecret: z.string().trim().min(4, bi('查询密码至少 4 位', 'The tracking secret needs 4 characters or more')).max(32).nullish().transform((v) => v ?? null),
  attachmentIds: z.array(z.number().int().positive()).max(9, bi('最多上传 9 张照片', 'At most 9 photos')).default([]),
});
export const TrackQuery = z.object({ check: z.string().trim().min(4, bi('请填写校验码（手机号后四位或提交时的查询密码）', 'Enter the check (last four digits of the phone, or your tracking secret)')).max(32) });
export const RateBody = z.strictObject({ check: z.string().trim().min(4).max(32), satisfaction, note });
export const PublicReasonBody = z.strictObject({ check: z.string().trim().min(4).max(32), reason });
