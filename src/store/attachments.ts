// Attachments: photos and files sent with a request or a unit's reply, kept in the database so
// that every server process serves them.
import type { Queryable } from './db.ts';
import { sql, type Sql } from './sql.ts';

/** The ids among these that no upload has. */
export async function missingAttachments(db: Queryable, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const r = await db.query<{ id: number }>(sql`select id from attachments where id = any(${ids}::int[])`);
  const found = new Set(r.rows.map((x) => x.id));
  return ids.filter((id) => !found.has(id));
}

/** Is the attachment linked to an order the condition (on alias `o`) selects? */
export async function attachmentInScope(db: Queryable, id: number, orders: Sql): Promise<boolean> {
  const r = await db.query(sql`select 1 from order_attachments oa join orders o on o.id = oa.order_id where oa.attachment_id = ${id} and ${orders}`);
  return r.rowCount > 0;
}
