// The 110 link: the police platform hands over a matter that is not police business (with the
// original call time and its incident number), and 12345 hands a police matter over to 110. Both
// are events on the order. A local HTTP server plays the police platform.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { verify } from '../../src/interop/signing.ts';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { signedPost, startReceiver, type Receiver } from './support.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let admin: Client, operator: Client, dispatcher: Client, cgj: Client;
let police: Receiver;
const secret = randomBytes(24).toString('hex');
let inbox: string;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [admin, operator, dispatcher, cgj] = await Promise.all([tp.as('admin1'), tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj')]);
  police = await startReceiver();
  inbox = `${tp.url}/api/interop/links/110/messages`;
});
after(async () => {
  await police.close();
  await tp.stop();
});

const transfer = (over: Record<string, unknown> = {}, id = `msg-${randomBytes(4).toString('hex')}`) => ({
  id, type: 'order.transfer', sentAt: new Date().toISOString(),
  data: {
    incidentNo: 'J3702142026112100123', callTime: '2026-11-21T08:12:30+08:00', policeUnit: '城阳分局指挥中心',
    description: '报警人称小区地下车库排水泵损坏，雨后积水严重，非警情，转 12345 处理。',
    categoryCode: '100601', requestType: 'help',
    caller: { name: '赵先生', phone: '13800138000' },
    place: { territoryCode: '37021400100101', address: '城阳街道正阳路 200 号地下车库' },
    ...over,
  },
});

describe('before the link is configured', () => {
  it('refuses a hand-over to 110 with a clear reason', async () => {
    const o = await operator.post('/api/orders', complaint(I));
    const r = await operator.post(`/api/orders/${o.body.id}/handover-110`, { reason: '涉嫌违法犯罪，属警情' });
    assert.equal(r.status, 409);
    assert.equal(r.body.error, 'no_police_link');
    assert.match(r.body.message, /110/);
    const msg = await signedPost(inbox, secret, transfer());
    assert.equal(msg.status, 404, 'no link, no inbox');
  });

  it('is configured by an administrator', async () => {
    const l = await admin.post('/api/interop/links', { code: '110', name: '城阳公安110指挥平台', kind: 'police', peerUrl: police.url, secret });
    assert.equal(l.status, 201, JSON.stringify(l.body));
    assert.equal(l.body.hasSecret, true);
    assert.equal(l.body.secretEnv, null);
    assert.ok(!JSON.stringify(l.body).includes(secret));
  });
});

describe('from 110 to 12345', () => {
  it('becomes an order of the 110 channel in the dispatch queue, with the incident number and the call time', async () => {
    const r = await signedPost(inbox, secret, transfer());
    assert.equal(r.status, 201, r.text);
    const o = (await operator.get(`/api/orders/${r.json.code}`)).body;
    assert.equal(o.channel, 'police_110');
    assert.equal(o.channelZh, '110转办');
    assert.equal(o.state, 'pending_dispatch');
    assert.deepEqual(o.externalRef, { policeIncidentNo: 'J3702142026112100123', policeCallTime: '2026-11-21T08:12:30+08:00', policeUnit: '城阳分局指挥中心' });
    assert.equal(o.category.code, '100601');
    assert.equal(o.place.territory.code, '37021400100101');
    assert.equal(o.caller.phone, '13800138000');
    assert.match(o.title, /^报警人称小区地下车库排水泵损坏/);
    assert.deepEqual(o.events.map((e: any) => e.type), ['accepted', 'registered']);
    assert.equal(o.events[0].actor.name, '110：城阳公安110指挥平台');
    assert.equal(o.events[0].data.externalRef.policeIncidentNo, 'J3702142026112100123', 'recorded in the event itself');
    const queue = await dispatcher.get('/api/orders?state=pending_dispatch&channel=police_110&pageSize=200');
    assert.ok(queue.body.items.some((x: any) => x.code === r.json.code));
  });

  it('gives the same order for the same incident, and the first answer for the same message', async () => {
    const m = transfer({ incidentNo: 'J-REPEAT-1' });
    const a = await signedPost(inbox, secret, m);
    const b = await signedPost(inbox, secret, m);
    const c = await signedPost(inbox, secret, transfer({ incidentNo: 'J-REPEAT-1' }));
    assert.equal(a.status, 201);
    assert.equal(b.json.replayed, true);
    assert.equal(c.status, 200, 'handed over again');
    assert.equal(new Set([a.json.code, b.json.code, c.json.code]).size, 1);
    const n = await tp.db.query<{ n: number }>(sql`select count(*)::int as n from orders where doc->'externalRef'->>'policeIncidentNo' = 'J-REPEAT-1'`);
    assert.equal(n.rows[0]!.n, 1);
  });

  it('refuses a bad signature and reports bad fields in both languages', async () => {
    assert.equal((await signedPost(inbox, 'wrong-secret-000000000000', transfer())).status, 401);
    const bad = await signedPost(inbox, secret, transfer({ incidentNo: '', callTime: '昨天', description: '', caller: { name: '匿名' } }));
    assert.equal(bad.status, 400);
    const f = Object.fromEntries(bad.json.fields.map((x: any) => [x.field, x]));
    for (const k of ['data.incidentNo', 'data.callTime', 'data.description', 'data.caller.phone']) assert.ok(f[k], `${k} in ${Object.keys(f)}`);
    assert.equal(f['data.incidentNo'].messageEn, 'incidentNo is required');
    assert.match(f['data.callTime'].message, /报警时间/);
    const other = await signedPost(inbox, secret, { ...transfer(), type: 'order.dispatched' });
    assert.equal(other.status, 400, 'the police link takes transfers only');
  });
});

describe('from 12345 to 110', () => {
  it('hands a police matter over: the order leaves the centre, 110 gets it signed and answers with its incident number', async () => {
    police.respond.status = 200;
    police.respond.body = { ok: true, incidentNo: 'J3702142026112100456' };
    const o = await operator.post('/api/orders', complaint(I, { title: '小区内有人持刀争执', description: '来电人称小区广场有两人持刀争执，情况紧急，属警情。' }));
    const h = await operator.post(`/api/orders/${o.body.id}/handover-110`, { reason: '涉及人身安全，属警情，移交110' });
    assert.equal(h.status, 200, JSON.stringify(h.body));
    assert.equal(h.body.state, 'withdrawn');
    const ev = h.body.events.at(-1);
    assert.equal(ev.type, 'handed_over');
    assert.equal(ev.typeZh, '移交（110/上级中心）');
    assert.deepEqual([ev.data.to, ev.note], ['police_110', '涉及人身安全，属警情，移交110']);
    assert.deepEqual(h.body.actions, [], 'nothing more to do here');

    await tp.scheduler.tick();
    const got = police.received.find((r) => r.json?.data?.code === o.body.code);
    assert.ok(got, 'the police platform got the order');
    assert.equal(got.json.type, 'order.handover');
    assert.equal(got.json.data.reason, '涉及人身安全，属警情，移交110');
    assert.equal(got.json.data.caller.phone, o.body.caller.phone, 'the police get the caller to call back');
    assert.deepEqual(verify(secret, got.body, got.headers['x-minsheng-signature'] as string), { ok: true }, 'signed with the shared secret');

    const after = (await operator.get(`/api/orders/${o.body.id}`)).body;
    const noted = after.events.at(-1);
    assert.equal(noted.type, 'link_noted');
    assert.equal(noted.data.ref, 'J3702142026112100456');
    assert.match(noted.note, /警情编号 J3702142026112100456/);
  });

  it('is refused once the order is with a unit, and to a unit handler', async () => {
    const o = await operator.post('/api/orders', complaint(I));
    await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    const late = await operator.post(`/api/orders/${o.body.id}/handover-110`, { reason: '属警情' });
    assert.equal(late.status, 409);
    const handler = await cgj.post(`/api/orders/${o.body.id}/handover-110`, { reason: '属警情' });
    assert.equal(handler.status, 403);
    const noReason = await operator.post(`/api/orders/${o.body.id}/handover-110`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.fields[0].field, 'reason');
  });
});
