// Hot issues in the measures' early warning and in the weekly report (issue 5 feeding issue 4),
// against a started server on a real database: many residents raising one new issue on one day
// is warned about once (one person writing many times is not), leaders see and acknowledge it,
// and the weekly hot-issue report lists the clusters with their terms, residents and examples,
// the same when made again after newer requests have arrived.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDate, startOfLocalDay } from '../../src/domain/calendar.ts';
import { addDays, periodOf } from '../../src/domain/measures.ts';
import { hotWarningSweep, raiseHotWarnings } from '../../src/app/intake/hot-warnings.ts';
import { refreshMeasures } from '../../src/app/measures/refresh.ts';
import { getCatalog } from '../../src/store/catalog.ts';
import { complaint, ids, PLANT_COMPLAINTS, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform & { databaseUrl?: string };
let I: Ids;
let operator: Client, leader: Client;
let day: string;
const issue: number[] = [];
const spam: number[] = [];


const phone = (n: number) => `1377000${String(n).padStart(4, '0')}`;
const fold = () => refreshMeasures(tp.db, tp.clock.now());

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  // A Wednesday morning, so the week it lies in is over by the next Monday.
  const week = periodOf('week', localDate(tp.clock.now()));
  day = addDays(week.from, 2);
  tp.clock.set(new Date(startOfLocalDay(day).getTime() + 9 * 3_600_000));
  [operator, leader] = await Promise.all([tp.as('operator1'), tp.as('leader1')]);
  for (const [i, [title, description]] of PLANT_COMPLAINTS.entries()) {
    const r = await operator.post('/api/orders', complaint(I, {
      title, description, categoryId: I.category('020104'),
      caller: { name: `居民${i}`, phone: phone(i), anonymous: false, confidential: false },
    }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    issue.push(r.body.id);
  }
  // One resident writing eight times about the barbecue stall below the window.
  for (let i = 0; i < 8; i++) {
    const r = await operator.post('/api/orders', complaint(I, {
      title: `楼下烧烤摊油烟熏人 第${i + 1}次`, description: '来电人反映楼下烧烤摊每天晚上油烟直冲窗户，多次反映无人处理。',
      caller: { name: '赵先生', phone: phone(99), anonymous: false, confidential: false },
    }));
    assert.equal(r.status, 201);
    spam.push(r.body.id);
  }
  await fold();
});
after(() => tp.stop());

describe('the hot-issue early warning', () => {
  let id: number;

  it('warns once when many residents raise one new issue, not when one person writes many times', async () => {
    const catalog = await getCatalog(tp.db);
    const now = tp.clock.now();
    assert.ok(((await hotWarningSweep(tp.db, catalog, day, now)) ?? 0) >= 1);
    assert.equal(await hotWarningSweep(tp.db, catalog, day, now), null, 'the next sweep within ten minutes skips');
    assert.equal(await raiseHotWarnings(tp.db, catalog, [day], now), 0, 'raising again adds nothing');

    const list = await leader.get('/api/warnings');
    assert.equal(list.status, 200);
    const hot = list.body.items.filter((w: any) => w.kind === 'hot_issue' && w.orderIds.some((o: number) => issue.includes(o)));
    assert.equal(hot.length, 1, JSON.stringify(hot));
    const w = hot[0];
    id = w.id;
    assert.equal(w.day, day);
    assert.equal(w.count, 6, 'six residents');
    assert.ok(w.orderIds.length === 6 && w.orderIds.every((x: number) => issue.includes(x)));
    assert.ok(w.terms.includes('搅拌站'), JSON.stringify(w.terms));
    assert.match(w.label, /搅拌站/);
    assert.equal(w.territory.name, '城阳街道');
    assert.equal(w.category.code, '020104');
    assert.match(w.text, /^城阳街道等地集中反映“.*搅拌站.*”（.*）：6 位群众，显著高于近4周同日均值 0\.0 位$/);
    assert.ok(!list.body.items.some((x: any) => (x.orderIds ?? []).some((o: number) => spam.includes(o))), 'one person is not a hot issue');
  });

  it('grows with the issue instead of warning again', async () => {
    for (const n of [6, 7]) {
      const r = await operator.post('/api/orders', complaint(I, {
        title: '丽城小区搅拌站夜间噪音', description: '丽城小区旁边的搅拌站半夜还在施工作业，噪音扰民严重，请尽快处理。',
        categoryId: I.category('020104'), caller: { name: `居民${n}`, phone: phone(n), anonymous: false, confidential: false },
      }));
      issue.push(r.body.id);
    }
    tp.clock.set(new Date(tp.clock.now().getTime() + 11 * 60_000));
    const catalog = await getCatalog(tp.db);
    assert.equal(await hotWarningSweep(tp.db, catalog, day, tp.clock.now()), 0, 'no new warning');
    const w = (await leader.get('/api/warnings')).body.items.find((x: any) => x.id === id);
    assert.equal(w.count, 8);
    assert.equal(w.orderIds.length, 8);
  });

  it('is on the leaders\' screen until a leader acknowledges it', async () => {
    const dash = await leader.get('/api/dashboard');
    assert.equal(dash.status, 200);
    assert.ok(dash.body.warnings.some((x: any) => x.id === id && x.kind === 'hot_issue'));
    assert.equal((await operator.post(`/api/warnings/${id}/acknowledge`, {})).status, 403);
    const ack = await leader.post(`/api/warnings/${id}/acknowledge`, { note: '已转区生态环境分局核查' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.status, 'acknowledged');
    assert.equal(ack.body.kind, 'hot_issue');
    assert.ok(!(await leader.get('/api/dashboard')).body.warnings.some((x: any) => x.id === id));
  });

  it('two server processes sweeping together raise it once', { skip: !onPostgres() && 'needs DATABASE_URL' }, async () => {
    const second = await startTestPlatform({ sharing: tp });
    try {
      await tp.db.query(sql`delete from warnings where kind = 'hot_issue'`);
      await tp.db.query(sql`delete from sweep_runs`);
      const now = tp.clock.now();
      const [a, b] = await Promise.all([
        raiseHotWarnings(tp.db, await getCatalog(tp.db), [day], now),
        raiseHotWarnings(second.db, await getCatalog(second.db), [day], now),
      ]);
      const n = (await tp.db.query(sql`select 1 from warnings where kind = 'hot_issue'`)).rowCount;
      assert.ok(n >= 1);
      assert.equal(a + b, n, 'each issue raised by one of them');
      assert.equal((await tp.db.query(sql`select 1 from warnings where kind = 'hot_issue' and order_ids && ${issue}::int[]`)).rowCount, 1);
    } finally {
      await second.stop();
    }
  });
});

describe('the weekly hot-issue report', () => {
  it('lists the clusters by residents, with terms and example orders, and the hot-issue warning', async () => {
    const week = periodOf('week', day);
    tp.clock.set(new Date(startOfLocalDay(week.to).getTime() + 8 * 3_600_000));
    leader = await tp.as('leader1');
    const r = await leader.post('/api/reports', { kind: 'weekly', period: week.key });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const d = (await leader.get(`/api/reports/${r.body.id}`)).body.data;
    const top = d.hotIssues[0];
    assert.match(top.title, /^城阳街道：.*搅拌站/);
    assert.equal(top.residents, 8);
    assert.equal(top.count, 8);
    assert.ok(top.terms.includes('搅拌站'));
    assert.ok(top.examples.length === 3 && top.examples.every((e: any) => issue.includes(e.orderId)));
    const stall = d.hotIssues.find((h: any) => h.examples.some((e: any) => spam.includes(e.orderId)));
    assert.ok(stall, 'the barbecue stall is listed too');
    assert.equal(stall.residents, 1);
    assert.ok(d.hotIssues.indexOf(stall) > 0, 'after the issue eight residents raised');
    assert.ok(d.warnings.some((w: any) => w.kind === 'hot_issue' && w.day === day && w.count === 8));
    assert.ok(d.summary.some((s: string) => s.includes(top.title)));

    // Made again after newer requests arrived (many about the same plant, which makes its words
    // common in the latest requests): the same report, word statistics included.
    for (let i = 0; i < 40; i++) {
      await operator.post('/api/orders', complaint(I, { title: '搅拌站又开工了', description: '丽城小区旁的搅拌站今天又开始作业，噪音很大。', caller: { name: '居民', phone: phone(50 + i), anonymous: false, confidential: false } }));
    }
    await tp.db.query(sql`delete from reports where id = ${r.body.id}`);
    const again = await leader.post('/api/reports', { kind: 'weekly', period: week.key });
    assert.equal(again.status, 201);
    assert.deepEqual((await leader.get(`/api/reports/${again.body.id}`)).body.data, d);
  });
});

describe('a hot issue nobody has classified yet', () => {
  it('is warned about with no category and no street, as residents wrote it on the portal', async () => {
    // The Tuesday after the week above: residents of no known street, in the portal, with no category.
    const when = addDays(periodOf('week', day).to, 1);
    tp.clock.set(new Date(startOfLocalDay(when).getTime() + 10 * 3_600_000));
    leader = await tp.as('leader1');
    const DRAIN = [
      ['幸福里菜市场门口下水道堵塞', '幸福里菜市场门口的下水道堵塞好几天了，污水漫到路面，臭味很大。'],
      ['菜市场下水道污水外溢', '幸福里菜市场门口下水道污水外溢，行人没法走，请尽快疏通。'],
      ['幸福里菜市场污水横流', '幸福里菜市场门口下水道堵了，污水横流，夏天臭气熏天。'],
      ['下水道堵塞污水漫路', '幸福里菜市场附近下水道堵塞，污水漫到马路上，希望派人疏通。'],
      ['反映幸福里菜市场下水道问题', '幸福里菜市场门口下水道又堵了，污水溢出，周边商户和行人意见很大。'],
      ['幸福里菜市场门口污水', '幸福里菜市场门口下水道堵塞，污水外溢好几天，没人来疏通。'],
    ];
    const drain: number[] = [];
    for (const [i, [title, description]] of DRAIN.entries()) {
      const r = await tp.anon.post('/api/public/requests', {
        requestType: 'complaint', title, description, caller: { name: `市民${i}`, phone: phone(200 + i), anonymous: false, confidential: false },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const row = await tp.db.query<{ id: number; category_id: number | null; territory_id: number | null }>(sql`select id, category_id, territory_id from orders where code = ${r.body.code}`);
      assert.deepEqual([row.rows[0]!.category_id, row.rows[0]!.territory_id], [null, null]);
      drain.push(row.rows[0]!.id);
    }
    await fold();
    const catalog = await getCatalog(tp.db);
    assert.ok((await raiseHotWarnings(tp.db, catalog, [when], tp.clock.now())) >= 1);
    const list = await leader.get(`/api/warnings?from=${when}`);
    assert.equal(list.status, 200);
    const hot = list.body.items.filter((w: any) => w.kind === 'hot_issue' && w.orderIds.some((o: number) => drain.includes(o)));
    assert.equal(hot.length, 1, JSON.stringify(list.body.items));
    const w = hot[0];
    assert.equal(w.day, when);
    assert.equal(w.count, 6, 'six residents');
    assert.equal(w.category, null);
    assert.equal(w.territory, null);
    assert.match(w.label, /菜市场|下水道/);
    assert.match(w.text, /^群众集中反映“/);
  });
});
