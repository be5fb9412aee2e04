// The policy table, walked: every role (and the resident, the system, a linked platform) against
// every ability, and every role's scope and desk. The expected table below is written out by hand
// from docs/domain.md and the role descriptions, not derived from the code: an ability added to
// the policy without a line here fails the first test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../domain/types.ts';
import { ABILITIES, ABILITY_LIST, abilitiesOf, authorize, can, isScoped, type Ability, type Who } from './abilities.ts';
import { DESKS, deskOf, SCREEN_NEEDS } from './desks.ts';
import { orderReach, reachesCentre, scopeOf, sqlOrdersInScope, unitInScope, type Subject } from './scopes.ts';

const O = 'operator', D = 'dispatcher', U = 'unit_handler', C = 'callback_agent', S = 'supervisor', L = 'leader', A = 'admin';
const R = 'resident', SYS = 'system', LINK = 'link';
const STAFF: Who[] = [O, D, U, C, S, L, A];
const CENTRE: Who[] = [O, D, C, S, L, A];

/** Who holds each ability; `scoped`: it reaches only the subject's scope (a unit's subtree). */
const EXPECTED: Record<Ability, { who: Who[]; scoped?: true }> = {
  // the closed loop's steps
  'order.answer': { who: [O, D, A] },
  'order.register': { who: [O, D, A] },
  'order.dispatch': { who: [D, A] },
  'order.reassign': { who: [D, A] },
  'order.signFor': { who: [U] },
  'order.sendDown': { who: [U] },
  'order.return': { who: [U] },
  'order.requestExtension': { who: [U] },
  'order.decideExtension': { who: [D, A] },
  'order.assistNote': { who: [U] },
  'order.reply': { who: [U] },
  'order.callback': { who: [C, A] },
  'order.reopen': { who: [C, D, S, A] },
  'order.close': { who: [C, D, A] },
  'order.evaluate': { who: [S, L, D, A] },
  'order.merge': { who: [O, D, A] },
  'order.supervise': { who: [S, A] },
  'order.list': { who: [S, A] },
  'order.unlist': { who: [S, A] },
  'order.withdraw': { who: [R, O, A] },
  'order.rate': { who: [R] },
  'order.requestReopen': { who: [R] },
  // orders beyond the steps
  'order.accept': { who: [O, D, A, R, SYS, LINK] },
  'order.read': { who: [...STAFF, R, SYS, LINK], scoped: true },
  'order.callerDetails': { who: CENTRE },
  'order.dispatchPreview': { who: [D, A, O, S] },
  'order.export': { who: STAFF, scoped: true },
  'order.handOverToPolice': { who: [O, D, A] },
  'order.returnUpstream': { who: [D, A] },
  'order.import': { who: [A, SYS] },
  'order.escalate': { who: [SYS] },
  'order.recomputeDeadlines': { who: [SYS] },
  'order.noteLink': { who: [SYS] },
  'order.applyLinkMessage': { who: [LINK] },
  // attachments
  'attachment.upload': { who: [...STAFF, R] },
  'attachment.read': { who: STAFF, scoped: true },
  // measures, assessment, reports, warnings, the dashboard
  'measures.read': { who: STAFF, scoped: true },
  'measures.verify': { who: [A] },
  'assessment.rules.read': { who: STAFF },
  'assessment.rules.write': { who: [A] },
  'assessment.ranking.read': { who: STAFF },
  'assessment.unit.read': { who: STAFF, scoped: true },
  'reports.read': { who: CENTRE },
  'reports.generate': { who: [L, S, A] },
  'warnings.read': { who: CENTRE },
  'warnings.acknowledge': { who: [L, S, A] },
  'dashboard.read': { who: CENTRE },
  // smart intake
  'intake.suggest': { who: [O, D, A, S] },
  'intake.search': { who: STAFF },
  'intake.search.replies': { who: CENTRE },
  'intake.hotIssues': { who: [L, S, D, A] },
  'intake.replyCheck': { who: STAFF, scoped: true },
  'intake.segment': { who: STAFF },
  'intake.model.read': { who: [A, L, D, S] },
  'intake.model.train': { who: [A] },
  // configuration
  'config.read': { who: STAFF },
  'config.write': { who: [A] },
  'users.manage': { who: [A] },
  'interop.manage': { who: [A] },
};

const SUBJECTS: Subject[] = [
  ...ROLES.map((role) => ({ role, unitId: role === U ? 40 : 1, unitPath: role === U ? '/1/40/' : '/1/' })),
  { role: R, unitId: null, orderId: 7 },
  { role: SYS, unitId: null },
  { role: LINK, unitId: 90 },
];

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('the policy table', () => {
  it('has a rule for every ability, and this test a line for every rule', () => {
    assert.deepEqual(sorted(ABILITY_LIST), sorted(Object.keys(EXPECTED)), 'an ability without a line in EXPECTED (or the other way round)');
  });

  for (const s of SUBJECTS) {
    it(`${s.role}: holds exactly the abilities of its line, and is told why not in both languages`, () => {
      for (const a of ABILITY_LIST) {
        const expected = EXPECTED[a].who.includes(s.role);
        assert.equal(can(s, a), expected, `${s.role} × ${a}`);
        if (!expected) {
          const r = authorize(s, a)!;
          assert.equal(r.code, 'forbidden');
          assert.ok(r.zh && r.en, `${a}: a refusal in Chinese and English`);
        }
      }
      assert.deepEqual(sorted(abilitiesOf(s)), sorted(ABILITY_LIST.filter((a) => EXPECTED[a].who.includes(s.role))));
    });
  }

  it('marks the abilities that reach only the subject\'s scope', () => {
    for (const a of ABILITY_LIST) assert.equal(isScoped(a), !!EXPECTED[a].scoped, a);
  });

  it('every ability\'s rule names at least one holder, and only known ones', () => {
    const known = new Set<string>([...ROLES, R, SYS, LINK]);
    for (const a of ABILITY_LIST) {
      assert.ok(ABILITIES[a].who.length > 0, a);
      for (const w of ABILITIES[a].who) assert.ok(known.has(w), `${a}: ${w}`);
    }
  });
});

describe('scopes', () => {
  const unit = (path: string) => ({ path });

  it('centre staff reach the whole centre; a unit handler its own unit and the units below', () => {
    for (const s of SUBJECTS.filter((x) => STAFF.includes(x.role))) {
      const scope = scopeOf(s);
      assert.equal(scope.kind, s.role === U ? 'subtree' : 'centre', s.role);
      assert.equal(reachesCentre(s), s.role !== U);
      assert.equal(unitInScope(scope, unit('/1/40/41/')), true, `${s.role}: a unit below`);
      assert.equal(unitInScope(scope, unit('/1/40/')), true, `${s.role}: its own unit`);
      assert.equal(unitInScope(scope, unit('/1/50/')), s.role !== U, `${s.role}: a sibling unit`);
      assert.equal(unitInScope(scope, unit('/1/')), s.role !== U, `${s.role}: the centre above`);
      assert.equal(unitInScope(scope, undefined), s.role !== U, `${s.role}: no unit at all`);
    }
  });

  it('a unit path is matched as a prefix of whole segments: /1/4/ does not reach /1/40/', () => {
    const s = scopeOf({ role: U, unitId: 4, unitPath: '/1/4/' });
    assert.equal(unitInScope(s, unit('/1/40/')), false);
    assert.equal(unitInScope(s, unit('/1/4/40/')), true);
  });

  it('the same scope in SQL: centre staff any order; a unit the orders ever sent to its subtree', () => {
    assert.equal(sqlOrdersInScope(scopeOf({ role: S, unitId: 1, unitPath: '/1/' })).compile().text, 'true');
    const q = sqlOrdersInScope(scopeOf({ role: U, unitId: 40, unitPath: '/1/40/' })).compile();
    assert.match(q.text, /order_units/);
    assert.deepEqual(q.values, ['/1/40/'], 'the unit path is bound, never spliced');
  });

  it('which orders each kind of subject reaches', () => {
    assert.deepEqual(orderReach({ role: R, unitId: null, orderId: 7 }), { kind: 'one', orderId: 7 });
    assert.deepEqual(orderReach({ role: R, unitId: null }), { kind: 'one', orderId: null });
    assert.deepEqual(orderReach({ role: SYS, unitId: null }), { kind: 'all' });
    assert.deepEqual(orderReach({ role: LINK, unitId: 90 }), { kind: 'all' });
    assert.equal(orderReach({ role: U, unitId: 40, unitPath: '/1/40/' }).kind, 'scope');
  });
});

describe('desks', () => {
  it('each role\'s menu, in its order (the first is where it lands)', () => {
    const menu = (role: (typeof ROLES)[number]) => deskOf({ role, unitId: 1, unitPath: '/1/' });
    assert.deepEqual(menu('operator'), ['intake', 'orders', 'knowledge']);
    assert.deepEqual(menu('dispatcher'), ['dispatch', 'orders', 'knowledge']);
    assert.deepEqual(menu('unit_handler'), ['inbox', 'orders']);
    assert.deepEqual(menu('callback_agent'), ['callback', 'orders']);
    assert.deepEqual(menu('supervisor'), ['supervise', 'orders', 'overview', 'dashboard', 'reports']);
    assert.deepEqual(menu('leader'), ['overview', 'dashboard', 'reports', 'supervise', 'orders']);
    assert.deepEqual(menu('admin'), ['units', 'users', 'categories', 'territories', 'limits', 'routing', 'calendar', 'knowledge', 'settings', 'overview', 'dashboard', 'reports', 'dispatch', 'orders']);
  });

  it('a desk holds only screens whose API the role may call', () => {
    for (const role of ROLES) {
      for (const screen of DESKS[role]) assert.ok(can({ role, unitId: 1, unitPath: '/1/' }, SCREEN_NEEDS[screen]), `${role}: ${screen} needs ${SCREEN_NEEDS[screen]}`);
    }
  });

  it('residents, the system and linked platforms have no desk', () => {
    for (const role of [R, SYS, LINK] as const) assert.deepEqual(deskOf({ role, unitId: null }), []);
  });
});
