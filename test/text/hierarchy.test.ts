// Classification along the category tree, pure: top level, then the branch.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { currentModel } from '../../src/app/intake/model.ts';
import type { Db } from '../../src/store/db.ts';
import type { Sql } from '../../src/store/sql.ts';
import { deserializeHierarchy, hierarchyMetrics, predictHierarchy, serializeHierarchy, trainHierarchy, type GroupedExample } from '../../src/text/hierarchy.ts';

const rows = (parse(readFileSync(new URL('../data/intake-training.csv', import.meta.url)), { columns: true }) as Record<string, string>[])
  .filter((r) => r.text && /^\d{6}$/.test(r.label ?? ''));
// The demo tree's codes: the first two digits are the top-level category.
const examples: GroupedExample[] = rows.map((r) => ({ text: r.text!, label: r.label!, group: r.label!.slice(0, 2) }));
// Two labels under one top-level category, to have a branch to choose in.
const withBranch: GroupedExample[] = [
  ...examples,
  ...['物业公司长期不打扫楼道卫生', '物业不维修单元门禁', '小区物业服务差没人管', '物业人员态度差不作为', '物业收费不透明还不干活', '物业对楼道堆物不处理']
    .map((text) => ({ text, label: '010101', group: '01' })),
];

describe('classification along the tree', () => {
  const h = trainHierarchy(withBranch, { cvFolds: 3 });

  it('has a top level, a branch where a top-level category has several labels, and no model where it has one', () => {
    assert.ok(h.top);
    assert.deepEqual([...h.branches.keys()], ['01']);
    assert.equal(h.only.get('02'), '020101');
    assert.equal(hierarchyMetrics(h).branches[0]!.labels, 2);
  });

  it('suggests the leaf with P(top level) x P(leaf | top level)', () => {
    const p = predictHierarchy(h, '小区门口的路灯坏了好几天，晚上黑漆漆的');
    assert.equal(p[0]!.label, '010501');
    assert.equal(predictHierarchy(h, '物业公司不管事，楼道脏乱差')[0]!.label, '010101');
    assert.equal(predictHierarchy(h, '工地凌晨还在施工，噪声太大')[0]!.label, '020101');
    for (let i = 1; i < p.length; i++) assert.ok(p[i - 1]!.confidence >= p[i]!.confidence);
    assert.ok(p[0]!.confidence > 0 && p[0]!.confidence <= 1);
  });

  it('predicts the same after storage', () => {
    const back = deserializeHierarchy(serializeHierarchy(h));
    for (const t of ['路灯不亮', '物业不作为', '牛奶过期']) assert.equal(predictHierarchy(back, t)[0]!.label, predictHierarchy(h, t)[0]!.label);
  });

  it('needs no top level when every label is under one top-level category', () => {
    const one = trainHierarchy(withBranch.filter((e) => e.group === '01'), { cvFolds: 3 });
    assert.equal(one.top, null);
    assert.equal(predictHierarchy(deserializeHierarchy(serializeHierarchy(one)), '物业服务太差')[0]!.label, '010101');
  });
});

describe('the model in a process', () => {
  it('is loaded once per version, however many suggestions ask for it at once', async () => {
    const bytes = serializeHierarchy(trainHierarchy(withBranch, { cvFolds: 0 }));
    let version = 1;
    let loads = 0;
    // Just the two queries currentModel makes.
    const db = {
      query: async (q: Sql) => {
        if (/max\(version\)/.test(q.compile().text)) return { rows: [{ version }] };
        loads++;
        return { rows: [{ model: bytes, finished_at: new Date() }] };
      },
    } as unknown as Db;
    const [a, b] = await Promise.all([currentModel(db), currentModel(db)]);
    assert.equal(loads, 1);
    assert.equal(a, b);
    version = 2;
    const [c, d, e] = await Promise.all([currentModel(db), currentModel(db), currentModel(db)]);
    assert.equal(loads, 2, 'a new version is loaded once, not once per caller');
    assert.equal(c?.version, 2);
    assert.ok(c === d && d === e);
  });
});
