// Request schemas of the interop resources: API keys, links and their messages, webhooks,
// deliveries, the 110 hand-over, import and export. (Open311 validates by its own rules and
// answers in its own error format: src/interop/open311.)
import { z } from 'zod';
import { REQUEST_TYPES, SATISFACTIONS } from '../../domain/types.ts';
import { bi } from '../../domain/fields.ts';
import { ListQuery } from './orders.ts';
import { optionalText, phone, reason, text } from '../../domain/fields.ts';
import { WEBHOOK_EVENTS } from '../../interop/webhooks.ts';

const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, bi('编码只能含字母、数字和 _ . -（最多 40 位）', 'A code has letters, digits, _ . - only (40 at most)'));
const url = z.string().trim().max(500).regex(/^https?:\/\/[^\s]+$/, bi('须为 http:// 或 https:// 开头的地址', 'Must be an http:// or https:// URL'));
const secret = z.string().min(16, bi('共享密钥至少 16 位', 'A shared secret needs 16 characters or more')).max(500);
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,99}$/, bi('环境变量名只能含大写字母、数字和下划线', 'An environment variable name has capitals, digits and underscores'));
const nullish = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? null);

export const ApiKeyBody = z.strictObject({ name: text(100, '应用名称', 'App name') });

export const LinkBody = z.strictObject({
  code,
  name: text(100, '联动名称', 'Link name'),
  kind: z.enum(['centre', 'police'], bi('类型须为 centre（热线中心）或 police（110）', "kind must be 'centre' or 'police'")),
  direction: nullish(z.enum(['up', 'down'], bi("方向须为 up（对方是上级中心）或 down（对方是下级中心）", "direction must be 'up' or 'down'"))),
  unitId: nullish(z.number().int().positive()),
  peerUrl: url,
  secret: nullish(secret),
  secretEnv: nullish(envName),
});
export const LinkPatch = z.strictObject({
  name: text(100, '联动名称', 'Link name').optional(),
  unitId: z.number().int().positive().nullable().optional(),
  peerUrl: url.optional(),
  secret: secret.nullable().optional(),
  secretEnv: envName.nullable().optional(),
  active: z.boolean().optional(),
});
export const LinkCodeParam = z.object({ code });

export const WebhookBody = z.strictObject({
  name: text(100, '订阅名称', 'Name'),
  url,
  events: z.array(z.enum(WEBHOOK_EVENTS, bi(`事件须为：${WEBHOOK_EVENTS.join('、')}`, `Events are ${WEBHOOK_EVENTS.join(', ')}`)))
    .min(1, bi('至少订阅一种事件', 'Subscribe to one event at least')).max(WEBHOOK_EVENTS.length),
  unitId: nullish(z.number().int().positive()),
});
export const WebhookPatch = WebhookBody.partial().extend({ active: z.boolean().optional(), rotateSecret: z.boolean().optional() });

export const DeliveryQuery = z.object({
  status: z.enum(['pending', 'sending', 'delivered', 'failed']).optional(),
  kind: z.enum(['webhook', 'link']).optional(),
  targetId: z.coerce.number().int().positive().optional(),
  orderId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ReasonOnly = z.strictObject({ reason });

// ---- messages between platforms (the `data` of the signed envelope) ----

export const Envelope = z.object({
  id: z.string().trim().min(1).max(100),
  link: z.string().max(40).optional(),
  type: z.string().min(1).max(60),
  sentAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

const callerIn = z.strictObject({
  name: optionalText(50, '来电人姓名', 'Caller name'),
  phone: nullish(phone),
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
}).refine((c) => c.anonymous || !!c.phone, { ...bi('非匿名诉求须填写联系电话', 'A phone number is required unless the caller is anonymous'), path: ['phone'] });
const placeIn = z.strictObject({
  territoryCode: nullish(z.string().max(40)),
  address: optionalText(200, '地址', 'Address'),
  lng: nullish(z.number().min(-180).max(180)),
  lat: nullish(z.number().min(-90).max(90)),
});
const requestType = z.enum(REQUEST_TYPES, bi(`诉求类型须为 ${REQUEST_TYPES.join('、')} 之一`, `Request type must be one of ${REQUEST_TYPES.join(', ')}`));
const anonymousCaller = { name: null, phone: null, anonymous: true, confidential: false };
const noPlace = { territoryCode: null, address: null, lng: null, lat: null };

/** The police platform hands over a matter that is not police business. */
export const PoliceTransferData = z.strictObject({
  incidentNo: z.string().trim().min(1, bi('请填写警情编号', 'incidentNo is required')).max(64),
  callTime: z.iso.datetime({ offset: true, ...bi('原始报警时间须为带时区的 ISO 8601 时间', 'callTime must be an ISO 8601 date-time with an offset') }),
  policeUnit: optionalText(100, '接警单位', 'Police unit'),
  title: optionalText(100, '标题', 'Title'),
  description: text(5000, '警情内容', 'Description'),
  requestType: requestType.default('help'),
  categoryCode: nullish(z.string().max(40)),
  emergency: z.boolean().default(false),
  caller: callerIn.default(anonymousCaller),
  place: placeIn.default(noPlace),
});

/** The upper centre dispatches an order to us. */
export const OrderDispatchedData = z.object({
  upperCode: z.string().min(1).max(40),
  title: text(100, '标题', 'Title'),
  description: text(5000, '诉求内容', 'Description'),
  requestType,
  categoryCode: nullish(z.string().max(40)),
  categoryName: nullish(z.string().max(100)),
  grade: z.number().int().min(1).max(4).default(1),
  emergency: z.boolean().default(false),
  caller: callerIn.default(anonymousCaller),
  place: placeIn.default(noPlace),
  acceptedAt: z.iso.datetime({ offset: true }),
  handleDue: nullish(z.iso.datetime({ offset: true })),
  note: nullish(z.string().max(2000)),
});

const upper = { upperCode: z.string().min(1).max(40), remoteCode: nullish(z.string().max(40)) };
export const MESSAGE_DATA: Record<string, z.ZodType> = {
  'order.transfer': PoliceTransferData,
  'order.dispatched': OrderDispatchedData,
  'order.recalled': z.object({ ...upper, reason: nullish(z.string().max(2000)) }),
  'order.closed': z.object({ ...upper, satisfaction: nullish(z.enum(SATISFACTIONS)), solved: nullish(z.boolean()), note: nullish(z.string().max(2000)) }),
  'order.reopened': z.object({ ...upper, reason: nullish(z.string().max(2000)) }),
  'order.signed_for': z.object({ ...upper, unitName: nullish(z.string().max(100)), handlerName: nullish(z.string().max(100)) }),
  'order.replied': z.object({ ...upper, unitName: nullish(z.string().max(100)), handlerName: nullish(z.string().max(100)), result: text(5000, '办理结果', 'Result') }),
  'order.returned': z.object({ ...upper, unitName: nullish(z.string().max(100)), handlerName: nullish(z.string().max(100)), reason: nullish(z.string().max(2000)) }),
};

// ---- import and export ----

export const ImportBody = z.strictObject({
  profile: z.enum(['minsheng', 'nyc311'], bi('导入格式须为 minsheng（本系统导出格式）或 nyc311', "profile must be 'minsheng' or 'nyc311'")).default('minsheng'),
  format: z.enum(['csv', 'xlsx'], bi('文件格式须为 csv 或 xlsx', "format must be 'csv' or 'xlsx'")),
  encoding: z.enum(['text', 'base64']).default('text'),
  content: z.string(bi('请提供文件内容', 'content is required')).min(1, bi('文件内容为空', 'The file is empty')),
  fileName: nullish(z.string().max(200)),
  dryRun: z.boolean().default(false),
});
export const ImportQuery = z.object({
  profile: z.enum(['minsheng', 'nyc311']).default('minsheng'),
  dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  fileName: z.string().max(200).optional(),
});

export const ExportQuery = ListQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx'], bi('导出格式须为 csv 或 xlsx', "format must be 'csv' or 'xlsx'")).default('csv'),
});

