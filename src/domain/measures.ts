// Measures (考核指标), defined once. Pure: no I/O, no clock.
//
// The events are the source. An order's events fold into `marks`: one mark per milestone, on the
// local day (Asia/Shanghai) it happened and for the unit responsible at that moment (the unit
// that signed, replied; the lead unit that was called back about, closed; the centre for intake).
// A measure over a period and a scope is a sum of mark counters: the marks whose day falls in the
// period and whose keys (markKeys) include the scope. Every counter is therefore decided by
// events before the end of the period, so a past period's figures never change afterwards.
// Rates are ratios of two counters of the same period. docs/measures.md has the formulas.
import { localDate, workingDaysBetween, type Calendar } from './calendar.ts';
import { blankOrder, evolve, holderUnitId, type OrderEvent } from './order.ts';
import type { Channel, RequestType, Role, Satisfaction } from './types.ts';

// ---- scopes -----------------------------------------------------------------------------------

/** What a measure is taken over: everything, a unit / category / territory with its subtree, a channel, a request type. */
export const DIMS = ['all', 'unit', 'category', 'territory', 'channel', 'requestType'] as const;
export type Dim = (typeof DIMS)[number];
export interface Scope {
  dim: Dim;
  /** '' for all; the id (as text) for a tree node; the code for a channel or request type. */
  key: string;
}
export const ALL: Scope = { dim: 'all', key: '' };

export const DIM_ZH: Record<Dim, string> = { all: '全部', unit: '单位', category: '分类', territory: '区域', channel: '渠道', requestType: '诉求类型' };

// ---- marks ------------------------------------------------------------------------------------

export const MARK_KINDS = ['received', 'answered', 'registered', 'dispatched', 'second_dispatch', 'signed', 'replied', 'callback', 'reopened', 'closed', 'overdue'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface Mark {
  k: MarkKind;
  /** Local date (Asia/Shanghai) of the event. */
  day: string;
  /** The unit the mark counts for; null when no unit is responsible (an untouched web request). */
  unit: number | null;
  /** signed, replied: before the deadline in force; closed: its last reply was. */
  ok?: boolean;
  /** closed: a callback reached the resident after the last reply. */
  cb?: boolean;
  sat?: Satisfaction;
  solved?: boolean;
  /** closed: working milliseconds from the first dispatch to the last reply. */
  ms?: number;
}

/** The facts of one order that measures need: its fixed scope keys and its marks. */
export interface OrderFacts {
  orderId: number;
  /** Number of events folded. */
  version: number;
  acceptedAt: Date;
  channel: Channel;
  requestType: RequestType;
  categoryId: number | null;
  territoryId: number | null;
  /** The lead unit now, or the centre unit that took the request in. */
  unitId: number | null;
  /** The caller's phone unless anonymous: what a repeat request is matched on. */
  phone: string | null;
  marks: Mark[];
  /** First dispatch and the latest reply that a close measured: handling times depend on the calendar between them. */
  handlingFrom: Date | null;
  handlingTo: Date | null;
}

const CENTRE_ROLES: ReadonlySet<Role | 'system' | 'resident'> = new Set(['operator', 'dispatcher', 'callback_agent', 'supervisor', 'leader', 'admin']);
const INTAKE_KINDS: ReadonlySet<MarkKind> = new Set(['received', 'answered', 'registered']);
export const MS_PER_DAY = 86_400_000;

/** Working time between two instants on the official calendar, in whole milliseconds. */
export function workingMs(from: Date, to: Date, calendar: Calendar): number {
  return Math.round(workingDaysBetween(from, to, calendar) * MS_PER_DAY);
}

/** Fold an order's events (in seq order) into its facts. */
export function orderFacts(orderId: number, events: readonly OrderEvent[], calendar: Calendar): OrderFacts {
  const first = events[0];
  if (first?.data.type !== 'accepted') throw new Error(`order ${orderId}: a history starts with an accepted event`);
  let o = blankOrder(orderId, '', first.at);
  const marks: Mark[] = [];
  let intakeUnit: number | null = null;
  let firstDispatchAt: Date | null = null;
  let lastReturner: number | null = null;
  let lastReply: { at: Date; ok: boolean } | null = null;
  let calledBack = false;
  let handlingTo: Date | null = null;
  for (const e of events) {
    const d = e.data;
    const day = localDate(e.at);
    if (intakeUnit === null && e.actor.unitId !== null && CENTRE_ROLES.has(e.actor.role)) intakeUnit = e.actor.unitId;
    switch (d.type) {
      case 'accepted':
        marks.push({ k: 'received', day, unit: null });
        break;
      case 'answered':
        marks.push({ k: 'answered', day, unit: null });
        break;
      case 'registered':
        marks.push({ k: 'registered', day, unit: null });
        break;
      case 'dispatched':
        if (o.dispatchCount === 0) {
          marks.push({ k: 'dispatched', day, unit: d.leadUnitId });
          firstDispatchAt = e.at;
        }
        if (d.second) marks.push({ k: 'second_dispatch', day, unit: lastReturner ?? o.leadUnitId });
        break;
      case 'returned':
        if (d.toUnitId === null) lastReturner = d.unitId;
        break;
      case 'signed_for':
        marks.push({ k: 'signed', day, unit: d.unitId, ok: !o.signForDue || e.at <= o.signForDue });
        break;
      case 'replied': {
        const ok = !o.handleDue || e.at <= o.handleDue;
        marks.push({ k: 'replied', day, unit: d.unitId, ok });
        lastReply = { at: e.at, ok };
        calledBack = false;
        break;
      }
      case 'called_back':
        if (d.reached) {
          marks.push({ k: 'callback', day, unit: o.leadUnitId, sat: d.satisfaction ?? 'unsatisfied', solved: d.solved ?? false });
          calledBack = true;
        }
        break;
      case 'reopened':
        marks.push({ k: 'reopened', day, unit: o.leadUnitId });
        lastReply = null;
        calledBack = false;
        break;
      case 'closed': {
        const ms = lastReply && firstDispatchAt ? workingMs(firstDispatchAt, lastReply.at, calendar) : 0;
        if (lastReply && (!handlingTo || lastReply.at > handlingTo)) handlingTo = lastReply.at;
        marks.push({ k: 'closed', day, unit: o.leadUnitId, ok: lastReply?.ok ?? false, cb: calledBack, ms });
        break;
      }
      case 'escalated':
        if (d.level === 'overdue') marks.push({ k: 'overdue', day, unit: holderUnitId(o) ?? o.leadUnitId });
        break;
      default:
        break;
    }
    o = evolve(o, e);
  }
  for (const m of marks) if (INTAKE_KINDS.has(m.k)) m.unit = intakeUnit;
  return {
    orderId,
    version: o.version,
    acceptedAt: o.acceptedAt,
    channel: o.channel,
    requestType: o.requestType,
    categoryId: o.categoryId,
    territoryId: o.place.territoryId,
    unitId: o.leadUnitId ?? intakeUnit,
    phone: o.caller.anonymous ? null : o.caller.phone,
    marks,
    handlingFrom: firstDispatchAt,
    handlingTo,
  };
}

// ---- repeat requests (重复诉求) ------------------------------------------------------------------

/** A request is a repeat when the same phone asked about the same (leaf) category within the previous 30 days. */
export const REPEAT_WINDOW_MS = 30 * MS_PER_DAY;

export interface RepeatKey {
  orderId: number;
  acceptedAt: Date;
  phone: string | null;
  categoryId: number | null;
}

/** `earlier` came before `later` (ties on the instant go to the smaller id) and within the window. */
export function isRepeatOf(later: RepeatKey, earlier: RepeatKey): boolean {
  if (!later.phone || later.categoryId === null || later.phone !== earlier.phone || later.categoryId !== earlier.categoryId) return false;
  const dt = later.acceptedAt.getTime() - earlier.acceptedAt.getTime();
  const before = dt > 0 || (dt === 0 && earlier.orderId < later.orderId);
  return before && dt < REPEAT_WINDOW_MS;
}

/** The ids among `items` that repeat an earlier item of the list. */
export function repeatFlags(items: readonly RepeatKey[]): Set<number> {
  const sorted = items.filter((x) => x.phone && x.categoryId !== null).sort((a, b) =>
    a.phone! < b.phone! ? -1 : a.phone! > b.phone! ? 1 : a.categoryId! - b.categoryId! || a.acceptedAt.getTime() - b.acceptedAt.getTime() || a.orderId - b.orderId);
  const out = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (isRepeatOf(sorted[i]!, sorted[i - 1]!)) out.add(sorted[i]!.orderId);
  return out;
}

// ---- counters ---------------------------------------------------------------------------------

export const COUNTERS = [
  'received', 'repeat', 'valid', 'answered', 'dispatched', 'secondDispatched', 'signed', 'signedOnTime', 'replied', 'repliedOnTime',
  'rated', 'satisfied', 'basicallySatisfied', 'solved', 'reopened', 'closed', 'closedOnTime', 'closedCalledBack', 'wentOverdue',
] as const;
export type Counter = (typeof COUNTERS)[number];

/** Counters, the sum of working handling time and its histogram (tenths of a working day -> closes). */
export interface Tally {
  n: Record<Counter, number>;
  handlingMs: number;
  hist: Map<number, number>;
}

export function emptyTally(): Tally {
  return { n: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>, handlingMs: 0, hist: new Map() };
}

/** Handling time is read in tenths of a working day, rounded half up: the resolution of the 90th percentile. */
export function tenths(ms: number): number {
  return Math.floor((ms + MS_PER_DAY / 20) / (MS_PER_DAY / 10));
}

/** The counters one mark adds (sign -1 takes them away). `repeat` belongs to the order's received mark. */
export function addMark(t: Tally, m: Mark, repeat: boolean, sign: 1 | -1 = 1): void {
  const n = t.n;
  const add = (c: Counter, on = true) => {
    if (on) n[c] += sign;
  };
  switch (m.k) {
    case 'received': add('received'); add('repeat', repeat); break;
    case 'answered': add('valid'); add('answered'); break;
    case 'registered': add('valid'); break;
    case 'dispatched': add('dispatched'); break;
    case 'second_dispatch': add('secondDispatched'); break;
    case 'signed': add('signed'); add('signedOnTime', !!m.ok); break;
    case 'replied': add('replied'); add('repliedOnTime', !!m.ok); break;
    case 'callback':
      add('rated'); add('satisfied', m.sat === 'satisfied'); add('basicallySatisfied', m.sat === 'basically_satisfied'); add('solved', !!m.solved);
      break;
    case 'reopened': add('reopened'); break;
    case 'closed': {
      add('closed'); add('closedOnTime', !!m.ok); add('closedCalledBack', !!m.cb);
      const ms = m.ms ?? 0;
      t.handlingMs += sign * ms;
      const b = tenths(ms);
      const v = (t.hist.get(b) ?? 0) + sign;
      if (v === 0) t.hist.delete(b);
      else t.hist.set(b, v);
      break;
    }
    case 'overdue': add('wentOverdue'); break;
  }
}

export function addTally(into: Tally, t: Tally): void {
  for (const c of COUNTERS) into.n[c] += t.n[c];
  into.handlingMs += t.handlingMs;
  for (const [b, v] of t.hist) {
    const s = (into.hist.get(b) ?? 0) + v;
    if (s === 0) into.hist.delete(b);
    else into.hist.set(b, s);
  }
}

// ---- which scopes a mark counts in ------------------------------------------------------------

/** Ancestors of a tree node, the node first (from the tree's materialised path). */
export interface Ancestry {
  unit(id: number): readonly number[];
  category(id: number): readonly number[];
  territory(id: number): readonly number[];
}

export type ScopeFacts = Pick<OrderFacts, 'channel' | 'requestType' | 'categoryId' | 'territoryId'>;

/** Every scope a mark counts in: all, its unit and the units above, the order's category and territory with theirs, its channel and request type. */
export function markKeys(m: Mark, f: ScopeFacts, anc: Ancestry): Scope[] {
  const out: Scope[] = [ALL];
  if (m.unit !== null) for (const u of anc.unit(m.unit)) out.push({ dim: 'unit', key: String(u) });
  if (f.categoryId !== null) for (const c of anc.category(f.categoryId)) out.push({ dim: 'category', key: String(c) });
  if (f.territoryId !== null) for (const t of anc.territory(f.territoryId)) out.push({ dim: 'territory', key: String(t) });
  out.push({ dim: 'channel', key: f.channel }, { dim: 'requestType', key: f.requestType });
  return out;
}

export function inScope(m: Mark, f: ScopeFacts, scope: Scope, anc: Ancestry): boolean {
  return markKeys(m, f, anc).some((s) => s.dim === scope.dim && s.key === scope.key);
}

/** The naive sum: every mark of every order whose day is in [from, to) and whose keys include the scope. */
export function tallyOrders(orders: Iterable<{ facts: OrderFacts; repeat: boolean }>, scope: Scope, from: string, to: string, anc: Ancestry): Tally {
  const t = emptyTally();
  for (const { facts, repeat } of orders) {
    for (const m of facts.marks) {
      if (m.day < from || m.day >= to) continue;
      if (inScope(m, facts, scope, anc)) addMark(t, m, repeat);
    }
  }
  return t;
}

// ---- rates and the measures as people read them ----------------------------------------------

export const RATE_KEYS = [
  'answerRate', 'secondDispatchRate', 'signOnTimeRate', 'responseRate', 'closeRate', 'onTimeCloseRate', 'reopenRate',
  'repeatRate', 'callbackRate', 'satisfactionRate', 'solveRate',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

/** Numerator and denominator of each rate, as counters. */
export const RATE_PARTS: Record<RateKey, { num: readonly Counter[]; den: Counter }> = {
  answerRate: { num: ['answered'], den: 'valid' },
  secondDispatchRate: { num: ['secondDispatched'], den: 'dispatched' },
  signOnTimeRate: { num: ['signedOnTime'], den: 'signed' },
  responseRate: { num: ['repliedOnTime'], den: 'replied' },
  closeRate: { num: ['closed'], den: 'dispatched' },
  onTimeCloseRate: { num: ['closedOnTime'], den: 'closed' },
  reopenRate: { num: ['reopened'], den: 'replied' },
  repeatRate: { num: ['repeat'], den: 'received' },
  callbackRate: { num: ['closedCalledBack'], den: 'closed' },
  satisfactionRate: { num: ['satisfied', 'basicallySatisfied'], den: 'rated' },
  solveRate: { num: ['solved'], den: 'rated' },
};

export interface MeasureValues {
  counts: Record<Counter, number>;
  rates: Record<RateKey, number | null>;
  /** Handling time of the orders closed in the period, in working days (first dispatch to the reply that was verified). */
  handling: { closed: number; avgWorkdays: number | null; p90Workdays: number | null };
}

/** Nearest-rank percentile of a histogram of tenths: the smallest value with at least q of the mass at or below it. */
export function percentileTenths(hist: ReadonlyMap<number, number>, q: number): number | null {
  let total = 0;
  for (const v of hist.values()) total += v;
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const b of [...hist.keys()].sort((x, y) => x - y)) {
    seen += hist.get(b)!;
    if (seen >= rank) return b;
  }
  return null;
}

export function measureValues(t: Tally): MeasureValues {
  const counts = { ...t.n };
  const rates = {} as Record<RateKey, number | null>;
  for (const k of RATE_KEYS) {
    const { num, den } = RATE_PARTS[k];
    const d = counts[den];
    rates[k] = d > 0 ? num.reduce((s, c) => s + counts[c], 0) / d : null;
  }
  const p = percentileTenths(t.hist, 0.9);
  return {
    counts,
    rates,
    handling: {
      closed: counts.closed,
      avgWorkdays: counts.closed > 0 ? t.handlingMs / counts.closed / MS_PER_DAY : null,
      p90Workdays: p === null ? null : p / 10,
    },
  };
}

// ---- definitions (the API and docs/measures.md read these) ------------------------------------

export interface MeasureDef {
  key: Counter | RateKey | 'avgHandlingWorkdays' | 'p90HandlingWorkdays' | 'overdueNow';
  zh: string;
  en: string;
  kind: 'count' | 'rate' | 'workdays' | 'snapshot';
  /** For rates: is a higher value better? */
  better?: 'higher' | 'lower';
  formula: string;
}

export const MEASURES: readonly MeasureDef[] = [
  { key: 'received', zh: '受理量', en: 'Requests received', kind: 'count', formula: '受理（accepted）事件数，计入受理单位（中心）' },
  { key: 'valid', zh: '有效诉求量', en: 'Valid requests', kind: 'count', formula: '即时答复 + 立案（registered）事件数；合并为重复件或撤回而未立案的不计' },
  { key: 'answered', zh: '即时答复量', en: 'Answered at once', kind: 'count', formula: '即时答复（answered）事件数' },
  { key: 'answerRate', zh: '即时答复率', en: 'Answered-at-once rate', kind: 'rate', better: 'higher', formula: '即时答复量 ÷ 有效诉求量' },
  { key: 'dispatched', zh: '派单量（工单量）', en: 'Work orders dispatched', kind: 'count', formula: '工单首次派单事件数，计入主办单位' },
  { key: 'secondDispatched', zh: '二次交办量', en: 'Second dispatches', kind: 'count', formula: '退回中心后再次派单（dispatched, second）事件数，计入退单单位' },
  { key: 'secondDispatchRate', zh: '二次交办率', en: 'Second-dispatch rate', kind: 'rate', better: 'lower', formula: '二次交办量 ÷ 派单量' },
  { key: 'signed', zh: '签收量', en: 'Signed for', kind: 'count', formula: '签收事件数，计入签收单位' },
  { key: 'signedOnTime', zh: '按时签收量', en: 'Signed for on time', kind: 'count', formula: '签收时间不晚于当时有效的签收时限的签收事件数' },
  { key: 'signOnTimeRate', zh: '签收及时率', en: 'Sign-for on-time rate', kind: 'rate', better: 'higher', formula: '按时签收量 ÷ 签收量' },
  { key: 'replied', zh: '办理回复量', en: 'Replies', kind: 'count', formula: '办理回复事件数，计入回复单位' },
  { key: 'repliedOnTime', zh: '按时回复量', en: 'Replies in time', kind: 'count', formula: '回复时间不晚于当时有效的办理时限（含已批准的延期）的回复数' },
  { key: 'responseRate', zh: '响应率', en: 'Response rate', kind: 'rate', better: 'higher', formula: '按时回复量 ÷ 办理回复量' },
  { key: 'closed', zh: '办结量', en: 'Closed', kind: 'count', formula: '核实办结（closed）事件数，计入主办单位；重办后再次办结的再计一次' },
  { key: 'closeRate', zh: '办结率', en: 'Completion rate', kind: 'rate', better: 'higher', formula: '办结量 ÷ 派单量（同期；清理积压时可超过 100%）' },
  { key: 'closedOnTime', zh: '按时办结量', en: 'Closed on time', kind: 'count', formula: '办结时，其最后一次办理回复在办理时限内的办结数' },
  { key: 'onTimeCloseRate', zh: '按时办结率', en: 'On-time completion rate', kind: 'rate', better: 'higher', formula: '按时办结量 ÷ 办结量' },
  { key: 'reopened', zh: '重办量', en: 'Reopened', kind: 'count', formula: '重办事件数，计入主办单位' },
  { key: 'reopenRate', zh: '重办率', en: 'Reopen rate', kind: 'rate', better: 'lower', formula: '重办量 ÷ 办理回复量' },
  { key: 'repeat', zh: '重复诉求量', en: 'Repeat requests', kind: 'count', formula: '同一来电号码在此前 30 天内已就同一（末级）分类提出过诉求的受理数' },
  { key: 'repeatRate', zh: '重复诉求率', en: 'Repeat-request rate', kind: 'rate', better: 'lower', formula: '重复诉求量 ÷ 受理量' },
  { key: 'closedCalledBack', zh: '已回访办结量', en: 'Closed after a callback', kind: 'count', formula: '最后一次回复之后回访联系上市民再办结的办结数' },
  { key: 'callbackRate', zh: '回访率', en: 'Callback rate', kind: 'rate', better: 'higher', formula: '已回访办结量 ÷ 办结量' },
  { key: 'rated', zh: '参评量', en: 'Rated', kind: 'count', formula: '联系上市民的回访事件数，计入主办单位' },
  { key: 'satisfied', zh: '满意', en: 'Satisfied', kind: 'count', formula: '回访“满意”数' },
  { key: 'basicallySatisfied', zh: '基本满意', en: 'Basically satisfied', kind: 'count', formula: '回访“基本满意”数' },
  { key: 'satisfactionRate', zh: '满意率', en: 'Satisfaction rate', kind: 'rate', better: 'higher', formula: '（满意 + 基本满意）÷ 参评量' },
  { key: 'solved', zh: '解决量', en: 'Solved', kind: 'count', formula: '回访“已解决”数' },
  { key: 'solveRate', zh: '解决率', en: 'Resolution rate', kind: 'rate', better: 'higher', formula: '解决量 ÷ 参评量' },
  { key: 'wentOverdue', zh: '超期量', en: 'Went overdue', kind: 'count', formula: '超过办理时限（escalated: overdue）事件数，计入当时的承办单位' },
  { key: 'avgHandlingWorkdays', zh: '平均办理用时（工作日）', en: 'Average handling time (working days)', kind: 'workdays', formula: '本期办结工单，从首次派单到最后一次办理回复的工作日（官方日历）平均值' },
  { key: 'p90HandlingWorkdays', zh: '90% 办理用时（工作日）', en: '90th-percentile handling time (working days)', kind: 'workdays', formula: '同上用时按 0.1 工作日取整后的第 90 百分位（最近秩法）' },
  { key: 'overdueNow', zh: '当前超期件', en: 'Overdue now', kind: 'snapshot', formula: '此刻处于待签收/办理中且已过办理时限的工单数（按当前承办单位）' },
];

export const MEASURE_ZH: Record<string, string> = Object.fromEntries(MEASURES.map((m) => [m.key, m.zh]));
export const betterOf = (k: RateKey): 'higher' | 'lower' => MEASURES.find((m) => m.key === k)?.better ?? 'higher';

// ---- periods ----------------------------------------------------------------------------------

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'range';

export interface Period {
  kind: PeriodKind;
  /** '2026-03-05', '2026-W10', '2026-03', '2026-Q1', '2026', '2026-03-01..2026-03-15' */
  key: string;
  /** First local date in the period. */
  from: string;
  /** First local date after it (exclusive). */
  to: string;
  label: string;
}

const dayNum = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / MS_PER_DAY;
const dateOf = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
export const addDays = (s: string, n: number) => dateOf(dayNum(s) + n);
export const daysBetween = (from: string, to: string) => dayNum(to) - dayNum(from);
/** ISO weekday, 1 = Monday ... 7 = Sunday. */
export const isoWeekday = (s: string) => ((((dayNum(s) + 3) % 7) + 7) % 7) + 1;
const validDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && dateOf(dayNum(s)) === s;
const pad = (n: number) => String(n).padStart(2, '0');
const zhDate = (s: string) => `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
const zhMonthDay = (s: string) => `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
const QUARTER_ZH = ['一', '二', '三', '四'];

function isoWeekStart(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

function isoWeekOf(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor(daysBetween(isoWeekStart(year, 1), thursday) / 7) + 1 };
}

function make(kind: PeriodKind, key: string, from: string, to: string): Period {
  const last = addDays(to, -1);
  let label: string;
  switch (kind) {
    case 'day': label = zhDate(from); break;
    case 'week': label = `${key.slice(0, 4)}年第${Number(key.slice(6))}周（${zhMonthDay(from)}—${zhMonthDay(last)}）`; break;
    case 'month': label = `${Number(key.slice(0, 4))}年${Number(key.slice(5, 7))}月`; break;
    case 'quarter': label = `${key.slice(0, 4)}年第${QUARTER_ZH[Number(key.slice(6)) - 1]}季度`; break;
    case 'year': label = `${key}年`; break;
    case 'range': label = from === last ? zhDate(from) : `${zhDate(from)}至${from.slice(0, 4) === last.slice(0, 4) ? zhMonthDay(last) : zhDate(last)}`; break;
  }
  return { kind, key, from, to, label };
}

/** A period from its key; null when malformed. Ranges are inclusive of both dates and at most 3 years long. */
export function parsePeriod(key: string): Period | null {
  let m: RegExpExecArray | null;
  if (validDate(key)) return make('day', key, key, addDays(key, 1));
  if ((m = /^(\d{4})-W(\d{2})$/.exec(key))) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    const start = isoWeekStart(y, w);
    if (w < 1 || isoWeekOf(start).year !== y) return null;
    return make('week', key, start, addDays(start, 7));
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return make('month', key, `${y}-${pad(mo)}-01`, mo === 12 ? `${y + 1}-01-01` : `${y}-${pad(mo + 1)}-01`);
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return make('quarter', key, `${y}-${pad(q * 3 - 2)}-01`, q === 4 ? `${y + 1}-01-01` : `${y}-${pad(q * 3 + 1)}-01`);
  }
  if (/^\d{4}$/.test(key)) return make('year', key, `${key}-01-01`, `${Number(key) + 1}-01-01`);
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key))) {
    const [, a, b] = m as unknown as [string, string, string];
    if (!validDate(a) || !validDate(b) || b < a || daysBetween(a, b) > 3 * 366) return null;
    return make('range', key, a, addDays(b, 1));
  }
  return null;
}

/** The period of a kind that contains a local date. */
export function periodOf(kind: Exclude<PeriodKind, 'range'>, date: string): Period {
  switch (kind) {
    case 'day': return parsePeriod(date)!;
    case 'week': {
      const { year, week } = isoWeekOf(date);
      return parsePeriod(`${year}-W${pad(week)}`)!;
    }
    case 'month': return parsePeriod(date.slice(0, 7))!;
    case 'quarter': return parsePeriod(`${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`)!;
    case 'year': return parsePeriod(date.slice(0, 4))!;
  }
}

/** The period just before, of the same kind (a range: the same number of days before). */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'range') {
    const n = daysBetween(p.from, p.to);
    const from = addDays(p.from, -n);
    return parsePeriod(`${from}..${addDays(p.from, -1)}`)!;
  }
  return periodOf(p.kind, addDays(p.from, -1));
}

/** The local dates of a period, in order. */
export function daysOf(p: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = p.from; d < p.to; d = addDays(d, 1)) out.push(d);
  return out;
}
