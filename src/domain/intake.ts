// The intake contract: what a request may contain, whoever takes it in (the intake desk, the
// portal, Open311, the 110 link, the upper centre, the importer) and both web forms. The limits
// are named constants; the messages are in Chinese and English. Each channel maps its own wire
// format onto `IntakeSchema`; `intakeProblems` adds the checks against the configuration.
import { z } from 'zod';
import type { Catalog } from './catalog.ts';
import { bi, optionalId, optionalText, phone, text } from './fields.ts';
import { INTAKE_LIMITS, PHONE_RE } from './limits.ts';
import { problem, type FieldProblem } from './problems.ts';
import { CHANNELS, REQUEST_TYPES } from './types.ts';

export { INTAKE_LIMITS, PHONE_RE };

const L = INTAKE_LIMITS;

export const channel = z.enum(CHANNELS, bi(`渠道须为以下之一：${CHANNELS.join('、')}`, `Channel must be one of ${CHANNELS.join(', ')}`));
export const requestType = z.enum(REQUEST_TYPES, bi('诉求类型须为 consult（咨询）、help（求助）、complaint（投诉）、report（举报）、suggestion（建议）、praise（表扬）或 other（其他）', `Request type must be one of ${REQUEST_TYPES.join(', ')}`));

const gradeMessage = bi(`等级须为 ${L.gradeMin}-${L.gradeMax} 的整数`, `Grade must be an integer ${L.gradeMin}-${L.gradeMax}`);
export const grade = z.number(gradeMessage).int(gradeMessage).min(L.gradeMin, gradeMessage).max(L.gradeMax, gradeMessage);

export const Caller = z.strictObject({
  name: optionalText(L.callerName, '来电人姓名', 'Caller name'),
  phone: phone.nullish().transform((v) => v ?? null),
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
});
export const ANONYMOUS = { name: null, phone: null, anonymous: true, confidential: false } as const;

export const Place = z.strictObject({
  territoryId: optionalId,
  address: optionalText(L.address, '地址', 'Address'),
  lng: z.number().min(-180).max(180).nullish().transform((v) => v ?? null),
  lat: z.number().min(-90).max(90).nullish().transform((v) => v ?? null),
});
export const NOWHERE = { territoryId: null, address: null, lng: null, lat: null } as const;

export const trackSecret = z.string().trim()
  .min(L.trackSecretMin, bi(`查询密码至少 ${L.trackSecretMin} 位`, `The tracking secret needs ${L.trackSecretMin} characters or more`))
  .max(L.trackSecretMax).nullish().transform((v) => v ?? null);

export const attachmentIds = (max: number = L.attachments, zh = `最多上传 ${max} 个附件`, en = `At most ${max} attachments`) =>
  z.array(z.number().int().positive()).max(max, bi(zh, en)).default([]);

/** What every channel's request becomes. */
export const IntakeSchema = z.strictObject({
  channel,
  requestType,
  categoryId: optionalId,
  grade: grade.default(1),
  emergency: z.boolean().default(false),
  title: text(L.title, '标题', 'Title'),
  description: text(L.description, '诉求内容', 'Description'),
  caller: Caller.default(ANONYMOUS),
  place: Place.default(NOWHERE),
  externalRef: z.record(z.string(), z.string().max(L.externalRef)).nullish().transform((v) => v ?? null),
  attachmentIds: attachmentIds(),
  trackSecret,
});
export type IntakeInput = z.output<typeof IntakeSchema>;

/**
 * The rules a request must meet beyond its shape: the category and the territory exist (and the
 * category is in use), and a caller who is not anonymous leaves a phone number.
 */
export function intakeProblems(x: Pick<IntakeInput, 'categoryId' | 'caller' | 'place'>, catalog: Catalog): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (x.categoryId !== null) {
    const c = catalog.categories.get(x.categoryId);
    if (!c || !c.active) problems.push(problem('categoryId', '分类不存在或已停用', 'No such category, or it is disabled'));
  }
  if (x.place.territoryId !== null && !catalog.territories.has(x.place.territoryId)) {
    problems.push(problem('place.territoryId', '区域不存在', 'No such territory'));
  }
  if (!x.caller.anonymous && !x.caller.phone) {
    problems.push(problem('caller.phone', '非匿名诉求须填写联系电话', 'A phone number is required unless the request is anonymous'));
  }
  return problems;
}

/** A title from the first words of a text, for channels that send none. */
export const titleFrom = (s: string, max = 30): string => (s.length > max ? `${s.slice(0, max)}…` : s);
