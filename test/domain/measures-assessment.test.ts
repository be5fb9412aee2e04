// Assessment (seed 004), the three-rates composite and early-warning surges, as pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assess, assessRule, DEFAULT_RULES, rankBy, threeRates } from '../../src/domain/assessment.ts';
import { emptyTally, measureValues, type Counter } from '../../src/domain/measures.ts';
import { surge, DEFAULT_SURGE } from '../../src/domain/warnings.ts';

function values(n: Partial<Record<Counter, number>>) {
  const t = emptyTally();
  Object.assign(t.n, n);
  return measureValues(t);
}

describe('department assessment against baselines', () => {
  const good = values({ dispatched: 100, closed: 100, closedOnTime: 97, rated: 100, satisfied: 90, basicallySatisfied: 5, solved: 90, signed: 100, signedOnTime: 99, secondDispatched: 2, replied: 100, reopened: 1 });

  it('a unit that meets every baseline keeps all 100 points', () => {
    const a = assess(good, DEFAULT_RULES);
    assert.equal(a.score, 100);
    assert.ok(a.rules.every((r) => r.met === true && r.deduction === 0));
  });

  it('below a baseline it loses points per percentage point, never more than the rule is worth', () => {
    // on-time 90% against 95%: 5 points short x 2.5 = 12.5 of 25
    const r = assessRule(values({ closed: 100, closedOnTime: 90 }), { measure: 'onTimeCloseRate', baseline: 0.95, weight: 25, pointsPerPct: 2.5 });
    assert.deepEqual([r.shortfallPct, r.deduction, r.points, r.met], [5, 12.5, 12.5, false]);
    const worst = assessRule(values({ closed: 100, closedOnTime: 10 }), { measure: 'onTimeCloseRate', baseline: 0.95, weight: 25, pointsPerPct: 2.5 });
    assert.equal(worst.points, 0);
    // second dispatch is better low: 8% against a 5% ceiling costs 3 x 2 = 6 of 10
    const sd = assessRule(values({ dispatched: 100, secondDispatched: 8 }), { measure: 'secondDispatchRate', baseline: 0.05, weight: 10, pointsPerPct: 2 });
    assert.deepEqual([sd.better, sd.deduction, sd.points], ['lower', 6, 4]);
  });

  it('a measure without volume is not assessed (full points); weights are scaled to 100', () => {
    const r = assessRule(values({}), { measure: 'satisfactionRate', baseline: 0.9, weight: 25, pointsPerPct: 2.5 });
    assert.equal(r.met, null);
    assert.equal(r.points, 25);
    // 30 + 20 = 50 points in all; on-time 80% against 95% costs 15 x 1 = 15 of 30: 35 of 50 is 70 of 100.
    const a = assess(values({ closed: 10, closedOnTime: 8, rated: 10, satisfied: 10 }), [
      { measure: 'onTimeCloseRate', baseline: 0.95, weight: 30, pointsPerPct: 1 },
      { measure: 'satisfactionRate', baseline: 0.9, weight: 20, pointsPerPct: 1 },
    ]);
    assert.equal(a.score, 70);
    assert.equal(a.deduction, 30);
  });

  it('the three rates: response 10%, resolution 45%, satisfaction 45%', () => {
    const v = values({ replied: 100, repliedOnTime: 90, rated: 100, solved: 80, satisfied: 85, basicallySatisfied: 5 });
    assert.equal(threeRates(v), Math.round((0.9 * 0.1 + 0.8 * 0.45 + 0.9 * 0.45) * 10000) / 100);
    assert.equal(threeRates(values({})), null);
    assert.equal(threeRates(values({ replied: 10, repliedOnTime: 10 })), 100, 'rates without volume drop out of the mean');
  });

  it('ranks with ties sharing a place (1, 2, 2, 4), unscored last', () => {
    const r = rankBy([{ n: 'a', s: 90 }, { n: 'b', s: 95 }, { n: 'c', s: 90 }, { n: 'd', s: null }, { n: 'e', s: 80 }], (x) => x.s, (x, y) => x.n.localeCompare(y.n));
    assert.deepEqual(r.map((x) => `${x.n}${x.rank}`), ['b1', 'a2', 'c2', 'e4', 'dnull']);
  });
});

describe('early warning: a surge against the same weekday of the last four weeks', () => {
  it('warns above the mean plus three standard deviations', () => {
    const s = surge(14, [4, 6, 5, 5]);
    assert.equal(s.mean, 5);
    assert.ok(Math.abs(s.sd - Math.sqrt(0.5)) < 1e-12);
    assert.equal(s.threshold, 5 + 3 * Math.sqrt(0.5), 'three standard deviations (2.12) above the mean');
    assert.equal(s.surging, true);
    assert.equal(surge(7, [4, 6, 5, 5]).surging, false, 'below the threshold');
    assert.equal(surge(8, [4, 6, 5, 5]).surging, true);
  });

  it('needs a minimum count, and a flat baseline still needs a real excess', () => {
    assert.equal(surge(4, [0, 0, 0, 0]).surging, false, `fewer than ${DEFAULT_SURGE.minCount} requests`);
    assert.equal(surge(5, [0, 0, 0, 0]).surging, true);
    assert.equal(surge(6, [5, 5, 5, 5]).surging, false, 'one more than always is not a surge');
    assert.equal(surge(30, [2, 30, 1, 3]).surging, false, 'a volatile baseline raises the bar');
  });
});
