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

/** Store an upload (`uploadedBy` null: a resident's, from the portal); returns its id. */
export async function insertAttachment(db: Queryable, a: { name: string; contentType: string; data: Buffer; uploadedBy: number | null; createdAt: Date }): Promise<number> {
  const r = await db.query<{ id: number }>(sql`insert into attachments (name, content_type, size, data, uploaded_by, created_at)
    values (${a.name}, ${a.contentType}, ${a.data.length}, ${a.data}, ${a.uploadedBy}, ${a.createdAt}) returning id`);
  return r.rows[0]!.id;
}

export async function attachmentById(db: Queryable, id: number): Promise<{ name: string; contentType: string; data: Uint8Array; uploadedBy: number | null } | null> {
  const r = await db.query<{ name: string; content_type: string; data: Uint8Array; uploaded_by: number | null }>(
    sql`select name, content_type, data, uploaded_by from attachments where id = ${id}`);
  const a = r.rows[0];
  return a ? { name: a.name, contentType: a.content_type, data: a.data, uploadedBy: a.uploaded_by } : null;
}
