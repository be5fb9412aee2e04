// Schema validation with field-level errors in Chinese and English. Zod checks every body, query
// and path; each issue becomes { field, message (zh-CN), messageEn }.
import type { FastifySchemaCompiler } from 'fastify';
import { z, type ZodType } from 'zod';
import { AppError, invalid, type FieldError } from '../app/errors.ts';

z.config(z.locales.en());
const zhLocale = z.locales.zhCN();

/** A custom message in both languages: `z.string().min(1, bi('请填写标题', 'Title is required'))`. */
const bilingual = new Map<string, string>();
export function bi(zh: string, en: string): { error: string } {
  bilingual.set(zh, en);
  return { error: zh };
}

type Issue = z.core.$ZodIssue & { input?: unknown };

export function toFieldErrors(issues: readonly Issue[], prefix = ''): FieldError[] {
  return issues.map((i) => {
    const field = prefix + (i.path.length ? i.path.map(String).join('.') : '');
    const en = bilingual.get(i.message);
    if (en !== undefined) return { field, message: i.message, messageEn: en };
    if (i.code === 'invalid_type' && i.input === undefined) return { field, message: '必填项', messageEn: 'Required' };
    if (i.code === 'unrecognized_keys') {
      return { field: field || i.keys.join(','), message: `不认识的字段：${i.keys.join('、')}`, messageEn: `Unknown field(s): ${i.keys.join(', ')}` };
    }
    const zh = zhLocale.localeError(i as never);
    return { field, message: typeof zh === 'string' ? zh : (zh?.message ?? i.message), messageEn: i.message };
  });
}

export const validatorCompiler: FastifySchemaCompiler<ZodType> = ({ schema, httpPart }) => (data) => {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return { value: r.data };
  const prefix = httpPart === 'querystring' ? 'query.' : httpPart === 'params' ? 'path.' : '';
  return { error: invalid(toFieldErrors(r.error.issues as Issue[], prefix)) as unknown as Error };
};

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
