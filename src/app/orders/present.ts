// Presenters: the domain order -> JSON for one viewer. Masking a confidential caller's phone for
// unit users, and the list of actions the viewer may take now, happen here and only here.
import { deadlineColour, type EscalationPolicy } from '../../domain/escalation.ts';
import { EVENT_ZH, holderUnitId, ORDER_STATE_ZH, type Actor, type Order, type OrderEvent } from '../../domain/order.ts';
import { CHANNEL_ZH, REQUEST_TYPE_ZH } from '../../domain/types.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import { can, orderActions } from '../../policy/abilities.ts';
import type { User } from '../auth.ts';

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length <= 7 ? phone.replace(/.(?=.{2})/g, '*') : phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** Unit users see a confidential caller's phone masked and no name; anonymous callers have neither. */
export function callerFor(o: Order, viewer: User) {
  const c = o.caller;
  if (c.confidential && !can(viewer, 'order.callerDetails')) {
    return { name: c.name ? c.name.slice(0, 1) + '**' : null, phone: maskPhone(c.phone), anonymous: c.anonymous, confidential: true };
  }
  return c;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function unitRef(catalog: Catalog, id: number | null) {
  const u = id === null ? undefined : catalog.units.get(id);
  return u ? { id: u.id, code: u.code, name: u.name } : null;
}

function pathNames(map: Map<number, { name: string; path: string }>, id: number | null): string | null {
  const n = id === null ? undefined : map.get(id);
  if (!n) return null;
  return ancestry(n.path).reverse().map((a) => map.get(a)?.name ?? '').join(' / ');
}

export function categoryRef(catalog: Catalog, id: number | null) {
  const c = id === null ? undefined : catalog.categories.get(id);
  return c ? { id: c.id, code: c.code, name: c.name, fullName: pathNames(catalog.categories, id) } : null;
}

export function territoryRef(catalog: Catalog, id: number | null) {
  const t = id === null ? undefined : catalog.territories.get(id);
  return t ? { id: t.id, code: t.code, name: t.name, level: t.level, fullName: pathNames(catalog.territories, id) } : null;
}

export function presentOrder(o: Order, viewer: User, catalog: Catalog, now: Date, policy: EscalationPolicy) {
  return {
    id: o.id,
    code: o.code,
    version: o.version,
    state: o.state,
    stateZh: ORDER_STATE_ZH[o.state],
    channel: o.channel,
    channelZh: CHANNEL_ZH[o.channel],
    requestType: o.requestType,
    requestTypeZh: REQUEST_TYPE_ZH[o.requestType],
    category: categoryRef(catalog, o.categoryId),
    grade: o.grade,
    emergency: o.emergency,
    title: o.title,
    description: o.description,
    caller: callerFor(o, viewer),
    place: { territory: territoryRef(catalog, o.place.territoryId), address: o.place.address, lng: o.place.lng, lat: o.place.lat },
    externalRef: o.externalRef,
    attachmentIds: o.attachmentIds,
    leadUnit: unitRef(catalog, o.leadUnitId),
    assistUnits: o.assistUnitIds.map((id) => unitRef(catalog, id)),
    holderUnit: unitRef(catalog, holderUnitId(o)),
    acceptedAt: iso(o.acceptedAt),
    dispatchedAt: iso(o.dispatchedAt),
    /** When the current holder's clock started: with handleDue, when the deadline turns due soon (the web UI's countdown colour). */
    clockStartedAt: iso(o.clockStartedAt),
    signForDue: iso(o.signForDue),
    handleDue: iso(o.handleDue),
    deadlineColour: deadlineColour(o, now, policy),
    signedAt: iso(o.signedAt),
    repliedAt: iso(o.repliedAt),
    closedAt: iso(o.closedAt),
    closeKind: o.closeKind,
    limits: o.limits,
    counts: {
      dispatch: o.dispatchCount, secondDispatch: o.secondDispatchCount, return: o.returnCount, reopen: o.reopenCount,
      extension: o.extensionCount, supervision: o.supervisionCount, reassign: o.reassignCount,
    },
    pendingExtension: o.pendingExtension && { ...o.pendingExtension, requestedDue: o.pendingExtension.requestedDue.toISOString() },
    listed: o.listed,
    escalation: o.escalation,
    lastCallback: o.lastCallback,
    residentRating: o.residentRating,
    reopenRequested: o.reopenRequested,
    evaluation: o.evaluation,
    masterId: o.masterId,
    duplicateIds: o.duplicateIds,
    actions: orderActions(o, viewer),
  };
}

export function presentEvent(e: OrderEvent, o: Order, viewer: User, catalog: Catalog) {
  let data: object = e.data;
  if (e.data.type === 'accepted') {
    const { caller: _c, ...rest } = e.data;
    data = { ...rest, caller: callerFor(o, viewer) };
  }
  return {
    seq: e.seq,
    type: e.data.type,
    typeZh: EVENT_ZH[e.data.type],
    at: e.at.toISOString(),
    actor: { userId: e.actor.userId, name: e.actor.name, role: e.actor.role, unit: unitRef(catalog, e.actor.unitId) },
    note: e.note,
    data,
  };
}

/** Event types a resident may see when tracking, and what each shows. No personal data, no staff names. */
const PUBLIC_EVENTS = new Set(['accepted', 'answered', 'registered', 'dispatched', 'reassigned', 'signed_for', 'replied', 'called_back', 'reopened', 'closed', 'merged', 'withdrawn', 'rated', 'reopen_requested', 'extension_approved']);

export function presentPublic(o: Order, events: OrderEvent[], catalog: Catalog) {
  const resident = orderActions(o, { role: 'resident', unitId: null, orderId: o.id });
  const unitName = (e: OrderEvent) => (e.actor.unitId ? catalog.units.get(e.actor.unitId)?.name ?? null : null);
  return {
    code: o.code,
    state: o.state,
    stateZh: ORDER_STATE_ZH[o.state],
    requestType: o.requestType,
    requestTypeZh: REQUEST_TYPE_ZH[o.requestType],
    category: categoryRef(catalog, o.categoryId)?.fullName ?? null,
    title: o.title,
    acceptedAt: iso(o.acceptedAt),
    handleDue: iso(o.handleDue),
    closedAt: iso(o.closedAt),
    leadUnit: unitRef(catalog, o.leadUnitId)?.name ?? null,
    steps: events.filter((e) => PUBLIC_EVENTS.has(e.data.type)).map((e) => ({
      at: e.at.toISOString(), type: e.data.type, typeZh: EVENT_ZH[e.data.type], unit: unitName(e),
    })),
    replies: events.flatMap((e) => {
      if (e.data.type === 'replied') return [{ at: e.at.toISOString(), unit: unitName(e), text: e.data.result }];
      if (e.data.type === 'answered') return [{ at: e.at.toISOString(), unit: '12345', text: e.data.answer }];
      return [];
    }),
    residentRating: o.residentRating?.satisfaction ?? null,
    // The resident's own steps, as the policy allows them now (the portal shows these buttons).
    canRate: resident.includes('rate'),
    canRequestReopen: resident.includes('requestReopen'),
    canWithdraw: resident.includes('withdraw'),
  };
}

export type OrderView = ReturnType<typeof presentOrder>;
export type { Actor };
