// Links with other platforms: another Minsheng centre above or below us (上下联动, seed 000), and
// the police platform (110). A link is a row in `interop_links` with the peer's URL and a shared
// HMAC secret. Outbound messages are made from order events by the outbox (`linkDeliveries`) and
// sent by its sweep; inbound messages arrive signed at POST /api/interop/links/:code/messages and
// are applied once (`link_inbox`), each as the domain step the other side took:
//
//   city (link 'down', the district centre is unit U in the city's tree)   district (link 'up')
//   dispatch to U            -> order.dispatched ->  a new order, channel upper_centre, to dispatch
//   reassign away / withdraw -> order.recalled   ->  withdrawn
//   close (after callback)   -> order.closed     ->  callback + closed
//   reopen                   -> order.reopened   ->  reopened to the same unit
//   signed for by U          <- order.signed_for <-  its lead unit signed for it
//   replied by U             <- order.replied    <-  its unit replied
//   returned by U            <- order.returned   <-  handed back to the upper centre
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/order.ts';
import type { Channel, RequestType, Satisfaction } from '../domain/types.ts';
import { recordAdminEvent } from '../app/admin.ts';
import type { User } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { AppError, field, invalid, notFound } from '../app/errors.ts';
import { byCode, type Catalog } from '../domain/catalog.ts';
import { accept } from '../operations/accept.ts';
import { asLink, asSystem } from '../operations/as.ts';
import { create, execute } from '../operations/executor.ts';
import { lowerReplied } from '../operations/lowerReplied.ts';
import { lowerReturned } from '../operations/lowerReturned.ts';
import { lowerSignedFor } from '../operations/lowerSignedFor.ts';
import { noteLink } from '../operations/noteLink.ts';
import type { Created, StepOperation } from '../operations/operation.ts';
import { upperClosed } from '../operations/upperClosed.ts';
import { upperRecalled } from '../operations/upperRecalled.ts';
import { upperReopened } from '../operations/upperReopened.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Queryable, Tx } from '../store/db.ts';
import {
  activeMapping as mappingOf, allLinks, inboxResult, insertInbox, insertLink, linkById, linkedOrders, linkIncoming,
  receivedOrderByCode, saveLink, sentOrderByCode, setMapping as writeMapping, type Link, type LinkInput,
} from '../store/links.ts';
import type { NewDelivery, OutboxEvent } from './outbox-types.ts';

/** What the API shows of a link: never the secret, only whether one is there. */
export function presentLink(l: Link, catalog?: Catalog) {
  const u = l.unitId === null ? undefined : catalog?.units.get(l.unitId);
  return {
    id: l.id, code: l.code, name: l.name, kind: l.kind, direction: l.direction, unitId: l.unitId,
    unit: u ? { id: u.id, code: u.code, name: u.name } : null, peerUrl: l.peerUrl, secretEnv: l.secretEnv,
    hasSecret: linkSecret(l) !== null, active: l.active, createdAt: l.createdAt.toISOString(),
  };
}

export function linkSecret(l: Link): string | null {
  if (l.secret) return l.secret;
  return l.secretEnv ? (process.env[l.secretEnv] || null) : null;
}

/** Where a message to this link goes: a Minsheng peer's message endpoint, or the police platform's URL as configured. */
export function messageUrl(l: Link): string {
  if (l.kind === 'police') return l.peerUrl;
  return `${l.peerUrl.replace(/\/+$/, '')}/api/interop/links/${encodeURIComponent(l.code)}/messages`;
}

// ---- configuration ------------------------------------------------------------------------------

function checkLinkShape(catalog: Catalog, l: Omit<LinkInput, 'code'>, taken: Link[], selfId: number | null) {
  const errors = [];
  if (l.kind === 'centre' && !l.direction) errors.push(field('direction', '中心联动须指明方向：up（对方为上级中心）或 down（对方为下级中心）', "A centre link needs a direction: 'up' (the peer is above us) or 'down' (below us)"));
  if (l.kind === 'police' && l.direction) errors.push(field('direction', '110 联动不设方向', 'A police link has no direction'));
  if (l.direction === 'down') {
    const u = l.unitId === null ? undefined : catalog.units.get(l.unitId);
    if (!u || !u.active) errors.push(field('unitId', '下级中心须对应本中心单位树中的一个单位（先在单位管理中建立，类型可为 department）', 'A lower centre needs the unit that stands for it in our unit tree (create it first, e.g. of kind department)'));
    else if (u.kind === 'centre') errors.push(field('unitId', '代表下级中心的单位不能是本中心（centre）类型，否则无法派单', 'The unit standing for a lower centre cannot be of kind centre: orders are not dispatched to centres'));
    else if (taken.some((x) => x.unitId === u.id && x.id !== selfId)) errors.push(field('unitId', '该单位已关联其他联动', 'This unit already stands for another link'));
  } else if (l.unitId !== null) {
    errors.push(field('unitId', '只有下级中心联动需要对应单位', 'Only a link to a lower centre has a unit'));
  }
  if (!l.secret && !l.secretEnv) errors.push(field('secret', '请设置共享密钥，或指定保存密钥的环境变量（secretEnv）', 'Set the shared secret, or name the environment variable that holds it (secretEnv)'));
  if (errors.length) throw invalid(errors);
}

export async function createLink(app: AppContext, user: User, input: LinkInput): Promise<Link> {
  const catalog = await getCatalog(app.db);
  const links = await allLinks(app.db);
  if (links.some((l) => l.code === input.code)) throw invalid([field('code', '联动编码已被占用', 'This link code is taken')]);
  checkLinkShape(catalog, input, links, null);
  const now = app.clock.now();
  return app.db.transaction(async (tx) => {
    const l = await insertLink(tx, input, now);
    await recordAdminEvent(tx, user, now, 'interop_link', l.id, 'create', presentLink(l));
    return l;
  });
}

export async function updateLink(app: AppContext, user: User, id: number, patch: Partial<Omit<LinkInput, 'code' | 'kind' | 'direction'>> & { active?: boolean }): Promise<Link> {
  const cur = await linkById(app.db, id);
  if (!cur) throw notFound('联动', 'link');
  const next = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Link;
  checkLinkShape(await getCatalog(app.db), next, await allLinks(app.db), id);
  const now = app.clock.now();
  return app.db.transaction(async (tx) => {
    const l = await saveLink(tx, { ...next, id });
    await recordAdminEvent(tx, user, now, 'interop_link', id, 'update', { ...presentLink(l), secretChanged: patch.secret !== undefined });
    return l;
  });
}

// ---- inbound messages ---------------------------------------------------------------------------

export interface Envelope {
  id: string;
  type: string;
  sentAt: string;
  data: Record<string, unknown>;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** Message types each side of a link accepts. */
export const ACCEPTS: Record<'police' | 'up' | 'down', readonly string[]> = {
  police: ['order.transfer'],
  // we are below: the upper centre sends orders and what became of them at its end
  up: ['order.dispatched', 'order.recalled', 'order.closed', 'order.reopened'],
  // we are above: the lower centre reports what it did with an order we sent it
  down: ['order.signed_for', 'order.replied', 'order.returned'],
};

export function sideOf(l: Link): 'police' | 'up' | 'down' {
  return l.kind === 'police' ? 'police' : l.direction!;
}

/** Record a message as applied, with the answer a repeat of it gets; false when it was already recorded. */
export async function recordInbox(db: Queryable, link: Link, msg: Envelope, orderId: number | null, result: Record<string, unknown>, at: Date): Promise<boolean> {
  return insertInbox(db, { linkId: link.id, messageId: msg.id, type: msg.type, at, orderId, result });
}

/** A message already applied gets its first answer again. */
export async function replayed(db: Queryable, link: Link, msg: Envelope): Promise<Reply | null> {
  const prior = await inboxResult(db, link.id, msg.id);
  return prior ? { status: 200, body: { ...prior, replayed: true } } : null;
}

/**
 * Apply a message to one order as an operation (src/operations/), acting as the centre that sent
 * it, and record the message as applied in the same transaction. Of two deliveries of one message
 * the second waits for the order's lock and then answers with the first one's result. A rejection
 * (the order's state does not allow the step) is not recorded: the sender may resend it later.
 */
async function applyToOrder<I>(app: AppContext, link: Link, msg: Envelope, orderId: number, actor: Actor, op: StepOperation<I>, input: I): Promise<Reply> {
  let result: Record<string, unknown> | null = null;
  try {
    await execute(app, op, orderId, input, asLink(actor), async (tx, done) => {
      result = { ok: true, applied: done.events.length > 0, code: done.order.code, state: done.order.state };
      if (!(await recordInbox(tx, link, msg, done.order.id, result, app.clock.now()))) throw new AlreadyApplied();
    });
  } catch (e) {
    const again = await replayed(app.db, link, msg);
    if (again) return again;
    throw e;
  }
  return { status: 200, body: result! };
}

/** The message was applied by a concurrent delivery: this transaction rolls back and answers with that one's result. */
class AlreadyApplied extends Error {}

function mappedOrder(db: Queryable, link: Link, direction: 'in' | 'out', code: string): Promise<number | null> {
  return direction === 'out' ? sentOrderByCode(db, link.id, code) : receivedOrderByCode(db, link.id, code);
}

const notSent = () => new AppError(404, 'not_linked', '本中心没有通过该联动转出或接收此工单', 'No order was exchanged over this link under that code');

export interface OrderMessage {
  upperCode: string;
  title: string;
  description: string;
  requestType: RequestType;
  categoryCode: string | null;
  categoryName: string | null;
  grade: number;
  emergency: boolean;
  caller: { name: string | null; phone: string | null; anonymous: boolean; confidential: boolean };
  place: { territoryCode: string | null; address: string | null; lng: number | null; lat: number | null };
  acceptedAt: string;
  handleDue: string | null;
  note: string | null;
}

/** The lower centre: a new order from the upper centre, in our dispatch queue. */
async function receiveOrder(app: AppContext, link: Link, msg: Envelope, m: OrderMessage): Promise<Reply> {
  const catalog = await getCatalog(app.db);
  const category = byCode(catalog.categories, m.categoryCode);
  const territory = byCode(catalog.territories, m.place.territoryCode);
  // The upper centre registers the order (立案) as an operator would: it lands in the dispatch queue.
  const actor: Actor = { userId: null, role: 'operator', unitId: null, name: `上级中心：${link.name}` };
  const externalRef: Record<string, string> = { upperCentre: link.code, upperCode: m.upperCode };
  if (m.handleDue) externalRef.upperHandleDue = m.handleDue;
  if (m.categoryName && !category) externalRef.upperCategory = m.categoryName;
  const answer = (r: Created) => ({ ok: true, applied: true, code: r.order.code, state: r.order.state });
  const r = await create(app, accept, {
    channel: 'upper_centre' satisfies Channel, requestType: m.requestType, categoryId: category?.id ?? null, grade: m.grade,
    emergency: m.emergency, title: m.title, description: m.description, caller: m.caller,
    place: { territoryId: territory?.id ?? null, address: m.place.address, lng: m.place.lng, lat: m.place.lat },
    externalRef, attachmentIds: [], answer: null, register: true, trackSecret: null,
  }, asLink(actor), {
    key: `link:${link.id}:${msg.id}`,
    within: async (tx, done) => {
      await linkIncoming(tx, link.id, done.order.id, m.upperCode, app.clock.now());
      await recordInbox(tx, link, msg, done.order.id, answer(done), app.clock.now());
    },
  });
  return { status: 200, body: answer(r) };
}

/** Messages from the upper centre about an order it sent us. */
async function fromAbove(app: AppContext, link: Link, msg: Envelope): Promise<Reply> {
  const d = msg.data as { upperCode: string; reason?: string | null; satisfaction?: Satisfaction | null; solved?: boolean | null; note?: string | null };
  if (msg.type === 'order.dispatched') return receiveOrder(app, link, msg, msg.data as unknown as OrderMessage);
  const orderId = await mappedOrder(app.db, link, 'in', d.upperCode);
  if (orderId === null) throw notSent();
  const who = (role: Actor['role']): Actor => ({ userId: null, role, unitId: null, name: `上级中心：${link.name}` });
  if (msg.type === 'order.recalled') return applyToOrder(app, link, msg, orderId, who('admin'), upperRecalled, { linkId: link.id, reason: d.reason ?? null });
  if (msg.type === 'order.closed') {
    return applyToOrder(app, link, msg, orderId, who('callback_agent'), upperClosed, { satisfaction: d.satisfaction ?? null, solved: d.solved ?? null, note: d.note ?? null });
  }
  if (msg.type === 'order.reopened') return applyToOrder(app, link, msg, orderId, who('callback_agent'), upperReopened, { reason: d.reason ?? null });
  throw new AppError(400, 'unknown_message', '该联动不接受此类消息', `This link does not accept ${msg.type}`);
}

/** Messages from the lower centre about an order we sent it: it acts as the unit that stands for it. */
async function fromBelow(app: AppContext, link: Link, msg: Envelope): Promise<Reply> {
  const d = msg.data as { upperCode: string; remoteCode?: string | null; unitName?: string | null; handlerName?: string | null; result?: string; reason?: string };
  const orderId = await mappedOrder(app.db, link, 'out', d.upperCode);
  if (orderId === null) throw notSent();
  const who = [link.name, d.unitName, d.handlerName].filter(Boolean).join(' ');
  const actor: Actor = { userId: null, role: 'unit_handler', unitId: link.unitId, name: who };
  if (msg.type === 'order.signed_for') {
    return applyToOrder(app, link, msg, orderId, actor, lowerSignedFor, { note: d.unitName ? `${link.name}转${d.unitName}办理` : null });
  }
  if (msg.type === 'order.replied') {
    const handlerName = [d.unitName, d.handlerName].filter(Boolean).join(' ') || link.name;
    return applyToOrder(app, link, msg, orderId, actor, lowerReplied, { result: d.result ?? '', handlerName });
  }
  if (msg.type === 'order.returned') {
    // The order is back with us: it is no longer linked (the outbox sends the lower centre nothing more about it).
    return applyToOrder(app, link, msg, orderId, actor, lowerReturned, { linkId: link.id, reason: d.reason || `${link.name}退回` });
  }
  throw new AppError(400, 'unknown_message', '该联动不接受此类消息', `This link does not accept ${msg.type}`);
}

export async function receiveCentreMessage(app: AppContext, link: Link, msg: Envelope): Promise<Reply> {
  const again = await replayed(app.db, link, msg);
  if (again) return again;
  return link.direction === 'up' ? fromAbove(app, link, msg) : fromBelow(app, link, msg);
}

// ---- outbound: events -> messages ----------------------------------------------------------------

interface Mapping {
  linkId: number;
  remoteCode: string | null;
}

/**
 * What `linkDeliveries` works with over one batch of events: the links, and the orders of the batch
 * that may be linked (those with an active mapping when the batch began, and those linked since),
 * so that an event of any other order costs no query.
 */
export interface LinkBatch {
  tx: Tx;
  links: Link[];
  catalog: Catalog;
  mayBeLinked: Set<number>;
}

/** Null when no link is configured: then no order is linked and no event makes a message. */
export async function linkBatch(tx: Tx, links: Link[], catalog: Catalog, orderIds: number[]): Promise<LinkBatch | null> {
  if (!links.length) return null;
  return { tx, links, catalog, mayBeLinked: new Set(await linkedOrders(tx, orderIds)) };
}

async function activeMapping(b: LinkBatch, orderId: number, direction: 'in' | 'out'): Promise<Mapping | null> {
  if (!b.mayBeLinked.has(orderId)) return null;
  return mappingOf(b.tx, orderId, direction);
}

/** Mark an order linked (or no longer linked). A link that starts again forgets the other side's old case code. */
async function setMapping(b: LinkBatch, linkId: number, orderId: number, direction: 'in' | 'out', active: boolean, at: Date) {
  if (active) b.mayBeLinked.add(orderId);
  await writeMapping(b.tx, linkId, orderId, direction, active, at);
}

function envelope(link: Link, type: string, ev: OutboxEvent, data: Record<string, unknown>): NewDelivery {
  return {
    kind: 'link', targetId: link.id, topic: type, orderingKey: `link:${link.id}:order:${ev.orderId}`, maxAttempts: 12,
    payload: { id: randomUUID(), link: link.code, type, sentAt: ev.at.toISOString(), data },
  };
}

function orderMessage(ev: OutboxEvent, catalog: Catalog, handleDue: string | null): OrderMessage {
  const o = ev.order;
  const c = o.categoryId === null ? undefined : catalog.categories.get(o.categoryId);
  const t = o.place.territoryId === null ? undefined : catalog.territories.get(o.place.territoryId);
  return {
    upperCode: o.code, title: o.title, description: o.description, requestType: o.requestType, categoryCode: c?.code ?? null,
    categoryName: c?.name ?? null, grade: o.grade, emergency: o.emergency, caller: o.caller,
    place: { territoryCode: t?.code ?? null, address: o.place.address, lng: o.place.lng, lat: o.place.lat },
    acceptedAt: o.acceptedAt.toISOString(), handleDue, note: ev.note,
  };
}

/** The link messages an event makes, updating which order is linked where as it goes. */
export async function linkDeliveries(b: LinkBatch, ev: OutboxEvent): Promise<NewDelivery[]> {
  const { links, catalog } = b;
  const d = ev.data;
  const out: NewDelivery[] = [];
  const active = links.filter((l) => l.active);
  const downByUnit = (unitId: number | null) => active.find((l) => l.kind === 'centre' && l.direction === 'down' && l.unitId === unitId);
  const byId = (id: number | null) => links.find((l) => l.id === id);

  // We are above: orders we dispatch to a lower centre.
  const sendDown = async (link: Link, handleDue: string | null) => {
    await setMapping(b, link.id, ev.orderId, 'out', true, ev.at);
    out.push(envelope(link, 'order.dispatched', ev, orderMessage(ev, catalog, handleDue) as unknown as Record<string, unknown>));
  };
  const recall = async (m: Mapping, reason: string | null) => {
    const link = byId(m.linkId);
    await setMapping(b, m.linkId, ev.orderId, 'out', false, ev.at);
    if (link) out.push(envelope(link, 'order.recalled', ev, { upperCode: ev.order.code, remoteCode: m.remoteCode, reason }));
  };
  if (d.type === 'dispatched') {
    const link = downByUnit(d.leadUnitId);
    if (link) await sendDown(link, d.handleDue);
  } else if (d.type === 'reassigned') {
    const m = await activeMapping(b, ev.orderId, 'out');
    const link = downByUnit(d.leadUnitId);
    if (m && m.linkId !== link?.id) await recall(m, ev.note);
    if (link && m?.linkId !== link.id) await sendDown(link, d.handleDue);
  } else if (d.type === 'withdrawn' || d.type === 'merged') {
    const m = await activeMapping(b, ev.orderId, 'out');
    if (m) await recall(m, ev.note ?? (d.type === 'merged' ? '工单已合并为重复件' : '工单已撤回'));
  } else if (d.type === 'closed' || d.type === 'reopened') {
    // (An order the lower centre returned was unlinked with the return itself: see fromBelow.)
    const m = await activeMapping(b, ev.orderId, 'out');
    const link = m && byId(m.linkId);
    if (m && link?.active) {
      const cb = ev.order.lastCallback;
      out.push(envelope(link, `order.${d.type}`, ev, d.type === 'closed'
        ? { upperCode: ev.order.code, remoteCode: m.remoteCode, satisfaction: cb?.satisfaction ?? null, solved: cb?.solved ?? null, note: ev.note }
        : { upperCode: ev.order.code, remoteCode: m.remoteCode, reason: ev.note }));
    }
  }

  // We are below: what we did with an order the upper centre sent us.
  if (d.type === 'signed_for' || d.type === 'replied' || (d.type === 'handed_over' && d.to === 'upper_centre')) {
    const m = await activeMapping(b, ev.orderId, 'in');
    const link = m && byId(m.linkId);
    if (m && link?.active && m.remoteCode) {
      const unitName = ev.actor.unitId ? catalog.units.get(ev.actor.unitId)?.name ?? null : null;
      const base = { upperCode: m.remoteCode, remoteCode: ev.order.code, unitName, handlerName: ev.actor.name };
      // the lead unit's sign-for; a send-down further on stays inside this centre
      if (d.type === 'signed_for' && d.unitId === ev.order.leadUnitId) out.push(envelope(link, 'order.signed_for', ev, base));
      if (d.type === 'replied') out.push(envelope(link, 'order.replied', ev, { ...base, handlerName: d.handlerName ?? ev.actor.name, result: d.result }));
      if (d.type === 'handed_over') {
        out.push(envelope(link, 'order.returned', ev, { ...base, unitName: null, reason: ev.note }));
        await setMapping(b, m.linkId, ev.orderId, 'in', false, ev.at);
      }
    }
  }

  // The police platform: a police matter that reached 12345.
  if (d.type === 'handed_over' && d.to === 'police_110') {
    const link = byId(d.linkId);
    if (link) {
      const o = ev.order;
      out.push(envelope(link, 'order.handover', ev, {
        code: o.code, title: o.title, description: o.description, caller: o.caller,
        place: { address: o.place.address, lng: o.place.lng, lat: o.place.lat }, acceptedAt: o.acceptedAt.toISOString(),
        emergency: o.emergency, reason: ev.note,
      }));
    }
  }
  return out;
}

// ---- after a message was delivered ---------------------------------------------------------------

/**
 * Note on the order what the other side answered (its case code, the police incident number): the
 * mapping's remote code and the `link_noted` event are written together.
 */
export async function onLinkDelivered(app: AppContext, link: Link, topic: string, orderId: number, response: Record<string, unknown> | null): Promise<void> {
  if (!response) return;
  let note: string | null = null;
  let ref: string | null = null;
  if (topic === 'order.dispatched' && typeof response.code === 'string') {
    ref = response.code;
    note = `${link.name}已接收，对方工单编号 ${ref}`;
  } else if (topic === 'order.handover') {
    ref = typeof response.incidentNo === 'string' ? response.incidentNo : null;
    note = ref ? `${link.name}已接收，警情编号 ${ref}` : `${link.name}已接收`;
  }
  if (!note) return;
  try {
    await execute(app, noteLink, orderId, { linkId: link.id, topic, ref, note }, asSystem(link.name));
  } catch (e) {
    // The order is not there (any more): nothing to note.
    if (!(e instanceof AppError && e.code === 'not_found')) throw e;
  }
}
