// Errors a use case may raise, each with a message in Chinese and English. The HTTP layer turns
// them into status codes; nothing else reaches the client as a 500.
import type { Rejection } from '../domain/commands.ts';

export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly fields: FieldError[] = [],
    /** Response headers that go with it (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(en);
  }
}

export const notFound = (what = '工单', whatEn = 'order') => new AppError(404, 'not_found', `${what}不存在或无权查看`, `No such ${whatEn}, or you may not see it`);
export const unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录', 'Please log in');
export const forbidden = (zh = '无权执行此操作', en = 'You may not do this') => new AppError(403, 'forbidden', zh, en);

export function invalid(fields: FieldError[]): AppError {
  return new AppError(400, 'validation_failed', '输入有误，请检查标出的字段', 'Some fields are invalid', fields);
}

export function field(f: string, zh: string, en: string): FieldError {
  return { field: f, message: zh, messageEn: en };
}

/** A domain rejection: 403 when the actor may not act at all, 409 when the order's state forbids the step. */
export function fromRejection(r: Rejection): AppError {
  const status = ['forbidden', 'not_holder', 'not_assisting'].includes(r.code) ? 403 : 409;
  return new AppError(status, r.code, r.zh, r.en);
}
