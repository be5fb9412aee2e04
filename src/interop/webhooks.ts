// Webhooks: administrators subscribe a URL to events of orders (a new order for a unit, due soon,
// overdue, closed), optionally only for one unit and the units below it. The outbox turns order
// events into deliveries (`webhookDeliveries`) and its sweep posts them, signed with the
// subscription's secret, retrying with back-off; every attempt is logged.
import { randomUUID } from 'node:crypto';
import { EVENT_ZH, holderUnitId, ORDER_STATE_ZH, type Order } from '../domain/order.ts';
import { recordAdminEvent } from '../app/admin.ts';
import type { User } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { field, invalid, notFound } from '../app/errors.ts';
import type { Catalog } from '../domain/catalog.ts';
import { getCatalog } from '../store/catalog.ts';
import { insertWebhook, saveWebhook, webhookById, type Webhook } from '../store/webhooks.ts';
import type { NewDelivery, OutboxEvent } from './outbox-types.ts';
import { randomSecret } from './signing.ts';

export const WEBHOOK_EVENTS = ['order.new_for_unit', 'order.due_soon', 'order.overdue', 'order.closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_EVENT_ZH: Record<WebhookEvent, string> = {
  'order.new_for_unit': '单位收到新工单（派单、改派、下派、重办）',
  'order.due_soon': '即将超期',
  'order.overdue': '已超期',
  'order.closed': '已办结',
};

export function presentWebhook(w: Webhook, catalog: Catalog) {
  const u = w.unitId === null ? undefined : catalog.units.get(w.unitId);
  return {
    id: w.id, name: w.name, url: w.url, events: w.events, unitId: w.unitId, unit: u ? { id: u.id, code: u.code, name: u.name } : null,
    active: w.active, createdAt: w.createdAt.toISOString(),
  };
}

function checkUnit(catalog: Catalog, unitId: number | null | undefined) {
  if (unitId !== null && unitId !== undefined && !catalog.units.has(unitId)) throw invalid([field('unitId', '单位不存在', 'No such unit')]);
}

export interface WebhookInput {
  name: string;
  url: string;
  events: WebhookEvent[];
  unitId: number | null;
}

/** Create a subscription; the secret is returned this once. */
export async function createWebhook(app: AppContext, user: User, input: WebhookInput): Promise<{ webhook: Webhook; secret: string }> {
  const catalog = await getCatalog(app.db);
  checkUnit(catalog, input.unitId);
  const secret = randomSecret('whsec_');
  const now = app.clock.now();
  return app.db.transaction(async (tx) => {
    const w = await insertWebhook(tx, { ...input, secret }, user.id, now);
    await recordAdminEvent(tx, user, now, 'webhook', w.id, 'create', presentWebhook(w, catalog));
    return { webhook: w, secret };
  });
}

export async function updateWebhook(app: AppContext, user: User, id: number, patch: Partial<WebhookInput> & { active?: boolean; rotateSecret?: boolean }): Promise<{ webhook: Webhook; secret: string | null }> {
  const cur = await webhookById(app.db, id);
  if (!cur) throw notFound('订阅', 'webhook');
  const catalog = await getCatalog(app.db);
  checkUnit(catalog, patch.unitId);
  const secret = patch.rotateSecret ? randomSecret('whsec_') : null;
  const now = app.clock.now();
  return app.db.transaction(async (tx) => {
    const w = await saveWebhook(tx, {
      id, name: patch.name ?? cur.name, url: patch.url ?? cur.url, events: patch.events ?? cur.events,
      unitId: patch.unitId === undefined ? cur.unitId : patch.unitId, active: patch.active ?? cur.active, secret,
    });
    await recordAdminEvent(tx, user, now, 'webhook', id, 'update', { ...presentWebhook(w, catalog), secretRotated: !!secret });
    return { webhook: w, secret };
  });
}

// ---- events -> deliveries ------------------------------------------------------------------------

/** Which webhook event an order event is, and for which units when it is a new order for a unit. */
function topicOf(ev: OutboxEvent): { topic: WebhookEvent; units: number[] } | null {
  const d = ev.data;
  switch (d.type) {
    case 'dispatched':
    case 'reassigned':
      return { topic: 'order.new_for_unit', units: [d.leadUnitId, ...d.assistUnitIds] };
    case 'sent_down':
      return { topic: 'order.new_for_unit', units: [d.toUnitId] };
    case 'reopened':
      return ev.order.leadUnitId === null ? null : { topic: 'order.new_for_unit', units: [ev.order.leadUnitId] };
    case 'escalated':
      return d.level === 'warned' ? { topic: 'order.due_soon', units: [] } : d.level === 'overdue' ? { topic: 'order.overdue', units: [] } : null;
    case 'closed':
    case 'answered':
      return { topic: 'order.closed', units: [] };
    default:
      return null;
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function unitRef(catalog: Catalog, id: number | null) {
  const u = id === null ? undefined : catalog.units.get(id);
  return u ? { id: u.id, code: u.code, name: u.name } : null;
}

/** What a subscriber learns about the order: enough to act on it, no personal data (fetch the order with the API for more). */
function orderSummary(o: Order, catalog: Catalog) {
  const c = o.categoryId === null ? undefined : catalog.categories.get(o.categoryId);
  return {
    id: o.id, code: o.code, title: o.title, state: o.state, stateZh: ORDER_STATE_ZH[o.state], requestType: o.requestType,
    emergency: o.emergency, category: c ? { code: c.code, name: c.name } : null, leadUnit: unitRef(catalog, o.leadUnitId),
    holderUnit: unitRef(catalog, holderUnitId(o)), acceptedAt: iso(o.acceptedAt), signForDue: iso(o.signForDue), handleDue: iso(o.handleDue),
    closedAt: iso(o.closedAt),
  };
}

export function webhookDeliveries(ev: OutboxEvent, hooks: Webhook[], catalog: Catalog): NewDelivery[] {
  const t = topicOf(ev);
  if (!t) return [];
  const out: NewDelivery[] = [];
  for (const h of hooks) {
    if (!h.active || !h.events.includes(t.topic) || ev.at < h.createdAt) continue;
    let units = t.units;
    if (h.unitId !== null) {
      const scope = catalog.units.get(h.unitId);
      if (!scope) continue;
      const within = (id: number | null) => id !== null && !!catalog.units.get(id)?.path.startsWith(scope.path);
      if (t.topic === 'order.new_for_unit') {
        units = units.filter(within);
        if (!units.length) continue;
      } else if (!within(ev.order.leadUnitId) && !within(holderUnitId(ev.order))) {
        continue;
      }
    }
    out.push({
      kind: 'webhook', targetId: h.id, topic: t.topic, orderingKey: null, maxAttempts: 8,
      payload: {
        id: randomUUID(), event: t.topic, eventZh: WEBHOOK_EVENT_ZH[t.topic], occurredAt: ev.at.toISOString(),
        orderEvent: { seq: ev.seq, type: ev.data.type, typeZh: EVENT_ZH[ev.data.type] },
        ...(t.topic === 'order.new_for_unit' ? { units: units.map((u) => unitRef(catalog, u)) } : {}),
        order: orderSummary(ev.order, catalog),
      },
    });
  }
  return out;
}
