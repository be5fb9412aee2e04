// Links with other platforms (`interop_links`), the orders exchanged over them (`link_orders`:
// which order went out or came in over which link, and the other side's case code) and the
// messages already applied (`link_inbox`).
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

// ---- interop_links ----------------------------------------------------------------------------

export interface Link {
  id: number;
  code: string;
  name: string;
  kind: 'centre' | 'police';
  direction: 'up' | 'down' | null;
  unitId: number | null;
  peerUrl: string;
  secret: string | null;
  secretEnv: string | null;
  active: boolean;
  createdAt: Date;
}

/** What an administrator configures of a link. */
export type LinkInput = Omit<Link, 'id' | 'active' | 'createdAt'>;

function rowToLink(r: Record<string, unknown>): Link {
  return {
    id: r.id as number, code: r.code as string, name: r.name as string, kind: r.kind as Link['kind'],
    direction: (r.direction as Link['direction']) ?? null, unitId: (r.unit_id as number | null) ?? null, peerUrl: r.peer_url as string,
    secret: (r.secret as string | null) ?? null, secretEnv: (r.secret_env as string | null) ?? null, active: r.active as boolean,
    createdAt: r.created_at as Date,
  };
}

export async function allLinks(db: Queryable): Promise<Link[]> {
  const r = await db.query<Record<string, unknown>>(sql`select * from interop_links order by id`);
  return r.rows.map(rowToLink);
}

export async function linkByCode(db: Queryable, code: string): Promise<Link | null> {
  const r = await db.query<Record<string, unknown>>(sql`select * from interop_links where code = ${code}`);
  return r.rows[0] ? rowToLink(r.rows[0]) : null;
}

export async function linkById(db: Queryable, id: number): Promise<Link | null> {
  const r = await db.query<Record<string, unknown>>(sql`select * from interop_links where id = ${id}`);
  return r.rows[0] ? rowToLink(r.rows[0]) : null;
}

export async function insertLink(tx: Tx, l: LinkInput, at: Date): Promise<Link> {
  const r = await tx.query<Record<string, unknown>>(sql`insert into interop_links (code, name, kind, direction, unit_id, peer_url, secret, secret_env, created_at)
    values (${l.code}, ${l.name}, ${l.kind}, ${l.direction}, ${l.unitId}, ${l.peerUrl}, ${l.secret}, ${l.secretEnv}, ${at}) returning *`);
  return rowToLink(r.rows[0]!);
}

/** Write what may change of a link (not its code, kind or direction). */
export async function saveLink(tx: Tx, l: Pick<Link, 'id' | 'name' | 'unitId' | 'peerUrl' | 'secret' | 'secretEnv' | 'active'>): Promise<Link> {
  const r = await tx.query<Record<string, unknown>>(sql`update interop_links set name = ${l.name}, unit_id = ${l.unitId}, peer_url = ${l.peerUrl},
    secret = ${l.secret}, secret_env = ${l.secretEnv}, active = ${l.active} where id = ${l.id} returning *`);
  return rowToLink(r.rows[0]!);
}

// ---- link_inbox -------------------------------------------------------------------------------

/** The answer a message already applied got, or null when it was not applied. */
export async function inboxResult(db: Queryable, linkId: number, messageId: string): Promise<Record<string, unknown> | null> {
  const r = await db.query<{ result: Record<string, unknown> }>(sql`select result from link_inbox where link_id = ${linkId} and message_id = ${messageId}`);
  return r.rows[0]?.result ?? null;
}

/** Record a message as applied with its answer; false when it was already recorded. */
export async function insertInbox(db: Queryable, m: { linkId: number; messageId: string; type: string; at: Date; orderId: number | null; result: Record<string, unknown> }): Promise<boolean> {
  const r = await db.query(sql`insert into link_inbox (link_id, message_id, type, received_at, order_id, result)
    values (${m.linkId}, ${m.messageId}, ${m.type}, ${m.at}, ${m.orderId}, ${JSON.stringify(m.result)}) on conflict do nothing`);
  return r.rowCount > 0;
}

// ---- link_orders ------------------------------------------------------------------------------

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

/** The order we sent over the link under our case code, while it is still linked. */
export async function sentOrderByCode(db: Queryable, linkId: number, code: string): Promise<number | null> {
  const r = await db.query<{ order_id: number }>(sql`select m.order_id from link_orders m join orders o on o.id = m.order_id
    where m.link_id = ${linkId} and m.direction = 'out' and m.active and o.code = ${code}`);
  return r.rows[0]?.order_id ?? null;
}

/** The order that came in over the link under the other side's case code (the active one, else the latest). */
export async function receivedOrderByCode(db: Queryable, linkId: number, remoteCode: string): Promise<number | null> {
  const r = await db.query<{ order_id: number }>(sql`select order_id from link_orders where link_id = ${linkId} and direction = 'in' and remote_code = ${remoteCode}
    order by active desc, updated_at desc, order_id desc limit 1`);
  return r.rows[0]?.order_id ?? null;
}

/** Which of these orders are linked now. */
export async function linkedOrders(db: Queryable, orderIds: readonly number[]): Promise<number[]> {
  const r = await db.query<{ order_id: number }>(sql`select distinct order_id from link_orders where order_id = any(${orderIds}::int[]) and active`);
  return r.rows.map((x) => x.order_id);
}

/** The link an order is exchanged over now in one direction, with the other side's case code. */
export async function activeMapping(db: Queryable, orderId: number, direction: 'in' | 'out'): Promise<{ linkId: number; remoteCode: string | null } | null> {
  const r = await db.query<{ link_id: number; remote_code: string | null }>(sql`select link_id, remote_code from link_orders
    where order_id = ${orderId} and direction = ${direction} and active order by updated_at desc limit 1`);
  return r.rows[0] ? { linkId: r.rows[0].link_id, remoteCode: r.rows[0].remote_code } : null;
}

/** Mark an order linked (or no longer linked). A link that starts again forgets the other side's old case code. */
export async function setMapping(tx: Tx, linkId: number, orderId: number, direction: 'in' | 'out', active: boolean, at: Date): Promise<void> {
  await tx.query(sql`insert into link_orders (link_id, order_id, direction, remote_code, active, updated_at)
    values (${linkId}, ${orderId}, ${direction}, null, ${active}, ${at})
    on conflict (link_id, order_id) do update set active = excluded.active, updated_at = excluded.updated_at,
      remote_code = case when excluded.active and not link_orders.active then null else link_orders.remote_code end`);
}
