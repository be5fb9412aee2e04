// Who may take which step of the closed loop, in which state: every actor × every fixture order
// (all nine states, plus the variants the `when` conditions and the holder rule care about) ×
// every action. The expected matrix below is written out by hand from docs/domain.md and the
// role descriptions; it is deliberately NOT derived from STEPS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar } from '../../src/domain/calendar.ts';
import { ACTIONS, deadlinesFor, type Action } from '../../src/domain/commands.ts';
import { orderActions } from '../../src/policy/abilities.ts';
import { authorize } from './guarded.ts';
import { ORDER_STATES, type Actor, type EventData, type Order, type OrderState } from '../../src/domain/order.ts';
import { ROLES } from '../../src/domain/types.ts';
import { A, accepted, ASSIST, at, COMMUNITY, COMPLAINT_LIMITS, iso, LEAD, orderOf, type Entry } from './support.ts';

// A fixed calendar: National Day 2025 and its make-up working days, nothing else.
const CAL = makeCalendar([
  { date: '2025-09-28', isOffDay: false, name: '国庆节、中秋节' },
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, isOffDay: true, name: '国庆节、中秋节' })),
  { date: '2025-10-11', isOffDay: false, name: '国庆节、中秋节' },
], 1);

// ---- the steps of realistic histories ------------------------------------------------------

const dispatched = (when: string, leadUnitId = LEAD): EventData => ({
  type: 'dispatched', leadUnitId, assistUnitIds: [ASSIST], second: false, phoneNotice: null,
  ...deadlinesFor(COMPLAINT_LIMITS, at(when), CAL),
});

const E = {
  accepted: ['2025-09-24T09:12', A.operator, accepted()] as Entry,
  registered: ['2025-09-24T09:15', A.operator, { type: 'registered' }, '需转办'] as Entry,
  dispatched: ['2025-09-24T09:20', A.dispatcher, dispatched('2025-09-24T09:20')] as Entry,
  signed: ['2025-09-24T10:05', A.lead, { type: 'signed_for', unitId: LEAD }] as Entry,
  sentDown: ['2025-09-24T14:00', A.lead, { type: 'sent_down', fromUnitId: LEAD, toUnitId: COMMUNITY, signForDue: iso('2025-09-26T00:00') }, '请正阳社区现场处置'] as Entry,
  communitySigned: ['2025-09-24T15:00', A.community, { type: 'signed_for', unitId: COMMUNITY }] as Entry,
  communityReturned: ['2025-09-24T15:30', A.community, { type: 'returned', unitId: COMMUNITY, toUnitId: LEAD }, '工地不在本社区辖区'] as Entry,
  leadReturned: ['2025-09-24T10:00', A.lead, { type: 'returned', unitId: LEAD, toUnitId: null }, '该工地由住建局监管，非本单位职责'] as Entry,
  extensionRequested: ['2025-09-25T16:00', A.lead, { type: 'extension_requested', unitId: LEAD, days: 3, requestedDue: iso('2025-10-10T00:00') }, '需协调施工单位调整作业时间'] as Entry,
  listed: ['2025-09-25T11:00', A.supervisor, { type: 'listed' }, '群众反映强烈，挂牌督办'] as Entry,
  replied: ['2025-09-26T10:00', A.lead, { type: 'replied', unitId: LEAD, result: '已责令施工单位夜间停工', attachmentIds: [], handlerName: '王涛' }] as Entry,
  communityReplied: ['2025-09-26T10:00', A.community, { type: 'replied', unitId: COMMUNITY, result: '已协调工地夜间停工', attachmentIds: [], handlerName: '刘芳' }] as Entry,
  satisfied: ['2025-09-26T15:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: 'satisfied', solved: true }] as Entry,
  unsatisfied: ['2025-09-26T15:00', A.callbackAgent, { type: 'called_back', reached: true, satisfaction: 'unsatisfied', solved: false }, '夜间仍有施工'] as Entry,
  closed: ['2025-09-26T15:10', A.callbackAgent, { type: 'closed' }] as Entry,
  evaluated: ['2025-09-29T09:00', A.supervisor, { type: 'evaluated', score: 92 }] as Entry,
  reopenRequested: ['2025-09-29T08:00', A.resident, { type: 'reopen_requested' }, '夜间施工又开始了'] as Entry,
  reopened: ['2025-09-29T10:00', A.callbackAgent, { type: 'reopened', ...deadlinesFor(COMPLAINT_LIMITS, at('2025-09-29T10:00'), CAL) }, '市民不满意，重办'] as Entry,
  answered: ['2025-09-24T09:14', A.operator, { type: 'answered', answer: '施工许可时间为6时至22时，夜间施工可向城管局举报', knowledgeArticleId: 7 }] as Entry,
  merged: ['2025-09-24T09:16', A.operator, { type: 'merged', masterId: 2 }, '与2号工单为同一工地'] as Entry,
  withdrawn: ['2025-09-24T11:00', A.resident, { type: 'withdrawn' }, '问题已自行解决'] as Entry,
};

const UPTO_HANDLING = [E.accepted, E.registered, E.dispatched, E.signed];
const UPTO_REPLIED = [...UPTO_HANDLING, E.replied];

interface Fixture {
  state: OrderState;
  holderChain: number[];
  entries: Entry[];
}

const FIXTURES = {
  accepted: { state: 'accepted', holderChain: [], entries: [E.accepted] },
  pending_dispatch: { state: 'pending_dispatch', holderChain: [], entries: [E.accepted, E.registered] },
  'returned to the centre': { state: 'pending_dispatch', holderChain: [], entries: [E.accepted, E.registered, E.dispatched, E.leadReturned] },
  dispatched: { state: 'dispatched', holderChain: [LEAD], entries: [E.accepted, E.registered, E.dispatched] },
  handling: { state: 'handling', holderChain: [LEAD], entries: UPTO_HANDLING },
  'handling, extension pending': { state: 'handling', holderChain: [LEAD], entries: [...UPTO_HANDLING, E.extensionRequested] },
  'handling, listed': { state: 'handling', holderChain: [LEAD], entries: [...UPTO_HANDLING, E.listed] },
  'sent down, not signed': { state: 'dispatched', holderChain: [LEAD, COMMUNITY], entries: [...UPTO_HANDLING, E.sentDown] },
  'sent down, community handling': { state: 'handling', holderChain: [LEAD, COMMUNITY], entries: [...UPTO_HANDLING, E.sentDown, E.communitySigned] },
  'returned by the community': { state: 'handling', holderChain: [LEAD], entries: [...UPTO_HANDLING, E.sentDown, E.communitySigned, E.communityReturned] },
  replied: { state: 'replied', holderChain: [LEAD], entries: UPTO_REPLIED },
  called_back: { state: 'called_back', holderChain: [LEAD], entries: [...UPTO_REPLIED, E.satisfied] },
  'called_back, listed, unsatisfied': { state: 'called_back', holderChain: [LEAD], entries: [...UPTO_HANDLING, E.listed, E.replied, E.unsatisfied] },
  closed: { state: 'closed', holderChain: [LEAD], entries: [...UPTO_REPLIED, E.satisfied, E.closed] },
  'closed, evaluated': { state: 'closed', holderChain: [LEAD], entries: [...UPTO_REPLIED, E.satisfied, E.closed, E.evaluated] },
  'closed, reopen requested': { state: 'closed', holderChain: [LEAD], entries: [...UPTO_REPLIED, E.satisfied, E.closed, E.reopenRequested] },
  'closed at once (answered)': { state: 'closed', holderChain: [], entries: [E.accepted, E.answered] },
  'reopened after a community reply': {
    state: 'dispatched', holderChain: [LEAD],
    entries: [...UPTO_HANDLING, E.sentDown, E.communitySigned, E.communityReplied, E.unsatisfied, E.reopened],
  },
  merged: { state: 'merged', holderChain: [], entries: [E.accepted, E.merged] },
  withdrawn: { state: 'withdrawn', holderChain: [], entries: [E.accepted, E.registered, E.dispatched, E.withdrawn] },
} satisfies Record<string, Fixture>;
type FixtureName = keyof typeof FIXTURES;

const ACTORS = {
  operator: A.operator,
  dispatcher: A.dispatcher,
  callback_agent: A.callbackAgent,
  supervisor: A.supervisor,
  leader: A.leader,
  admin: A.admin,
  system: A.system,
  resident: A.resident,
  'unit_handler@lead': A.lead,
  'unit_handler@community': A.community,
  'unit_handler@assist': A.assist,
  'unit_handler@other': A.other,
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;

// ---- the expected matrix: what each actor may do on each fixture (anything not listed: nothing)

const EXPECTED: Record<FixtureName, Partial<Record<ActorName, Action[]>>> = {
  accepted: {
    operator: ['answer', 'register', 'merge', 'withdraw'],
    dispatcher: ['answer', 'register', 'dispatch', 'merge'],
    admin: ['answer', 'register', 'dispatch', 'merge', 'withdraw'],
    resident: ['withdraw'],
  },
  pending_dispatch: {
    operator: ['merge', 'withdraw'],
    dispatcher: ['dispatch', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['dispatch', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
  },
  'returned to the centre': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['dispatch', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['dispatch', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
  },
  dispatched: {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@lead': ['signFor', 'return'],
    'unit_handler@assist': ['assistNote'],
  },
  handling: {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@lead': ['sendDown', 'return', 'requestExtension', 'reply'],
    'unit_handler@assist': ['assistNote'],
  },
  'handling, extension pending': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'decideExtension', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'decideExtension', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@lead': ['sendDown', 'return', 'reply'],
    'unit_handler@assist': ['assistNote'],
  },
  'handling, listed': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'unlist'],
    admin: ['reassign', 'merge', 'supervise', 'unlist', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@lead': ['sendDown', 'return', 'requestExtension', 'reply'],
    'unit_handler@assist': ['assistNote'],
  },
  'sent down, not signed': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@community': ['signFor', 'return'],
    'unit_handler@assist': ['assistNote'],
  },
  'sent down, community handling': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@community': ['sendDown', 'return', 'requestExtension', 'reply'],
    'unit_handler@assist': ['assistNote'],
  },
  'returned by the community': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@lead': ['sendDown', 'return', 'requestExtension', 'reply'],
    'unit_handler@assist': ['assistNote'],
  },
  replied: {
    dispatcher: ['reopen'],
    callback_agent: ['callback', 'reopen'],
    supervisor: ['reopen', 'supervise', 'list'],
    admin: ['callback', 'reopen', 'supervise', 'list'],
    resident: ['rate', 'requestReopen'],
  },
  called_back: {
    dispatcher: ['reopen', 'close'],
    callback_agent: ['callback', 'reopen', 'close'],
    supervisor: ['reopen', 'supervise', 'list'],
    admin: ['callback', 'reopen', 'close', 'supervise', 'list'],
    resident: ['rate', 'requestReopen'],
  },
  'called_back, listed, unsatisfied': {
    // `close` is authorised here; the close command itself refuses while the resident is unsatisfied.
    dispatcher: ['reopen', 'close'],
    callback_agent: ['callback', 'reopen', 'close'],
    supervisor: ['reopen', 'supervise', 'unlist'],
    admin: ['callback', 'reopen', 'close', 'supervise', 'unlist'],
    resident: ['rate', 'requestReopen'],
  },
  closed: {
    dispatcher: ['reopen', 'evaluate'],
    callback_agent: ['reopen'],
    supervisor: ['reopen', 'evaluate'],
    leader: ['evaluate'],
    admin: ['reopen', 'evaluate'],
    resident: ['rate', 'requestReopen'],
  },
  'closed, evaluated': {
    dispatcher: ['reopen'],
    callback_agent: ['reopen'],
    supervisor: ['reopen'],
    admin: ['reopen'],
    resident: ['rate', 'requestReopen'],
  },
  'closed, reopen requested': {
    dispatcher: ['reopen', 'evaluate'],
    callback_agent: ['reopen'],
    supervisor: ['reopen', 'evaluate'],
    leader: ['evaluate'],
    admin: ['reopen', 'evaluate'],
    resident: ['rate'],
  },
  'closed at once (answered)': {
    dispatcher: ['evaluate'],
    supervisor: ['evaluate'],
    leader: ['evaluate'],
    admin: ['evaluate'],
    resident: ['rate'],
  },
  'reopened after a community reply': {
    operator: ['merge', 'withdraw'],
    dispatcher: ['reassign', 'merge'],
    supervisor: ['supervise', 'list'],
    admin: ['reassign', 'merge', 'supervise', 'list', 'withdraw'],
    resident: ['withdraw'],
    'unit_handler@lead': ['signFor', 'return'],
    'unit_handler@assist': ['assistNote'],
  },
  merged: {},
  withdrawn: {},
};

// Which roles the doc gives each step to (for the rejection code), and which steps only the
// holder of the order, or only an assisting unit, may take.
const WHO: Record<Action, readonly Actor['role'][]> = {
  answer: ['operator', 'dispatcher', 'admin'],
  register: ['operator', 'dispatcher', 'admin'],
  dispatch: ['dispatcher', 'admin'],
  reassign: ['dispatcher', 'admin'],
  signFor: ['unit_handler'],
  sendDown: ['unit_handler'],
  return: ['unit_handler'],
  requestExtension: ['unit_handler'],
  decideExtension: ['dispatcher', 'admin'],
  assistNote: ['unit_handler'],
  reply: ['unit_handler'],
  callback: ['callback_agent', 'admin'],
  reopen: ['callback_agent', 'dispatcher', 'supervisor', 'admin'],
  close: ['callback_agent', 'dispatcher', 'admin'],
  evaluate: ['supervisor', 'leader', 'dispatcher', 'admin'],
  merge: ['operator', 'dispatcher', 'admin'],
  supervise: ['supervisor', 'admin'],
  list: ['supervisor', 'admin'],
  unlist: ['supervisor', 'admin'],
  withdraw: ['resident', 'operator', 'admin'],
  rate: ['resident'],
  requestReopen: ['resident'],
};
const HOLDER_ONLY: readonly Action[] = ['signFor', 'sendDown', 'return', 'requestExtension', 'reply'];
const ASSIST_ONLY: readonly Action[] = ['assistNote'];

const ALL_ACTIONS: readonly Action[] = [
  'answer', 'register', 'dispatch', 'reassign', 'signFor', 'sendDown', 'return', 'requestExtension', 'decideExtension',
  'assistNote', 'reply', 'callback', 'reopen', 'close', 'evaluate', 'merge', 'supervise', 'list', 'unlist', 'withdraw',
  'rate', 'requestReopen',
];

const sorted = (xs: readonly string[]) => [...xs].sort();

function expectedCode(action: Action, o: Order, actor: Actor, allowed: boolean): string | null {
  if (allowed) return null;
  if (!WHO[action].includes(actor.role)) return 'forbidden';
  const holder = o.holderChain.at(-1) ?? null;
  if (HOLDER_ONLY.includes(action) && (actor.unitId === null || actor.unitId !== holder)) return 'not_holder';
  if (ASSIST_ONLY.includes(action) && (actor.unitId === null || !o.assistUnitIds.includes(actor.unitId))) return 'not_assisting';
  return 'invalid_state';
}

describe('the test matrix itself', () => {
  it('covers every action, every role (plus system and resident) and every order state', () => {
    assert.deepEqual(sorted(ALL_ACTIONS), sorted(ACTIONS));
    const roles = new Set(Object.values(ACTORS).map((a) => a.role));
    for (const r of [...ROLES, 'system', 'resident'] as const) assert.ok(roles.has(r), `actor for ${r}`);
    const states = new Set(Object.values(FIXTURES).map((f) => f.state));
    for (const s of ORDER_STATES) assert.ok(states.has(s), `fixture in state ${s}`);
  });

  it('the fixed calendar gives the dispatch deadlines expected', () => {
    const o = orderOf(FIXTURES.dispatched.entries);
    // Dispatched Wed 24 Sep 09:20: sign for by the end of Thu 25 Sep; handle in 3 working days:
    // Thu 25, Fri 26, Sun 28 (make-up working day) → end of Sun 28 Sep.
    assert.equal(o.signForDue?.toISOString(), iso('2025-09-26T00:00'));
    assert.equal(o.handleDue?.toISOString(), iso('2025-09-29T00:00'));
  });
});

describe('authorize: every actor × every fixture order × every action', () => {
  for (const [fixtureName, fx] of Object.entries(FIXTURES) as [FixtureName, Fixture][]) {
    describe(fixtureName, () => {
      const o = orderOf(fx.entries);

      it(`is in state ${fx.state}, held by [${fx.holderChain.join(', ')}]`, () => {
        assert.equal(o.state, fx.state);
        assert.deepEqual(o.holderChain, fx.holderChain);
      });

      for (const [actorName, actor] of Object.entries(ACTORS) as [ActorName, Actor][]) {
        const allowed = EXPECTED[fixtureName][actorName] ?? [];
        it(`${actorName} may ${allowed.length ? allowed.join(', ') : 'do nothing'}`, () => {
          assert.deepEqual(sorted(orderActions(o, actor)), sorted(allowed));
          for (const action of ALL_ACTIONS) {
            const r = authorize(action, o, actor);
            const want = expectedCode(action, o, actor, allowed.includes(action));
            assert.equal(r?.code ?? null, want, `${actorName} ${action} on ${fixtureName}`);
            if (r) {
              assert.ok(r.zh.length > 0 && r.en.length > 0, 'a rejection explains itself in both languages');
            }
          }
        });
      }
    });
  }
});

describe('authorize: the holder rule', () => {
  const holderSteps: Array<[FixtureName, Actor, Action, string | null]> = [
    // Before a send-down the lead unit holds the order.
    ['dispatched', A.lead, 'signFor', null],
    ['dispatched', A.community, 'signFor', 'not_holder'],
    ['dispatched', A.assist, 'signFor', 'not_holder'],
    ['dispatched', A.other, 'return', 'not_holder'],
    ['handling', A.lead, 'reply', null],
    ['handling', A.assist, 'reply', 'not_holder'],
    // After a send-down only the community (end of the chain) may act; the lead unit waits.
    ['sent down, not signed', A.community, 'signFor', null],
    ['sent down, not signed', A.lead, 'signFor', 'not_holder'],
    ['sent down, not signed', A.lead, 'return', 'not_holder'],
    ['sent down, community handling', A.community, 'reply', null],
    ['sent down, community handling', A.community, 'sendDown', null],
    ['sent down, community handling', A.community, 'requestExtension', null],
    ['sent down, community handling', A.lead, 'reply', 'not_holder'],
    ['sent down, community handling', A.lead, 'sendDown', 'not_holder'],
    ['sent down, community handling', A.lead, 'requestExtension', 'not_holder'],
    // Returned by the community: the lead unit holds it again.
    ['returned by the community', A.lead, 'reply', null],
    ['returned by the community', A.community, 'reply', 'not_holder'],
    // Returned to the centre: no unit holds it.
    ['returned to the centre', A.lead, 'signFor', 'not_holder'],
    // Reopened: back to the lead unit even if the community replied last time.
    ['reopened after a community reply', A.lead, 'signFor', null],
    ['reopened after a community reply', A.community, 'signFor', 'not_holder'],
    // A user without a unit can never be the holder.
    ['handling', { ...A.lead, unitId: null }, 'reply', 'not_holder'],
  ];
  for (const [fixtureName, actor, action, code] of holderSteps) {
    it(`${fixtureName}: ${actor.name} ${action} → ${code ?? 'allowed'}`, () => {
      assert.equal(authorize(action, orderOf(FIXTURES[fixtureName].entries), actor)?.code ?? null, code);
    });
  }
});

describe('authorize: assisting units', () => {
  const cases: Array<[FixtureName, Actor, string | null]> = [
    ['dispatched', A.assist, null],
    ['handling', A.assist, null],
    ['sent down, community handling', A.assist, null],
    ['handling', A.lead, 'not_assisting'], // the lead unit replies, it does not assist
    ['handling', A.community, 'not_assisting'],
    ['handling', A.other, 'not_assisting'],
    ['handling', { ...A.assist, unitId: null }, 'not_assisting'],
    ['replied', A.assist, 'invalid_state'], // once the lead unit replied, assist notes are closed
    ['pending_dispatch', A.assist, 'not_assisting'], // not dispatched yet: nobody assists
    ['returned to the centre', A.assist, 'invalid_state'], // still listed as assisting, but nothing to note on
  ];
  for (const [fixtureName, actor, code] of cases) {
    it(`${fixtureName}: ${actor.name} assistNote → ${code ?? 'allowed'}`, () => {
      assert.equal(authorize('assistNote', orderOf(FIXTURES[fixtureName].entries), actor)?.code ?? null, code);
    });
  }
});

describe('authorize: conditions beyond the state', () => {
  const cases: Array<[string, FixtureName, Actor, Action, string | null]> = [
    ['a pending extension blocks a second request', 'handling, extension pending', A.lead, 'requestExtension', 'invalid_state'],
    ['a pending extension can be decided', 'handling, extension pending', A.dispatcher, 'decideExtension', null],
    ['no pending extension: nothing to decide', 'handling', A.dispatcher, 'decideExtension', 'invalid_state'],
    ['an extension is asked for only while handling (sign for first)', 'dispatched', A.lead, 'requestExtension', 'invalid_state'],
    ['a listed order cannot be listed again', 'handling, listed', A.supervisor, 'list', 'invalid_state'],
    ['a listed order can be unlisted', 'handling, listed', A.supervisor, 'unlist', null],
    ['an order that is not listed cannot be unlisted', 'handling', A.supervisor, 'unlist', 'invalid_state'],
    ['an order answered at once cannot be reopened', 'closed at once (answered)', A.dispatcher, 'reopen', 'invalid_state'],
    ['…not by the callback agent either', 'closed at once (answered)', A.callbackAgent, 'reopen', 'invalid_state'],
    ['…and the resident cannot ask to reopen it', 'closed at once (answered)', A.resident, 'requestReopen', 'invalid_state'],
    ['…but the resident can rate the answer', 'closed at once (answered)', A.resident, 'rate', null],
    ['a verified close can be reopened', 'closed', A.dispatcher, 'reopen', null],
    ['an order is evaluated once', 'closed, evaluated', A.supervisor, 'evaluate', 'invalid_state'],
    ['a closed order can be evaluated', 'closed', A.leader, 'evaluate', null],
    ['a resident asks to reopen once', 'closed, reopen requested', A.resident, 'requestReopen', 'invalid_state'],
    ['a merged order is frozen', 'merged', A.admin, 'withdraw', 'invalid_state'],
    ['a withdrawn order is frozen', 'withdrawn', A.admin, 'dispatch', 'invalid_state'],
    ['a role outside the step is forbidden whatever the state', 'withdrawn', A.leader, 'dispatch', 'forbidden'],
    ['the system takes no step by hand', 'handling', A.system, 'supervise', 'forbidden'],
  ];
  for (const [why, fixtureName, actor, action, code] of cases) {
    it(`${why}: ${action} → ${code ?? 'allowed'}`, () => {
      assert.equal(authorize(action, orderOf(FIXTURES[fixtureName].entries), actor)?.code ?? null, code);
    });
  }
});
