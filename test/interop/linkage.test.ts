// Centre to centre (上下联动): a city centre and a district centre, two servers on two databases.
// The city dispatches to the district centre as to a unit; the district handles the order with its
// own units; its sign-for, reply and return come back to the city order, and the city's close,
// reopen and recall go down. Messages are signed, retried with back-off until acknowledged, kept
// in order per order, applied once, and a failed one is visible to an administrator who resends it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { deliverDue, enqueueOutbox } from '../../src/interop/outbox.ts';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { raw, signedPost, startReceiver } from './support.ts';
import { sql } from '../../src/store/sql.ts';

type TP = TestPlatform & { databaseUrl?: string };
let city: TP, district: TP;
let C: Ids, D: Ids;
let cityAdmin: Client, cityOperator: Client, cityDispatcher: Client, cityCallback: Client;
let distAdmin: Client, distDispatcher: Client, distCgj: Client, distOperator: Client;
let linkUnit: number;
let cityLinkId: number, distLinkId: number;
const secret = randomBytes(24).toString('hex');
const CODE = 'qd-chengyang';

before(async () => {
  [city, district] = await Promise.all([startTestPlatform(), startTestPlatform()]);
  [C, D] = await Promise.all([ids(city.db), ids(district.db)]);
  [cityAdmin, cityOperator, cityDispatcher, cityCallback] = await Promise.all([city.as('admin1'), city.as('operator1'), city.as('dispatcher1'), city.as('callback1')]);
  [distAdmin, distDispatcher, distCgj, distOperator] = await Promise.all([district.as('admin1'), district.as('dispatcher1'), district.as('handler-cgj'), district.as('operator1')]);

  // In the city's tree the district centre is a unit like any other (kind department), with a link.
  const u = await cityAdmin.post('/api/units', { code: 'link-chengyang', name: '城阳区12345热线中心', kind: 'department', parentId: C.unit('centre'), tier: 1 });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  linkUnit = u.body.id;
  const down = await cityAdmin.post('/api/interop/links', { code: CODE, name: '城阳区12345热线', kind: 'centre', direction: 'down', unitId: linkUnit, peerUrl: district.url, secret });
  assert.equal(down.status, 201, JSON.stringify(down.body));
  cityLinkId = down.body.id;
  const up = await distAdmin.post('/api/interop/links', { code: CODE, name: '青岛市12345热线', kind: 'centre', direction: 'up', peerUrl: city.url, secret });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  distLinkId = up.body.id;
});
after(() => Promise.all([city.stop(), district.stop()]));

const types = (o: { events: { type: string }[] }) => o.events.map((e) => e.type);

/** Sessions last 12 hours: after moving the city's clock by days, log in again. */
async function reloginCity() {
  [cityAdmin, cityOperator, cityDispatcher, cityCallback] = await Promise.all([city.as('admin1'), city.as('operator1'), city.as('dispatcher1'), city.as('callback1')]);
}

/** Accept at the city and dispatch to the district centre; deliver; return both sides' orders. */
async function sendDown(over: Record<string, unknown> = {}) {
  const a = await cityOperator.post('/api/orders', complaint(C, over));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await cityDispatcher.post(`/api/orders/${a.body.id}/dispatch`, { leadUnitId: linkUnit, note: '请区中心办理' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  await city.scheduler.tick();
  const c = (await cityOperator.get(`/api/orders/${a.body.id}`)).body;
  const noted = c.events.find((e: any) => e.type === 'link_noted');
  assert.ok(noted, `the city notes the district's answer: ${JSON.stringify(types(c))}`);
  const dist = (await distOperator.get(`/api/orders/${noted.data.ref}`)).body;
  return { city: c, district: dist };
}

describe('an order through both centres', () => {
  it('goes down, is handled by a district unit, and its sign-for and reply come back up; the close goes down', async () => {
    const { city: c, district: d } = await sendDown();
    assert.equal(c.state, 'dispatched');
    assert.equal(c.holderUnit.code, 'link-chengyang');
    assert.match(c.events.at(-1).note, /城阳区12345热线已接收，对方工单编号 \d{8}-\d{5}/);

    assert.equal(d.channel, 'upper_centre');
    assert.equal(d.state, 'pending_dispatch', 'in the district dispatch queue');
    assert.equal(d.title, c.title);
    assert.equal(d.category.code, '020101');
    assert.equal(d.caller.phone, c.caller.phone);
    assert.equal(d.place.territory.code, '37021400100101', 'territories match by their national code');
    assert.equal(d.externalRef.upperCode, c.code);
    assert.equal(d.externalRef.upperHandleDue, c.handleDue);

    const dd = await distDispatcher.post(`/api/orders/${d.id}/dispatch`, { leadUnitId: D.unit('cgj') });
    assert.equal(dd.status, 200, JSON.stringify(dd.body));
    assert.equal((await distCgj.post(`/api/orders/${d.id}/sign-for`)).status, 200);
    await district.scheduler.tick();
    const signed = (await cityOperator.get(`/api/orders/${c.id}`)).body;
    assert.equal(signed.state, 'handling', 'the district unit signing for it is the city order signed for');
    const se = signed.events.find((e: any) => e.type === 'signed_for');
    assert.equal(se.actor.unit.code, 'link-chengyang');
    assert.match(se.actor.name, /城阳区12345热线 .*城市管理局.* 宋志强/);

    const rep = await distCgj.post(`/api/orders/${d.id}/reply`, { result: '已责令工地停止夜间施工并处罚款。', handlerName: '李执法' });
    assert.equal(rep.status, 200);
    await district.scheduler.tick();
    const replied = (await cityOperator.get(`/api/orders/${c.id}`)).body;
    assert.equal(replied.state, 'replied');
    const re = replied.events.find((e: any) => e.type === 'replied');
    assert.equal(re.data.result, '已责令工地停止夜间施工并处罚款。');
    assert.match(re.data.handlerName, /城市管理局.*李执法/);

    await cityCallback.post(`/api/orders/${c.id}/callback`, { satisfaction: 'satisfied', solved: true, note: '市民满意' });
    const closed = await cityCallback.post(`/api/orders/${c.id}/close`);
    assert.equal(closed.body.state, 'closed');
    await city.scheduler.tick();
    const dclosed = (await distOperator.get(`/api/orders/${d.id}`)).body;
    assert.equal(dclosed.state, 'closed', 'the city verified and closed it: so is the district order');
    assert.deepEqual(types(dclosed).slice(-2), ['called_back', 'closed']);
    assert.equal(dclosed.lastCallback.satisfaction, 'satisfied');

    // Nothing is pending on either side, and every message was delivered once.
    for (const tp of [city, district]) {
      const r = await tp.db.query<{ status: string; attempts: number }>(sql`select status, attempts from interop_deliveries`);
      assert.ok(r.rows.every((x) => x.status === 'delivered' && x.attempts === 1), JSON.stringify(r.rows));
    }
  });

  it('reopens down to the same district unit when the city reopens', async () => {
    const { city: c, district: d } = await sendDown();
    await distDispatcher.post(`/api/orders/${d.id}/dispatch`, { leadUnitId: D.unit('cgj') });
    await distCgj.post(`/api/orders/${d.id}/sign-for`);
    await distCgj.post(`/api/orders/${d.id}/reply`, { result: '已处理' });
    await district.scheduler.tick();
    await cityCallback.post(`/api/orders/${c.id}/callback`, { satisfaction: 'unsatisfied', solved: false });
    const ro = await cityCallback.post(`/api/orders/${c.id}/reopen`, { reason: '夜间仍在施工' });
    assert.equal(ro.status, 200, JSON.stringify(ro.body));
    assert.equal(ro.body.holderUnit.code, 'link-chengyang');
    await city.scheduler.tick();
    const dr = (await distOperator.get(`/api/orders/${d.id}`)).body;
    assert.equal(dr.state, 'dispatched');
    assert.equal(dr.holderUnit.code, 'cgj', 'reopened to the same district unit');
    assert.equal(dr.counts.reopen, 1);
    await distCgj.post(`/api/orders/${d.id}/sign-for`);
    await distCgj.post(`/api/orders/${d.id}/reply`, { result: '已安装噪声监测设备' });
    await district.scheduler.tick();
    const cr = (await cityOperator.get(`/api/orders/${c.id}`)).body;
    assert.equal(cr.state, 'replied');
    assert.equal(cr.counts.reopen, 1);
    assert.equal(cr.events.filter((e: any) => e.type === 'replied').at(-1).data.result, '已安装噪声监测设备');
  });

  it('comes back to the city when the district returns it, and goes down again as a second dispatch', async () => {
    const { city: c, district: d } = await sendDown();
    const bad = await distCgj.post(`/api/orders/${d.id}/return-upstream`, { reason: '不属本区' });
    assert.equal(bad.status, 404, 'a unit handler never saw the order');
    const noReason = await distDispatcher.post(`/api/orders/${d.id}/return-upstream`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.fields[0].field, 'reason');
    const r = await distDispatcher.post(`/api/orders/${d.id}/return-upstream`, { reason: '该地址属于即墨区，请市中心改派' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.state, 'withdrawn');
    assert.equal(r.body.events.at(-1).type, 'handed_over');
    await district.scheduler.tick();
    const back = (await cityOperator.get(`/api/orders/${c.id}`)).body;
    assert.equal(back.state, 'pending_dispatch');
    assert.equal(back.counts.return, 1);
    const ret = back.events.find((e: any) => e.type === 'returned');
    assert.equal(ret.note, '该地址属于即墨区，请市中心改派');
    assert.equal(ret.actor.unit.code, 'link-chengyang');

    const again = await cityDispatcher.post(`/api/orders/${c.id}/dispatch`, { leadUnitId: linkUnit });
    assert.equal(again.body.counts.secondDispatch, 1);
    await city.scheduler.tick();
    const c2 = (await cityOperator.get(`/api/orders/${c.id}`)).body;
    const refs = c2.events.filter((e: any) => e.type === 'link_noted').map((e: any) => e.data.ref);
    assert.equal(refs.length, 2);
    assert.notEqual(refs[0], refs[1], 'a new order at the district');
    const d2 = (await distOperator.get(`/api/orders/${refs[1]}`)).body;
    assert.equal(d2.state, 'pending_dispatch');
    assert.equal(d2.externalRef.upperCode, c.code);
  });

  it('is recalled at the district when the city reassigns it elsewhere', async () => {
    const { city: c, district: d } = await sendDown();
    const r = await cityDispatcher.post(`/api/orders/${c.id}/reassign`, { leadUnitId: C.unit('cgj'), note: '改由区城管局直接办理' });
    assert.equal(r.status, 200);
    await city.scheduler.tick();
    const dw = (await distOperator.get(`/api/orders/${d.id}`)).body;
    assert.equal(dw.state, 'withdrawn');
    assert.equal(dw.events.at(-1).note, '改由区城管局直接办理');
    assert.match(dw.events.at(-1).actor.name, /上级中心/);
  });
});

describe('messages', () => {
  it('are applied once: a replayed or concurrent duplicate gets the first answer and changes nothing', async () => {
    const { city: c, district: d } = await sendDown();
    const delivered = await city.db.query<{ payload: Record<string, unknown> }>(sql`select payload from interop_deliveries where order_id = ${c.id} and topic = 'order.dispatched'`);
    const msg = delivered.rows[0]!.payload;
    const url = `${district.url}/api/interop/links/${CODE}/messages`;
    const count = async () => (await district.db.query<{ n: number }>(sql`select count(*)::int as n from orders where channel = 'upper_centre'`)).rows[0]!.n;
    const before = await count();
    const rs = await Promise.all([signedPost(url, secret, msg), signedPost(url, secret, msg), signedPost(url, secret, msg)]);
    assert.deepEqual(rs.map((r) => r.status), [200, 200, 200]);
    assert.ok(rs.every((r) => r.json.code === d.code), 'the same district order each time');
    assert.equal(await count(), before, 'no second order');

    // a step message twice: one sign-for
    await distDispatcher.post(`/api/orders/${d.id}/dispatch`, { leadUnitId: D.unit('cgj') });
    await distCgj.post(`/api/orders/${d.id}/sign-for`);
    const signMsg = { id: 'replay-sign-1', type: 'order.signed_for', sentAt: new Date().toISOString(), data: { upperCode: c.code, unitName: '城管局', handlerName: '宋志强' } };
    const cityUrl = `${city.url}/api/interop/links/${CODE}/messages`;
    const s1 = await signedPost(cityUrl, secret, signMsg);
    const s2 = await signedPost(cityUrl, secret, signMsg);
    assert.equal(s1.status, 200, s1.text);
    assert.equal(s2.json.replayed, true);
    await district.scheduler.tick(); // the district's own sign-for message arrives too: no second sign-for
    const co = (await cityOperator.get(`/api/orders/${c.id}`)).body;
    assert.equal(co.events.filter((e: any) => e.type === 'signed_for').length, 1);
  });

  it('are refused unsigned, wrongly signed, malformed, or of a type the side does not take', async () => {
    const url = `${district.url}/api/interop/links/${CODE}/messages`;
    const msg = { id: 'm-1', type: 'order.recalled', sentAt: new Date().toISOString(), data: { upperCode: '20260101-00001' } };
    const unsigned = await raw(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(msg) });
    assert.equal(unsigned.status, 401);
    assert.match(unsigned.json.message, /签名/);
    assert.equal((await signedPost(url, 'not-the-secret-0123456789', msg)).status, 401);
    assert.equal((await signedPost(`${district.url}/api/interop/links/nope/messages`, secret, msg)).status, 404);
    const unknown = await signedPost(url, secret, msg);
    assert.equal(unknown.status, 404, 'no order came down under that code');
    const wrongSide = await signedPost(url, secret, { ...msg, type: 'order.replied' });
    assert.equal(wrongSide.status, 400);
    assert.equal(wrongSide.json.fields[0].field, 'type');
    const bad = await signedPost(url, secret, { id: 'm-2', type: 'order.dispatched', sentAt: 'yesterday', data: { upperCode: 'x', title: '', requestType: 'shout' } });
    assert.equal(bad.status, 400);
    assert.ok(bad.json.fields.some((f: any) => f.field === 'sentAt'));
    const badData = await signedPost(url, secret, { id: 'm-3', type: 'order.dispatched', sentAt: new Date().toISOString(), data: { upperCode: 'x', title: '', requestType: 'shout' } });
    assert.equal(badData.status, 400);
    const fields = badData.json.fields.map((f: any) => f.field);
    for (const f of ['data.title', 'data.requestType', 'data.description', 'data.acceptedAt']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    assert.ok(badData.json.fields.every((f: any) => f.message && f.messageEn));
  });

  it('are retried with back-off until acknowledged, in order, and a failed one can be resent by an administrator', async () => {
    // The district is unreachable: its URL points at a closed port.
    const gone = await startReceiver();
    await gone.close();
    const deadUrl = gone.url.replace('/hook', '');
    assert.equal((await cityAdmin.patch(`/api/interop/links/${cityLinkId}`, { peerUrl: deadUrl })).status, 200);

    const a = await cityOperator.post('/api/orders', complaint(C));
    await cityDispatcher.post(`/api/orders/${a.body.id}/dispatch`, { leadUnitId: linkUnit });
    await city.scheduler.tick();
    const q = async () => (await city.db.query<{ id: number; topic: string; status: string; attempts: number; next_attempt_at: Date; last_error: string | null }>(sql`select id, topic, status, attempts, next_attempt_at, last_error from interop_deliveries where order_id = ${a.body.id} order by id`)).rows;
    let ds = await q();
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.status, 'pending');
    assert.equal(ds[0]!.attempts, 1);
    assert.ok(ds[0]!.last_error);
    assert.ok(new Date(ds[0]!.next_attempt_at) > city.clock.now(), 'the next attempt waits');

    await city.scheduler.tick();
    assert.equal((await q())[0]!.attempts, 1, 'not before its time');

    // A later message of the same order waits behind the first.
    await cityDispatcher.post(`/api/orders/${a.body.id}/reassign`, { leadUnitId: C.unit('cgj'), note: '改派' });
    city.clock.advance(60_000);
    await city.scheduler.tick();
    ds = await q();
    assert.deepEqual(ds.map((d) => d.topic), ['order.dispatched', 'order.recalled']);
    assert.equal(ds[0]!.attempts, 2);
    assert.equal(ds[1]!.attempts, 0, 'the recall is not sent before the order it recalls');
    const waits = [new Date(ds[0]!.next_attempt_at).getTime() - city.clock.now().getTime()];

    // Until the last attempt fails: then it is visible as failed.
    for (let i = 0; i < 20 && (await q())[0]!.status !== 'failed'; i++) {
      city.clock.advance(7 * 3_600_000);
      await city.scheduler.tick();
      const d0 = (await q())[0]!;
      if (d0.status === 'pending') waits.push(new Date(d0.next_attempt_at).getTime() - city.clock.now().getTime());
    }
    await reloginCity();
    ds = await q();
    assert.equal(ds[0]!.status, 'failed');
    assert.equal(ds[0]!.attempts, 12);
    assert.ok(waits[1]! > waits[0]!, 'the back-off grows');
    const failed = await cityAdmin.get('/api/interop/deliveries?status=failed');
    assert.ok(failed.body.items.some((x: any) => x.id === Number(ds[0]!.id) && x.orderCode === a.body.code && x.target === '城阳区12345热线'));
    const one = await cityAdmin.get(`/api/interop/deliveries/${ds[0]!.id}`);
    assert.equal(one.body.log.length, 12, 'every attempt is logged');
    assert.ok(one.body.log.every((l: any) => l.error));
    assert.equal((await cityOperator.get('/api/interop/deliveries')).status, 403);

    // The district is back; the administrator resends; both messages go, in order.
    assert.equal((await cityAdmin.patch(`/api/interop/links/${cityLinkId}`, { peerUrl: district.url })).status, 200);
    const rs = await cityAdmin.post(`/api/interop/deliveries/${ds[0]!.id}/resend`);
    assert.equal(rs.status, 200);
    assert.equal(rs.body.status, 'pending');
    await city.scheduler.tick();
    ds = await q();
    assert.deepEqual(ds.map((d) => d.status), ['delivered', 'delivered']);
    const code = (await cityOperator.get(`/api/orders/${a.body.id}`)).body.events.find((e: any) => e.type === 'link_noted').data.ref;
    const dw = (await distOperator.get(`/api/orders/${code}`)).body;
    assert.equal(dw.state, 'withdrawn', 'created, then recalled: in that order');
    assert.equal((await cityAdmin.post(`/api/interop/deliveries/${ds[0]!.id}/resend`)).status, 409, 'a delivered message is not resent');
  });

  it('keep trying while the secrets disagree, and go through once they match', async () => {
    assert.equal((await distAdmin.patch(`/api/interop/links/${distLinkId}`, { secret: randomBytes(24).toString('hex') })).status, 200);
    const a = await cityOperator.post('/api/orders', complaint(C));
    await cityDispatcher.post(`/api/orders/${a.body.id}/dispatch`, { leadUnitId: linkUnit });
    await city.scheduler.tick();
    const q = async () => (await city.db.query<{ status: string; last_status: number | null }>(sql`select status, last_status from interop_deliveries where order_id = ${a.body.id}`)).rows[0]!;
    assert.deepEqual(await q(), { status: 'pending', last_status: 401 });
    assert.equal((await distAdmin.patch(`/api/interop/links/${distLinkId}`, { secret })).status, 200);
    city.clock.advance(60_000);
    await city.scheduler.tick();
    assert.equal((await q()).status, 'delivered');
    const links = await distAdmin.get('/api/interop/links');
    assert.ok(!JSON.stringify(links.body).includes(secret), 'the secret is never shown');
    assert.equal(links.body.items[0].hasSecret, true);
  });

  it('are enqueued and delivered once however many sweeps run at the same time', async () => {
    const a = await cityOperator.post('/api/orders', complaint(C));
    await cityDispatcher.post(`/api/orders/${a.body.id}/dispatch`, { leadUnitId: linkUnit });
    const now = city.clock.now();
    const apps = [city.app];
    let second: TP | null = null;
    if (onPostgres()) {
      second = await startTestPlatform({ sharing: city });
      apps.push(second.app);
    }
    try {
      await Promise.all([...apps, ...apps].map((app) => enqueueOutbox(app)));
      await Promise.all([...apps, ...apps].map((app) => deliverDue(app)));
    } finally {
      await second?.stop();
    }
    const ds = await city.db.query<{ status: string; attempts: number }>(sql`select status, attempts from interop_deliveries where order_id = ${a.body.id}`);
    assert.deepEqual(ds.rows, [{ status: 'delivered', attempts: 1 }]);
    const down = await district.db.query<{ n: number }>(sql`select count(*)::int as n from orders where doc->'externalRef'->>'upperCode' = ${a.body.code}`);
    assert.equal(down.rows[0]!.n, 1, 'one order at the district');
  });
});

describe('configuration', () => {
  it('is for administrators, validated, and refuses a centre-kind unit for a lower centre', async () => {
    assert.equal((await cityOperator.get('/api/interop/links')).status, 403);
    const bad = await cityAdmin.post('/api/interop/links', { code: 'x y', name: '', kind: 'centre', peerUrl: 'ftp://x', secret: 'short' });
    assert.equal(bad.status, 400);
    const fields = bad.body.fields.map((f: any) => f.field);
    for (const f of ['code', 'name', 'peerUrl', 'secret']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    assert.ok(bad.body.fields.every((f: any) => f.message && f.messageEn));
    const centreUnit = await cityAdmin.post('/api/interop/links', { code: 'bad-1', name: '某区', kind: 'centre', direction: 'down', unitId: C.unit('centre'), peerUrl: district.url, secret });
    assert.equal(centreUnit.status, 400);
    assert.equal(centreUnit.body.fields[0].field, 'unitId');
    const noDirection = await cityAdmin.post('/api/interop/links', { code: 'bad-2', name: '某区', kind: 'centre', peerUrl: district.url, secretEnv: 'MINSHENG_LINK_SECRET' });
    assert.equal(noDirection.status, 400);
    assert.equal(noDirection.body.fields[0].field, 'direction');
    const taken = await cityAdmin.post('/api/interop/links', { code: 'bad-3', name: '某区', kind: 'centre', direction: 'down', unitId: linkUnit, peerUrl: district.url, secret });
    assert.equal(taken.status, 400, 'one link per unit');
    const env = await cityAdmin.post('/api/interop/links', { code: 'env-1', name: '即墨区', kind: 'centre', direction: 'down', unitId: C.unit('co-bus'), peerUrl: district.url, secretEnv: 'MINSHENG_TEST_UNSET_SECRET' });
    assert.equal(env.status, 201);
    assert.equal(env.body.hasSecret, false, 'the variable is not set in this process');
    assert.equal((await cityAdmin.patch(`/api/interop/links/${env.body.id}`, { active: false })).status, 200);
  });
});
