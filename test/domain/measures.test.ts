// Measures as pure functions: marks folded from literal histories, counters, rates, percentiles,
// repeat requests, periods, and the Ningxiang figures of seed 001 as a check of the definitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeCalendar, type Calendar } from '../../src/domain/calendar.ts';
import {
  ALL, addMark, emptyTally, isRepeatOf, markKeys, measureValues, orderFacts, parsePeriod, percentileTenths, periodOf,
  previousPeriod, repeatFlags, tallyOrders, tenths, type Ancestry, type Mark, type OrderFacts,
} from '../../src/domain/measures.ts';
import type { EventData, OrderEvent } from '../../src/domain/order.ts';
import { loadShippedHolidays } from '../../src/store/holiday-files.ts';
import { A, accepted, CENTRE, COMMUNITY, COMPLAINT_LIMITS, history, iso, LEAD, SECOND_LEAD, type Entry } from './support.ts';

const cal: Calendar = makeCalendar(loadShippedHolidays(), 1);
const DAY = 86_400_000;

const dispatched = (lead: number, signForDue: string, handleDue: string, second = false): EventData => ({
  type: 'dispatched', leadUnitId: lead, assistUnitIds: [], second, phoneNotice: null,
  signForDue: iso(signForDue), handleDue: iso(handleDue), limits: COMPLAINT_LIMITS,
});
const facts = (entries: Entry[], id = 1) => orderFacts(id, history(entries), cal);
const kinds = (f: OrderFacts) => f.marks.map((m) => m.k);
const mark = (f: OrderFacts, k: Mark['k'], i = 0) => f.marks.filter((m) => m.k === k)[i]!;

/** A complaint through the whole loop, dispatched on Tuesday 2025-09-23 (deadlines: sign by the 24th, handle by the 26th). */
const LOOP: Entry[] = [
  ['2025-09-23T09:00', A.operator, accepted()],
  ['2025-09-23T09:05', A.operator, { type: 'registered' }],
  ['2025-09-23T09:30', A.dispatcher, dispatched(LEAD, '2025-09-25T00:00', '2025-09-27T00:00')],
  ['2025-09-23T15:00', A.lead, { type: 'signed_for', unitId: LEAD }],
  ['2025-09-25T11:30', A.lead, { type: 'replied', unitId: LEAD, result: '已责令停工', attachmentIds: [], handlerName: null }],
  ['2025-09-25T16:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: 'basically_satisfied', solved: true }],
  ['2025-09-25T16:10', A.callbackAgent, { type: 'closed' }],
];

describe('an order folds into marks', () => {
  it('the whole loop: one mark per milestone, on its local day, for the unit responsible then', () => {
    const f = facts(LOOP);
    assert.deepEqual(kinds(f), ['received', 'registered', 'dispatched', 'signed', 'replied', 'callback', 'closed']);
    assert.deepEqual(f.marks.map((m) => m.day), ['2025-09-23', '2025-09-23', '2025-09-23', '2025-09-23', '2025-09-25', '2025-09-25', '2025-09-25']);
    assert.equal(mark(f, 'received').unit, CENTRE, 'intake counts for the centre');
    assert.equal(mark(f, 'dispatched').unit, LEAD);
    assert.equal(mark(f, 'signed').ok, true);
    assert.equal(mark(f, 'replied').ok, true);
    assert.deepEqual(mark(f, 'callback'), { k: 'callback', day: '2025-09-25', unit: LEAD, sat: 'basically_satisfied', solved: true });
    const closed = mark(f, 'closed');
    assert.equal(closed.ok, true);
    assert.equal(closed.cb, true);
    // 09:30 on the 23rd to 11:30 on the 25th, all working days: 2 days and 2 hours.
    assert.equal(closed.ms, 2 * DAY + 2 * 3_600_000);
    assert.equal(f.unitId, LEAD);
    assert.equal(f.phone, '13900001001');
  });

  it('a late sign-for and a late reply are marked late; an approved extension moves the reply deadline', () => {
    const late = facts([
      ...LOOP.slice(0, 3),
      ['2025-09-25T08:00', A.lead, { type: 'signed_for', unitId: LEAD }],
      ['2025-09-29T10:00', A.lead, { type: 'replied', unitId: LEAD, result: '已处理', attachmentIds: [], handlerName: null }],
      ['2025-09-29T16:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: 'satisfied', solved: true }],
      ['2025-09-29T16:10', A.callbackAgent, { type: 'closed' }],
    ]);
    assert.equal(mark(late, 'signed').ok, false);
    assert.equal(mark(late, 'replied').ok, false);
    assert.equal(mark(late, 'closed').ok, false, 'closed, but its reply came after the deadline');
    const extended = facts([
      ...LOOP.slice(0, 4),
      ['2025-09-24T10:00', A.lead, { type: 'extension_requested', unitId: LEAD, days: 2, requestedDue: iso('2025-09-30T00:00') }],
      ['2025-09-24T11:00', A.dispatcher, { type: 'extension_approved', handleDue: iso('2025-09-30T00:00') }],
      ['2025-09-29T10:00', A.lead, { type: 'replied', unitId: LEAD, result: '已处理', attachmentIds: [], handlerName: null }],
    ]);
    assert.equal(mark(extended, 'replied').ok, true);
  });

  it('a return and a second dispatch: one work order, the second dispatch counts for the unit that returned it', () => {
    const f = facts([
      ...LOOP.slice(0, 3),
      ['2025-09-23T10:00', A.lead, { type: 'returned', unitId: LEAD, toUnitId: null }, '不属于本单位职责'],
      ['2025-09-23T11:00', A.dispatcher, dispatched(SECOND_LEAD, '2025-09-25T00:00', '2025-09-27T00:00', true)],
      ['2025-09-23T14:00', A.secondLead, { type: 'signed_for', unitId: SECOND_LEAD }],
    ]);
    assert.deepEqual(kinds(f), ['received', 'registered', 'dispatched', 'second_dispatch', 'signed']);
    assert.equal(mark(f, 'dispatched').unit, LEAD);
    assert.equal(mark(f, 'second_dispatch').unit, LEAD);
    assert.equal(mark(f, 'signed').unit, SECOND_LEAD);
    assert.equal(f.unitId, SECOND_LEAD, 'the order now belongs to its new lead unit');
  });

  it('a reopen: counted, and the close after it measures to the last reply', () => {
    const f = facts([
      ...LOOP.slice(0, 6),
      ['2025-09-25T16:05', A.callbackAgent, { type: 'reopened', signForDue: iso('2025-09-27T00:00'), handleDue: iso('2025-10-11T00:00'), limits: COMPLAINT_LIMITS }],
      ['2025-09-26T09:00', A.lead, { type: 'signed_for', unitId: LEAD }],
      ['2025-10-09T10:00', A.lead, { type: 'replied', unitId: LEAD, result: '再次处理', attachmentIds: [], handlerName: null }],
      ['2025-10-09T11:00', A.callbackAgent, { type: 'closed' }],
    ]);
    assert.equal(mark(f, 'reopened').unit, LEAD);
    const closed = mark(f, 'closed');
    assert.equal(closed.cb, false, 'no callback reached the resident after the second reply');
    // 23 Sep 09:30 -> 9 Oct 10:00 on the official calendar: 14.5 hours of the 23rd, the 24th-26th, Sunday the 28th
    // (a make-up working day), the 29th and 30th, the National Day holiday (1-8 Oct) off, 10 hours of the 9th.
    assert.equal(closed.ms, 6 * DAY + (14.5 + 10) * 3_600_000);
  });

  it('answered at once: a valid request, no work order; a web request takes the unit of the staff who handled it', () => {
    const f = facts([
      ['2025-09-23T09:00', A.operator, accepted({ requestType: 'consult' })],
      ['2025-09-23T09:03', A.operator, { type: 'answered', answer: '可在派出所办理', knowledgeArticleId: null }],
    ]);
    assert.deepEqual(kinds(f), ['received', 'answered']);
    const web = facts([
      ['2025-09-23T09:00', A.resident, accepted({ channel: 'web', caller: { name: null, phone: null, anonymous: true, confidential: false } })],
      ['2025-09-23T10:00', A.dispatcher, { type: 'registered' }],
    ]);
    assert.equal(mark(web, 'received').unit, CENTRE);
    assert.equal(web.phone, null);
  });

  it('an order that went overdue counts for the unit holding it (after a send-down, the community)', () => {
    const f = facts([
      ...LOOP.slice(0, 4),
      ['2025-09-23T16:00', A.lead, { type: 'sent_down', fromUnitId: LEAD, toUnitId: COMMUNITY, signForDue: iso('2025-09-25T00:00') }],
      ['2025-09-24T09:00', A.community, { type: 'signed_for', unitId: COMMUNITY }],
      ['2025-09-27T00:00', A.system, { type: 'escalated', level: 'overdue', dueAt: iso('2025-09-27T00:00') }],
    ]);
    assert.equal(mark(f, 'overdue').unit, COMMUNITY);
    assert.equal(mark(f, 'signed', 1).unit, COMMUNITY);
  });

  it('counts in every scope above it: the unit tree, the category tree, the territory tree, channel, request type', () => {
    const anc: Ancestry = { unit: (id) => (id === COMMUNITY ? [COMMUNITY, LEAD, CENTRE] : [id]), category: (id) => [id, 1], territory: (id) => [id, 11, 1] };
    const keys = markKeys({ k: 'signed', day: '2025-09-24', unit: COMMUNITY, ok: true }, { channel: 'phone', requestType: 'complaint', categoryId: 3, territoryId: 111 }, anc);
    assert.deepEqual(keys.map((s) => `${s.dim}:${s.key}`), [
      'all:', `unit:${COMMUNITY}`, `unit:${LEAD}`, `unit:${CENTRE}`, 'category:3', 'category:1', 'territory:111', 'territory:11', 'territory:1', 'channel:phone', 'requestType:complaint',
    ]);
  });
});

describe('counters, rates and handling times', () => {
  it('rates are ratios of counters; without a denominator a rate is null', () => {
    const t = emptyTally();
    for (const m of facts(LOOP).marks) addMark(t, m, false);
    const v = measureValues(t);
    assert.equal(v.counts.valid, 1);
    assert.equal(v.rates.answerRate, 0);
    assert.equal(v.rates.onTimeCloseRate, 1);
    assert.equal(v.rates.satisfactionRate, 1, 'basically satisfied counts as satisfied');
    assert.equal(v.rates.secondDispatchRate, 0);
    assert.equal(measureValues(emptyTally()).rates.satisfactionRate, null);
    // Taking the marks away again leaves nothing.
    for (const m of facts(LOOP).marks) addMark(t, m, false, -1);
    assert.deepEqual(t, emptyTally());
  });

  it('handling time: tenths of a working day, rounded half up; the 90th percentile by nearest rank', () => {
    assert.equal(tenths(0), 0);
    assert.equal(tenths(DAY / 20 - 1), 0);
    assert.equal(tenths(DAY / 20), 1, 'half a tenth rounds up');
    assert.equal(tenths(2.25 * DAY), 23);
    const hist = new Map([[10, 5], [20, 4], [95, 1]]);
    assert.equal(percentileTenths(hist, 0.9), 20, '9 of 10 at or below 2.0 days');
    assert.equal(percentileTenths(new Map([[10, 9], [95, 2]]), 0.9), 95);
    assert.equal(percentileTenths(new Map(), 0.9), null);
  });
});

describe('repeat requests (same phone, same category, within 30 days before)', () => {
  const k = (orderId: number, when: string, phone: string | null = '13900001001', categoryId: number | null = 3) => ({ orderId, acceptedAt: new Date(when), phone, categoryId });
  it('is decided against the earlier request only', () => {
    assert.equal(isRepeatOf(k(2, '2025-09-20T00:00Z'), k(1, '2025-09-01T00:00Z')), true);
    assert.equal(isRepeatOf(k(1, '2025-09-01T00:00Z'), k(2, '2025-09-20T00:00Z')), false);
    assert.equal(isRepeatOf(k(2, '2025-10-01T00:00Z'), k(1, '2025-09-01T00:00Z')), false, 'exactly 30 days later is not within');
    assert.equal(isRepeatOf(k(2, '2025-09-20T00:00Z', '13900001001', 4), k(1, '2025-09-01T00:00Z')), false, 'another matter');
    assert.equal(isRepeatOf(k(2, '2025-09-20T00:00Z', null), k(1, '2025-09-01T00:00Z', null)), false, 'anonymous callers are never matched');
    assert.equal(isRepeatOf(k(2, '2025-09-01T00:00Z'), k(1, '2025-09-01T00:00Z')), true, 'the same instant: the smaller id came first');
    assert.deepEqual([...repeatFlags([k(3, '2025-09-25T00:00Z'), k(1, '2025-09-01T00:00Z'), k(2, '2025-09-20T00:00Z'), k(4, '2025-12-01T00:00Z')])].sort(), [2, 3]);
  });
});

describe('periods', () => {
  it('parses days, ISO weeks, months, quarters, years and ranges, with Chinese labels', () => {
    assert.deepEqual(parsePeriod('2026-03-05'), { kind: 'day', key: '2026-03-05', from: '2026-03-05', to: '2026-03-06', label: '2026年3月5日' });
    assert.deepEqual(parsePeriod('2026-W01'), { kind: 'week', key: '2026-W01', from: '2025-12-29', to: '2026-01-05', label: '2026年第1周（12月29日—1月4日）' });
    assert.equal(parsePeriod('2020-W53')?.from, '2020-12-28');
    assert.equal(parsePeriod('2021-W53'), null, '2021 has 52 ISO weeks');
    assert.deepEqual(parsePeriod('2026-02'), { kind: 'month', key: '2026-02', from: '2026-02-01', to: '2026-03-01', label: '2026年2月' });
    assert.equal(parsePeriod('2026-Q4')?.to, '2027-01-01');
    assert.equal(parsePeriod('2026-Q1')?.label, '2026年第一季度');
    assert.equal(parsePeriod('2026')?.to, '2027-01-01');
    assert.deepEqual(parsePeriod('2026-03-01..2026-03-15'), { kind: 'range', key: '2026-03-01..2026-03-15', from: '2026-03-01', to: '2026-03-16', label: '2026年3月1日至3月15日' });
    for (const bad of ['2026-02-30', '2026-13', '2026-Q5', '2026-W00', '2026-03-15..2026-03-01', 'yesterday', '']) assert.equal(parsePeriod(bad), null, bad);
  });

  it('knows the period around a date and the one before', () => {
    assert.equal(periodOf('week', '2026-01-01').key, '2026-W01');
    assert.equal(periodOf('week', '2027-01-03').key, '2026-W53');
    assert.equal(periodOf('quarter', '2026-05-20').key, '2026-Q2');
    assert.equal(previousPeriod(parsePeriod('2026-01')!).key, '2025-12');
    assert.equal(previousPeriod(parsePeriod('2026-W01')!).key, '2025-W52');
    assert.equal(previousPeriod(parsePeriod('2026-Q1')!).key, '2025-Q4');
    assert.equal(previousPeriod(parsePeriod('2026-03-01')!).key, '2026-02-28');
    assert.equal(previousPeriod(parsePeriod('2026-03-01..2026-03-10')!).key, '2026-02-19..2026-02-28');
  });
});

describe('the definitions against the seed figures (Ningxiang, seed 001)', () => {
  // 10,498 calls -> 4,427 valid requests -> 2,435 answered at once + 1,992 work orders -> 1,706 closed on time; satisfaction 98.7%.
  // The 6,071 calls that never became a request (hang-ups, repeats of an open call, transfers to 110) are a call-centre count
  // outside the order log; every request that was recorded is one of the 4,427 here.
  function ningxiang(): OrderFacts[] {
    const out: OrderFacts[] = [];
    for (let i = 0; i < 4427; i++) {
      const e: Entry[] = [['2017-03-06T09:00', A.operator, accepted({ caller: { name: null, phone: `139${String(i).padStart(8, '0')}`, anonymous: false, confidential: false } })]];
      if (i < 2435) {
        e.push(['2017-03-06T09:04', A.operator, { type: 'answered', answer: '政策答复', knowledgeArticleId: null }]);
      } else {
        const w = i - 2435;
        e.push(
          ['2017-03-06T09:10', A.operator, { type: 'registered' }],
          ['2017-03-06T10:00', A.dispatcher, dispatched(LEAD, '2017-03-08T00:00', '2017-03-14T00:00')],
          ['2017-03-06T14:00', A.lead, { type: 'signed_for', unitId: LEAD }],
          [w < 1706 ? '2017-03-10T10:00' : '2017-03-16T10:00', A.lead, { type: 'replied', unitId: LEAD, result: '已办理', attachmentIds: [], handlerName: null }],
          ['2017-03-17T10:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: w < 1966 ? 'satisfied' : 'unsatisfied', solved: w < 1966 }],
          ['2017-03-17T10:30', A.callbackAgent, { type: 'closed' }, w < 1966 ? null : '已按政策解释'],
        );
      }
      out.push(orderFacts(i + 1, history(e), cal));
    }
    return out;
  }

  it('valid = answered at once + work orders; the rates come out as the county reported them', () => {
    const anc: Ancestry = { unit: (id) => [id, CENTRE], category: (id) => [id], territory: (id) => [id] };
    const v = measureValues(tallyOrders(ningxiang().map((f) => ({ facts: f, repeat: false })), ALL, '2017-03-01', '2017-04-01', anc));
    assert.equal(v.counts.received, 4427);
    assert.equal(v.counts.valid, 4427);
    assert.equal(v.counts.answered, 2435);
    assert.equal(v.counts.dispatched, 1992);
    assert.equal(v.counts.valid, v.counts.answered + v.counts.dispatched);
    assert.equal(v.counts.closed, 1992);
    assert.equal(v.counts.closedOnTime, 1706);
    assert.equal(v.rates.answerRate!.toFixed(4), '0.5500', '即时答复率 55.0%');
    assert.equal(v.rates.onTimeCloseRate!.toFixed(4), '0.8564', '按时办结率 85.6%');
    assert.equal(v.rates.satisfactionRate!.toFixed(3), '0.987', '满意率 98.7%');
    assert.equal(v.rates.closeRate, 1);
    assert.equal((4427 / 10498).toFixed(3), '0.422', 'valid requests are 42.2% of the calls');
  });
});
