// The closed loop end to end through the pure commands: each step's events and the order they
// leave behind (via evolve), on the shipped official calendar around National Day 2025.
//
// Calendar facts used below (国办发明电〔2024〕12号): Sun 28 Sep 2025 is a working day,
// 1–8 Oct are days off, Thu 9 and Fri 10 Oct are working days, Sat 11 Oct is a working day.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar } from '../../src/domain/calendar.ts';
import * as cmd from './guarded.ts';
import type { AppliedLimits, NewEvent, Order, PhoneNotice } from '../../src/domain/order.ts';
import { loadShippedHolidays } from '../../src/store/holiday-files.ts';
import {
  A, accept, accepted, ASSIST, at, COMMUNITY, COMPLAINT_LIMITS, ctx, EMERGENCY_LIMITS, GRID, iso, LEAD, orderOf, refused,
  SECOND_LEAD, type Entry,
} from './support.ts';

const shipped = loadShippedHolidays();
const CAL = makeCalendar(shipped, 1);

const c = (now: string, actor: (typeof A)[keyof typeof A]) => ctx(now, actor, CAL);

const ACCEPTED: Entry = ['2025-09-24T09:12', A.operator, accepted()];
const newOrder = (over: Parameters<typeof accepted>[0] = {}, id = 1): Order =>
  orderOf([['2025-09-24T09:12', A.operator, accepted(over)]], id, `CY2025092400000${id}`);

const dispatchInput = (over: Partial<cmd.DispatchInput> = {}): cmd.DispatchInput => ({
  leadUnitId: LEAD, assistUnitIds: [ASSIST], limits: COMPLAINT_LIMITS, phoneNotice: null, note: '请城管局牵头处理', ...over,
});

/** accepted → dispatched (Wed 24 Sep 09:20) → signed for by the lead unit (10:05). */
function handlingOrder(): Order {
  let o = newOrder();
  o = accept(o, cmd.dispatch(o, c('2025-09-24T09:20', A.dispatcher), dispatchInput()), c('2025-09-24T09:20', A.dispatcher)).order;
  o = accept(o, cmd.signFor(o, c('2025-09-24T10:05', A.lead), { note: null }), c('2025-09-24T10:05', A.lead)).order;
  return o;
}

/** Run one step as `actor` at `now` and expect it to go through. */
function step(o: Order, now: string, actor: (typeof A)[keyof typeof A], run: (o: Order, x: cmd.Ctx) => cmd.Decision) {
  const x = c(now, actor);
  return accept(o, run(o, x), x);
}

describe('the closed loop, step by step', () => {
  it('accept → dispatch → sign for → assist note → reply → call back → close → evaluate → rate', () => {
    let o = orderOf([ACCEPTED]);
    assert.equal(o.state, 'accepted');
    assert.equal(o.version, 1);

    // Dispatch straight from 'accepted': the case is registered (立案) and dispatched in one go.
    let r = step(o, '2025-09-24T09:20', A.dispatcher, (o, x) => cmd.dispatch(o, x, dispatchInput()));
    assert.deepEqual(r.events, [
      { data: { type: 'registered' }, note: null },
      {
        data: {
          type: 'dispatched', leadUnitId: LEAD, assistUnitIds: [ASSIST], second: false, phoneNotice: null,
          // Sign for by the end of Thu 25 Sep; handle in 3 working days: Thu 25, Fri 26, Sun 28 (worked).
          signForDue: iso('2025-09-26T00:00'), handleDue: iso('2025-09-29T00:00'), limits: COMPLAINT_LIMITS,
        },
        note: '请城管局牵头处理',
      },
    ]);
    o = r.order;
    assert.equal(o.state, 'dispatched');
    assert.equal(o.version, 3);
    assert.deepEqual(o.holderChain, [LEAD]);
    assert.equal(o.leadUnitId, LEAD);
    assert.deepEqual(o.assistUnitIds, [ASSIST]);
    assert.equal(o.dispatchCount, 1);
    assert.equal(o.secondDispatchCount, 0);
    assert.deepEqual(o.dispatchedAt, at('2025-09-24T09:20'));
    assert.deepEqual(o.clockStartedAt, at('2025-09-24T09:20'));
    assert.deepEqual(o.limits, COMPLAINT_LIMITS);

    r = step(o, '2025-09-24T10:05', A.lead, (o, x) => cmd.signFor(o, x, { note: '已签收' }));
    assert.deepEqual(r.events, [{ data: { type: 'signed_for', unitId: LEAD }, note: '已签收' }]);
    o = r.order;
    assert.equal(o.state, 'handling');
    assert.deepEqual(o.signedAt, at('2025-09-24T10:05'));

    r = step(o, '2025-09-25T09:30', A.assist, (o, x) => cmd.assistNote(o, x, { text: '已派员夜间监测噪声，超标 12 分贝' }));
    assert.deepEqual(r.events, [{ data: { type: 'assist_noted', unitId: ASSIST, text: '已派员夜间监测噪声，超标 12 分贝' }, note: '已派员夜间监测噪声，超标 12 分贝' }]);
    assert.equal(r.order.state, 'handling');
    assert.equal(r.order.version, o.version + 1);
    o = r.order;

    r = step(o, '2025-09-26T10:00', A.lead, (o, x) => cmd.reply(o, x, { result: '已责令施工单位夜间停工', attachmentIds: [501, 502], handlerName: null }));
    assert.deepEqual(r.events, [{
      data: { type: 'replied', unitId: LEAD, result: '已责令施工单位夜间停工', attachmentIds: [501, 502], handlerName: '城管局王涛' },
      note: '已责令施工单位夜间停工',
    }]);
    o = r.order;
    assert.equal(o.state, 'replied');
    assert.deepEqual(o.repliedAt, at('2025-09-26T10:00'));

    r = step(o, '2025-09-26T15:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'satisfied', solved: true, note: '市民表示夜间已安静' }));
    assert.deepEqual(r.events, [{ data: { type: 'called_back', reached: true, satisfaction: 'satisfied', solved: true }, note: '市民表示夜间已安静' }]);
    o = r.order;
    assert.equal(o.state, 'called_back');
    assert.deepEqual(o.lastCallback, { satisfaction: 'satisfied', solved: true, note: '市民表示夜间已安静' });

    r = step(o, '2025-09-26T15:10', A.callbackAgent, (o, x) => cmd.close(o, x, { note: null }));
    assert.deepEqual(r.events, [{ data: { type: 'closed' }, note: null }]);
    o = r.order;
    assert.equal(o.state, 'closed');
    assert.equal(o.closeKind, 'verified');
    assert.deepEqual(o.closedAt, at('2025-09-26T15:10'));

    r = step(o, '2025-09-29T09:00', A.supervisor, (o, x) => cmd.evaluate(o, x, { score: 92, note: '处置及时' }));
    assert.deepEqual(r.events, [{ data: { type: 'evaluated', score: 92 }, note: '处置及时' }]);
    o = r.order;
    assert.deepEqual(o.evaluation, { score: 92, note: '处置及时' });
    assert.equal(refused(cmd.evaluate(o, c('2025-09-29T10:00', A.leader), { score: 60, note: null })).code, 'invalid_state');

    r = step(o, '2025-09-29T20:00', A.resident, (o, x) => cmd.rate(o, x, { satisfaction: 'satisfied', note: '谢谢' }));
    assert.deepEqual(r.order.residentRating, { satisfaction: 'satisfied', note: '谢谢' });
    assert.equal(r.order.state, 'closed');
  });

  it('register then dispatch: only the dispatch event, the case was already opened', () => {
    let o = newOrder();
    const r1 = step(o, '2025-09-24T09:15', A.operator, (o, x) => cmd.register(o, x, { note: '需转办' }));
    assert.deepEqual(r1.events, [{ data: { type: 'registered' }, note: '需转办' }]);
    o = r1.order;
    assert.equal(o.state, 'pending_dispatch');
    const r2 = step(o, '2025-09-24T09:20', A.dispatcher, (o, x) => cmd.dispatch(o, x, dispatchInput()));
    assert.deepEqual(r2.events.map((e) => e.data.type), ['dispatched']);
  });

  it('an answer at once closes the order immediately, and it can never be reopened', () => {
    const o0 = newOrder({ requestType: 'consult' });
    const r = step(o0, '2025-09-24T09:14', A.operator, (o, x) => cmd.answer(o, x, { answer: '施工许可时间为6时至22时', knowledgeArticleId: 7 }));
    assert.deepEqual(r.events, [{ data: { type: 'answered', answer: '施工许可时间为6时至22时', knowledgeArticleId: 7 }, note: '施工许可时间为6时至22时' }]);
    const o = r.order;
    assert.equal(o.state, 'closed');
    assert.equal(o.closeKind, 'immediate');
    assert.deepEqual(o.closedAt, at('2025-09-24T09:14'));
    assert.equal(refused(cmd.reopen(o, c('2025-09-25T09:00', A.dispatcher), { reason: '市民不满意' })).code, 'invalid_state');
    assert.equal(refused(cmd.requestReopen(o, c('2025-09-25T09:00', A.resident), { reason: '没解决' })).code, 'invalid_state');
    assert.equal(refused(cmd.register(o, c('2025-09-25T09:00', A.operator), { note: null })).code, 'invalid_state');
  });

  it('dispatch checks the units', () => {
    const o = newOrder();
    const x = c('2025-09-24T09:20', A.dispatcher);
    assert.equal(refused(cmd.dispatch(o, x, dispatchInput({ assistUnitIds: [ASSIST, LEAD] }))).code, 'lead_is_assisting');
    assert.equal(refused(cmd.dispatch(o, x, dispatchInput({ assistUnitIds: [ASSIST, ASSIST] }))).code, 'duplicate_assist');
    assert.equal(refused(cmd.dispatch(o, c('2025-09-24T09:20', A.operator), dispatchInput())).code, 'forbidden');
  });

  it('withdrawal by the resident ends the order and releases the unit', () => {
    let o = newOrder();
    o = step(o, '2025-09-24T09:20', A.dispatcher, (o, x) => cmd.dispatch(o, x, dispatchInput())).order;
    const r = step(o, '2025-09-24T11:00', A.resident, (o, x) => cmd.withdraw(o, x, { reason: '问题已自行解决' }));
    assert.deepEqual(r.events, [{ data: { type: 'withdrawn' }, note: '问题已自行解决' }]);
    assert.equal(r.order.state, 'withdrawn');
    assert.deepEqual(r.order.holderChain, []);
    assert.deepEqual(r.order.closedAt, at('2025-09-24T11:00'));
    assert.equal(refused(cmd.signFor(r.order, c('2025-09-24T11:05', A.lead), { note: null })).code, 'not_holder');
  });
});

describe('returns and second dispatch', () => {
  it('a return by the lead unit goes back to the centre; the next dispatch counts as a second dispatch', () => {
    let o = newOrder();
    o = step(o, '2025-09-24T09:20', A.dispatcher, (o, x) => cmd.dispatch(o, x, dispatchInput())).order;

    let r = step(o, '2025-09-24T10:00', A.lead, (o, x) => cmd.returnOrder(o, x, { reason: '该工地由住建局监管，非本单位职责' }));
    assert.deepEqual(r.events, [{ data: { type: 'returned', unitId: LEAD, toUnitId: null }, note: '该工地由住建局监管，非本单位职责' }]);
    o = r.order;
    assert.equal(o.state, 'pending_dispatch');
    assert.deepEqual(o.holderChain, []);
    assert.equal(o.returnCount, 1);
    assert.equal(o.signForDue, null);
    assert.equal(o.handleDue, null);

    // Re-dispatched on Fri 26 Sep 09:00 to 住建局: a second dispatch, new clock, new deadlines.
    r = step(o, '2025-09-26T09:00', A.dispatcher, (o, x) => cmd.dispatch(o, x, dispatchInput({ leadUnitId: SECOND_LEAD })));
    assert.deepEqual(r.events.map((e) => e.data.type), ['dispatched']);
    const d = r.events[0]!.data;
    assert.ok(d.type === 'dispatched');
    assert.equal(d.second, true);
    // 3 working days after Fri 26 Sep: Sun 28, Mon 29, Tue 30 → end of Tue 30 Sep.
    assert.equal(d.signForDue, iso('2025-09-29T00:00'));
    assert.equal(d.handleDue, iso('2025-10-01T00:00'));
    o = r.order;
    assert.equal(o.state, 'dispatched');
    assert.deepEqual(o.holderChain, [SECOND_LEAD]);
    assert.equal(o.dispatchCount, 2);
    assert.equal(o.secondDispatchCount, 1);
    assert.deepEqual(o.dispatchedAt, at('2025-09-24T09:20'), 'first dispatch time is kept');
    assert.deepEqual(o.clockStartedAt, at('2025-09-26T09:00'));

    // The old lead unit no longer holds it.
    assert.equal(refused(cmd.signFor(o, c('2025-09-26T09:30', A.lead), { note: null })).code, 'not_holder');

    // Returned again after signing, and dispatched a third time: counted again.
    o = step(o, '2025-09-26T10:00', A.secondLead, (o, x) => cmd.signFor(o, x, { note: null })).order;
    o = step(o, '2025-09-26T11:00', A.secondLead, (o, x) => cmd.returnOrder(o, x, { reason: '属供电公司职责' })).order;
    assert.equal(o.returnCount, 2);
    o = step(o, '2025-09-26T14:00', A.dispatcher, (o, x) => cmd.dispatch(o, x, dispatchInput())).order;
    assert.equal(o.dispatchCount, 3);
    assert.equal(o.secondDispatchCount, 2);
  });

  it('a return by a sent-down community goes back to the unit above it, not to the centre', () => {
    let o = handlingOrder();
    const handleDue = o.handleDue;

    let r = step(o, '2025-09-24T14:00', A.lead, (o, x) => cmd.sendDown(o, x, { toUnitId: COMMUNITY, toUnitIsBelow: true, note: '请正阳社区现场处置' }));
    // The community's own sign-for clock starts now: end of Thu 25 Sep.
    assert.deepEqual(r.events, [{ data: { type: 'sent_down', fromUnitId: LEAD, toUnitId: COMMUNITY, signForDue: iso('2025-09-26T00:00') }, note: '请正阳社区现场处置' }]);
    o = r.order;
    assert.equal(o.state, 'dispatched');
    assert.deepEqual(o.holderChain, [LEAD, COMMUNITY]);
    assert.deepEqual(o.handleDue, handleDue, 'the handling deadline does not move on a send-down');
    assert.deepEqual(o.clockStartedAt, at('2025-09-24T09:20'));

    o = step(o, '2025-09-24T15:00', A.community, (o, x) => cmd.signFor(o, x, { note: null })).order;
    assert.equal(o.state, 'handling');
    assert.deepEqual(o.signedAt, at('2025-09-24T10:05'), 'the lead unit signed the order; a send-down keeps that time');

    // Down once more, to the grid, who returns it to the community.
    o = step(o, '2025-09-24T16:00', A.community, (o, x) => cmd.sendDown(o, x, { toUnitId: GRID, toUnitIsBelow: true, note: null })).order;
    assert.deepEqual(o.holderChain, [LEAD, COMMUNITY, GRID]);
    r = step(o, '2025-09-24T16:30', A.grid, (o, x) => cmd.returnOrder(o, x, { reason: '非本网格' }));
    assert.deepEqual(r.events, [{ data: { type: 'returned', unitId: GRID, toUnitId: COMMUNITY }, note: '非本网格' }]);
    o = r.order;
    assert.equal(o.state, 'handling');
    assert.deepEqual(o.holderChain, [LEAD, COMMUNITY]);

    r = step(o, '2025-09-24T17:00', A.community, (o, x) => cmd.returnOrder(o, x, { reason: '工地不在本社区辖区' }));
    assert.deepEqual(r.events, [{ data: { type: 'returned', unitId: COMMUNITY, toUnitId: LEAD }, note: '工地不在本社区辖区' }]);
    o = r.order;
    assert.equal(o.state, 'handling');
    assert.deepEqual(o.holderChain, [LEAD]);
    assert.equal(o.returnCount, 0, 'not a return to the centre');
    assert.deepEqual(o.handleDue, handleDue);

    // The lead unit holds it again and may reply; the next centre dispatch would not be "second".
    assert.equal(cmd.authorize('reply', o, A.lead), null);
    assert.equal(cmd.authorize('reply', o, A.community)?.code, 'not_holder');
  });

  it('a unit sends down only below itself', () => {
    const o = handlingOrder();
    const rej = refused(cmd.sendDown(o, c('2025-09-24T14:00', A.lead), { toUnitId: ASSIST, toUnitIsBelow: false, note: null }));
    assert.equal(rej.code, 'not_below');
  });

  it('reassignment moves the order to another lead unit with fresh deadlines', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-25T09:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 2, reason: '需协调' })).order;
    assert.equal(refused(cmd.reassign(o, c('2025-09-25T10:00', A.dispatcher), { ...dispatchInput(), note: '改派' })).code, 'same_unit');
    const r = step(o, '2025-09-25T10:00', A.dispatcher, (o, x) => cmd.reassign(o, x, { ...dispatchInput({ leadUnitId: SECOND_LEAD }), note: '责任裁定：住建局主办' }));
    assert.deepEqual(r.events, [{
      data: {
        type: 'reassigned', leadUnitId: SECOND_LEAD, assistUnitIds: [ASSIST],
        signForDue: iso('2025-09-27T00:00'), handleDue: iso('2025-09-30T00:00'), limits: COMPLAINT_LIMITS,
      },
      note: '责任裁定：住建局主办',
    }]);
    o = r.order;
    assert.equal(o.state, 'dispatched');
    assert.deepEqual(o.holderChain, [SECOND_LEAD]);
    assert.equal(o.reassignCount, 1);
    assert.equal(o.pendingExtension, null);
    assert.equal(o.secondDispatchCount, 0);
  });
});

describe('extensions', () => {
  it('a 3-working-day extension moves the deadline across National Day', () => {
    let o = handlingOrder();
    assert.deepEqual(o.handleDue, at('2025-09-29T00:00'));

    let r = step(o, '2025-09-26T16:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 3, reason: '需协调施工单位调整作业时间' }));
    // End of Sun 28 Sep + 3 working days: Mon 29, Tue 30, (1–8 Oct off) Thu 9 Oct → end of 9 Oct.
    assert.deepEqual(r.events, [{
      data: { type: 'extension_requested', unitId: LEAD, days: 3, requestedDue: iso('2025-10-10T00:00') },
      note: '需协调施工单位调整作业时间',
    }]);
    o = r.order;
    assert.deepEqual(o.pendingExtension, { days: 3, reason: '需协调施工单位调整作业时间', requestedDue: at('2025-10-10T00:00'), byUnitId: LEAD });
    assert.deepEqual(o.handleDue, at('2025-09-29T00:00'), 'nothing moves until the centre approves');
    assert.equal(refused(cmd.requestExtension(o, c('2025-09-26T17:00', A.lead), { days: 1, reason: '再延' })).code, 'invalid_state');

    r = step(o, '2025-09-26T17:00', A.dispatcher, (o, x) => cmd.decideExtension(o, x, { approve: true, note: '同意' }));
    assert.deepEqual(r.events, [{ data: { type: 'extension_approved', handleDue: iso('2025-10-10T00:00') }, note: '同意' }]);
    o = r.order;
    assert.deepEqual(o.handleDue, at('2025-10-10T00:00'));
    assert.equal(o.pendingExtension, null);
    assert.equal(o.extensionCount, 1);
    assert.equal(o.extendedDays, 3);
    assert.equal(o.escalation, 'none');

    // A second extension of 2 days: Fri 10 Oct, Sat 11 Oct (worked) → end of 11 Oct.
    o = step(o, '2025-10-09T09:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 2, reason: '等待检测报告' })).order;
    o = step(o, '2025-10-09T10:00', A.admin, (o, x) => cmd.decideExtension(o, x, { approve: true, note: null })).order;
    assert.deepEqual(o.handleDue, at('2025-10-12T00:00'));
    assert.equal(o.extensionCount, 2);
    assert.equal(o.extendedDays, 5);
  });

  it('a refusal needs a reason and leaves the deadline alone', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-26T16:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 3, reason: '需协调' })).order;
    const x = c('2025-09-26T17:00', A.dispatcher);
    assert.equal(refused(cmd.decideExtension(o, x, { approve: false, note: null })).code, 'reason_required');
    assert.equal(refused(cmd.decideExtension(o, x, { approve: false, note: '' })).code, 'reason_required');
    const r = accept(o, cmd.decideExtension(o, x, { approve: false, note: '属常规处置，不予延期' }), x);
    assert.deepEqual(r.events, [{ data: { type: 'extension_refused' }, note: '属常规处置，不予延期' }]);
    o = r.order;
    assert.equal(o.pendingExtension, null);
    assert.deepEqual(o.handleDue, at('2025-09-29T00:00'));
    assert.equal(o.extensionCount, 0);
    assert.equal(o.extendedDays, 0);
    // The unit may ask again.
    assert.equal(cmd.authorize('requestExtension', o, A.lead), null);
  });

  it('an approval after a calendar change counts the extension on the current calendar', () => {
    let o = handlingOrder();
    // Asked for 3 days on Fri 26 Sep: end of Sun 28 Sep + 3 → end of Thu 9 Oct on the shipped calendar.
    o = step(o, '2025-09-26T16:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 3, reason: '需协调' })).order;
    // Then Thu 9 Oct is declared a day off (calendar version 2). The base deadline (end of Sun 28 Sep)
    // does not move, so the recompute job has nothing to do for this order...
    const cal2 = makeCalendar([...shipped, { date: '2025-10-09', isOffDay: true, name: '假设的补充假日' }], 2);
    assert.equal(cmd.recomputeDeadlines(o, { ...COMPLAINT_LIMITS, calendarVersion: 2 }, cal2), null);
    // ...and the centre approves on the new calendar: 3 working days after Sun 28 Sep are now
    // Mon 29, Tue 30 Sep and Fri 10 Oct, so the deadline is the end of Fri 10 Oct, not of the day off.
    const x = ctx('2025-09-30T09:00', A.dispatcher, cal2);
    const r = accept(o, cmd.decideExtension(o, x, { approve: true, note: null }), x);
    assert.deepEqual(r.order.handleDue, at('2025-10-11T00:00'));
  });

  it('only the centre decides, only the holder asks', () => {
    let o = handlingOrder();
    assert.equal(refused(cmd.requestExtension(o, c('2025-09-26T16:00', A.assist), { days: 3, reason: 'x' })).code, 'not_holder');
    o = step(o, '2025-09-26T16:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 3, reason: '需协调' })).order;
    assert.equal(refused(cmd.decideExtension(o, c('2025-09-26T17:00', A.supervisor), { approve: true, note: null })).code, 'forbidden');
    assert.equal(refused(cmd.decideExtension(o, c('2025-09-26T17:00', A.lead), { approve: true, note: null })).code, 'forbidden');
  });
});

describe('callback, reopen and close', () => {
  function repliedOrder(): Order {
    let o = handlingOrder();
    o = step(o, '2025-09-26T10:00', A.lead, (o, x) => cmd.reply(o, x, { result: '已责令施工单位夜间停工', attachmentIds: [], handlerName: '王涛' })).order;
    return o;
  }

  it('an unreached callback keeps the state; a reached one needs satisfaction and solved', () => {
    let o = repliedOrder();
    let r = step(o, '2025-09-26T15:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: false, satisfaction: 'satisfied', solved: true, note: '无人接听' }));
    assert.deepEqual(r.events, [{ data: { type: 'called_back', reached: false, satisfaction: null, solved: null }, note: '无人接听' }]);
    o = r.order;
    assert.equal(o.state, 'replied');
    assert.equal(o.lastCallback, null);
    assert.equal(o.version, 6);

    const x = c('2025-09-26T16:00', A.callbackAgent);
    assert.equal(refused(cmd.callback(o, x, { reached: true, satisfaction: null, solved: true, note: null })).code, 'callback_incomplete');
    assert.equal(refused(cmd.callback(o, x, { reached: true, satisfaction: 'satisfied', solved: null, note: null })).code, 'callback_incomplete');

    o = step(o, '2025-09-26T16:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'basically_satisfied', solved: true, note: null })).order;
    assert.equal(o.state, 'called_back');
    // Another unreached attempt keeps both the state and the last reached result.
    r = step(o, '2025-09-27T10:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: false, satisfaction: null, solved: null, note: '关机' }));
    assert.equal(r.order.state, 'called_back');
    assert.deepEqual(r.order.lastCallback, { satisfaction: 'basically_satisfied', solved: true, note: null });
  });

  it('unsatisfied → reopen to the lead unit with deadlines from the reopen time, counted', () => {
    // Sent down to the community, which replies; the resident is unsatisfied.
    let o = handlingOrder();
    o = step(o, '2025-09-24T14:00', A.lead, (o, x) => cmd.sendDown(o, x, { toUnitId: COMMUNITY, toUnitIsBelow: true, note: null })).order;
    o = step(o, '2025-09-24T15:00', A.community, (o, x) => cmd.signFor(o, x, { note: null })).order;
    o = step(o, '2025-09-25T09:00', A.community, (o, x) => cmd.requestExtension(o, x, { days: 1, reason: '等待施工方' })).order;
    o = step(o, '2025-09-25T10:00', A.dispatcher, (o, x) => cmd.decideExtension(o, x, { approve: true, note: null })).order;
    assert.equal(o.extendedDays, 1);
    o = step(o, '2025-09-26T10:00', A.community, (o, x) => cmd.reply(o, x, { result: '已协调', attachmentIds: [], handlerName: null })).order;
    o = step(o, '2025-09-29T10:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'unsatisfied', solved: false, note: '夜间仍施工' })).order;
    assert.equal(o.state, 'called_back');

    // Reopened Tue 30 Sep 10:00: sign for by end of Thu 9 Oct (after the holiday); 3 working days:
    // Thu 9, Fri 10, Sat 11 Oct (worked) → end of Sat 11 Oct.
    const r = step(o, '2025-09-30T10:00', A.callbackAgent, (o, x) => cmd.reopen(o, x, { reason: '市民反映夜间仍施工，诉求合理' }));
    assert.deepEqual(r.events, [{
      data: { type: 'reopened', signForDue: iso('2025-10-10T00:00'), handleDue: iso('2025-10-12T00:00'), limits: COMPLAINT_LIMITS },
      note: '市民反映夜间仍施工，诉求合理',
    }]);
    o = r.order;
    assert.equal(o.state, 'dispatched');
    assert.deepEqual(o.holderChain, [LEAD], 'back to the same (lead) unit, not the community');
    assert.equal(o.reopenCount, 1);
    assert.deepEqual(o.clockStartedAt, at('2025-09-30T10:00'));
    assert.deepEqual(o.signForDue, at('2025-10-10T00:00'));
    assert.deepEqual(o.handleDue, at('2025-10-12T00:00'));
    assert.equal(o.extendedDays, 0, 'extensions belonged to the previous round');
    assert.equal(o.repliedAt, null);
    assert.equal(o.lastCallback, null);
    assert.equal(o.signedAt, null);
    assert.equal(o.dispatchCount, 1, 'a reopen is not a dispatch');
    assert.equal(o.secondDispatchCount, 0);

    // The loop runs again: the lead unit signs and replies.
    o = step(o, '2025-10-09T09:00', A.lead, (o, x) => cmd.signFor(o, x, { note: null })).order;
    assert.deepEqual(o.signedAt, at('2025-10-09T09:00'));
  });

  it('closing over an unsatisfied callback needs a reason', () => {
    let o = repliedOrder();
    o = step(o, '2025-09-29T10:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'unsatisfied', solved: true, note: '嫌处理慢' })).order;
    assert.equal(refused(cmd.close(o, c('2025-09-29T10:10', A.callbackAgent), { note: null })).code, 'reason_required');
    assert.equal(refused(cmd.close(o, c('2025-09-29T10:10', A.callbackAgent), { note: '' })).code, 'reason_required');
    const r = step(o, '2025-09-29T10:10', A.callbackAgent, (o, x) => cmd.close(o, x, { note: '问题已解决，市民对时效不满，经核实予以办结' }));
    assert.deepEqual(r.events, [{ data: { type: 'closed' }, note: '问题已解决，市民对时效不满，经核实予以办结' }]);
    assert.equal(r.order.state, 'closed');
    assert.equal(r.order.closeKind, 'verified');
  });

  it('a verified close can be reopened at the resident\'s request', () => {
    let o = repliedOrder();
    o = step(o, '2025-09-26T15:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'satisfied', solved: true, note: null })).order;
    o = step(o, '2025-09-26T15:10', A.callbackAgent, (o, x) => cmd.close(o, x, { note: null })).order;
    const r = step(o, '2025-09-29T08:00', A.resident, (o, x) => cmd.requestReopen(o, x, { reason: '夜间施工又开始了' }));
    assert.deepEqual(r.events, [{ data: { type: 'reopen_requested' }, note: '夜间施工又开始了' }]);
    o = r.order;
    assert.equal(o.reopenRequested, true);
    assert.equal(o.state, 'closed');
    assert.equal(refused(cmd.requestReopen(o, c('2025-09-29T09:00', A.resident), { reason: '再次申请' })).code, 'invalid_state');
    o = step(o, '2025-09-29T09:30', A.dispatcher, (o, x) => cmd.reopen(o, x, { reason: '市民申请重办' })).order;
    assert.equal(o.state, 'dispatched');
    assert.equal(o.reopenRequested, false);
    assert.equal(o.closedAt, null);
    assert.equal(o.closeKind, null);
    assert.equal(o.reopenCount, 1);
  });
});

describe('listed supervision (挂牌督办)', () => {
  it('a listed order cannot close until a satisfied callback, which lifts the listing', () => {
    let o = handlingOrder();
    let r = step(o, '2025-09-25T11:00', A.supervisor, (o, x) => cmd.list(o, x, { note: '群众反映强烈，挂牌督办' }));
    assert.deepEqual(r.events, [{ data: { type: 'listed' }, note: '群众反映强烈，挂牌督办' }]);
    o = r.order;
    assert.equal(o.listed, true);
    assert.equal(o.supervisionCount, 1);

    o = step(o, '2025-09-26T10:00', A.lead, (o, x) => cmd.reply(o, x, { result: '已约谈施工单位', attachmentIds: [], handlerName: null })).order;
    o = step(o, '2025-09-26T15:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'unsatisfied', solved: false, note: null })).order;
    assert.equal(o.listed, true);
    const x = c('2025-09-26T15:10', A.callbackAgent);
    assert.equal(refused(cmd.close(o, x, { note: null })).code, 'listed_unsatisfied');
    assert.equal(refused(cmd.close(o, x, { note: '经核实诉求不合理' })).code, 'listed_unsatisfied', 'a reason does not help while listed');

    // Unreached callback: still listed.
    o = step(o, '2025-09-27T10:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: false, satisfaction: null, solved: null, note: null })).order;
    assert.equal(o.listed, true);
    assert.equal(refused(cmd.close(o, c('2025-09-27T10:10', A.callbackAgent), { note: 'x' })).code, 'listed_unsatisfied');

    // Satisfied: the listing is lifted and the order may close.
    o = step(o, '2025-09-28T10:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'satisfied', solved: true, note: '已停工' })).order;
    assert.equal(o.listed, false);
    o = step(o, '2025-09-28T10:10', A.callbackAgent, (o, x) => cmd.close(o, x, { note: null })).order;
    assert.equal(o.state, 'closed');
  });

  it('unlisting by a supervisor clears the flag; supervision notices are counted', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-25T11:00', A.supervisor, (o, x) => cmd.supervise(o, x, { note: '请加快办理' })).order;
    assert.equal(o.supervisionCount, 1);
    assert.equal(o.escalation, 'none', 'a manual notice is not the automatic overdue supervision');
    o = step(o, '2025-09-25T11:05', A.supervisor, (o, x) => cmd.list(o, x, { note: '挂牌' })).order;
    assert.equal(o.supervisionCount, 2);
    const r = step(o, '2025-09-25T12:00', A.admin, (o, x) => cmd.unlist(o, x, { note: '误挂牌' }));
    assert.deepEqual(r.events, [{ data: { type: 'unlisted' }, note: '误挂牌' }]);
    assert.equal(r.order.listed, false);
  });
});

describe('merging duplicates (重复件)', () => {
  const dup = () => newOrder({}, 2);
  const master = () => newOrder({}, 1);

  it('merges an open order into an open or closed master: events for both', () => {
    const x = c('2025-09-24T09:30', A.operator);
    const m = master();
    const r = cmd.merge(dup(), m, x, { note: '同一工地' });
    assert.ok(r.ok);
    assert.deepEqual(r.dup, [{ data: { type: 'merged', masterId: 1 }, note: '同一工地' }]);
    assert.deepEqual(r.master, [{ data: { type: 'duplicate_linked', duplicateId: 2 }, note: '同一工地' }]);
    const d = accept(dup(), { ok: true, events: r.dup }, x).order;
    assert.equal(d.state, 'merged');
    assert.equal(d.masterId, 1);
    assert.deepEqual(d.closedAt, at('2025-09-24T09:30'));
    assert.deepEqual(accept(m, { ok: true, events: r.master }, x).order.duplicateIds, [2]);

    const closedMaster = orderOf([ACCEPTED, ['2025-09-24T09:13', A.operator, { type: 'answered', answer: '已答复', knowledgeArticleId: null }]], 1);
    assert.ok(cmd.merge(dup(), closedMaster, x, { note: null }).ok);
  });

  const rejections: Array<[string, () => Order, () => Order, (typeof A)[keyof typeof A], string]> = [
    ['an order into itself', dup, dup, A.operator, 'same_order'],
    ['into a master that was itself merged', dup, () => orderOf([ACCEPTED, ['2025-09-24T09:20', A.operator, { type: 'merged', masterId: 7 }]], 1), A.operator, 'master_not_open'],
    ['into a withdrawn master', dup, () => orderOf([ACCEPTED, ['2025-09-24T09:20', A.resident, { type: 'withdrawn' }]], 1), A.dispatcher, 'master_not_open'],
    ['an order already replied', () => orderOf([
      ACCEPTED,
      ['2025-09-24T09:20', A.dispatcher, { type: 'dispatched', leadUnitId: LEAD, assistUnitIds: [], second: false, phoneNotice: null, ...cmd.deadlinesFor(COMPLAINT_LIMITS, at('2025-09-24T09:20'), CAL) }],
      ['2025-09-24T10:00', A.lead, { type: 'signed_for', unitId: LEAD }],
      ['2025-09-25T10:00', A.lead, { type: 'replied', unitId: LEAD, result: '已处理', attachmentIds: [], handlerName: null }],
    ], 2), master, A.operator, 'invalid_state'],
    ['by a unit handler', dup, master, A.lead, 'forbidden'],
  ];
  for (const [what, o, m, actor, code] of rejections) {
    it(`refuses to merge ${what} (${code})`, () => {
      const r = cmd.merge(o(), m(), c('2025-09-24T09:30', actor), { note: null });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.rejection.code, code);
    });
  }
});

describe('emergency orders (双重交办)', () => {
  const notice: PhoneNotice = { calledAt: at('2025-09-30T20:03'), person: '城管局值班员', phone: '0532-87861234', note: '已电话通知' };

  it('dispatch requires a phone notice, and the limits run in clock hours through the holiday', () => {
    const o = newOrder({ requestType: 'help', emergency: true, title: '井盖缺失，行人有跌落危险' });
    const x = c('2025-09-30T20:00', A.dispatcher);
    assert.equal(refused(cmd.dispatch(o, x, dispatchInput({ limits: EMERGENCY_LIMITS }))).code, 'phone_notice_required');

    const r = accept(o, cmd.dispatch(o, x, dispatchInput({ limits: EMERGENCY_LIMITS, phoneNotice: notice })), x);
    const d = r.events.at(-1)!.data;
    assert.ok(d.type === 'dispatched');
    assert.deepEqual(d.phoneNotice, notice);
    // 1 hour to sign for, 24 clock hours to handle, National Day or not.
    assert.equal(d.signForDue, iso('2025-09-30T21:00'));
    assert.equal(d.handleDue, iso('2025-10-01T20:00'));
    assert.deepEqual(r.order.handleDue, at('2025-10-01T20:00'));
  });

  it('a non-emergency order needs no phone notice', () => {
    const o = newOrder();
    assert.ok(cmd.dispatch(o, c('2025-09-30T20:00', A.dispatcher), dispatchInput()).ok);
  });
});

describe('recomputeDeadlines', () => {
  /** Dispatched Wed 24 Sep 09:20 (due end of Sun 28 Sep), extended by 3 working days (end of Thu 9 Oct). */
  function extendedOrder(): Order {
    let o = handlingOrder();
    o = step(o, '2025-09-26T16:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 3, reason: '需协调' })).order;
    o = step(o, '2025-09-26T17:00', A.dispatcher, (o, x) => cmd.decideExtension(o, x, { approve: true, note: null })).order;
    assert.deepEqual(o.handleDue, at('2025-10-10T00:00'));
    return o;
  }

  it('returns null when nothing moves', () => {
    assert.equal(cmd.recomputeDeadlines(handlingOrder(), COMPLAINT_LIMITS, CAL), null);
    assert.equal(cmd.recomputeDeadlines(extendedOrder(), COMPLAINT_LIMITS, CAL), null);
    // A new calendar version with the same days, or a new rule version with the same limits: nothing moves.
    assert.equal(cmd.recomputeDeadlines(extendedOrder(), { ...COMPLAINT_LIMITS, calendarVersion: 2, ruleVersion: 2 }, makeCalendar(shipped, 2)), null);
  });

  it('returns null for orders no unit is working on', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-26T10:00', A.lead, (o, x) => cmd.reply(o, x, { result: '已处理', attachmentIds: [], handlerName: null })).order;
    const longer: AppliedLimits = { ...COMPLAINT_LIMITS, handle: { value: 10, unit: 'workdays' } };
    assert.equal(cmd.recomputeDeadlines(o, longer, CAL), null);
    assert.equal(cmd.recomputeDeadlines(newOrder(), longer, CAL), null);
  });

  it('keeps the approved extension days when the calendar changes', () => {
    const o = extendedOrder();
    // Suppose Thu 9 Oct were declared a day off as well (calendar version 2).
    const cal2 = makeCalendar([...shipped, { date: '2025-10-09', isOffDay: true, name: '假设的补充假日' }], 2);
    const limits2 = { ...COMPLAINT_LIMITS, calendarVersion: 2 };
    const e = cmd.recomputeDeadlines(o, limits2, cal2);
    assert.ok(e);
    // Base: Thu 25, Fri 26, Sun 28 Sep (unchanged); + 3 extended days: Mon 29, Tue 30 Sep, Fri 10 Oct.
    assert.deepEqual(e.data, { type: 'deadlines_recomputed', signForDue: iso('2025-09-26T00:00'), handleDue: iso('2025-10-11T00:00'), limits: limits2 });
    const n = applyOne(o, e, '2025-09-30T08:00');
    assert.deepEqual(n.handleDue, at('2025-10-11T00:00'));
    assert.equal(n.extendedDays, 3);
    assert.equal(n.extensionCount, 1);
    assert.deepEqual(n.limits, limits2);
    assert.equal(n.escalation, 'none');
    // And recomputing again on the same calendar moves nothing.
    assert.equal(cmd.recomputeDeadlines(n, limits2, cal2), null);
  });

  it('keeps the extension days when the rule changes', () => {
    const o = extendedOrder();
    const five: AppliedLimits = { ...COMPLAINT_LIMITS, ruleVersion: 2, handle: { value: 5, unit: 'workdays' } };
    const e = cmd.recomputeDeadlines(o, five, CAL);
    assert.ok(e);
    // Base 5 days: 25, 26, 28, 29, 30 Sep; + 3: 9, 10, 11 Oct → end of Sat 11 Oct.
    assert.ok(e.data.type === 'deadlines_recomputed');
    assert.equal(e.data.handleDue, iso('2025-10-12T00:00'));
  });

  it('keeps a sent-down unit\'s own sign-for deadline', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-26T14:00', A.lead, (o, x) => cmd.sendDown(o, x, { toUnitId: COMMUNITY, toUnitIsBelow: true, note: null })).order;
    // Sent down Fri 26 Sep 14:00: the community signs for by the end of Sun 28 Sep.
    assert.deepEqual(o.signForDue, at('2025-09-29T00:00'));
    const five: AppliedLimits = { ...COMPLAINT_LIMITS, ruleVersion: 2, handle: { value: 5, unit: 'workdays' } };
    const e = cmd.recomputeDeadlines(o, five, CAL);
    assert.ok(e && e.data.type === 'deadlines_recomputed');
    assert.equal(e.data.signForDue, iso('2025-09-29T00:00'));
    assert.equal(e.data.handleDue, iso('2025-10-01T00:00'));
  });
});

function applyOne(o: Order, e: NewEvent, now: string): Order {
  return accept(o, { ok: true, events: [e] }, c(now, A.system)).order;
}

describe('loose ends of listing, evaluation and pending extensions', () => {
  it('a withdrawn or merged order is no longer listed', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-24T11:00', A.supervisor, (o, x) => cmd.list(o, x, { note: '挂牌' })).order;
    assert.equal(o.listed, true);
    const w = step(o, '2025-09-24T12:00', A.operator, (o, x) => cmd.withdraw(o, x, { reason: '市民撤回' })).order;
    assert.equal(w.listed, false);
  });

  it('a reopened order can be evaluated again once it closes', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-24T11:00', A.lead, (o, x) => cmd.reply(o, x, { result: '已处理', attachmentIds: [], handlerName: null })).order;
    o = step(o, '2025-09-24T12:00', A.callbackAgent, (o, x) => cmd.callback(o, x, { reached: true, satisfaction: 'satisfied', solved: true, note: null })).order;
    o = step(o, '2025-09-24T12:05', A.callbackAgent, (o, x) => cmd.close(o, x, { note: null })).order;
    o = step(o, '2025-09-24T13:00', A.supervisor, (o, x) => cmd.evaluate(o, x, { score: 90, note: null })).order;
    assert.equal(cmd.authorize('evaluate', o, A.supervisor)?.code, 'invalid_state');
    o = step(o, '2025-09-25T09:00', A.callbackAgent, (o, x) => cmd.reopen(o, x, { reason: '市民反映未解决' })).order;
    assert.equal(o.evaluation, null);
  });

  it('the centre can decide an extension after the unit sent the order down', () => {
    let o = handlingOrder();
    o = step(o, '2025-09-24T11:00', A.lead, (o, x) => cmd.requestExtension(o, x, { days: 2, reason: '需协调' })).order;
    o = step(o, '2025-09-24T11:30', A.lead, (o, x) => cmd.sendDown(o, x, { toUnitId: COMMUNITY, toUnitIsBelow: true, note: null })).order;
    assert.equal(o.state, 'dispatched');
    assert.equal(cmd.authorize('decideExtension', o, A.dispatcher), null);
  });
});
