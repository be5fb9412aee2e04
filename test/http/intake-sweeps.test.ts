// The intake sweeps on a real database: the search index is incremental and does nothing twice;
// a classifier version is claimed by one process at a time, and an abandoned claim is taken over
// after its lease; the word statistics are cut at a day's start and kept per cut.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { corpusCut, corpusIdf } from '../../src/app/intake/corpus.ts';
import { claimTraining, modelHistory, RETRAIN } from '../../src/app/intake/model.ts';
import { indexSearch } from '../../src/app/intake/search.ts';
import { localDate, startOfLocalDay } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/measures.ts';
import { intakeSweeps } from '../../src/jobs/intake.ts';
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

describe('word statistics', () => {
  it('are cut at the start of a day, never later than today, so a window ending tomorrow takes today\'s', () => {
    const now = new Date('2026-03-10T06:30:00Z'); // 14:30 in China
    const today = startOfLocalDay('2026-03-10');
    const tomorrow = startOfLocalDay('2026-03-11');
    const lastWeek = startOfLocalDay('2026-03-03');
    assert.equal(corpusCut(now).getTime(), today.getTime());
    assert.equal(corpusCut(today).getTime(), today.getTime(), 'a day\'s start is its own cut');
    assert.equal(corpusCut(tomorrow, now).getTime(), today.getTime(), 'today\'s window (up to tomorrow 00:00)');
    assert.equal(corpusCut(lastWeek, now).getTime(), lastWeek.getTime(), 'a past period keeps its end');
    assert.equal(corpusCut(tomorrow).getTime(), tomorrow.getTime(), 'without the time, the cut is as asked');
  });

  it('are kept per cut, shared by today\'s window and a suggestion, the one used longest ago dropped', async () => {
    const now = tp.clock.now();
    const day = (k: number) => startOfLocalDay(addDays(localDate(now), k));
    const today = corpusIdf(tp.db, now);
    assert.equal(corpusIdf(tp.db, day(1), now), today, 'today\'s window borrows the statistics a suggestion uses');
    const past = [-1, -2, -3].map((k) => corpusIdf(tp.db, day(k)));
    assert.equal(corpusIdf(tp.db, now), today, 'used again: now the most recently used');
    const fifth = corpusIdf(tp.db, day(-4));
    assert.equal(corpusIdf(tp.db, now), today, 'still kept');
    assert.notEqual(corpusIdf(tp.db, day(-1)), past[0], 'the one used longest ago was dropped');
    await Promise.all([...past, fifth]);
    assert.ok((await today).n > 0);
  });

  it('are built by the intake sweep as the day starts', async () => {
    const sweep = intakeSweeps.find((s) => s.name === 'intake: word statistics');
    assert.ok(sweep);
    const now = tp.clock.now();
    assert.equal(await sweep.run(tp.app, now), (await corpusIdf(tp.db, now)).n);
  });
});
