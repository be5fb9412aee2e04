// Measures, assessment, early warnings and the dashboard over HTTP, against a started server on a
// real database: what a leader, an administrator and a unit handler would check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDate } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/measures.ts';
import { refreshMeasures } from '../../src/app/measures/refresh.ts';
import { raiseWarnings } from '../../src/app/measures/warnings.ts';
import { getCatalog } from '../../src/store/catalog.ts';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let leader: Client, admin: Client, operator: Client, dispatcher: Client, callback: Client, cgj: Client, street: Client;
let today: string;
const fold = () => refreshMeasures(tp.db, tp.clock.now());

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [leader, admin, operator, dispatcher, callback, cgj, street] = await Promise.all([
    tp.as('leader1'), tp.as('admin1'), tp.as('operator1'), tp.as('dispatcher1'), tp.as('callback1'), tp.as('handler-cgj'), tp.as('handler-st-chengyang'),
  ]);
  today = localDate(tp.clock.now());
  await fold();
});
after(() => tp.stop());

/** A complaint through the loop for 城管局, optionally signed for late and with an unsatisfied resident. */
async function loop(o: { lateSign?: boolean; unsatisfied?: boolean } = {}) {
  const a = await operator.post('/api/orders', complaint(I));
  assert.equal(a.status, 201);
  const id = a.body.id;
  const d = await dispatcher.post(`/api/orders/${id}/dispatch`, { leadUnitId: I.unit('cgj') });
  assert.equal(d.status, 200);
  if (o.lateSign) {
    // Past the sign-for deadline: the sessions of the morning have expired, log in again.
    tp.clock.set(new Date(new Date(d.body.signForDue).getTime() + 60_000));
    [operator, dispatcher, callback, cgj, leader, admin, street] = await Promise.all([
      tp.as('operator1'), tp.as('dispatcher1'), tp.as('callback1'), tp.as('handler-cgj'), tp.as('leader1'), tp.as('admin1'), tp.as('handler-st-chengyang'),
    ]);
  }
  assert.equal((await cgj.post(`/api/orders/${id}/sign-for`)).status, 200);
  assert.equal((await cgj.post(`/api/orders/${id}/reply`, { result: '已到现场处理' })).status, 200);
  assert.equal((await callback.post(`/api/orders/${id}/callback`, { satisfaction: o.unsatisfied ? 'unsatisfied' : 'satisfied', solved: !o.unsatisfied })).status, 200);
  assert.equal((await callback.post(`/api/orders/${id}/close`, { note: o.unsatisfied ? '已按政策解释' : null })).status, 200);
  return a.body as { id: number; code: string };
}

describe('GET /api/measures', () => {
  it('needs a login, and answers 400 in Chinese and English for a bad period or scope', async () => {
    assert.equal((await tp.anon.get(`/api/measures?period=${today}`)).status, 401);
    const bad = await leader.get('/api/measures?period=2026-13&scope=unit:abc');
    assert.equal(bad.status, 400);
    const fields = Object.fromEntries(bad.body.fields.map((f: any) => [f.field, f]));
    assert.match(fields['query.period'].message, /统计期格式不正确/);
    assert.match(fields['query.period'].messageEn, /Bad period/);
    assert.match(fields['query.scope'].message, /统计范围格式不正确/);
    const none = await leader.get(`/api/measures?period=${today}&scope=unit:99999`);
    assert.equal(none.status, 400);
    assert.deepEqual(none.body.fields, [{ field: 'query.scope', message: '单位不存在', messageEn: 'No such unit' }]);
  });

  it('counts a closed loop once in every scope it belongs to, and compares with the previous period', async () => {
    const scopes = ['all', `unit:${I.unit('cgj')}`, `category:${I.category('0201')}`, `territory:${I.territory('370214001')}`, 'channel:phone', 'requestType:complaint'];
    const before = await Promise.all(scopes.map((s) => leader.get(`/api/measures?period=${today}&scope=${s}`)));
    await loop();
    await fold();
    for (const [i, s] of scopes.entries()) {
      const r = await leader.get(`/api/measures?period=${today}&scope=${s}`);
      assert.equal(r.status, 200);
      const b = before[i]!.body.values.counts;
      const c = r.body.values.counts;
      if (s.startsWith('unit:')) {
        assert.equal(c.received, b.received, 'intake counts for the centre, not the department');
      } else {
        assert.equal(c.received, b.received + 1, s);
        assert.equal(c.valid, b.valid + 1, s);
      }
      for (const k of ['dispatched', 'signed', 'replied', 'rated', 'satisfied', 'closed', 'closedOnTime']) assert.equal(c[k], b[k] + 1, `${s} ${k}`);
      assert.equal(r.body.period.label.length > 0, true);
      assert.equal(r.body.previous.period.key, addDays(today, -1));
    }
    const cgjNow = await leader.get(`/api/measures?period=${today}&scope=unit:${I.unit('cgj')}`);
    assert.equal(cgjNow.body.scope.label, '城阳区城市管理局(区综合行政执法局)');
    assert.equal(cgjNow.body.values.rates.satisfactionRate > 0, true);
    assert.equal(typeof cgjNow.body.overdueNow, 'number');
    assert.equal(cgjNow.body.freshness.pending, 0);
  });

  it('lets a unit handler see their own unit and the units below it, nothing else', async () => {
    const own = await street.get(`/api/measures?period=${today.slice(0, 7)}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.scope.scope, `unit:${I.unit('st-chengyang')}`, 'a unit handler\'s default scope is their unit');
    assert.equal((await street.get(`/api/measures?period=${today}&scope=unit:${I.unit('cm-370214001001')}`)).status, 200);
    const other = await street.get(`/api/measures?period=${today}&scope=unit:${I.unit('cgj')}`);
    assert.equal(other.status, 403);
    assert.match(other.body.message, /本单位/);
    assert.equal((await street.get(`/api/measures?period=${today}&scope=all`)).status, 403);
  });

  it('gives a series and a breakdown for the charts', async () => {
    const from = addDays(today, -27);
    const s = await leader.get(`/api/measures/series?from=${from}&to=${today}&granularity=week&scope=all`);
    assert.equal(s.status, 200);
    assert.ok(s.body.items.length >= 4 && s.body.items.length <= 5);
    const days = await leader.get(`/api/measures/series?from=${from}&to=${today}&scope=all`);
    assert.equal(days.body.items.length, 28);
    const total = (await leader.get(`/api/measures?period=${from}..${today}`)).body.values.counts.received;
    assert.equal(days.body.items.reduce((n: number, x: any) => n + x.values.counts.received, 0), total, 'the days add up to the range');
    const backwards = await leader.get(`/api/measures/series?from=${today}&to=${from}`);
    assert.equal(backwards.status, 400);
    assert.equal(backwards.body.fields[0].field, 'query.to');

    const streets = await leader.get(`/api/measures/breakdown?period=${today.slice(0, 4)}&by=territory`);
    assert.equal(streets.status, 200);
    assert.equal(streets.body.items.length, 8);
    const year = await leader.get(`/api/measures?period=${today.slice(0, 4)}&scope=all`);
    const located = streets.body.items.reduce((n: number, x: any) => n + x.values.counts.received, 0);
    assert.ok(located <= year.body.values.counts.received && located > 0);
    const cats = await leader.get(`/api/measures/breakdown?period=${today.slice(0, 4)}&by=category`);
    assert.equal(cats.body.items.length, 11);
    const units = await leader.get(`/api/measures/breakdown?period=${today.slice(0, 4)}&by=unit&parent=${I.unit('st-chengyang')}`);
    assert.deepEqual(units.body.items.map((u: any) => u.code).sort(), ['cm-370214001001', 'cm-370214001002']);
    assert.equal((await leader.get(`/api/measures/breakdown?period=${today}&by=planet`)).status, 400);
  });

  it('verifies the fast path against the raw events on demand (administrators only)', async () => {
    const v = await admin.get(`/api/measures/verify?period=${today.slice(0, 4)}&scope=category:${I.category('02')}`);
    assert.equal(v.status, 200);
    assert.equal(v.body.agree, true);
    assert.deepEqual(v.body.fast.values, v.body.naive.values);
    assert.equal((await leader.get(`/api/measures/verify?period=${today}`)).status, 403);
  });

  it('publishes the definitions and appears in the OpenAPI document', async () => {
    const d = await leader.get('/api/measures/definitions');
    const sat = d.body.items.find((m: any) => m.key === 'satisfactionRate');
    assert.equal(sat.zh, '满意率');
    assert.match(sat.formula, /满意 \+ 基本满意/);
    const doc = await tp.anon.get('/api/openapi.json');
    for (const p of ['/api/measures', '/api/measures/series', '/api/assessment/ranking', '/api/reports', '/api/reports/{id}/docx', '/api/warnings', '/api/dashboard']) {
      assert.ok(doc.body.paths[p], `${p} in openapi.json`);
    }
    assert.ok(doc.body.paths['/api/measures'].get.parameters.some((x: any) => x.name === 'period'));
  });
});

describe('early warnings and the dashboard', () => {
  it('raises a warning when one matter surges in one street, once, and leaders see and acknowledge it', async () => {
    const water = I.category('100101'); // 停水
    for (let i = 0; i < 6; i++) {
      const r = await operator.post('/api/orders', complaint(I, { requestType: 'help', categoryId: water, title: `小区停水 ${i}` }));
      assert.equal(r.status, 201);
    }
    await fold();
    const catalog = await getCatalog(tp.db);
    const now = tp.clock.now();
    assert.ok((await raiseWarnings(tp.db, catalog, localDate(now), now)) >= 1);
    assert.equal(await raiseWarnings(tp.db, catalog, localDate(now), now), 0, 'raised once');
    const list = await leader.get('/api/warnings');
    const w = list.body.items.find((x: any) => x.category.code === '100101' && x.territory.code === '370214001');
    assert.ok(w, JSON.stringify(list.body));
    assert.equal(w.count, 6);
    assert.equal(w.status, 'open');
    assert.match(w.text, /城阳街道停水类诉求 6 件/);

    const dash = await leader.get('/api/dashboard');
    assert.equal(dash.status, 200);
    assert.ok(dash.body.warnings.some((x: any) => x.id === w.id), 'the dashboard shows it');
    assert.equal((await operator.post(`/api/warnings/${w.id}/acknowledge`, { note: '已知悉' })).status, 403);
    const ack = await leader.post(`/api/warnings/${w.id}/acknowledge`, { note: '已通知水务集团排查' });
    assert.equal(ack.status, 200);
    assert.equal(ack.body.status, 'acknowledged');
    assert.ok(!(await leader.get('/api/dashboard')).body.warnings.some((x: any) => x.id === w.id));
    assert.equal((await leader.post('/api/warnings/999999/acknowledge', {})).status, 404);
  });

  it('gives the leaders\' screen: live counters, the map by street with its GeoJSON, trends and rankings', async () => {
    const d = await leader.get('/api/dashboard');
    assert.equal(d.status, 200);
    const t = (await leader.get(`/api/measures?period=${today}`)).body.values.counts;
    assert.equal(d.body.today.received, t.received);
    assert.ok(d.body.today.received >= 7, 'the requests made in this file today');
    assert.equal(typeof d.body.today.overdueNow, 'number');
    assert.equal(d.body.trends.days.length, 30);
    assert.equal(d.body.trends.days.at(-1), today);
    assert.equal(d.body.trends.categories.length, 11);
    assert.equal(d.body.trends.total.received.at(-1), t.received);
    const geo = await tp.anon.get('/api/dashboard/geo');
    assert.equal(geo.status, 200);
    assert.equal(geo.body.type, 'FeatureCollection');
    assert.deepEqual(d.body.map.areas.map((a: any) => a.name).sort(), geo.body.features.map((f: any) => f.properties.name).sort(), 'the map data is keyed by the GeoJSON names');
    const chengyang = d.body.map.areas.find((a: any) => a.code === '370214001');
    assert.ok(chengyang.today >= 7);
    assert.ok(d.body.ranking.units.length > 0 && d.body.ranking.streets.length === 8);
    const hot = await leader.get('/api/intake/hot-issues?limit=5');
    assert.equal(hot.status, 200);
    assert.match(hot.body.items[0].label, /^小区停水 \d$/, 'this week\'s hot issue: the six requests about the water');
    assert.ok(hot.body.items[0].residents >= 6);
    assert.equal((await cgj.get('/api/dashboard')).status, 403);
  });
});

describe('assessment', () => {
  it('has the seed-004 rules, which only an administrator changes, with bilingual field errors', async () => {
    const r = await leader.get('/api/assessment/rules');
    assert.deepEqual(r.body.rules.map((x: any) => x.measure), ['onTimeCloseRate', 'closeRate', 'satisfactionRate', 'secondDispatchRate', 'signOnTimeRate', 'solveRate', 'reopenRate']);
    assert.equal(r.body.rules.reduce((s: number, x: any) => s + x.weight, 0), 100);
    assert.equal((await leader.put('/api/assessment/rules', r.body)).status, 403);
    const bad = await admin.put('/api/assessment/rules', { rules: [{ measure: 'onTimeCloseRate', baseline: 1.5, weight: 10, pointsPerPct: 1 }], threeRates: r.body.threeRates });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.fields[0], { field: 'rules.0.baseline', message: '基准值须在 0 到 1 之间', messageEn: 'baseline must be between 0 and 1' });
    const twice = await admin.put('/api/assessment/rules', { rules: [r.body.rules[0], r.body.rules[0]], threeRates: r.body.threeRates });
    assert.equal(twice.status, 400);
    assert.equal(twice.body.fields[0].field, 'rules.1.measure');
    const changed = { ...r.body, rules: r.body.rules.map((x: any) => (x.measure === 'signOnTimeRate' ? { ...x, baseline: 0.99 } : x)) };
    const ok = await admin.put('/api/assessment/rules', changed);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.rules.find((x: any) => x.measure === 'signOnTimeRate').baseline, 0.99);
    const logged = await tp.db.query(sql`select 1 from admin_events where entity = 'assessment_rules'`);
    assert.equal(logged.rowCount, 1, 'the change is recorded with who and when');
  });

  it('ranks units and streets, and drills down to the orders that cost a unit points', async () => {
    const late = await loop({ lateSign: true, unsatisfied: true });
    await fold();
    const month = localDate(tp.clock.now()).slice(0, 7);
    const units = await leader.get(`/api/assessment/ranking?period=${month}&of=units`);
    assert.equal(units.status, 200);
    const mine = units.body.items.find((x: any) => x.unit.code === 'cgj');
    assert.ok(mine, '城管局 is ranked');
    assert.ok(mine.score < 100, 'a late sign-for and an unsatisfied resident cost points');
    assert.equal(units.body.items[0].rank, 1);
    assert.ok(units.body.items.every((x: any, i: number, a: any[]) => i === 0 || a[i - 1].score >= x.score));

    const streets = await leader.get(`/api/assessment/ranking?period=${month}&of=streets`);
    assert.equal(streets.body.items.length, 8);
    assert.ok(streets.body.items.every((x: any) => x.territory.name.endsWith('街道')));

    const drill = await leader.get(`/api/assessment/units/${I.unit('cgj')}?period=${month}`);
    assert.equal(drill.status, 200);
    assert.ok(drill.body.assessment.rules.some((r: any) => r.measure === 'satisfactionRate' && r.met === false));
    const kinds = drill.body.penalties.items.filter((x: any) => x.code === late.code).map((x: any) => x.kind).sort();
    assert.deepEqual(kinds, ['sign_late', 'unsatisfied', 'unsolved'].filter((k) => drill.body.penalties.kinds.some((x: any) => x.kind === k)));
    assert.ok(kinds.includes('unsatisfied'));
    const only = await leader.get(`/api/assessment/units/${I.unit('cgj')}?period=${month}&kinds=sign_late`);
    assert.ok(only.body.penalties.items.some((x: any) => x.code === late.code && x.kindZh === '超时签收'));
    assert.equal((await street.get(`/api/assessment/units/${I.unit('cgj')}?period=${month}`)).status, 403);
    assert.equal((await leader.get(`/api/assessment/units/${I.unit('cgj')}?period=${month}&kinds=nonsense`)).status, 400);
  });
});
