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
import type { Queryable } from '../store/db.ts';
import {
  attemptsOf, countDeliveries, deliveriesByStatus, deliveryConditions, deliveryPage, finishAttempt, insertDelivery, leaseDeliveries,
  lockDeliveryStatus, lockDueDeliveries, loggedDelivery, ordersByIds, rearmDelivery, recordAttempt,
  type DeliveryRow, type DeliveryStatus, type LoggedDelivery,
} from '../store/deliveries.ts';
import { allLinks, type Link } from '../store/links.ts';
import { allWebhooks, type Webhook } from '../store/webhooks.ts';
import { runConsumer, type Consumer } from '../events/consumer.ts';
import { linkBatch, linkDeliveries, linkSecret, messageUrl, onLinkDelivered } from './links.ts';
import type { OutboxEvent } from './outbox-types.ts';
import { SIGNATURE_HEADER, sign } from './signing.ts';
import { webhookDeliveries } from './webhooks.ts';

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

/** New events become deliveries: webhook calls and messages to linked platforms, each once. */
export const outboxConsumer: Consumer = {
  name: 'outbox',
  handles: 'all',
  async handle(events, { tx, now, catalog }) {
    if (!tx || !events.length) return;
    const [links, hooks] = await Promise.all([allLinks(tx), allWebhooks(tx)]);
    if (!links.some((l) => l.active) && !hooks.some((h) => h.active)) return;
    const ids = [...new Set(events.map((r) => r.orderId))];
    const orders = await ordersByIds(tx, ids);
    const lb = await linkBatch(tx, links, catalog, ids);
    for (const r of events) {
      // Imported history is not news: only what happens to an imported order afterwards is sent.
      if (r.imported !== null && r.seq <= r.imported) continue;
      const order = orders.get(r.orderId);
      if (!order) continue;
      const ev: OutboxEvent = { ...r, order };
      const ds = [...(lb ? await linkDeliveries(lb, ev) : []), ...webhookDeliveries(ev, hooks, catalog)];
      for (const d of ds) await insertDelivery(tx, { ...d, eventId: ev.id, orderId: ev.orderId }, now);
    }
  },
};

/** Turn new events into deliveries until caught up (the interop sweep; tests). */
export const enqueueOutbox = (app: AppContext): Promise<number> => runConsumer(app, outboxConsumer);

// ---- 2. deliver ----------------------------------------------------------------------------------

/** Take up to n due deliveries and lease them from now: the time of the claim, not of the sweep's start. */
async function claim(app: AppContext, n: number): Promise<DeliveryRow[]> {
  return app.db.transaction(async (tx) => {
    const now = app.clock.now();
    const due = await lockDueDeliveries(tx, now, n);
    if (!due.length) return [];
    return leaseDeliveries(tx, due, new Date(now.getTime() + LEASE_MS), randomUUID());
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
  await recordAttempt(app.db, { deliveryId: d.id, at: now, httpStatus, error, durationMs: ms });
  let outcome: 'delivered' | 'retry' | 'failed';
  if (!error) outcome = 'delivered';
  else if (!target || (httpStatus !== null && permanent(d, httpStatus)) || d.attempts >= d.max_attempts) outcome = 'failed';
  else outcome = 'retry';
  const held = await finishAttempt(app.db, d.id, d.claim, {
    status: outcome === 'retry' ? 'pending' : outcome, lastStatus: httpStatus, lastError: error, response,
    deliveredAt: outcome === 'delivered' ? now : null, nextAttemptAt: outcome === 'retry' ? new Date(now.getTime() + backoff(d.attempts)) : d.next_attempt_at,
  });
  if (outcome === 'delivered' && held && target?.link) {
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

const STATUS_ZH: Record<DeliveryStatus, string> = { pending: '待发送', sending: '发送中', delivered: '已送达', failed: '发送失败' };

function targetName(t: Targets, kind: DeliveryRow['kind'], id: number): string | null {
  return (kind === 'webhook' ? t.hooks.get(id)?.name : t.links.get(id)?.name) ?? null;
}

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
  status?: DeliveryStatus;
  kind?: 'webhook' | 'link';
  targetId?: number;
  orderId?: number;
  page: number;
  pageSize: number;
}

export async function listDeliveries(db: Queryable, f: DeliveryFilter) {
  const where = deliveryConditions(f);
  const total = await countDeliveries(db, where);
  const rows = await deliveryPage(db, where, { limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
  const counts = await deliveriesByStatus(db);
  const targets = await loadTargets(db);
  return {
    total, page: f.page, pageSize: f.pageSize,
    counts: Object.fromEntries(['pending', 'sending', 'delivered', 'failed'].map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])),
    items: rows.map((r) => presentDelivery(r, targets)),
  };
}

export async function getDelivery(db: Queryable, id: number) {
  const d = await loggedDelivery(db, id);
  if (!d) throw notFound('投递', 'delivery');
  const attempts = await attemptsOf(db, id);
  return {
    ...presentDelivery(d, await loadTargets(db)),
    log: attempts.map((a) => ({ at: new Date(a.at).toISOString(), httpStatus: a.http_status, error: a.error, durationMs: a.duration_ms })),
  };
}

/** Send a failed (or waiting) delivery again now, with a fresh set of attempts. */
export async function resendDelivery(app: AppContext, user: User, id: number) {
  const now = app.clock.now();
  await app.db.transaction(async (tx) => {
    const status = await lockDeliveryStatus(tx, id);
    if (!status) throw notFound('投递', 'delivery');
    if (!['failed', 'pending'].includes(status)) {
      throw new AppError(409, 'not_resendable', `该投递状态为“${STATUS_ZH[status]}”，不能重发`, `A delivery that is ${status} cannot be resent`);
    }
    await rearmDelivery(tx, id, now);
    await recordAdminEvent(tx, user, now, 'interop_delivery', id, 'resend', { previousStatus: status });
  });
  return getDelivery(app.db, id);
}
