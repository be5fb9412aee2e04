// The intake sweeps on a real database: the search index is incremental and does nothing twice;
// a classifier version is claimed by one process at a time, and an abandoned claim is taken over
// after its lease.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimTraining, modelHistory, RETRAIN } from '../../src/app/intake/model.ts';
import { indexSearch } from '../../src/app/intake/search.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform;
let admin: Client, operator: Client;

before(async () => {
  tp = await startTestPlatform();
  [admin, operator] = await Promise.all([tp.as('admin1'), tp.as('operator1')]);
});
after(() => tp.stop());

describe('the search index sweep', () => {
  it('indexes what changed once, then has nothing to do', async () => {
    const first = await indexSearch(tp.db, tp.clock.now());
    assert.ok(first > 0, 'the knowledge base and the closed orders of the history');
    assert.equal(await indexSearch(tp.db, tp.clock.now()), 0, 'nothing changed: nothing indexed');

    const a = await admin.post('/api/knowledge', { title: '犬只登记办理', body: '养犬人须持犬只免疫证明到指定地点办理养犬登记。', categoryId: null });
    assert.equal(a.status, 201);
    assert.equal(await indexSearch(tp.db, tp.clock.now()), 1, 'one new article');
    assert.equal(await indexSearch(tp.db, tp.clock.now()), 0);
    const r = await operator.get(`/api/intake/search?q=${encodeURIComponent('养犬登记')}`);
    assert.equal(r.body.items[0].id, a.body.id);
  });
});

describe('claiming a classifier version', () => {
  it('gives one version to one claimant, and takes over an abandoned one after the lease', async () => {
    const now = tp.clock.now();
    const one = await claimTraining(tp.db, now, true);
    assert.ok(one, 'the first claim gets a version');
    assert.equal(await claimTraining(tp.db, now, true), null, 'a second claimant is told a training runs');
    const later = new Date(now.getTime() + RETRAIN.leaseMs + 60_000);
    const two = await claimTraining(tp.db, later, true);
    assert.equal(two?.version, one.version + 1);
    const rows = await modelHistory(tp.db);
    const abandoned = rows.find((r) => r.version === one.version)!;
    assert.equal(abandoned.status, 'failed');
    assert.match(abandoned.error ?? '', /abandoned/);
    assert.equal(rows.find((r) => r.version === two!.version)!.status, 'training');
  });
});
