// The outbox: what other systems must hear about, made from the event log and delivered until
// they acknowledge it. Two steps, both run by the interop sweep (a scheduler of its own, so slow
// peers never hold up escalation) in any number of processes:
//
// 1. enqueue: a consumer of the event log (src/events/consumer.ts: one process at a time, in id
//    order, without holes) turns each new event into deliveries (webhooks, link messages) and
//    inserts them with ON CONFLICT DO NOTHING on (event, kind, target, topic): never twice.
// 2. deliver: claim due deliveries (FOR UPDATE SKIP LOCKED) and lease them, post them signed,
//    record every attempt; on failure retry with exponential back-off, and after the last attempt
//    (or a refusal that no retry can change) mark them failed for an administrator to resend.
//    Deliveries of one order over one link go out in order: a later one waits for an earlier one,
//    also for a failed one until an administrator resends it.
import { randomUUID } from 'node:crypto';
import { recordAdminEvent } from '../app/admin.ts';
import type { User } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { AppError, notFound } from '../app/errors.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Queryable, Tx } from '../store/db.ts';
import { docToOrder } from '../store/orders.ts';
import { runConsumer, type Consumer } from '../events/consumer.ts';
import { allLinks, linkBatch, linkDeliveries, linkSecret, messageUrl, onLinkDelivered, type Link } from './links.ts';
import type { NewDelivery, OutboxEvent } from './outbox-types.ts';
import { SIGNATURE_HEADER, sign } from './signing.ts';
import { allWebhooks, webhookDeliveries, type Webhook } from './webhooks.ts';

const LEASE_MS = 2 * 60_000;
const TIMEOUT_MS = 10_000;
const PARALLEL = 4;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** The wait before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … at most 6 h. */
function backoff(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

// ---- 1. enqueue ------------------------------------------------------------------------------------

async function insertDelivery(tx: Tx, ev: OutboxEvent, d: NewDelivery, now: Date): Promise<boolean> {
  const r = await tx.query(
    `insert into interop_deliveries (kind, target_id, event_id, topic, order_id, ordering_key, payload, max_attempts, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) on conflict (event_id, kind, target_id, topic) do nothing`,
    [d.kind, d.targetId, ev.id, d.topic, ev.orderId, d.orderingKey, JSON.stringify(d.payload), d.maxAttempts, now],
  );
  return r.rowCount > 0;
}

/** New events become deliveries: webhook calls and messages to linked platforms, each once. */
export const outboxConsumer: Consumer = {
  name: 'outbox',
  handles: 'all',
  async handle(events, { tx, now, catalog }) {
    if (!tx || !events.length) return;
    const [links, hooks] = await Promise.all([allLinks(tx), allWebhooks(tx)]);
    if (!links.some((l) => l.active) && !hooks.some((h) => h.active)) return;
    const ids = [...new Set(events.map((r) => r.orderId))];
    const docs = await tx.query<{ id: number; doc: Record<string, unknown> }>('select id, doc from orders where id = any($1::int[])', [ids]);
    const orders = new Map(docs.rows.map((r) => [r.id, docToOrder(r.doc)]));
    const lb = await linkBatch(tx, links, catalog, ids);
    for (const r of events) {
      // Imported history is not news: only what happens to an imported order afterwards is sent.
      if (r.imported !== null && r.seq <= r.imported) continue;
      const order = orders.get(r.orderId);
      if (!order) continue;
      const ev: OutboxEvent = { ...r, order };
      const ds = [...(lb ? await linkDeliveries(lb, ev) : []), ...webhookDeliveries(ev, hooks, catalog)];
      for (const d of ds) await insertDelivery(tx, ev, d, now);
    }
  },
};

/** Turn new events into deliveries until caught up (the interop sweep; tests). */
export const enqueueOutbox = (app: AppContext): Promise<number> => runConsumer(app, outboxConsumer);

// ---- 2. deliver ----------------------------------------------------------------------------------

interface DeliveryRow {
  id: number;
  kind: 'webhook' | 'link';
  target_id: number;
  event_id: number;
  topic: string;
  order_id: number;
  ordering_key: string | null;
  payload: Record<string, unknown>;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  claim: string | null;
  last_status: number | null;
  last_error: string | null;
  response: Record<string, unknown> | null;
  created_at: Date;
  delivered_at: Date | null;
}

/** Take up to n due deliveries and lease them from now: the time of the claim, not of the sweep's start. */
async function claim(app: AppContext, n: number): Promise<DeliveryRow[]> {
  return app.db.transaction(async (tx) => {
    const now = app.clock.now();
    const due = await tx.query<{ id: number }>(
      `select d.id from interop_deliveries d
       where ((d.status = 'pending' and d.next_attempt_at <= $1) or (d.status = 'sending' and d.lease_until < $1))
         and (d.ordering_key is null or not exists (
           select 1 from interop_deliveries p
           where p.ordering_key = d.ordering_key and p.id < d.id and p.status <> 'delivered'))
       order by d.id limit $2
       for update of d skip locked`,
      [now, n],
    );
    if (!due.rows.length) return [];
    const token = randomUUID();
    const r = await tx.query<DeliveryRow>(
      `update interop_deliveries set status = 'sending', lease_until = $2, claim = $3, attempts = attempts + 1
       where id = any($1::bigint[]) returning *`,
      [due.rows.map((x) => x.id), new Date(now.getTime() + LEASE_MS), token],
    );
    return r.rows.map((x) => ({ ...x, id: Number(x.id), event_id: Number(x.event_id) })).sort((a, b) => a.id - b.id);
  });
}

/** The links and webhooks, read once for a round of deliveries or a page of the log. */
interface Targets {
  links: Map<number, Link>;
  hooks: Map<number, Webhook>;
}

async function loadTargets(db: Queryable): Promise<Targets> {
  const [links, hooks] = await Promise.all([allLinks(db), allWebhooks(db)]);
  return { links: new Map(links.map((l) => [l.id, l])), hooks: new Map(hooks.map((h) => [h.id, h])) };
}

interface Target {
  url: string;
  secret: string | null;
  headers: Record<string, string>;
  link: Link | null;
}

function targetOf(t: Targets, d: DeliveryRow): Target | null {
  if (d.kind === 'webhook') {
    const h = t.hooks.get(d.target_id);
    if (!h || !h.active) return null;
    return { url: h.url, secret: h.secret, headers: { 'x-minsheng-event': d.topic, 'x-minsheng-delivery': String(d.payload.id ?? d.id) }, link: null };
  }
  const l = t.links.get(d.target_id);
  if (!l || !l.active) return null;
  return { url: messageUrl(l), secret: linkSecret(l), headers: { 'x-minsheng-link': l.code, 'x-minsheng-message': String(d.payload.id ?? d.id) }, link: l };
}

/** Refusals that a retry cannot change: the peer understood the message and said no. */
function permanent(d: DeliveryRow, status: number): boolean {
  if (d.kind === 'webhook') return status === 410;
  return status >= 400 && status < 500 && ![401, 408, 425, 429].includes(status);
}

async function attempt(app: AppContext, targets: Targets, d: DeliveryRow): Promise<'delivered' | 'retry' | 'failed'> {
  const target = targetOf(targets, d);
  const started = performance.now();
  let httpStatus: number | null = null;
  let error: string | null = null;
  let response: Record<string, unknown> | null = null;
  if (!target) error = d.kind === 'webhook' ? '订阅已停用或删除 / subscription disabled' : '联动已停用或删除 / link disabled';
  else if (!target.secret) error = '联动未配置共享密钥 / the link has no shared secret';
  else {
    const body = JSON.stringify(d.payload);
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Minsheng-Interop/1', [SIGNATURE_HEADER]: sign(target.secret, body), ...target.headers },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      httpStatus = res.status;
      const text = await res.text();
      try {
        const parsed = JSON.parse(text) as unknown;
        response = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { body: parsed };
      } catch {
        response = text ? { body: text.slice(0, 2000) } : null;
      }
      if (!res.ok) error = `HTTP ${res.status}${response?.messageEn ? `: ${String(response.messageEn)}` : response?.message ? `: ${String(response.message)}` : ''}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
  }
  const ms = Math.round(performance.now() - started);
  const now = app.clock.now(); // when the answer came, not when the sweep began
  await app.db.query(
    'insert into interop_attempts (delivery_id, at, http_status, error, duration_ms) values ($1, $2, $3, $4, $5)',
    [d.id, now, httpStatus, error, ms],
  );
  let outcome: 'delivered' | 'retry' | 'failed';
  if (!error) outcome = 'delivered';
  else if (!target || (httpStatus !== null && permanent(d, httpStatus)) || d.attempts >= d.max_attempts) outcome = 'failed';
  else outcome = 'retry';
  const upd = await app.db.query(
    `update interop_deliveries set status = $3, last_status = $4, last_error = $5, response = coalesce($6, response),
       delivered_at = $7, next_attempt_at = $8, lease_until = null
     where id = $1 and claim = $2 and status = 'sending'`,
    [
      d.id, d.claim, outcome === 'retry' ? 'pending' : outcome, httpStatus, error, response ? JSON.stringify(response) : null,
      outcome === 'delivered' ? now : null, outcome === 'retry' ? new Date(now.getTime() + backoff(d.attempts)) : d.next_attempt_at,
    ],
  );
  if (outcome === 'delivered' && upd.rowCount > 0 && target?.link) {
    await onLinkDelivered(app, target.link, d.topic, d.order_id, response);
  }
  return outcome;
}

interface DeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/** Send what is due, in rounds, until nothing is left to send now. */
export async function deliverDue(app: AppContext, maxRounds = 20): Promise<DeliverResult> {
  const out: DeliverResult = { delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < maxRounds; round++) {
    const batch = await claim(app, 20);
    if (!batch.length) break;
    const targets = await loadTargets(app.db);
    // A batch holds at most one delivery per ordering key (a later one waits for an earlier one),
    // so its deliveries are independent: send a few at a time.
    const queue = [...batch];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const r = await attempt(app, targets, d);
        if (r === 'delivered') out.delivered++;
        else if (r === 'retry') out.retrying++;
        else out.failed++;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }
  return out;
}

// ---- administration --------------------------------------------------------------------------------

const STATUS_ZH: Record<DeliveryRow['status'], string> = { pending: '待发送', sending: '发送中', delivered: '已送达', failed: '发送失败' };

function targetName(t: Targets, kind: DeliveryRow['kind'], id: number): string | null {
  return (kind === 'webhook' ? t.hooks.get(id)?.name : t.links.get(id)?.name) ?? null;
}

/** A delivery with its order's case code (joined by the query). */
type LoggedDelivery = DeliveryRow & { order_code: string | null };

const LOGGED_SQL = 'select d.*, o.code as order_code from interop_deliveries d left join orders o on o.id = d.order_id';

function presentDelivery(d: LoggedDelivery, t: Targets) {
  return {
    id: Number(d.id), kind: d.kind, targetId: d.target_id, target: targetName(t, d.kind, d.target_id), topic: d.topic,
    orderId: d.order_id, orderCode: d.order_code ?? null, eventId: Number(d.event_id), status: d.status, statusZh: STATUS_ZH[d.status],
    attempts: d.attempts, maxAttempts: d.max_attempts, nextAttemptAt: d.status === 'pending' ? new Date(d.next_attempt_at).toISOString() : null,
    lastStatus: d.last_status, lastError: d.last_error, response: d.response, payload: d.payload,
    createdAt: new Date(d.created_at).toISOString(), deliveredAt: d.delivered_at ? new Date(d.delivered_at).toISOString() : null,
  };
}

export interface DeliveryFilter {
  status?: DeliveryRow['status'];
  kind?: 'webhook' | 'link';
  targetId?: number;
  orderId?: number;
  page: number;
  pageSize: number;
}

export async function listDeliveries(db: Queryable, f: DeliveryFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.status) where.push(`d.status = ${p(f.status)}`);
  if (f.kind) where.push(`d.kind = ${p(f.kind)}`);
  if (f.targetId) where.push(`d.target_id = ${p(f.targetId)}`);
  if (f.orderId) where.push(`d.order_id = ${p(f.orderId)}`);
  const w = where.length ? `where ${where.join(' and ')}` : '';
  const total = await db.query<{ n: number }>(`select count(*)::int as n from interop_deliveries d ${w}`, params);
  const rows = await db.query<LoggedDelivery>(`${LOGGED_SQL} ${w} order by d.id desc limit ${p(f.pageSize)} offset ${p((f.page - 1) * f.pageSize)}`, params);
  const counts = await db.query<{ status: string; n: number }>('select status, count(*)::int as n from interop_deliveries group by status');
  const targets = await loadTargets(db);
  return {
    total: total.rows[0]!.n, page: f.page, pageSize: f.pageSize,
    counts: Object.fromEntries(['pending', 'sending', 'delivered', 'failed'].map((s) => [s, counts.rows.find((c) => c.status === s)?.n ?? 0])),
    items: rows.rows.map((r) => presentDelivery(r, targets)),
  };
}

export async function getDelivery(db: Queryable, id: number) {
  const r = await db.query<LoggedDelivery>(`${LOGGED_SQL} where d.id = $1`, [id]);
  if (!r.rows[0]) throw notFound('投递', 'delivery');
  const attempts = await db.query<{ at: Date; http_status: number | null; error: string | null; duration_ms: number }>(
    'select at, http_status, error, duration_ms from interop_attempts where delivery_id = $1 order by id',
    [id],
  );
  return {
    ...presentDelivery(r.rows[0], await loadTargets(db)),
    log: attempts.rows.map((a) => ({ at: new Date(a.at).toISOString(), httpStatus: a.http_status, error: a.error, durationMs: a.duration_ms })),
  };
}

/** Send a failed (or waiting) delivery again now, with a fresh set of attempts. */
export async function resendDelivery(app: AppContext, user: User, id: number) {
  const now = app.clock.now();
  await app.db.transaction(async (tx) => {
    const r = await tx.query<{ status: string }>('select status from interop_deliveries where id = $1 for update', [id]);
    if (!r.rows[0]) throw notFound('投递', 'delivery');
    if (!['failed', 'pending'].includes(r.rows[0].status)) {
      throw new AppError(409, 'not_resendable', `该投递状态为“${STATUS_ZH[r.rows[0].status as DeliveryRow['status']]}”，不能重发`, `A delivery that is ${r.rows[0].status} cannot be resent`);
    }
    await tx.query(
      `update interop_deliveries set status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = null, claim = null where id = $1`,
      [id, now],
    );
    await recordAdminEvent(tx, user, now, 'interop_delivery', id, 'resend', { previousStatus: r.rows[0].status });
  });
  return getDelivery(app.db, id);
}
