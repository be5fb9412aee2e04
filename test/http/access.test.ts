// Every user sees only what their role and unit allow; a confidential caller's phone is masked
// for units; buttons (the actions list) never offer what the server would refuse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let operator: Client, dispatcher: Client, street: Client, community: Client, otherCommunity: Client, cgj: Client, leader: Client, admin: Client;
let streetOrder: any, confidential: any;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [operator, dispatcher, street, community, otherCommunity, cgj, leader, admin] = await Promise.all([
    tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-st-chengyang'), tp.as('handler-cm-370214001001'),
    tp.as('handler-cm-370214002001'), tp.as('handler-cgj'), tp.as('leader1'), tp.as('admin1'),
  ]);
  streetOrder = (await operator.post('/api/orders', complaint(I, {
    caller: { name: '赵敏', phone: '13700001234', confidential: true },
  }))).body;
  await dispatcher.post(`/api/orders/${streetOrder.id}/dispatch`, { leadUnitId: I.unit('st-chengyang') });
  confidential = streetOrder;
});
after(() => tp.stop());

describe('log-in', () => {
  it('refuses a wrong password and requests without a session', async () => {
    const bad = await tp.anon.post('/api/auth/login', { username: 'operator1', password: 'wrong-password' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.message, '用户名或密码错误');
    assert.equal((await tp.anon.get('/api/orders')).status, 401);
    assert.equal((await tp.anon.post('/api/orders', complaint(I))).status, 401);
  });

  it('stores passwords with a memory-hard hash', async () => {
    const r = await tp.db.query<{ password_hash: string }>(sql`select password_hash from users where username = 'operator1'`);
    assert.match(r.rows[0]!.password_hash, /^\$argon2id\$/);
  });

  it('ends the session at log-out', async () => {
    const c = await tp.as('operator2');
    assert.equal((await c.post('/api/auth/logout')).status, 200);
    assert.equal((await c.get('/api/me')).status, 401);
  });
});

describe('visibility by unit', () => {
  it('a unit sees orders sent to it or below it, and no others', async () => {
    assert.equal((await street.get(`/api/orders/${streetOrder.id}`)).status, 200);
    assert.equal((await cgj.get(`/api/orders/${streetOrder.id}`)).status, 404);
    assert.equal((await community.get(`/api/orders/${streetOrder.id}`)).status, 404, 'not yet sent down to the community');
    await street.post(`/api/orders/${streetOrder.id}/sign-for`);
    await street.post(`/api/orders/${streetOrder.id}/send-down`, { toUnitId: I.unit('cm-370214001001') });
    assert.equal((await community.get(`/api/orders/${streetOrder.id}`)).status, 200);
    assert.equal((await otherCommunity.get(`/api/orders/${streetOrder.id}`)).status, 404, 'a community of another street');
    const list = await cgj.get('/api/orders?pageSize=200');
    assert.equal(list.status, 200);
    assert.ok(!list.body.items.some((x: any) => x.id === streetOrder.id));
    const sent = await tp.db.query<{ order_id: number }>(sql`select order_id from order_units where unit_id = ${I.unit('cgj')}`);
    const mine = new Set(sent.rows.map((r) => r.order_id));
    assert.ok(list.body.items.length > 0);
    for (const o of list.body.items) assert.ok(mine.has(o.id), `cgj sees only orders sent to it, got ${o.code}`);
    assert.equal(list.body.total, mine.size);
  });

  it('the street, above the community, keeps seeing what it sent down', async () => {
    assert.equal((await street.get(`/api/orders/${streetOrder.id}`)).status, 200);
    const inbox = await community.get('/api/orders?mine=true');
    assert.ok(inbox.body.items.some((x: any) => x.id === streetOrder.id), "in the community's inbox");
  });

  it('centre staff and leaders see every order', async () => {
    for (const c of [operator, dispatcher, leader, admin]) assert.equal((await c.get(`/api/orders/${streetOrder.id}`)).status, 200);
  });
});

describe('confidential callers', () => {
  it('masks the phone and name for units, in the order and in its events, but not for the centre', async () => {
    const unitView = await street.get(`/api/orders/${confidential.id}`);
    assert.equal(unitView.body.caller.phone, '137****1234');
    assert.notEqual(unitView.body.caller.name, '赵敏');
    assert.ok(!JSON.stringify(unitView.body).includes('13700001234'), 'nowhere in the response');
    const centre = await operator.get(`/api/orders/${confidential.id}`);
    assert.equal(centre.body.caller.phone, '13700001234');
    const list = await street.get('/api/orders?pageSize=200');
    assert.ok(!JSON.stringify(list.body).includes('13700001234'));
  });
});

describe('attachments', () => {
  it('a photo sent with a request is seen by the unit handling it and by no other unit', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1d5bd5a0000000049454e44ae426082', 'hex');
    const up = await tp.anon.post('/api/public/attachments', { name: '现场.png', contentType: 'image/png', dataBase64: png.toString('base64') });
    assert.equal(up.status, 201);
    const notImage = await tp.anon.post('/api/public/attachments', { name: 'x.exe', contentType: 'application/x-msdownload', dataBase64: 'AAAA' });
    assert.equal(notImage.status, 415);
    const sub = await tp.anon.post('/api/public/requests', {
      requestType: 'complaint', title: '路面塌陷', description: '正阳路路面塌陷', caller: { phone: '13600002222' }, attachmentIds: [up.body.id],
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    await dispatcher.post(`/api/orders/${sub.body.code}/dispatch`, { leadUnitId: I.unit('cgj') });
    const got = await fetch(`${tp.url}/api/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${cgj.token}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), png);
    const other = await fetch(`${tp.url}/api/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${street.token}` } });
    assert.equal(other.status, 404);
    const missing = await cgj.post(`/api/orders/${sub.body.code}/sign-for`);
    assert.equal(missing.status, 200);
    const bad = await cgj.post(`/api/orders/${sub.body.code}/reply`, { result: '已修复', attachmentIds: [99999999] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.fields[0].field, 'attachmentIds.0');
  });
});

describe('roles', () => {
  it('refuses steps to the wrong role with 403 and offers only allowed actions', async () => {
    const o = (await operator.post('/api/orders', complaint(I))).body;
    const r = await leader.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /无权/);
    assert.equal((await cgj.post('/api/orders', complaint(I))).status, 403, 'units do not accept requests');
    assert.deepEqual((await leader.get(`/api/orders/${o.id}`)).body.actions, []);
    const d = (await dispatcher.get(`/api/orders/${o.id}`)).body.actions;
    assert.ok(d.includes('dispatch') && d.includes('merge') && !d.includes('signFor'));
    const afterDispatch = (await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') })).body;
    assert.ok(afterDispatch.actions.includes('reassign') && !afterDispatch.actions.includes('dispatch'));
    const unit = (await cgj.get(`/api/orders/${o.id}`)).body.actions;
    assert.deepEqual(unit.sort(), ['return', 'signFor']);
  });

  it('keeps configuration to administrators', async () => {
    const body = { code: 'test-unit', name: '测试单位', kind: 'department', parentId: I.unit('centre'), tier: 3 };
    assert.equal((await dispatcher.post('/api/units', body)).status, 403);
    const ok = await admin.post('/api/units', body);
    assert.equal(ok.status, 201);
    assert.equal((await admin.post('/api/units', body)).status, 409, 'codes are unique');
    const units = await dispatcher.get('/api/units');
    assert.ok(units.body.items.some((u: any) => u.code === 'test-unit'), 'a new unit is usable at once, by every process');
    const log = await tp.db.query(sql`select * from admin_events where entity = 'unit' and action = 'create'`);
    assert.equal(log.rowCount, 1, 'the change is recorded');
  });
});
