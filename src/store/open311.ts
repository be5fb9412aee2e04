// Open311: the requests that came in through it (`open311_requests`: the token a client may poll,
// which key sent it, its attributes), and orders read as Open311 requests: each with the last
// reply, answer or hand-over (the status notes) and the case code of the order it was merged into.
import type { OrderState } from '../domain/order.ts';
import type { Queryable } from './db.ts';
import { sql, type Sql } from './sql.ts';

export async function insertOpen311Request(db: Queryable, r: {
  orderId: number; token: string; apiKeyId: number | null; client: string; attributes: Record<string, string>; at: Date;
}): Promise<void> {
  await db.query(sql`insert into open311_requests (order_id, token, api_key_id, client, attributes, created_at)
    values (${r.orderId}, ${r.token}, ${r.apiKeyId}, ${r.client}, ${JSON.stringify(r.attributes)}, ${r.at})
    on conflict (order_id) do nothing`);
}

/** The case code of the order a token was given for. */
export async function codeOfToken(db: Queryable, token: string): Promise<string | null> {
  const r = await db.query<{ code: string }>(sql`select o.code from open311_requests t join orders o on o.id = t.order_id where t.token = ${token}`);
  return r.rows[0]?.code ?? null;
}

// ---- orders as requests -----------------------------------------------------------------------

export interface RequestRow {
  doc: Record<string, unknown>;
  updated_at: Date;
  note_type: string | null;
  note_data: Record<string, unknown> | null;
  master_code: string | null;
}

const REQUESTS = sql`select o.doc, o.updated_at, n.type as note_type, n.data as note_data, m.code as master_code
  from orders o
  left join orders m on m.id = o.master_id
  left join lateral (select e.type, e.data from order_events e
    where e.order_id = o.id and e.type in ('replied', 'answered', 'handed_over') order by e.seq desc limit 1) n on true`;

/** What a list of requests may be filtered by. */
export interface RequestFilter {
  /** Case codes (service_request_id). */
  codes?: readonly string[];
  /** Category codes (service_code): their categories and every one below them. */
  serviceCodes?: readonly string[];
  from?: Date;
  to?: Date;
  states?: readonly OrderState[];
}

/** The conditions of a filter on orders (alias `o`); the time bounds are inclusive. */
export function requestConditions(f: RequestFilter): Sql[] {
  const w: Sql[] = [];
  if (f.codes) w.push(sql`o.code = any(${f.codes}::text[])`);
  if (f.serviceCodes) {
    w.push(sql`o.category_id in (select d.id from categories d join categories c on d.path like c.path || '%' where c.code = any(${f.serviceCodes}::text[]))`);
  }
  if (f.from) w.push(sql`o.accepted_at >= ${f.from}`);
  if (f.to) w.push(sql`o.accepted_at <= ${f.to}`);
  if (f.states) w.push(sql`o.state = any(${f.states}::text[])`);
  return w;
}

/** A page of requests, newest first. */
export async function requestRows(db: Queryable, where: readonly Sql[], page: { limit: number; offset: number }): Promise<RequestRow[]> {
  const r = await db.query<RequestRow>(sql`${REQUESTS} ${sql.where(where)} order by o.accepted_at desc, o.id desc limit ${page.limit} offset ${page.offset}`);
  return r.rows;
}

export async function requestByCode(db: Queryable, code: string): Promise<RequestRow | null> {
  const r = await db.query<RequestRow>(sql`${REQUESTS} where o.code = ${code}`);
  return r.rows[0] ?? null;
}
