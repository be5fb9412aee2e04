// A work order (工单) and its events. The order's state is a fold of its events: `evolve`.
// No I/O here; the store keeps a projection of `Order` beside the event log and rebuilds it
// with the same function.
import type { Channel, Limit, RequestType, Role, Satisfaction } from './types.ts';

export const ORDER_STATES = [
  'accepted', // 已受理: recorded, not yet answered or registered
  'pending_dispatch', // 待派单: case opened (立案), or returned by a unit and waiting for a second dispatch
  'dispatched', // 待签收: sent to a unit that has not signed for it yet
  'handling', // 办理中: signed for
  'replied', // 待回访: the unit replied
  'called_back', // 已回访: callback recorded, waiting for close or reopen
  'closed', // 已办结
  'merged', // 已合并 into a master order (重复件)
  'withdrawn', // 已撤回 by the resident
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_STATE_ZH: Record<OrderState, string> = {
  accepted: '已受理', pending_dispatch: '待派单', dispatched: '待签收', handling: '办理中', replied: '待回访',
  called_back: '已回访', closed: '已办结', merged: '已合并', withdrawn: '已撤回',
};

export const OPEN_STATES: readonly OrderState[] = ['accepted', 'pending_dispatch', 'dispatched', 'handling', 'replied', 'called_back'];
/** States in which a unit holds the order and the handling clock runs. */
export const CLOCK_STATES: readonly OrderState[] = ['dispatched', 'handling'];

export type EscalationLevel = 'none' | 'warned' | 'overdue' | 'supervised' | 'discipline';

export interface Caller {
  name: string | null;
  phone: string | null;
  anonymous: boolean;
  confidential: boolean;
}

export interface Place {
  territoryId: number | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

export interface AppliedLimits {
  ruleId: number | null;
  ruleVersion: number;
  calendarVersion: number;
  signFor: Limit;
  handle: Limit;
}

/** What the resident asked, as recorded at intake (the `accepted` event). */
export interface Intake {
  channel: Channel;
  requestType: RequestType;
  categoryId: number | null;
  grade: number;
  emergency: boolean;
  title: string;
  description: string;
  caller: Caller;
  place: Place;
  /** References in other systems, e.g. the police incident number of a 110 transfer. */
  externalRef: Record<string, string> | null;
}

export function intakeOf(x: Intake): Intake {
  const { channel, requestType, categoryId, grade, emergency, title, description, caller, place, externalRef } = x;
  return { channel, requestType, categoryId, grade, emergency, title, description, caller, place, externalRef };
}

export interface Order extends Intake {
  id: number;
  code: string;
  version: number; // number of events applied
  state: OrderState;
  /** Photos and files the resident sent with the request. */
  attachmentIds: number[];
  leadUnitId: number | null;
  assistUnitIds: number[];
  /** Units holding the order, from the lead unit down to the one that holds it now (下派 chain). */
  holderChain: number[];
  acceptedAt: Date;
  dispatchedAt: Date | null;
  /** When the current holder's clock started (dispatch, re-dispatch, send-down, reopen). */
  clockStartedAt: Date | null;
  signForDue: Date | null;
  handleDue: Date | null;
  signedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  closeKind: 'immediate' | 'verified' | null;
  limits: AppliedLimits | null;
  dispatchCount: number;
  secondDispatchCount: number;
  returnCount: number;
  reopenCount: number;
  extensionCount: number;
  /** Working days added by approved extensions to the current holder's deadline. */
  extendedDays: number;
  supervisionCount: number;
  reassignCount: number;
  pendingExtension: { days: number; reason: string; requestedDue: Date; byUnitId: number } | null;
  listed: boolean;
  lastCallback: { satisfaction: Satisfaction; solved: boolean; note: string | null } | null;
  residentRating: { satisfaction: Satisfaction; note: string | null } | null;
  evaluation: { score: number; note: string | null } | null;
  masterId: number | null;
  duplicateIds: number[];
  escalation: EscalationLevel;
  reopenRequested: boolean;
}

export function holderUnitId(o: Order): number | null {
  return o.holderChain.length ? o.holderChain[o.holderChain.length - 1]! : null;
}

// ---- events ---------------------------------------------------------------------------------

export interface PhoneNotice {
  calledAt: Date;
  person: string;
  phone: string;
  note: string | null;
}

export interface Deadlines {
  signForDue: Date | null;
  handleDue: Date | null;
  limits: AppliedLimits;
}

export type EventData =
  | ({ type: 'accepted'; attachmentIds?: number[] } & Intake)
  | { type: 'answered'; answer: string; knowledgeArticleId: number | null }
  | { type: 'registered' }
  | ({ type: 'dispatched'; leadUnitId: number; assistUnitIds: number[]; second: boolean; phoneNotice: PhoneNotice | null } & DeadlineData)
  | ({ type: 'reassigned'; leadUnitId: number; assistUnitIds: number[] } & DeadlineData)
  | { type: 'signed_for'; unitId: number }
  | { type: 'sent_down'; fromUnitId: number; toUnitId: number; signForDue: string | null }
  | { type: 'returned'; unitId: number; toUnitId: number | null }
  | { type: 'extension_requested'; unitId: number; days: number; requestedDue: string }
  | { type: 'extension_approved'; handleDue: string }
  | { type: 'extension_refused' }
  | { type: 'assist_noted'; unitId: number; text: string }
  | { type: 'replied'; unitId: number; result: string; attachmentIds: number[]; handlerName: string | null }
  | { type: 'called_back'; reached: boolean; satisfaction: Satisfaction | null; solved: boolean | null }
  | ({ type: 'reopened' } & DeadlineData)
  | { type: 'closed' }
  | { type: 'evaluated'; score: number }
  | { type: 'merged'; masterId: number }
  | { type: 'duplicate_linked'; duplicateId: number }
  | { type: 'supervised'; auto: boolean }
  | { type: 'listed' }
  | { type: 'unlisted' }
  | { type: 'withdrawn' }
  | { type: 'rated'; satisfaction: Satisfaction }
  | { type: 'reopen_requested' }
  | { type: 'escalated'; level: 'warned' | 'overdue' | 'discipline'; dueAt: string }
  | ({ type: 'deadlines_recomputed' } & DeadlineData)
  // Interoperability (src/interop): the order leaves this centre for the police platform (110) or
  // goes back to the higher-level centre that sent it; a message exchanged with a linked platform.
  | { type: 'handed_over'; to: 'police_110' | 'upper_centre'; linkId: number | null }
  | { type: 'link_noted'; linkId: number; direction: 'in' | 'out'; ref: string | null };

/** Deadlines travel in events as ISO strings so that an event is plain JSON. */
export interface DeadlineData {
  signForDue: string | null;
  handleDue: string | null;
  limits: { ruleId: number | null; ruleVersion: number; calendarVersion: number; signFor: Limit; handle: Limit };
}

export type EventType = EventData['type'];

export interface Actor {
  userId: number | null; // null = the system (escalation job) or a resident
  role: Role | 'system' | 'resident';
  unitId: number | null;
  name: string;
}

/** An event as the domain produces it; the store adds id and seq. */
export interface NewEvent {
  data: EventData;
  note: string | null;
}

export interface OrderEvent extends NewEvent {
  seq: number;
  at: Date;
  actor: Actor;
}

export const EVENT_ZH: Record<EventType, string> = {
  accepted: '受理', answered: '即时答复', registered: '立案', dispatched: '派单', reassigned: '改派', signed_for: '签收',
  sent_down: '下派', returned: '退单', extension_requested: '申请延期', extension_approved: '同意延期', extension_refused: '驳回延期',
  assist_noted: '协办反馈', replied: '办理回复', called_back: '回访', reopened: '重办', closed: '办结', evaluated: '综合评价',
  merged: '合并为重复件', duplicate_linked: '关联重复件', supervised: '督办', listed: '挂牌督办', unlisted: '摘牌', withdrawn: '撤回',
  rated: '市民评价', reopen_requested: '市民申请重办', escalated: '超时预警', deadlines_recomputed: '时限重算',
  handed_over: '移交（110/上级中心）', link_noted: '联动消息',
};

function applyDeadlines(o: Order, d: DeadlineData, at: Date): Order {
  return {
    ...o,
    signForDue: d.signForDue ? new Date(d.signForDue) : null,
    handleDue: d.handleDue ? new Date(d.handleDue) : null,
    limits: d.limits,
    clockStartedAt: at,
    extendedDays: 0,
    escalation: 'none',
  };
}

/** The initial order, before any event: the `accepted` event fills it. */
export function blankOrder(id: number, code: string, at: Date): Order {
  return {
    id, code, version: 0, state: 'accepted', channel: 'phone', requestType: 'other', categoryId: null, grade: 1,
    emergency: false, title: '', description: '', caller: { name: null, phone: null, anonymous: true, confidential: false },
    place: { territoryId: null, address: null, lng: null, lat: null }, externalRef: null, attachmentIds: [], leadUnitId: null,
    assistUnitIds: [], holderChain: [], acceptedAt: at, dispatchedAt: null, clockStartedAt: null, signForDue: null,
    handleDue: null, signedAt: null, repliedAt: null, closedAt: null, closeKind: null, limits: null, dispatchCount: 0,
    secondDispatchCount: 0, returnCount: 0, reopenCount: 0, extensionCount: 0, extendedDays: 0, supervisionCount: 0, reassignCount: 0,
    pendingExtension: null, listed: false, lastCallback: null, residentRating: null, evaluation: null, masterId: null,
    duplicateIds: [], escalation: 'none', reopenRequested: false,
  };
}

/** Apply one event. Total over every event type; validity was checked when the event was decided. */
export function evolve(o: Order, e: OrderEvent): Order {
  const n: Order = { ...o, version: e.seq };
  const d = e.data;
  switch (d.type) {
    case 'accepted':
      return { ...n, ...intakeOf(d), state: 'accepted', attachmentIds: d.attachmentIds ?? [], acceptedAt: e.at };
    case 'answered':
      return { ...n, state: 'closed', closedAt: e.at, closeKind: 'immediate', repliedAt: e.at };
    case 'registered':
      return { ...n, state: 'pending_dispatch' };
    case 'dispatched':
      return {
        ...applyDeadlines(n, d, e.at), state: 'dispatched', leadUnitId: d.leadUnitId, assistUnitIds: d.assistUnitIds,
        holderChain: [d.leadUnitId], dispatchedAt: o.dispatchedAt ?? e.at, signedAt: null,
        dispatchCount: o.dispatchCount + 1, secondDispatchCount: o.secondDispatchCount + (d.second ? 1 : 0),
      };
    case 'reassigned':
      return {
        ...applyDeadlines(n, d, e.at), state: 'dispatched', leadUnitId: d.leadUnitId, assistUnitIds: d.assistUnitIds,
        holderChain: [d.leadUnitId], signedAt: null, pendingExtension: null, reassignCount: o.reassignCount + 1,
      };
    case 'signed_for':
      return { ...n, state: 'handling', signedAt: o.holderChain.length > 1 ? o.signedAt : e.at };
    case 'sent_down':
      return {
        ...n, state: 'dispatched', holderChain: [...o.holderChain, d.toUnitId],
        signForDue: d.signForDue ? new Date(d.signForDue) : null,
      };
    case 'returned': {
      if (d.toUnitId === null) {
        return {
          ...n, state: 'pending_dispatch', holderChain: [], returnCount: o.returnCount + 1, signedAt: null,
          signForDue: null, handleDue: null, pendingExtension: null, escalation: 'none',
        };
      }
      return { ...n, state: 'handling', holderChain: o.holderChain.slice(0, -1) };
    }
    case 'extension_requested':
      return { ...n, pendingExtension: { days: d.days, reason: e.note ?? '', requestedDue: new Date(d.requestedDue), byUnitId: d.unitId } };
    case 'extension_approved':
      return {
        ...n, pendingExtension: null, handleDue: new Date(d.handleDue), extensionCount: o.extensionCount + 1,
        extendedDays: o.extendedDays + (o.pendingExtension?.days ?? 0),
        escalation: 'none',
      };
    case 'extension_refused':
      return { ...n, pendingExtension: null };
    case 'assist_noted':
      return n;
    case 'replied':
      return { ...n, state: 'replied', repliedAt: e.at, pendingExtension: null };
    case 'called_back':
      return {
        ...n, state: d.reached ? 'called_back' : o.state,
        lastCallback: d.reached ? { satisfaction: d.satisfaction ?? 'unsatisfied', solved: d.solved ?? false, note: e.note } : o.lastCallback,
        listed: o.listed && !(d.reached && d.satisfaction !== 'unsatisfied'),
      };
    case 'reopened':
      return {
        ...applyDeadlines(n, d, e.at), state: 'dispatched', holderChain: o.leadUnitId ? [o.leadUnitId] : [],
        reopenCount: o.reopenCount + 1, repliedAt: null, closedAt: null, closeKind: null, reopenRequested: false,
        lastCallback: null, signedAt: null, evaluation: null,
      };
    case 'closed':
      return { ...n, state: 'closed', closedAt: e.at, closeKind: 'verified' };
    case 'evaluated':
      return { ...n, evaluation: { score: d.score, note: e.note } };
    case 'merged':
      return { ...n, state: 'merged', masterId: d.masterId, closedAt: e.at, holderChain: [], listed: false, pendingExtension: null };
    case 'duplicate_linked':
      return { ...n, duplicateIds: [...o.duplicateIds, d.duplicateId] };
    case 'supervised':
      return { ...n, supervisionCount: o.supervisionCount + 1, escalation: d.auto ? 'supervised' : o.escalation };
    case 'listed':
      return { ...n, listed: true, supervisionCount: o.supervisionCount + 1 };
    case 'unlisted':
      return { ...n, listed: false };
    case 'withdrawn':
      return { ...n, state: 'withdrawn', closedAt: e.at, holderChain: [], listed: false, pendingExtension: null };
    case 'rated':
      return { ...n, residentRating: { satisfaction: d.satisfaction, note: e.note } };
    case 'reopen_requested':
      return { ...n, reopenRequested: true };
    case 'escalated':
      return { ...n, escalation: d.level };
    case 'deadlines_recomputed':
      return {
        ...n, signForDue: d.signForDue ? new Date(d.signForDue) : null, handleDue: d.handleDue ? new Date(d.handleDue) : null,
        limits: d.limits, escalation: 'none',
      };
    case 'handed_over':
      // The order leaves this centre: no step is open on it any more (the terminal state of a withdrawal).
      return { ...n, state: 'withdrawn', closedAt: e.at, holderChain: [], listed: false, pendingExtension: null };
    case 'link_noted':
      return n;
  }
}

export function fold(id: number, code: string, events: readonly OrderEvent[]): Order {
  let o = blankOrder(id, code, events[0]?.at ?? new Date(0));
  for (const e of events) o = evolve(o, e);
  return o;
}
