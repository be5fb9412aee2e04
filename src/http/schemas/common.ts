import { z } from 'zod';
import { bi } from '../validation.ts';

export const IdParam = z.object({ id: z.string().regex(/^(\d{1,9}|\d{8}-\d{5})$/, bi('工单号格式不正确（数字 ID 或 20261121-00042 形式的工单编号）', 'Not an order id or case code (like 20261121-00042)')) });
export const NumericId = z.object({ id: z.coerce.number().int().positive() });

export const text = (max: number, zhName: string, enName: string) =>
  z.string(bi(`${zhName}须为文本`, `${enName} must be text`)).trim()
    .min(1, bi(`请填写${zhName}`, `${enName} is required`))
    .max(max, bi(`${zhName}不能超过 ${max} 字`, `${enName} must be at most ${max} characters`));

export const optionalText = (max: number, zhName: string, enName: string) =>
  text(max, zhName, enName).nullish().transform((v) => v ?? null);

export const note = optionalText(2000, '备注', 'Note');
export const reason = text(2000, '理由', 'Reason');

/** A mobile (11 digits), a landline with its area code, or a short service number. */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{3,8})$/;

export const phone = z.string().trim().regex(PHONE_RE, bi('电话号码格式不正确（手机 11 位，或区号-座机号）', 'Invalid phone number (11-digit mobile, or area code and landline)'));

export const unitId = z.number(bi('单位须为数字 ID', 'A unit must be a numeric id')).int().positive();

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  messageEn: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string(), messageEn: z.string() })).optional(),
});
