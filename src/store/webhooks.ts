// Webhook subscriptions (`webhooks`): who gets which order events at which URL, signed with the
// subscription's secret.
import type { WebhookEvent } from '../interop/webhooks.ts';
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

export interface Webhook {
  id: number;
  name: string;
  url: string;
  events: WebhookEvent[];
  unitId: number | null;
  secret: string;
  active: boolean;
  createdAt: Date;
}

function rowToWebhook(r: Record<string, unknown>): Webhook {
  return {
    id: r.id as number, name: r.name as string, url: r.url as string, events: r.events as WebhookEvent[],
    unitId: (r.unit_id as number | null) ?? null, secret: r.secret as string, active: r.active as boolean, createdAt: r.created_at as Date,
  };
}

export async function allWebhooks(db: Queryable): Promise<Webhook[]> {
  const r = await db.query<Record<string, unknown>>(sql`select * from webhooks order by id`);
  return r.rows.map(rowToWebhook);
}

export async function webhookById(db: Queryable, id: number): Promise<Webhook | null> {
  const r = await db.query<Record<string, unknown>>(sql`select * from webhooks where id = ${id}`);
  return r.rows[0] ? rowToWebhook(r.rows[0]) : null;
}

export async function insertWebhook(tx: Tx, w: Pick<Webhook, 'name' | 'url' | 'events' | 'unitId' | 'secret'>, createdBy: number, at: Date): Promise<Webhook> {
  const r = await tx.query<Record<string, unknown>>(sql`insert into webhooks (name, url, events, unit_id, secret, created_by, created_at)
    values (${w.name}, ${w.url}, ${w.events}, ${w.unitId}, ${w.secret}, ${createdBy}, ${at}) returning *`);
  return rowToWebhook(r.rows[0]!);
}

/** Write a subscription's settings; its secret only when a new one is given. */
export async function saveWebhook(tx: Tx, w: Pick<Webhook, 'id' | 'name' | 'url' | 'events' | 'unitId' | 'active'> & { secret: string | null }): Promise<Webhook> {
  const r = await tx.query<Record<string, unknown>>(sql`update webhooks set name = ${w.name}, url = ${w.url}, events = ${w.events}, unit_id = ${w.unitId},
    active = ${w.active}, secret = coalesce(${w.secret}, secret) where id = ${w.id} returning *`);
  return rowToWebhook(r.rows[0]!);
}
