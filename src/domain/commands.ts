// The closed loop as commands: each checks who may act, in which state, with what input, and
// yields the events to append. Pure: the clock, the calendar and anything looked up in the
// database arrive as arguments.
import { addWorkingDays, deadline, type Calendar } from './calendar.ts';
import {
  CLOCK_STATES, OPEN_STATES, type Actor, type AppliedLimits, type DeadlineData, type EventData, type NewEvent,
  type Order, type OrderState, type PhoneNotice,
} from './order.ts';
import type { Satisfaction } from './types.ts';

export interface Rejection {
  code: string;
  zh: string;
  en: string;
}
export type Decision = { ok: true; events: NewEvent[] } | { ok: false; rejection: Rejection };

export interface Ctx {
  now: Date;
  actor: Actor;
  calendar: Calendar;
}

const reject = (code: string, zh: string, en: string): Decision => ({ ok: false, rejection: { code, zh, en } });
const ok = (...events: NewEvent[]): Decision => ({ ok: true, events });
const ev = (data: EventData, note: string | null = null): NewEvent => ({ data, note });

/** Deadlines a limit gives when a holder's clock starts at `start`. */
export function deadlinesFor(limits: AppliedLimits, start: Date, calendar: Calendar): DeadlineData {
  return {
    signForDue: deadline(start, limits.signFor, calendar).toISOString(),
    handleDue: deadline(start, limits.handle, calendar).toISOString(),
    limits,
  };
}

/**
 * The state machine of the loop: in which states each step may happen, and any further
 * condition on the order. Who may take a step is the policy's business (src/policy/).
 */
interface StepRule {
  states: readonly OrderState[];
  /** Further condition on the order, beyond its state. */
  when?: (o: Order) => boolean;
}

const BEFORE_REPLY: OrderState[] = ['accepted', 'pending_dispatch', 'dispatched', 'handling'];
const SUPERVISABLE: OrderState[] = ['pending_dispatch', 'dispatched', 'handling', 'replied', 'called_back'];

export const STEP_STATES = {
  answer: { states: ['accepted'] },
  register: { states: ['accepted'] },
  dispatch: { states: ['accepted', 'pending_dispatch'] },
  reassign: { states: CLOCK_STATES },
  signFor: { states: ['dispatched'] },
  sendDown: { states: ['handling'] },
  return: { states: CLOCK_STATES },
  requestExtension: { states: ['handling'], when: (o) => !o.pendingExtension && !!o.handleDue },
  decideExtension: { states: CLOCK_STATES, when: (o) => !!o.pendingExtension },
  assistNote: { states: CLOCK_STATES },
  reply: { states: ['handling'] },
  callback: { states: ['replied', 'called_back'] },
  reopen: { states: ['replied', 'called_back', 'closed'], when: (o) => o.closeKind !== 'immediate' && o.leadUnitId !== null },
  close: { states: ['called_back'] },
  evaluate: { states: ['closed'], when: (o) => !o.evaluation },
  merge: { states: BEFORE_REPLY },
  supervise: { states: SUPERVISABLE },
  list: { states: SUPERVISABLE, when: (o) => !o.listed },
  unlist: { states: OPEN_STATES, when: (o) => o.listed },
  withdraw: { states: BEFORE_REPLY },
  rate: { states: ['replied', 'called_back', 'closed'], when: (o) => o.closeKind !== 'immediate' || o.state === 'closed' },
  requestReopen: { states: ['replied', 'called_back', 'closed'], when: (o) => !o.reopenRequested && o.leadUnitId !== null },
} satisfies Record<string, StepRule>;

export type Action = keyof typeof STEP_STATES;
export const ACTIONS = Object.keys(STEP_STATES) as Action[];

export const ACTION_ZH: Record<Action, string> = {
  answer: '即时答复', register: '立案', dispatch: '派单', reassign: '改派', signFor: '签收', sendDown: '下派', return: '退单',
  requestExtension: '申请延期', decideExtension: '审批延期', assistNote: '协办反馈', reply: '办理回复', callback: '回访',
  reopen: '重办', close: '办结', evaluate: '综合评价', merge: '合并重复件', supervise: '督办', list: '挂牌督办', unlist: '摘牌',
  withdraw: '撤回', rate: '评价', requestReopen: '申请重办',
};

/** May this step happen to this order in its current state? Returns the reason when not. */
export function stepAllowed(action: Action, o: Order): Rejection | null {
  const step: StepRule = STEP_STATES[action];
  if (!step.states.includes(o.state) || (step.when && !step.when(o))) {
    return {
      code: 'invalid_state',
      zh: `工单当前状态不允许“${ACTION_ZH[action]}”`,
      en: `The order's current state (${o.state}) does not allow ${action}`,
    };
  }
  return null;
}

function guarded(action: Action, o: Order, _ctx: Ctx, run: () => Decision): Decision {
  const r = stepAllowed(action, o);
  return r ? { ok: false, rejection: r } : run();
}

// ---- the steps --------------------------------------------------------------------------------

export function answer(o: Order, ctx: Ctx, p: { answer: string; knowledgeArticleId: number | null }): Decision {
  return guarded('answer', o, ctx, () => ok(ev({ type: 'answered', answer: p.answer, knowledgeArticleId: p.knowledgeArticleId }, p.answer)));
}

export function register(o: Order, ctx: Ctx, p: { note: string | null }): Decision {
  return guarded('register', o, ctx, () => ok(ev({ type: 'registered' }, p.note)));
}

export interface DispatchInput {
  leadUnitId: number;
  assistUnitIds: number[];
  limits: AppliedLimits;
  phoneNotice: PhoneNotice | null;
  note: string | null;
}

function checkUnits(p: { leadUnitId: number; assistUnitIds: number[] }): Decision | null {
  if (p.assistUnitIds.includes(p.leadUnitId)) {
    return reject('lead_is_assisting', '主办单位不能同时为协办单位', 'The lead unit cannot also assist');
  }
  if (new Set(p.assistUnitIds).size !== p.assistUnitIds.length) {
    return reject('duplicate_assist', '协办单位重复', 'An assisting unit is listed twice');
  }
  return null;
}

export function dispatch(o: Order, ctx: Ctx, p: DispatchInput): Decision {
  return guarded('dispatch', o, ctx, () => {
    const bad = checkUnits(p);
    if (bad) return bad;
    if (o.emergency && !p.phoneNotice) {
      return reject('phone_notice_required', '紧急工单须同时电话通知承办单位（双重交办），请填写电话通知记录', 'An emergency order must also be phoned through: record the phone notice');
    }
    const events: NewEvent[] = [];
    if (o.state === 'accepted') events.push(ev({ type: 'registered' }));
    events.push(ev({
      type: 'dispatched', leadUnitId: p.leadUnitId, assistUnitIds: p.assistUnitIds, second: o.returnCount > 0,
      phoneNotice: p.phoneNotice, ...deadlinesFor(p.limits, ctx.now, ctx.calendar),
    }, p.note));
    return ok(...events);
  });
}

export function reassign(o: Order, ctx: Ctx, p: Omit<DispatchInput, 'phoneNotice'> & { note: string }): Decision {
  return guarded('reassign', o, ctx, () => {
    const bad = checkUnits(p);
    if (bad) return bad;
    if (p.leadUnitId === o.leadUnitId) return reject('same_unit', '改派的主办单位与原单位相同', 'The new lead unit is the current one');
    return ok(ev({ type: 'reassigned', leadUnitId: p.leadUnitId, assistUnitIds: p.assistUnitIds, ...deadlinesFor(p.limits, ctx.now, ctx.calendar) }, p.note));
  });
}

export function signFor(o: Order, ctx: Ctx, p: { note: string | null }): Decision {
  return guarded('signFor', o, ctx, () => ok(ev({ type: 'signed_for', unitId: ctx.actor.unitId! }, p.note)));
}

/** `toUnitIsBelow`: the app checked the unit tree (the target is a descendant of the holder). */
export function sendDown(o: Order, ctx: Ctx, p: { toUnitId: number; toUnitIsBelow: boolean; note: string | null }): Decision {
  return guarded('sendDown', o, ctx, () => {
    if (!p.toUnitIsBelow) return reject('not_below', '只能下派给本单位的下级单位', 'You can only send an order down to a unit below yours');
    const signForDue = o.limits ? deadline(ctx.now, o.limits.signFor, ctx.calendar).toISOString() : null;
    return ok(ev({ type: 'sent_down', fromUnitId: ctx.actor.unitId!, toUnitId: p.toUnitId, signForDue }, p.note));
  });
}

export function returnOrder(o: Order, ctx: Ctx, p: { reason: string }): Decision {
  return guarded('return', o, ctx, () => {
    const chain = o.holderChain;
    const toUnitId = chain.length > 1 ? chain[chain.length - 2]! : null;
    return ok(ev({ type: 'returned', unitId: ctx.actor.unitId!, toUnitId }, p.reason));
  });
}

export function requestExtension(o: Order, ctx: Ctx, p: { days: number; reason: string }): Decision {
  return guarded('requestExtension', o, ctx, () => {
    const requestedDue = addWorkingDays(new Date(o.handleDue!.getTime() - 1), p.days, ctx.calendar);
    return ok(ev({ type: 'extension_requested', unitId: ctx.actor.unitId!, days: p.days, requestedDue: requestedDue.toISOString() }, p.reason));
  });
}

export function decideExtension(o: Order, ctx: Ctx, p: { approve: boolean; note: string | null }): Decision {
  return guarded('decideExtension', o, ctx, () => {
    if (!p.approve) {
      if (!p.note) return reject('reason_required', '驳回延期须填写理由', 'A refusal needs a reason');
      return ok(ev({ type: 'extension_refused' }, p.note));
    }
    // Counted on the calendar in force now: it may have changed since the unit asked.
    const handleDue = addWorkingDays(new Date(o.handleDue!.getTime() - 1), o.pendingExtension!.days, ctx.calendar);
    return ok(ev({ type: 'extension_approved', handleDue: handleDue.toISOString() }, p.note));
  });
}

export function assistNote(o: Order, ctx: Ctx, p: { text: string }): Decision {
  return guarded('assistNote', o, ctx, () => ok(ev({ type: 'assist_noted', unitId: ctx.actor.unitId!, text: p.text }, p.text)));
}

export function reply(o: Order, ctx: Ctx, p: { result: string; attachmentIds: number[]; handlerName: string | null }): Decision {
  return guarded('reply', o, ctx, () =>
    ok(ev({ type: 'replied', unitId: ctx.actor.unitId!, result: p.result, attachmentIds: p.attachmentIds, handlerName: p.handlerName ?? ctx.actor.name }, p.result)));
}

export function callback(o: Order, ctx: Ctx, p: { reached: boolean; satisfaction: Satisfaction | null; solved: boolean | null; note: string | null }): Decision {
  return guarded('callback', o, ctx, () => {
    if (p.reached && (p.satisfaction === null || p.solved === null)) {
      return reject('callback_incomplete', '已联系上市民时须填写满意度和是否解决', 'When the resident was reached, satisfaction and solved are required');
    }
    const d = p.reached ? { satisfaction: p.satisfaction, solved: p.solved } : { satisfaction: null, solved: null };
    return ok(ev({ type: 'called_back', reached: p.reached, ...d }, p.note));
  });
}

export function reopen(o: Order, ctx: Ctx, p: { reason: string }): Decision {
  return guarded('reopen', o, ctx, () => {
    if (!o.limits) return reject('no_limits', '工单未派单，无法重办', 'The order was never dispatched');
    return ok(ev({ type: 'reopened', ...deadlinesFor(o.limits, ctx.now, ctx.calendar) }, p.reason));
  });
}

export function close(o: Order, ctx: Ctx, p: { note: string | null }): Decision {
  return guarded('close', o, ctx, () => {
    const cb = o.lastCallback;
    if (o.listed && (!cb || cb.satisfaction === 'unsatisfied')) {
      return reject('listed_unsatisfied', '挂牌督办工单须市民满意后方可办结', 'A listed order closes only once the resident is satisfied');
    }
    if (cb?.satisfaction === 'unsatisfied' && !p.note) {
      return reject('reason_required', '市民不满意时办结须说明理由（诉求不合理或已核实）', 'Closing over an unsatisfied callback needs a reason');
    }
    return ok(ev({ type: 'closed' }, p.note));
  });
}

export function evaluate(o: Order, ctx: Ctx, p: { score: number; note: string | null }): Decision {
  return guarded('evaluate', o, ctx, () => ok(ev({ type: 'evaluated', score: p.score }, p.note)));
}

/** Merge `o` into `master`: events for both orders. */
export function merge(o: Order, master: Order, ctx: Ctx, p: { note: string | null }): { ok: true; dup: NewEvent[]; master: NewEvent[] } | { ok: false; rejection: Rejection } {
  const r = stepAllowed('merge', o);
  if (r) return { ok: false, rejection: r };
  if (master.id === o.id) return { ok: false, rejection: { code: 'same_order', zh: '不能合并到自身', en: 'An order cannot be merged into itself' } };
  if (!OPEN_STATES.includes(master.state) && master.state !== 'closed') {
    return { ok: false, rejection: { code: 'master_not_open', zh: '主工单已合并或撤回，不能作为主件', en: 'The master order was merged or withdrawn' } };
  }
  return {
    ok: true,
    dup: [ev({ type: 'merged', masterId: master.id }, p.note)],
    master: [ev({ type: 'duplicate_linked', duplicateId: o.id }, p.note)],
  };
}

export function supervise(o: Order, ctx: Ctx, p: { note: string }): Decision {
  return guarded('supervise', o, ctx, () => ok(ev({ type: 'supervised', auto: false }, p.note)));
}

export function list(o: Order, ctx: Ctx, p: { note: string }): Decision {
  return guarded('list', o, ctx, () => ok(ev({ type: 'listed' }, p.note)));
}

export function unlist(o: Order, ctx: Ctx, p: { note: string }): Decision {
  return guarded('unlist', o, ctx, () => ok(ev({ type: 'unlisted' }, p.note)));
}

export function withdraw(o: Order, ctx: Ctx, p: { reason: string }): Decision {
  return guarded('withdraw', o, ctx, () => ok(ev({ type: 'withdrawn' }, p.reason)));
}

export function rate(o: Order, ctx: Ctx, p: { satisfaction: Satisfaction; note: string | null }): Decision {
  return guarded('rate', o, ctx, () => ok(ev({ type: 'rated', satisfaction: p.satisfaction }, p.note)));
}

export function requestReopen(o: Order, ctx: Ctx, p: { reason: string }): Decision {
  return guarded('requestReopen', o, ctx, () => ok(ev({ type: 'reopen_requested' }, p.reason)));
}

/**
 * When the calendar or the order's time-limit rule changes, an open order's deadlines are
 * recomputed from when its holder's clock started, keeping approved extensions. Null when nothing moves.
 */
export function recomputeDeadlines(o: Order, limits: AppliedLimits, calendar: Calendar): NewEvent | null {
  if (!o.clockStartedAt || !CLOCK_STATES.includes(o.state)) return null;
  const base = deadlinesFor(limits, o.clockStartedAt, calendar);
  const handleDue = o.extendedDays > 0
    ? addWorkingDays(new Date(new Date(base.handleDue!).getTime() - 1), o.extendedDays, calendar).toISOString()
    : base.handleDue;
  // A send-down's sign-for clock started later; keep it unless the holder is the lead unit.
  const signForDue = o.holderChain.length > 1 ? (o.signForDue?.toISOString() ?? null) : base.signForDue;
  if (handleDue === o.handleDue?.toISOString() && signForDue === (o.signForDue?.toISOString() ?? null)) return null;
  return ev({ type: 'deadlines_recomputed', signForDue, handleDue, limits }, '节假日或时限规则调整，重新计算时限');
}
