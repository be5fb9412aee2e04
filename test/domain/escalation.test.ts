// The escalation ladder with literal instants: yellow before the deadline, red and automatic
// supervision at it, discipline inspection after a grace of working days (shipped calendar).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar } from '../../src/domain/calendar.ts';
import { DEFAULT_ESCALATION, deadlineColour, dueEscalations, escalationLadder, type EscalationPolicy } from '../../src/domain/escalation.ts';
import type { EventData, Order } from '../../src/domain/order.ts';
import { loadShippedHolidays } from '../../src/store/holiday-files.ts';
import { A, accepted, at, COMPLAINT_LIMITS, EMERGENCY_LIMITS, iso, LEAD, orderOf, type Entry } from './support.ts';

const CAL = makeCalendar(loadShippedHolidays(), 1);
const POLICY: EscalationPolicy = { warnBeforeHours: 24, warnFraction: 0.25, disciplineGraceWorkdays: 2 };

/** Dispatched at `start` with literal deadlines (as the dispatch command computed them), then signed for. */
function order(start: string, handleDue: string, opts: { emergency?: boolean; extra?: Entry[]; signed?: boolean } = {}): Order {
  const entries: Entry[] = [
    [start, A.operator, accepted({ emergency: opts.emergency ?? false })],
    [start, A.dispatcher, {
      type: 'dispatched', leadUnitId: LEAD, assistUnitIds: [], second: false,
      phoneNotice: opts.emergency ? { calledAt: at(start), person: '值班员', phone: '0532-87861234', note: null } : null,
      signForDue: null, handleDue: iso(handleDue), limits: opts.emergency ? EMERGENCY_LIMITS : COMPLAINT_LIMITS,
    }],
  ];
  if (opts.signed !== false) entries.push([start, A.lead, { type: 'signed_for', unitId: LEAD }]);
  return orderOf([...entries, ...(opts.extra ?? [])]);
}

const levels = (o: Order, now: string, policy = POLICY) => dueEscalations(o, at(now), policy, CAL).map((s) => s.level);

describe('the default policy', () => {
  it('warns 24 hours (at most a quarter of the time) ahead and gives 2 working days of grace', () => {
    assert.deepEqual(DEFAULT_ESCALATION, { warnBeforeHours: 24, warnFraction: 0.25, disciplineGraceWorkdays: 2 });
  });
});

describe('escalationLadder', () => {
  // [what, dispatched at, handle due, warning at, discipline at]
  const cases: Array<[string, string, string, string, string]> = [
    [
      // Tue 16 Sep 10:00, 3 working days → end of Fri 19 Sep. Span 86 h; a quarter is 21.5 h < 24 h.
      // Grace: Mon 22, Tue 23 (across the weekend) → end of Tue 23 Sep.
      'a 3-day complaint due on a Friday: grace across the weekend',
      '2025-09-16T10:00', '2025-09-20T00:00', '2025-09-19T02:30', '2025-09-24T00:00',
    ],
    [
      // Fri 26 Sep 10:00 → end of Tue 30 Sep. Span 110 h; 24 h < 27.5 h, so 24 h ahead.
      // Grace: 1–8 Oct are off → Thu 9, Fri 10 Oct → end of Fri 10 Oct.
      'a 3-day complaint due before National Day: grace across the holiday',
      '2025-09-26T10:00', '2025-10-01T00:00', '2025-09-30T00:00', '2025-10-11T00:00',
    ],
    [
      // Wed 24 Sep 09:20 → end of Sun 28 Sep (a make-up working day). Span 110 h 40 min → 24 h.
      // Grace: Mon 29, Tue 30 Sep → end of Tue 30 Sep.
      'due on a make-up Sunday',
      '2025-09-24T09:20', '2025-09-29T00:00', '2025-09-28T00:00', '2025-10-01T00:00',
    ],
    [
      // Emergency, 24 clock hours from 08:00 on National Day. A quarter of 24 h = 6 h ahead.
      // Due on Thu 2 Oct (a holiday): grace Thu 9, Fri 10 Oct → end of Fri 10 Oct.
      'a 24-hour emergency during the holiday',
      '2025-10-01T08:00', '2025-10-02T08:00', '2025-10-02T02:00', '2025-10-11T00:00',
    ],
    [
      // Emergency of 4 hours on an ordinary Wednesday: 1 hour ahead; grace Thu 18, Fri 19 Sep.
      'a 4-hour emergency',
      '2025-09-17T13:00', '2025-09-17T17:00', '2025-09-17T16:00', '2025-09-20T00:00',
    ],
  ];
  for (const [what, start, due, warn, discipline] of cases) {
    it(what, () => {
      const o = order(start, due, { emergency: !due.endsWith('T00:00') });
      const ladder = escalationLadder(o, POLICY, CAL);
      const dueAt = iso(due);
      assert.deepEqual(ladder, [
        { level: 'warned', at: at(warn), dueAt: at(due), event: { type: 'escalated', level: 'warned', dueAt }, note: '即将超期预警（黄灯）' },
        { level: 'overdue', at: at(due), dueAt: at(due), event: { type: 'escalated', level: 'overdue', dueAt }, note: '已超期（红灯）' },
        { level: 'supervised', at: at(due), dueAt: at(due), event: { type: 'supervised', auto: true }, note: '超期自动督办' },
        { level: 'discipline', at: at(discipline), dueAt: at(due), event: { type: 'escalated', level: 'discipline', dueAt }, note: '超期未办结，移送纪检监察' },
      ]);
    });
  }

  it('the policy is data: 8 hours ahead at most, half the span at most, 1 working day of grace', () => {
    const policy: EscalationPolicy = { warnBeforeHours: 8, warnFraction: 0.5, disciplineGraceWorkdays: 1 };
    // 3-day complaint due end of Fri 19 Sep: min(8 h, 43 h) = 8 h ahead; grace Mon 22 Sep.
    const week = escalationLadder(order('2025-09-16T10:00', '2025-09-20T00:00'), policy, CAL);
    assert.deepEqual(week.map((s) => s.at), [at('2025-09-19T16:00'), at('2025-09-20T00:00'), at('2025-09-20T00:00'), at('2025-09-23T00:00')]);
    // 4-hour emergency: min(8 h, 2 h) = 2 h ahead.
    const short = escalationLadder(order('2025-09-17T13:00', '2025-09-17T17:00', { emergency: true }), policy, CAL);
    assert.deepEqual(short[0]!.at, at('2025-09-17T15:00'));
  });

  it('holds for an order sent down and not yet signed by the community (still on the clock)', () => {
    const o = order('2025-09-16T10:00', '2025-09-20T00:00', {
      extra: [['2025-09-16T11:00', A.lead, { type: 'sent_down', fromUnitId: LEAD, toUnitId: 11, signForDue: iso('2025-09-18T00:00') }]],
    });
    assert.equal(o.state, 'dispatched');
    assert.equal(escalationLadder(o, POLICY, CAL).length, 4);
    assert.deepEqual(levels(o, '2025-09-20T00:00'), ['warned', 'overdue', 'supervised']);
  });

  it('also for a dispatched order not yet signed for', () => {
    const o = order('2025-09-16T10:00', '2025-09-20T00:00', { signed: false });
    assert.equal(o.state, 'dispatched');
    assert.deepEqual(levels(o, '2025-09-20T00:00'), ['warned', 'overdue', 'supervised']);
  });
});

describe('nothing for orders that are not in dispatched or handling', () => {
  const start = '2025-09-16T10:00';
  const due = '2025-09-20T00:00';
  const later = '2025-12-31T12:00';
  const replied: EventData = { type: 'replied', unitId: LEAD, result: '已处理', attachmentIds: [], handlerName: null };
  const cases: Array<[string, Order]> = [
    ['accepted', orderOf([[start, A.operator, accepted()]])],
    ['pending_dispatch', orderOf([[start, A.operator, accepted()], [start, A.operator, { type: 'registered' }]])],
    ['pending_dispatch (returned)', order(start, due, { extra: [['2025-09-17T10:00', A.lead, { type: 'returned', unitId: LEAD, toUnitId: null }, '非本单位职责']] })],
    ['replied', order(start, due, { extra: [['2025-09-19T10:00', A.lead, replied]] })],
    ['called_back', order(start, due, { extra: [
      ['2025-09-19T10:00', A.lead, replied],
      ['2025-09-19T15:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: 'unsatisfied', solved: false }],
    ] })],
    ['closed', order(start, due, { extra: [
      ['2025-09-19T10:00', A.lead, replied],
      ['2025-09-19T15:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: 'satisfied', solved: true }],
      ['2025-09-19T15:10', A.callbackAgent, { type: 'closed' }],
    ] })],
    ['withdrawn', order(start, due, { extra: [['2025-09-17T10:00', A.resident, { type: 'withdrawn' }]] })],
    ['merged', orderOf([[start, A.operator, accepted()], [start, A.operator, { type: 'merged', masterId: 2 }]])],
  ];
  for (const [state, o] of cases) {
    it(state, () => {
      assert.equal(o.state, state.split(' ')[0]);
      assert.deepEqual(escalationLadder(o, POLICY, CAL), []);
      assert.deepEqual(dueEscalations(o, at(later), POLICY, CAL), []);
      assert.equal(deadlineColour(o, at(later), POLICY), 'none');
    });
  }
});

describe('dueEscalations: what falls due when, and never twice', () => {
  // Fri 26 Sep 10:00, due end of Tue 30 Sep; warning at 00:00 Tue 30 Sep; discipline end of Fri 10 Oct.
  const start = '2025-09-26T10:00';
  const due = '2025-10-01T00:00';
  const dueAt = iso(due);
  const escalated = (when: string, level: 'warned' | 'overdue' | 'discipline'): Entry => [when, A.system, { type: 'escalated', level, dueAt }, null];
  const autoSupervised: Entry = [due, A.system, { type: 'supervised', auto: true }, '超期自动督办'];

  const plain = order(start, due);
  const warned = order(start, due, { extra: [escalated('2025-09-30T00:00', 'warned')] });
  const overdue = order(start, due, { extra: [escalated('2025-09-30T00:00', 'warned'), escalated(due, 'overdue')] });
  const supervised = order(start, due, { extra: [escalated('2025-09-30T00:00', 'warned'), escalated(due, 'overdue'), autoSupervised] });
  const discipline = order(start, due, {
    extra: [escalated('2025-09-30T00:00', 'warned'), escalated(due, 'overdue'), autoSupervised, escalated('2025-10-11T00:00', 'discipline')],
  });
  // A supervisor's own notice is not the automatic one: the ladder still supervises at the deadline.
  const manual = order(start, due, { extra: [['2025-09-29T10:00', A.supervisor, { type: 'supervised', auto: false }, '请加快办理']] });

  // [order, escalation level it records, now, levels due]
  const cases: Array<[string, Order, string, string, string[]]> = [
    ['nothing yet', plain, 'none', '2025-09-29T23:59:59', []],
    ['the warning, to the millisecond', plain, 'none', '2025-09-30T00:00', ['warned']],
    ['still only the warning a minute before the deadline', plain, 'none', '2025-09-30T23:59', ['warned']],
    ['an unattended order at the deadline gets the whole lot', plain, 'none', due, ['warned', 'overdue', 'supervised']],
    ['…and everything once the grace is over', plain, 'none', '2025-10-11T00:00', ['warned', 'overdue', 'supervised', 'discipline']],
    ['warned: not warned again', warned, 'warned', '2025-09-30T12:00', []],
    ['warned: red and supervision at the deadline', warned, 'warned', due, ['overdue', 'supervised']],
    ['overdue: supervision still due', overdue, 'overdue', '2025-10-01T00:05', ['supervised']],
    ['supervised: nothing during the holiday', supervised, 'supervised', '2025-10-08T23:59', []],
    ['supervised: nothing one millisecond before the grace ends', supervised, 'supervised', '2025-10-10T23:59:59.999', []],
    ['supervised: discipline when the grace is over', supervised, 'supervised', '2025-10-11T00:00', ['discipline']],
    ['discipline: the end of the ladder', discipline, 'discipline', '2026-01-01T00:00', []],
    ['a manual notice does not replace the automatic supervision', manual, 'none', due, ['warned', 'overdue', 'supervised']],
  ];
  for (const [what, o, recorded, now, want] of cases) {
    it(`${what} (${now})`, () => {
      assert.equal(o.escalation, recorded);
      assert.deepEqual(levels(o, now), want);
      for (const s of dueEscalations(o, at(now), POLICY, CAL)) assert.deepEqual(s.dueAt, at(due));
    });
  }

  it('an approved extension starts a fresh ladder for the new deadline', () => {
    // Overdue and supervised, then the centre approves 3 more working days: end of Sat 11 Oct (worked).
    const o = order(start, due, {
      extra: [
        escalated('2025-09-30T00:00', 'warned'), escalated(due, 'overdue'), autoSupervised,
        ['2025-09-30T09:00', A.lead, { type: 'extension_requested', unitId: LEAD, days: 3, requestedDue: iso('2025-10-12T00:00') }, '需协调'],
        ['2025-09-30T10:00', A.dispatcher, { type: 'extension_approved', handleDue: iso('2025-10-12T00:00') }],
      ],
    });
    assert.equal(o.escalation, 'none');
    assert.deepEqual(levels(o, '2025-10-09T12:00'), []);
    const steps = dueEscalations(o, at('2025-10-12T00:00'), POLICY, CAL);
    assert.deepEqual(steps.map((s) => s.level), ['warned', 'overdue', 'supervised']);
    assert.deepEqual(steps.map((s) => s.dueAt), [at('2025-10-12T00:00'), at('2025-10-12T00:00'), at('2025-10-12T00:00')]);
    assert.deepEqual(steps[0]!.event, { type: 'escalated', level: 'warned', dueAt: iso('2025-10-12T00:00') });
  });
});

describe('deadlineColour', () => {
  // Fri 26 Sep 10:00, due end of Tue 30 Sep; yellow from 00:00 Tue 30 Sep.
  const o = order('2025-09-26T10:00', '2025-10-01T00:00');
  const emergency = order('2025-09-17T13:00', '2025-09-17T17:00', { emergency: true });
  const cases: Array<[string, Order, string, ReturnType<typeof deadlineColour>]> = [
    ['just dispatched', o, '2025-09-26T10:00', 'normal'],
    ['over the holiday weekend', o, '2025-09-29T23:59:59.999', 'normal'],
    ['24 hours before the deadline', o, '2025-09-30T00:00', 'due_soon'],
    ['one millisecond before the deadline', o, '2025-09-30T23:59:59.999', 'due_soon'],
    ['at the deadline', o, '2025-10-01T00:00', 'overdue'],
    ['long after', o, '2025-12-01T00:00', 'overdue'],
    ['4-hour emergency, 1 h 1 min left', emergency, '2025-09-17T15:59', 'normal'],
    ['4-hour emergency, 1 h left', emergency, '2025-09-17T16:00', 'due_soon'],
    ['4-hour emergency, past due', emergency, '2025-09-17T17:00', 'overdue'],
  ];
  for (const [what, ord, now, want] of cases) {
    it(`${what} → ${want}`, () => assert.equal(deadlineColour(ord, at(now), POLICY), want));
  }

  it('agrees with the ladder on when yellow starts', () => {
    const warnAt = escalationLadder(o, POLICY, CAL)[0]!.at;
    assert.equal(deadlineColour(o, new Date(warnAt.getTime() - 1), POLICY), 'normal');
    assert.equal(deadlineColour(o, warnAt, POLICY), 'due_soon');
  });
});
