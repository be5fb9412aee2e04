// Schema validation with field-level errors in Chinese and English. Zod checks every body, query
// and path; each issue becomes { field, message (zh-CN), messageEn }.
import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { AppError, invalid } from '../app/errors.ts';
import { toFieldErrors, type Issue } from '../domain/fields.ts';

export { toFieldErrors };

export const validatorCompiler: FastifySchemaCompiler<ZodType> = ({ schema, httpPart }) => (data) => {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return { value: r.data };
  const prefix = httpPart === 'querystring' ? 'query.' : httpPart === 'params' ? 'path.' : '';
  return { error: invalid(toFieldErrors(r.error.issues as Issue[], prefix)) as unknown as Error };
};

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
