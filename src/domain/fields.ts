// The building blocks of every input schema (zod), with their messages in Chinese and English.
// `bi(zh, en)` gives a check its message in both languages: the HTTP layer answers the Chinese one
// with its English twin (src/http/validation.ts). Pure: zod runs in the server and the browser.
import { z } from 'zod';
import { isPhone, PHONE_RE } from './limits.ts';
import type { FieldProblem } from './problems.ts';

z.config(z.locales.en());
const zhLocale = z.locales.zhCN();

const english = new Map<string, string>();

/** A custom message in both languages: `z.string().min(1, bi('请填写标题', 'Title is required'))`. */
export function bi(zh: string, en: string): { error: string } {
  english.set(zh, en);
  return { error: zh };
}

/** The English twin of a message made with `bi`. */
export const englishOf = (zh: string): string | undefined => english.get(zh);

export type Issue = z.core.$ZodIssue & { input?: unknown };

/** Zod's issues as field problems in Chinese and English (a `bi` message, or zod's own zh-CN and en locales). */
export function toFieldErrors(issues: readonly Issue[], prefix = ''): FieldProblem[] {
  return issues.map((i) => {
    const field = prefix + (i.path.length ? i.path.map(String).join('.') : '');
    const en = englishOf(i.message);
    if (en !== undefined) return { field, message: i.message, messageEn: en };
    if (i.code === 'invalid_type' && i.input === undefined) return { field, message: '必填项', messageEn: 'Required' };
    if (i.code === 'unrecognized_keys') {
      return { field: field || i.keys.join(','), message: `不认识的字段：${i.keys.join('、')}`, messageEn: `Unknown field(s): ${i.keys.join(', ')}` };
    }
    const zh = zhLocale.localeError(i as never);
    return { field, message: typeof zh === 'string' ? zh : (zh?.message ?? i.message), messageEn: i.message };
  });
}

/** Required text of at most `max` characters, trimmed. */
export const text = (max: number, zhName: string, enName: string) =>
  z.string(bi(`${zhName}须为文本`, `${enName} must be text`)).trim()
    .min(1, bi(`请填写${zhName}`, `${enName} is required`))
    .max(max, bi(`${zhName}不能超过 ${max} 字`, `${enName} must be at most ${max} characters`));

/** Optional text: absent, null or text; absent becomes null. */
export const optionalText = (max: number, zhName: string, enName: string) =>
  text(max, zhName, enName).nullish().transform((v) => v ?? null);

export const NOTE_MAX = 2000;
export const note = optionalText(NOTE_MAX, '备注', 'Note');
export const reason = text(NOTE_MAX, '理由', 'Reason');

export { isPhone, PHONE_RE };
export const PHONE_MESSAGE = bi('电话号码格式不正确（手机 11 位，或区号-座机号）', 'Invalid phone number (11-digit mobile, or area code and landline)');

export const phone = z.string().trim().regex(PHONE_RE, PHONE_MESSAGE);

export const unitId = z.number(bi('单位须为数字 ID', 'A unit must be a numeric id')).int().positive();

/** A positive id or null (absent becomes null). */
export const optionalId = z.number().int().positive().nullish().transform((v) => v ?? null);
