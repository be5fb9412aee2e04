import { z } from 'zod';
import { bi } from '../../domain/fields.ts';

export const IdParam = z.object({ id: z.string().regex(/^(\d{1,9}|\d{8}-\d{5})$/, bi('工单号格式不正确（数字 ID 或 20261121-00042 形式的工单编号）', 'Not an order id or case code (like 20261121-00042)')) });
/** A case code in a resident's path. */
export const CodeParam = z.object({ code: z.string().regex(/^\d{8}-\d{5}$/) });

/** The resident's tracking check in a body: the phone's last four digits, or the secret chosen at submission. */
export const TrackCheck = z.string().trim().min(4).max(32);

export const NumericId = z.object({ id: z.coerce.number().int().positive() });

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  messageEn: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string(), messageEn: z.string() })).optional(),
});
