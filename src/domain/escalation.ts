// Escalation with nobody touching the order (seed 000): a warning before the handling deadline
// (yellow), overdue when past it (red) with an automatic supervision notice, and after a grace of
// working days a transfer to the discipline-inspection queue. Pure: the job feeds it the clock.
import { addWorkingDays, type Calendar } from './calendar.ts';
import { CLOCK_STATES, type EscalationLevel, type EventData, type Order, type OrderState } from './order.ts';

export interface EscalationPolicy {
  /** Warn this many hours before the deadline at most... */
  warnBeforeHours: number;
  /** ...and at most this fraction of the holder's whole time (so a 24-hour emergency warns 6 hours ahead). */
  warnFraction: number;
  /** Working days after the deadline before the order goes to discipline inspection. */
  disciplineGraceWorkdays: number;
}

export const DEFAULT_ESCALATION: EscalationPolicy = { warnBeforeHours: 24, warnFraction: 0.25, disciplineGraceWorkdays: 2 };

const RANK: Record<EscalationLevel, number> = { none: 0, warned: 1, overdue: 2, supervised: 3, discipline: 4 };

export interface EscalationStep {
  level: Exclude<EscalationLevel, 'none'>;
  /** When the step falls due. */
  at: Date;
  /** The deadline the step is about: with the order and level, the step's unique key. */
  dueAt: Date;
  event: EventData;
  note: string;
}

/** Every step of the ladder for the order's current deadline, in order. */
export function escalationLadder(o: Order, policy: EscalationPolicy, calendar: Calendar): EscalationStep[] {
  if (!CLOCK_STATES.includes(o.state) || !o.handleDue) return [];
  const due = o.handleDue;
  const dueAt = due.toISOString();
  const span = o.clockStartedAt ? due.getTime() - o.clockStartedAt.getTime() : Infinity;
  const lead = Math.min(policy.warnBeforeHours * 3_600_000, policy.warnFraction * span);
  const discipline = addWorkingDays(new Date(due.getTime() - 1), policy.disciplineGraceWorkdays, calendar);
  return [
    { level: 'warned', at: new Date(due.getTime() - lead), dueAt: due, event: { type: 'escalated', level: 'warned', dueAt }, note: '即将超期预警（黄灯）' },
    { level: 'overdue', at: due, dueAt: due, event: { type: 'escalated', level: 'overdue', dueAt }, note: '已超期（红灯）' },
    { level: 'supervised', at: due, dueAt: due, event: { type: 'supervised', auto: true }, note: '超期自动督办' },
    { level: 'discipline', at: discipline, dueAt: due, event: { type: 'escalated', level: 'discipline', dueAt }, note: '超期未办结，移送纪检监察' },
  ];
}

/** The steps that are due now and not yet taken. */
export function dueEscalations(o: Order, now: Date, policy: EscalationPolicy, calendar: Calendar): EscalationStep[] {
  return escalationLadder(o, policy, calendar).filter((s) => s.at <= now && RANK[s.level] > RANK[o.escalation]);
}

export type DeadlineColour = 'none' | 'normal' | 'due_soon' | 'overdue';

/**
 * The colour of a handling deadline from instants in milliseconds: none (no clock running),
 * normal, due soon (yellow: within the policy's warning lead) or overdue (red). The server's
 * lists and the browser's live countdowns both use it.
 */
export function deadlineColourAt(state: OrderState, handleDue: number | null, clockStartedAt: number | null, now: number, policy: EscalationPolicy): DeadlineColour {
  if (!CLOCK_STATES.includes(state) || handleDue === null) return 'none';
  const left = handleDue - now;
  if (left <= 0) return 'overdue';
  const span = clockStartedAt !== null ? handleDue - clockStartedAt : Infinity;
  return left <= Math.min(policy.warnBeforeHours * 3_600_000, policy.warnFraction * span) ? 'due_soon' : 'normal';
}

/** The colour a list shows: normal, due soon (yellow), overdue (red). */
export function deadlineColour(o: Order, now: Date, policy: EscalationPolicy): DeadlineColour {
  return deadlineColourAt(o.state, o.handleDue ? o.handleDue.getTime() : null, o.clockStartedAt ? o.clockStartedAt.getTime() : null, now.getTime(), policy);
}
