// The files a step links to an order must have been uploaded first (POST /api/attachments).
import { invalid } from '../app/errors.ts';
import { problem } from '../domain/problems.ts';
import type { Queryable } from '../store/db.ts';
import { missingAttachments } from '../store/attachments.ts';

export async function requireAttachments(db: Queryable, ids: readonly number[]): Promise<void> {
  const missing = new Set(await missingAttachments(db, ids));
  const problems = ids.flatMap((id, i) => (missing.has(id) ? [problem(`attachmentIds.${i}`, '附件不存在', 'No such attachment')] : []));
  if (problems.length) throw invalid(problems);
}
