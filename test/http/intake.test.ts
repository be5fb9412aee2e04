// Smart intake over HTTP against a started server on a real database: category and unit
// suggestion from a classifier trained in the background, duplicates, knowledge search, hot
// issues, the reply check, and bad input answered in Chinese and English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { complaint, ids, PLANT_COMPLAINTS, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform & { databaseUrl?: string };
let I: Ids;
let operator: Client, dispatcher: Client, admin: Client, leader: Client, cgj: Client, zjj: Client;

const NOISE = {
  title: '工地夜间施工噪音扰民',
  description: '来电人反映家附近的建筑工地每天夜里十二点以后还在打桩施工，噪音很大，影响休息，要求制止。',
};

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [operator, dispatcher, admin, leader, cgj, zjj] = await Promise.all([
    tp.as('operator1'), tp.as('dispatcher1'), tp.as('admin1'), tp.as('leader1'), tp.as('handler-cgj'), tp.as('handler-zjj'),
  ]);
});
after(() => tp.stop());

/** Wait for the background training to finish (polling the model endpoint, as an admin's screen does). */
async function modelReady(): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const m = await admin.get('/api/intake/model');
    assert.equal(m.status, 200);
    if (!m.body.training) return m.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the classifier did not finish training');
}

const fieldsOf = (r: { body: any }) => (r.body.fields ?? []).map((f: any) => f.field);

describe('bad input and roles', () => {
  it('answers 400 with the field in Chinese and English', async () => {
    const r = await operator.post('/api/intake/suggest', { title: '噪音' });
    assert.equal(r.status, 400);
    const f = r.body.fields.find((x: any) => x.field === 'description');
    assert.ok(f, JSON.stringify(r.body));
    assert.match(f.message, /[\u4e00-\u9fff]/);
    assert.ok(f.messageEn.length > 0);

    const t = await operator.post('/api/intake/suggest', { ...NOISE, territoryId: 999999 });
    assert.equal(t.status, 400);
    assert.deepEqual(fieldsOf(t), ['territoryId']);
    assert.equal(t.body.fields[0].messageEn, 'No such territory');

    const q = await operator.get('/api/intake/search?q=&limit=500');
    assert.equal(q.status, 400);
    assert.ok(fieldsOf(q).includes('query.q') && fieldsOf(q).includes('query.limit'), JSON.stringify(q.body));

    const h = await leader.get('/api/intake/hot-issues?from=2026-02-01&to=2026-01-01');
    assert.equal(h.status, 400);
    assert.deepEqual(fieldsOf(h), ['query.from']);
    const bad = await leader.get('/api/intake/hot-issues?from=yesterday');
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad), ['query.from']);

    const rc = await cgj.post('/api/intake/reply-check', { orderId: 'x', result: '' });
    assert.equal(rc.status, 400);
    assert.deepEqual(fieldsOf(rc).sort(), ['orderId', 'result']);
  });

  it('lets only the right roles in', async () => {
    assert.equal((await tp.anon.post('/api/intake/suggest', NOISE)).status, 401);
    assert.equal((await cgj.post('/api/intake/suggest', NOISE)).status, 403, 'a unit handler does not take requests');
    assert.equal((await operator.get('/api/intake/hot-issues')).status, 403, 'hot issues are for leaders, supervisors, dispatchers');
    assert.equal((await operator.post('/api/intake/model/retrain')).status, 403);
    assert.equal((await dispatcher.post('/api/intake/training-texts', { csv: 'id,text,label\n1,a,b' })).status, 403);
    const spec = await tp.anon.get('/api/openapi.json');
    for (const p of ['/api/intake/suggest', '/api/intake/duplicates', '/api/intake/search', '/api/intake/hot-issues', '/api/intake/reply-check', '/api/intake/model', '/api/intake/training-texts']) {
      assert.ok(spec.body.paths[p], `${p} is in the OpenAPI document`);
    }
  });
});

describe('category and unit suggestion', () => {
  it('suggests no category before a model is trained, but already finds knowledge', async () => {
    const none = await operator.post('/api/intake/suggest', NOISE);
    assert.equal(none.status, 200);
    assert.equal(none.body.category, null);
    assert.equal(none.body.model, null);
    // The sweep indexes the knowledge base, and trains a first model from the closed orders of the demo history.
    await tp.scheduler.tick();
    const r = await operator.post('/api/intake/suggest', NOISE);
    assert.ok(r.body.knowledge.some((k: any) => /噪声|噪音/.test(k.title)), JSON.stringify(r.body.knowledge));
    const m = await modelReady();
    assert.equal(m.current?.version, 1, 'the first model was trained from closed orders');
  });

  it('imports labelled texts from a CSV and reports the rows it could not use', async () => {
    const bad = await admin.post('/api/intake/training-texts', { csv: 'id,content\n1,停水' });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad), ['csv']);
    const csv = readFileSync(new URL('../data/intake-training.csv', import.meta.url), 'utf8');
    const r = await admin.post('/api/intake/training-texts', { csv });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.imported, 40, 'codes, names and full paths all name a category');
    assert.deepEqual(r.body.rejected.map((x: any) => x.id), ['t41', 't42', 't43']);
    assert.match(r.body.rejected[1].message, /不存在的分类/);
  });

  it('trains in the background and suggests the category, a confidence and the unit of the routing rule', async () => {
    const start = await admin.post('/api/intake/model/retrain');
    assert.equal(start.status, 202);
    const m = await modelReady();
    assert.equal(m.current?.status, 'ready', JSON.stringify(m.versions[0]));
    assert.equal(m.current.version, start.body.version);
    assert.ok(m.current.examples >= 40);
    assert.ok(m.current.metrics.heldOut.macroF1 >= 0, 'the model keeps its held-out figures');

    const r = await operator.post('/api/intake/suggest', { ...NOISE, territoryId: I.territory('37021400100101') });
    assert.equal(r.status, 200);
    assert.equal(r.body.category.code, '020101', JSON.stringify(r.body.category));
    assert.equal(r.body.category.fullName, '环境保护 / 噪声污染 / 施工噪声');
    assert.ok(r.body.category.confidence > 0.3 && r.body.category.confidence <= 1);
    for (const a of r.body.alternatives) assert.ok(a.confidence <= r.body.category.confidence);
    assert.equal(r.body.unit.leadUnit.code, 'cgj', 'the routing rule for 施工噪声 names 城管局');
    assert.equal(r.body.model.version, start.body.version);

    const water = await operator.post('/api/intake/suggest', { title: '小区停水', description: '今天早上开始整栋楼停水，没有接到任何通知，不知道什么时候来水。' });
    assert.equal(water.body.category.code, '100101', JSON.stringify(water.body.category));
  });

  it('does not retrain when nothing changed', async () => {
    const before = (await admin.get('/api/intake/model')).body.current.version;
    await tp.scheduler.tick();
    await modelReady();
    assert.equal((await admin.get('/api/intake/model')).body.current.version, before, 'no new closed orders: no new version');
  });
});

describe('duplicates at intake', () => {
  let open: any;
  let farGrid: number;
  before(async () => {
    const r = await operator.post('/api/orders', complaint(I, {
      title: '正阳路工地夜间打桩扰民', description: '来电人反映正阳路88号旁边的工地每天夜里打桩到凌晨两点，噪音很大，无法入睡，要求制止夜间施工。',
    }));
    assert.equal(r.status, 201);
    open = r.body;
    const t = await tp.anon.get('/api/territories');
    const otherStreet = t.body.items.find((x: any) => x.code === '370214002');
    farGrid = t.body.items.find((x: any) => x.level === 'grid' && x.path.startsWith(otherStreet.path)).id;
  });

  it('lists an open order about the same matter at the same place, with a score', async () => {
    const r = await operator.post('/api/intake/duplicates', {
      title: '工地半夜打桩', description: '正阳路88号附近工地夜里一直打桩施工到两点多，吵得睡不着。', territoryId: I.territory('37021400100101'),
    });
    assert.equal(r.status, 200);
    const hit = r.body.items.find((x: any) => x.orderId === open.id);
    assert.ok(hit, JSON.stringify(r.body.items));
    assert.equal(hit.code, open.code);
    assert.ok(hit.score > 0.4 && hit.score <= 1);
    assert.equal(hit.territory.id, I.territory('37021400100101'));
  });

  it('does not list it for another matter, or for a place far away', async () => {
    const other = await operator.post('/api/intake/duplicates', {
      title: '小区停水', description: '正阳路88号小区从早上开始停水，没有通知。', territoryId: I.territory('37021400100101'),
    });
    assert.ok(!other.body.items.some((x: any) => x.orderId === open.id));
    const far = await operator.post('/api/intake/duplicates', {
      title: '工地半夜打桩', description: '正阳路88号附近工地夜里一直打桩施工到两点多，吵得睡不着。', territoryId: farGrid,
    });
    assert.ok(!far.body.items.some((x: any) => x.orderId === open.id), 'a grid in another street is not near');
  });

  it('finds the duplicate of an accepted order, which the operator then merges', async () => {
    const dup = await operator.post('/api/orders', complaint(I, {
      title: '工地半夜打桩', description: '正阳路88号附近工地夜里一直打桩施工到两点多，吵得睡不着，希望管一管。',
    }));
    const r = await dispatcher.get(`/api/intake/orders/${dup.body.id}/duplicates`);
    assert.equal(r.status, 200);
    assert.ok(!r.body.items.some((x: any) => x.orderId === dup.body.id), 'not itself');
    const master = r.body.items[0];
    assert.equal(master.orderId, open.id, JSON.stringify(r.body.items));
    const m = await operator.post(`/api/orders/${dup.body.id}/merge`, { masterId: master.orderId, note: '同一工地夜间施工' });
    assert.equal(m.status, 200);
    assert.equal(m.body.state, 'merged');
    const again = await dispatcher.get(`/api/intake/orders/${open.id}/duplicates`);
    assert.ok(!again.body.items.some((x: any) => x.orderId === dup.body.id), 'a merged order is no longer open');
  });
});

describe('knowledge search', () => {
  it('ranks the article that answers the question first', async () => {
    await tp.scheduler.tick();
    const r = await operator.get(`/api/intake/search?q=${encodeURIComponent('外地户口怎么办理居住证，要带什么材料')}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.items[0].kind, 'article');
    assert.match(r.body.items[0].title, /居住证/);
    assert.ok(r.body.terms.includes('居住证'));
  });

  it('searches how closed orders were answered, and keeps up with the knowledge base', async () => {
    const replies = await operator.get(`/api/intake/search?q=${encodeURIComponent('暖气不热')}&kind=reply`);
    assert.equal(replies.status, 200);
    for (const h of replies.body.items) assert.equal(h.kind, 'reply');

    const created = await admin.post('/api/knowledge', { title: '共享电单车停放规范', body: '共享电单车须停放在施划的停放区内，违规停放可拨打运营企业客服电话或12345反映。', categoryId: null });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await tp.scheduler.tick();
    const found = await operator.get(`/api/intake/search?q=${encodeURIComponent('电单车乱停')}&kind=article`);
    assert.equal(found.body.items[0]?.id, created.body.id, JSON.stringify(found.body));
    assert.equal((await admin.patch(`/api/knowledge/${created.body.id}`, { active: false })).status, 200);
    await tp.scheduler.tick();
    const gone = await operator.get(`/api/intake/search?q=${encodeURIComponent('电单车乱停')}&kind=article`);
    assert.ok(!gone.body.items.some((x: any) => x.id === created.body.id), 'a disabled article is not found');
  });

  it('indexes an order once it is closed, with its reply', async () => {
    const o = await operator.post('/api/orders', complaint(I, { title: '楼道飞线充电电动车', description: '来电人反映小区5号楼有住户从窗户拉电线给电动车充电，存在火灾隐患。' }));
    await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    await cgj.post(`/api/orders/${o.body.id}/sign-for`);
    await cgj.post(`/api/orders/${o.body.id}/reply`, { result: '经现场核查，已拆除私拉电线，并引导住户到集中充电棚充电。' });
    const cb = await tp.as('callback1');
    await cb.post(`/api/orders/${o.body.id}/callback`, { satisfaction: 'satisfied', solved: true });
    assert.equal((await cb.post(`/api/orders/${o.body.id}/close`)).body.state, 'closed');
    await tp.scheduler.tick();
    const r = await operator.get(`/api/intake/search?q=${encodeURIComponent('飞线充电')}&kind=reply`);
    const hit = r.body.items.find((x: any) => x.id === o.body.id);
    assert.ok(hit, JSON.stringify(r.body));
    assert.match(hit.snippet, /拆除私拉电线/);
  });

  it('shows unit handlers knowledge articles only', async () => {
    assert.equal((await cgj.get(`/api/intake/search?q=${encodeURIComponent('停水')}&kind=reply`)).status, 403);
    const r = await cgj.get(`/api/intake/search?q=${encodeURIComponent('停水')}`);
    assert.equal(r.status, 200);
    for (const h of r.body.items) assert.equal(h.kind, 'article');
  });
});

describe('hot issues', () => {
  const created: number[] = [];
  before(async () => {
    for (const [title, description] of PLANT_COMPLAINTS) {
      const r = await operator.post('/api/orders', complaint(I, { title, description, categoryId: I.category('020104') }));
      assert.equal(r.status, 201);
      created.push(r.body.id);
    }
  });

  it('shows leaders the cluster of similar requests, named, counted and with its trend', async () => {
    const r = await leader.get('/api/intake/hot-issues?limit=5');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const top = r.body.items[0];
    assert.ok(top, 'there is a hot issue');
    assert.ok(top.count >= 6, JSON.stringify(top));
    assert.equal(top.residents, top.count, 'six callers, six residents');
    assert.ok(top.terms.includes('搅拌站'), JSON.stringify(top.terms));
    assert.match(top.label, /搅拌站/);
    assert.deepEqual(top.trend, { previous: 0, change: top.count, direction: 'new' });
    assert.ok(top.exampleOrderIds.every((id: number) => created.includes(id)));
    assert.equal(top.categories[0].code, '020104');
    assert.equal(top.territories[0].level, 'community');
  });

  it('limits to a territory, and to a window', async () => {
    const t = await tp.anon.get('/api/territories');
    const otherStreet = t.body.items.find((x: any) => x.code === '370214002');
    const there = await leader.get(`/api/intake/hot-issues?territoryId=${otherStreet.id}`);
    assert.equal(there.status, 200);
    assert.ok(!there.body.items.some((h: any) => h.exampleOrderIds.some((id: number) => created.includes(id))));
    const old = await leader.get('/api/intake/hot-issues?from=2020-01-01&to=2020-02-01');
    assert.deepEqual(old.body.items, []);
  });
});

describe('reply check', () => {
  let order: any;
  before(async () => {
    const o = await operator.post('/api/orders', complaint(I, {
      title: '小区门口路灯不亮', description: '来电人反映正阳路小区门口三盏路灯已经一周不亮，晚上老人出门容易摔倒，请尽快维修。',
    }));
    await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    await cgj.post(`/api/orders/${o.body.id}/sign-for`);
    order = o.body;
  });

  it('passes a reply that answers the request', async () => {
    const r = await cgj.post('/api/intake/reply-check', { orderId: order.id, result: '经现场查看，小区门口三盏路灯灯具老化损坏，已于当日更换为LED路灯，照明恢复正常，已电话告知来电人。' });
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, true, JSON.stringify(r.body));
    assert.deepEqual(r.body.warnings, []);
    assert.ok(r.body.matched.includes('路灯'));
  });

  it('warns about a reply to another request, and about an unfilled template', async () => {
    const off = await cgj.post('/api/intake/reply-check', { orderId: order.id, result: '经核实，该企业已按规定为员工补缴社会保险费，相关费用已到账。' });
    assert.equal(off.body.ok, false);
    const w = off.body.warnings.find((x: any) => x.code === 'off_topic');
    assert.ok(w, JSON.stringify(off.body));
    assert.match(w.message, /关联度低/);
    assert.match(w.messageEn, /little to do/);
    const tpl = await cgj.post('/api/intake/reply-check', { orderId: order.id, result: '经核实，XXX街道已于X月X日对路灯进行维修，处理结果：【请填写处理结果】。' });
    assert.ok(tpl.body.warnings.some((x: any) => x.code === 'template'), JSON.stringify(tpl.body));
    const short = await cgj.post('/api/intake/reply-check', { orderId: order.id, result: '已处理' });
    assert.ok(short.body.warnings.some((x: any) => x.code === 'too_short'));
  });

  it('checks only orders the user may see', async () => {
    assert.equal((await zjj.post('/api/intake/reply-check', { orderId: order.id, result: '已更换路灯，恢复照明。' })).status, 404);
  });
});

describe('several server processes', { skip: !onPostgres() && 'needs PostgreSQL (DATABASE_URL): PGlite is one process' }, () => {
  it('train one version at a time', async () => {
    const second = await startTestPlatform({ sharing: tp });
    try {
      const admin2 = await second.as('admin1');
      const [a, b] = await Promise.all([admin.post('/api/intake/model/retrain'), admin2.post('/api/intake/model/retrain')]);
      assert.deepEqual([a.status, b.status].sort(), [202, 409], 'one process claims the version, the other is told a training runs');
      const m = await modelReady();
      assert.equal(m.current.version, (a.status === 202 ? a : b).body.version);
      assert.equal(m.versions.filter((v: any) => v.status === 'training').length, 0);
    } finally {
      await second.stop();
    }
  });
});
