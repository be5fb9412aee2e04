// Picking the time-limit rule and the routing rule: the most specific applicable rule wins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pickRoutingRule, pickTimeLimitRule, type RoutingRule, type RuleSubject } from '../../src/domain/rules.ts';
import type { Limit, TimeLimitRule } from '../../src/domain/types.ts';

// Category tree: 1 城乡建设 > 2 噪声污染 > 3 建筑施工噪声; 4 市政设施 (unrelated); 5 供水 (utility).
const NOISE_PATH = [3, 2, 1]; // nearest first
const wd = (value: number): Limit => ({ value, unit: 'workdays' });
const hours = (value: number): Limit => ({ value, unit: 'hours' });

function rule(id: number, over: Partial<TimeLimitRule>, handle: Limit = wd(10)): TimeLimitRule {
  return { id, requestType: null, categoryId: null, grade: null, emergency: null, signFor: wd(1), handle, version: 1, ...over };
}

const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({ requestType: 'complaint', categoryPath: NOISE_PATH, grade: 1, emergency: false, ...over });

describe('pickTimeLimitRule', () => {
  const RULES: TimeLimitRule[] = [
    rule(1, {}, wd(10)), // default
    rule(2, { requestType: 'complaint' }, wd(10)),
    rule(3, { requestType: 'consult' }, wd(5)),
    rule(4, { categoryId: 1 }, wd(9)), // 城乡建设
    rule(5, { categoryId: 3 }, wd(7)), // 建筑施工噪声
    rule(6, { grade: 4 }, wd(15)), // difficult, multi-unit
    rule(7, { emergency: true }, hours(24)),
    rule(8, { categoryId: 5, requestType: 'consult' }, wd(1)), // utility consults: 1 working day
    rule(9, { categoryId: 2, grade: 3 }, wd(12)),
  ];

  // [what, subject, expected rule id]
  const cases: Array<[string, RuleSubject, number | null]> = [
    ['nothing specific: the default', subject({ requestType: 'suggestion', categoryPath: [] }), 1],
    ['request type beats the default', subject({ categoryPath: [] }), 2],
    ['a consult outside any category', subject({ requestType: 'consult', categoryPath: [4] }), 3],
    ['category beats request type', subject({ categoryPath: [1] }), 4],
    ['a deeper category beats a shallower one', subject(), 5],
    ['the subtree: a rule on 城乡建设 applies to 噪声污染 below it', subject({ requestType: 'praise', categoryPath: [2, 1] }), 4],
    ['grade beats category', subject({ grade: 4 }), 6],
    ['emergency beats grade', subject({ grade: 4, emergency: true }), 7],
    ['emergency beats everything else', subject({ requestType: 'consult', categoryPath: [5], emergency: true }), 7],
    ['category + type beats the type alone', subject({ requestType: 'consult', categoryPath: [5] }), 8],
    ['a category+grade rule beats grade alone when both match', subject({ grade: 3 }), 9],
    ['…but not when its grade does not match', subject({ grade: 2 }), 5],
  ];
  for (const [what, s, want] of cases) {
    it(`${what} → ${want}`, () => assert.equal(pickTimeLimitRule(RULES, s)?.id ?? null, want));
  }

  // A rule with any non-matching field never applies, however specific it is.
  const never: Array<[string, TimeLimitRule, RuleSubject]> = [
    ['request type', rule(20, { requestType: 'consult', grade: 1 }), subject()],
    ['category outside the path', rule(21, { categoryId: 4, emergency: null }), subject()],
    ['a child category when the order sits above it', rule(22, { categoryId: 3 }), subject({ categoryPath: [2, 1] })],
    ['a category rule for an uncategorised order', rule(23, { categoryId: 1 }), subject({ categoryPath: [] })],
    ['grade', rule(24, { grade: 4 }), subject({ grade: 3 })],
    ['emergency: true for an ordinary order', rule(25, { emergency: true }), subject()],
    ['emergency: false for an emergency', rule(26, { emergency: false }), subject({ emergency: true })],
  ];
  for (const [field, r, s] of never) {
    it(`a rule with a non-matching ${field} does not apply`, () => {
      assert.equal(pickTimeLimitRule([r], s), null);
      assert.equal(pickTimeLimitRule([r, rule(99, {})], s)?.id, 99);
    });
  }

  it('null when nothing applies, or there are no rules', () => {
    assert.equal(pickTimeLimitRule([], subject()), null);
    assert.equal(pickTimeLimitRule([rule(3, { requestType: 'consult' }), rule(7, { emergency: true })], subject()), null);
  });

  it('equally specific rules: the lower id wins, whatever the order of the list', () => {
    const a = rule(11, { requestType: 'complaint' }, wd(8));
    const b = rule(12, { requestType: 'complaint' }, wd(6));
    assert.equal(pickTimeLimitRule([a, b], subject())?.id, 11);
    assert.equal(pickTimeLimitRule([b, a], subject())?.id, 11);
  });

  it('returns the rule itself, limits included', () => {
    assert.deepEqual(pickTimeLimitRule(RULES, subject({ emergency: true })), rule(7, { emergency: true }, hours(24)));
  });

  it('a deeper category beats a shallower category with a request type', () => {
    // Documented order: emergency > grade > category (deeper beats shallower) > request type.
    const rules = [
      rule(1, { categoryId: 3 }, wd(7)), // 建筑施工噪声, any type
      rule(2, { categoryId: 2, requestType: 'complaint' }, wd(10)), // 噪声污染 complaints
    ];
    // Actual: rule 2 (score 10+2+5 = 17) beats rule 1 (10+3 = 13).
    assert.equal(pickTimeLimitRule(rules, subject())?.id, 1);
  });

  it('a rule restricted to non-emergency orders beats one that is not restricted', () => {
    const rules = [
      rule(1, {}, wd(10)), // the default every centre starts with
      rule(2, { emergency: false }, wd(8)), // added later: ordinary orders get 8 days
    ];
    assert.equal(pickTimeLimitRule(rules, subject())?.id, 2);
  });
});

describe('pickRoutingRule', () => {
  // Territory tree: 100 城阳区 > 110 城阳街道 > 111 正阳社区, 112 青年路社区; 120 流亭街道 > 121 双埠社区; 130 惜福镇街道.
  const T_ZHENGYANG = [111, 110, 100];
  const route = (id: number, categoryId: number, territoryId: number | null, leadUnitId: number, assistUnitIds: number[] = []): RoutingRule =>
    ({ id, categoryId, territoryId, leadUnitId, assistUnitIds });
  const RULES: RoutingRule[] = [
    route(1, 1, null, 501), // 城乡建设 → 住建局
    route(2, 2, null, 502, [503]), // 噪声污染 → 生态环境分局, 城管局 assists
    route(3, 2, 110, 504), // 噪声 in 城阳街道 → 城阳街道办
    route(4, 2, 111, 505), // 噪声 in 正阳社区 → 正阳社区
    route(5, 1, 111, 506), // 城乡建设 in 正阳社区 → 正阳社区 (construction desk)
    route(6, 2, 120, 507), // 噪声 in 流亭街道 → 流亭街道办
  ];

  const cases: Array<[string, number[], number[], number | null]> = [
    ['deepest category, then deepest territory', NOISE_PATH, T_ZHENGYANG, 4],
    ['another community of the same street: the street rule', NOISE_PATH, [112, 110, 100], 3],
    ['another street: its own rule', NOISE_PATH, [121, 120, 100], 6],
    ['a street with no rule: the territory-free rule', NOISE_PATH, [130, 100], 2],
    ['no place: the territory-free rule', NOISE_PATH, [], 2],
    ['only the district is known', NOISE_PATH, [100], 2],
    ['the shallower category: its own territory rule', [1], T_ZHENGYANG, 5],
    ['the shallower category elsewhere', [1], [121, 120, 100], 1],
    ['an uncovered category', [4], T_ZHENGYANG, null],
    ['an uncategorised order', [], T_ZHENGYANG, null],
  ];
  for (const [what, cats, terrs, want] of cases) {
    it(`${what} → ${want}`, () => assert.equal(pickRoutingRule(RULES, cats, terrs)?.id ?? null, want));
  }

  it('category depth comes before territory depth', () => {
    // A deeper category without a territory beats a shallower category pinned to the very community.
    const rules = [route(5, 1, 111, 506), route(2, 2, null, 502)];
    assert.equal(pickRoutingRule(rules, NOISE_PATH, T_ZHENGYANG)?.id, 2);
  });

  it('a territory rule never applies outside its territory', () => {
    const rules = [route(4, 2, 111, 505), route(3, 2, 110, 504)];
    assert.equal(pickRoutingRule(rules, NOISE_PATH, [121, 120, 100]), null);
    assert.equal(pickRoutingRule(rules, NOISE_PATH, []), null);
    assert.equal(pickRoutingRule(rules, NOISE_PATH, [112, 110, 100])?.id, 3);
  });

  it('returns the units of the rule', () => {
    assert.deepEqual(pickRoutingRule(RULES, [2, 1], [130, 100]), route(2, 2, null, 502, [503]));
  });

  it('null with no rules', () => {
    assert.equal(pickRoutingRule([], NOISE_PATH, T_ZHENGYANG), null);
  });
});
