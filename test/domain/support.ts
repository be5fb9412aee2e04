// Shared fixtures for the pure domain tests: literal instants, actors, a realistic accepted
// event, and helpers that fold event histories and apply command decisions without any I/O.
import assert from 'node:assert/strict';
import { parseInstant, type Calendar } from '../../src/domain/calendar.ts';
import type { Ctx, Decision, Rejection } from '../../src/domain/commands.ts';
import {
  evolve, fold, type Actor, type AppliedLimits, type EventData, type NewEvent, type Order, type OrderEvent,
} from '../../src/domain/order.ts';

/** A literal instant; a bare local time (no offset) is Asia/Shanghai. */
export function at(s: string): Date {
  const d = parseInstant(s);
  assert.ok(d, `test fixture should parse: ${s}`);
  return d;
}

/** ISO string (UTC, with milliseconds) of a literal instant, as events carry deadlines. */
export function iso(s: string): string {
  return at(s).toISOString();
}

// Units of a small district: the centre, a bureau (lead), a community below it, an assisting
// bureau, an unrelated unit and a second bureau for re-dispatch.
export const CENTRE = 1;
export const LEAD = 10; // 城管局
export const COMMUNITY = 11; // 正阳社区 (below the lead unit)
export const GRID = 12; // a grid cell team below the community
export const ASSIST = 20; // 生态环境分局
export const OTHER = 30; // 水务集团, nothing to do with the order
export const SECOND_LEAD = 40; // 住建局, for re-dispatch

const user = (userId: number, role: Actor['role'], unitId: number | null, name: string): Actor => ({ userId, role, unitId, name });

export const A = {
  operator: user(101, 'operator', CENTRE, '话务员张敏'),
  dispatcher: user(102, 'dispatcher', CENTRE, '派单员李强'),
  callbackAgent: user(103, 'callback_agent', CENTRE, '回访员赵燕'),
  supervisor: user(104, 'supervisor', CENTRE, '督办员孙伟'),
  leader: user(105, 'leader', CENTRE, '领导周主任'),
  admin: user(106, 'admin', CENTRE, '管理员吴刚'),
  lead: user(201, 'unit_handler', LEAD, '城管局王涛'),
  community: user(202, 'unit_handler', COMMUNITY, '正阳社区刘芳'),
  grid: user(203, 'unit_handler', GRID, '网格员陈亮'),
  assist: user(204, 'unit_handler', ASSIST, '环保分局郑洁'),
  other: user(205, 'unit_handler', OTHER, '水务集团何平'),
  secondLead: user(206, 'unit_handler', SECOND_LEAD, '住建局冯军'),
  system: { userId: null, role: 'system', unitId: null, name: '系统' } as Actor,
  resident: { userId: null, role: 'resident', unitId: null, name: '市民' } as Actor,
} as const;

export function accepted(over: Partial<Extract<EventData, { type: 'accepted' }>> = {}): EventData {
  return {
    type: 'accepted',
    channel: 'phone',
    requestType: 'complaint',
    categoryId: 3,
    grade: 2,
    emergency: false,
    title: '夜间施工噪声扰民',
    description: '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息。',
    caller: { name: '王丽', phone: '13900001001', anonymous: false, confidential: false },
    place: { territoryId: 111, address: '青岛市城阳区城阳街道正阳路 100 号', lng: 120.396, lat: 36.307 },
    externalRef: null,
    ...over,
  };
}

/** Complaint limits: sign for within 1 working day, handle within 3 working days. */
export const COMPLAINT_LIMITS: AppliedLimits = {
  ruleId: 4, ruleVersion: 1, calendarVersion: 1,
  signFor: { value: 1, unit: 'workdays' },
  handle: { value: 3, unit: 'workdays' },
};

/** Emergency limits: sign for within 1 hour, handle within 24 clock hours. */
export const EMERGENCY_LIMITS: AppliedLimits = {
  ruleId: 9, ruleVersion: 1, calendarVersion: 1,
  signFor: { value: 1, unit: 'hours' },
  handle: { value: 24, unit: 'hours' },
};

/** One entry of a literal history: when, who, what, note. */
export type Entry = [when: string, actor: Actor, data: EventData, note?: string | null];

export function history(entries: readonly Entry[]): OrderEvent[] {
  return entries.map(([when, actor, data, note], i) => ({ seq: i + 1, at: at(when), actor, data, note: note ?? null }));
}

export function orderOf(entries: readonly Entry[], id = 1, code = 'CY20250924000001'): Order {
  return fold(id, code, history(entries));
}

export function ctx(now: string, actor: Actor, calendar: Calendar): Ctx {
  return { now: at(now), actor, calendar };
}

/** Append a decision's events to the order as the store would (seq after the current version). */
export function applyEvents(o: Order, events: readonly NewEvent[], c: Ctx): Order {
  let n = o;
  for (const e of events) n = evolve(n, { ...e, seq: n.version + 1, at: c.now, actor: c.actor });
  return n;
}

/** Assert the decision went through; return its events and the order after them. */
export function accept(o: Order, d: Decision, c: Ctx): { events: NewEvent[]; order: Order } {
  if (!d.ok) assert.fail(`expected the step to be accepted, got ${d.rejection.code}: ${d.rejection.en}`);
  return { events: d.events, order: applyEvents(o, d.events, c) };
}

/** Assert the decision was rejected; return the rejection. */
export function refused(d: Decision): Rejection {
  if (d.ok) assert.fail(`expected a rejection, got events ${d.events.map((e) => e.data.type).join(', ')}`);
  return d.rejection;
}
