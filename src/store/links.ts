// Links with other platforms (`interop_links`), the orders exchanged over them (`link_orders`:
// which order went out or came in over which link, and the other side's case code) and the
// messages already applied (`link_inbox`).
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

/** The police platform's link, when one is configured and active. */
export async function policeLinkId(db: Queryable): Promise<number | null> {
  const r = await db.query<{ id: number }>(sql`select id from interop_links where kind = 'police' and active order by id limit 1`);
  return r.rows[0]?.id ?? null;
}

/** The link an order came in over from an upper centre, while it is still linked. */
export async function upperLinkOf(db: Queryable, orderId: number): Promise<number | null> {
  const r = await db.query<{ link_id: number }>(sql`select link_id from link_orders where order_id = ${orderId} and direction = 'in' and active`);
  return r.rows[0]?.link_id ?? null;
}

/** The order is no longer exchanged over the link: nothing more about it is sent or taken. */
export async function unlinkOrder(tx: Tx, linkId: number, orderId: number, at: Date): Promise<void> {
  await tx.query(sql`update link_orders set active = false, updated_at = ${at} where link_id = ${linkId} and order_id = ${orderId}`);
}

/** The other side's case code of an order we sent over the link. */
export async function setRemoteCode(tx: Tx, linkId: number, orderId: number, remoteCode: string | null, at: Date): Promise<void> {
  await tx.query(sql`update link_orders set remote_code = ${remoteCode}, updated_at = ${at}
    where link_id = ${linkId} and order_id = ${orderId} and direction = 'out'`);
}

/** An order that came in over the link, with the other side's case code: linked (again). */
export async function linkIncoming(tx: Tx, linkId: number, orderId: number, remoteCode: string, at: Date): Promise<void> {
  await tx.query(sql`insert into link_orders (link_id, order_id, direction, remote_code, active, updated_at)
    values (${linkId}, ${orderId}, 'in', ${remoteCode}, true, ${at})
    on conflict (link_id, order_id) do update set remote_code = excluded.remote_code, active = true, updated_at = excluded.updated_at`);
}
