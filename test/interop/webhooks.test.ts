// Webhooks: an administrator subscribes URLs to order events; deliveries are signed, retried from
// the durable queue until the receiver answers 2xx, never sent twice, and logged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verify } from '../../src/interop/signing.ts';
import { interopSweeps } from '../../src/jobs/interop.ts';
import { SWEEPS } from '../../src/jobs/sweeps.ts';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { startReceiver, type Receiver } from './support.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let admin: Client, operator: Client, dispatcher: Client, cgj: Client, callback: Client;
let unitHook: Receiver, allHook: Receiver;
let unitSecret: string, allSecret: string;
let unitHookId: number;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [admin, operator, dispatcher, cgj, callback] = await Promise.all([tp.as('admin1'), tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj'), tp.as('callback1')]);
  [unitHook, allHook] = await Promise.all([startReceiver(), startReceiver()]);
  await tp.scheduler.tick(); // the history is behind us
});
after(async () => {
  await Promise.all([unitHook.close(), allHook.close()]);
  await tp.stop();
});

const byEvent = (r: Receiver, event: string, code?: string) => r.received.filter((x) => x.json?.event === event && (!code || x.json.order.code === code));

describe('subscriptions', () => {
  it('are for administrators, validated, and show their signing secret once', async () => {
    assert.equal((await operator.post('/api/interop/webhooks', { name: 'x', url: unitHook.url, events: ['order.closed'] })).status, 403);
    const bad = await admin.post('/api/interop/webhooks', { name: '', url: 'mailto:x', events: ['order.exploded'] });
    assert.equal(bad.status, 400);
    const fields = bad.body.fields.map((f: any) => f.field);
    for (const f of ['name', 'url', 'events.0']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    assert.ok(bad.body.fields.every((f: any) => f.message && f.messageEn));
    assert.equal((await admin.post('/api/interop/webhooks', { name: 'x', url: unitHook.url, events: [] })).status, 400);

    const u = await admin.post('/api/interop/webhooks', { name: '城管局工单系统', url: unitHook.url, events: ['order.new_for_unit', 'order.due_soon', 'order.overdue'], unitId: I.unit('cgj') });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    assert.match(u.body.secret, /^whsec_/);
    unitSecret = u.body.secret;
    unitHookId = u.body.id;
    const a = await admin.post('/api/interop/webhooks', { name: '数据中台', url: allHook.url, events: ['order.closed', 'order.new_for_unit'] });
    allSecret = a.body.secret;
    const list = await admin.get('/api/interop/webhooks');
    assert.equal(list.body.items.length, 2);
    assert.ok(!JSON.stringify(list.body).includes(unitSecret), 'the secret is not shown again');
    assert.deepEqual(list.body.events.map((e: any) => e.event), ['order.new_for_unit', 'order.due_soon', 'order.overdue', 'order.closed']);
  });
});

describe('deliveries', () => {
  it('tell a unit about a new order, signed, with no personal data, and only units in scope', async () => {
    const o = await operator.post('/api/orders', complaint(I));
    const d = await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj'), assistUnitIds: [I.unit('zjj')] });
    const other = await operator.post('/api/orders', complaint(I));
    await dispatcher.post(`/api/orders/${other.body.id}/dispatch`, { leadUnitId: I.unit('zjj') });
    await tp.scheduler.tick();

    const got = byEvent(unitHook, 'order.new_for_unit', o.body.code);
    assert.equal(got.length, 1);
    const h = got[0]!;
    assert.deepEqual(verify(unitSecret, h.body, h.headers['x-minsheng-signature'] as string), { ok: true });
    assert.equal(h.headers['x-minsheng-event'], 'order.new_for_unit');
    assert.equal(h.headers['x-minsheng-delivery'], h.json.id);
    assert.deepEqual(h.json.units.map((u: any) => u.code), ['cgj'], 'the subscribed unit, not the assisting one outside its scope');
    assert.equal(h.json.order.leadUnit.code, 'cgj');
    assert.equal(h.json.order.handleDue, d.body.handleDue);
    assert.ok(!h.body.includes(o.body.caller.phone) && !h.body.includes(o.body.caller.name), 'no caller data');
    assert.equal(byEvent(unitHook, 'order.new_for_unit', other.body.code).length, 0, 'another unit\'s order is not sent');
    const all = byEvent(allHook, 'order.new_for_unit', o.body.code);
    assert.deepEqual(all[0]!.json.units.map((u: any) => u.code), ['cgj', 'zjj']);
    assert.deepEqual(verify(allSecret, all[0]!.body, all[0]!.headers['x-minsheng-signature'] as string), { ok: true });

    // a send-down is news for the unit below
    const st = await operator.post('/api/orders', complaint(I));
    await dispatcher.post(`/api/orders/${st.body.id}/dispatch`, { leadUnitId: I.unit('st-chengyang') });
    const street = await tp.as('handler-st-chengyang');
    await street.post(`/api/orders/${st.body.id}/sign-for`);
    await street.post(`/api/orders/${st.body.id}/send-down`, { toUnitId: I.unit('cm-370214001001') });
    await tp.scheduler.tick();
    const downs = byEvent(allHook, 'order.new_for_unit', st.body.code).map((x) => x.json.units.map((u: any) => u.code));
    assert.deepEqual(downs, [['st-chengyang'], ['cm-370214001001']]);
  });

  it('tell when an order is closed', async () => {
    const o = await operator.post('/api/orders', complaint(I));
    await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    await cgj.post(`/api/orders/${o.body.id}/sign-for`);
    await cgj.post(`/api/orders/${o.body.id}/reply`, { result: '已处理' });
    await callback.post(`/api/orders/${o.body.id}/callback`, { satisfaction: 'satisfied', solved: true });
    await callback.post(`/api/orders/${o.body.id}/close`);
    const now = await operator.post('/api/orders', complaint(I, { requestType: 'consult', answer: { text: '已当场答复' } }));
    await tp.scheduler.tick();
    assert.equal(byEvent(allHook, 'order.closed', o.body.code).length, 1);
    assert.equal(byEvent(allHook, 'order.closed', o.body.code)[0]!.json.order.state, 'closed');
    assert.equal(byEvent(allHook, 'order.closed', now.body.code).length, 1, 'answered at once is closed too');
    assert.equal(byEvent(unitHook, 'order.closed').length, 0, 'not subscribed');
  });

  it('tell when an order is due soon and when it is overdue', async () => {
    const o = await operator.post('/api/orders', complaint(I));
    const d = await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    tp.clock.set(new Date(new Date(d.body.handleDue).getTime() - 3_600_000));
    await tp.scheduler.tick();
    assert.equal(byEvent(unitHook, 'order.due_soon', o.body.code).length, 1);
    assert.equal(byEvent(unitHook, 'order.overdue', o.body.code).length, 0);
    tp.clock.set(new Date(new Date(d.body.handleDue).getTime() + 60_000));
    await tp.scheduler.tick();
    const od = byEvent(unitHook, 'order.overdue', o.body.code);
    assert.equal(od.length, 1);
    assert.equal(od[0]!.json.order.code, o.body.code);
    await tp.scheduler.tick();
    assert.equal(byEvent(unitHook, 'order.overdue', o.body.code).length, 1, 'never twice');
  });

  it('are retried with back-off until the receiver answers, and every attempt is logged', async () => {
    [admin, operator, dispatcher] = await Promise.all([tp.as('admin1'), tp.as('operator1'), tp.as('dispatcher1')]); // the clock moved
    allHook.respond.status = 503;
    const o = await operator.post('/api/orders', complaint(I, { requestType: 'consult', answer: { text: '已答复' } }));
    await tp.scheduler.tick();
    const rows = async () => (await tp.db.query<{ id: number; status: string; attempts: number; next_attempt_at: Date; last_status: number }>(sql`select id, status, attempts, next_attempt_at, last_status from interop_deliveries where order_id = ${o.body.id} and topic = 'order.closed'`)).rows;
    let r = (await rows())[0]!;
    assert.deepEqual([r.status, r.attempts, r.last_status], ['pending', 1, 503]);
    const wait1 = new Date(r.next_attempt_at).getTime() - tp.clock.now().getTime();
    assert.ok(wait1 > 0);
    await tp.scheduler.tick();
    assert.equal((await rows())[0]!.attempts, 1, 'waits for its time');
    tp.clock.advance(wait1);
    await tp.scheduler.tick();
    r = (await rows())[0]!;
    assert.equal(r.attempts, 2);
    assert.ok(new Date(r.next_attempt_at).getTime() - tp.clock.now().getTime() > wait1, 'the wait doubles');
    allHook.respond.status = 200;
    tp.clock.advance(3_600_000);
    await tp.scheduler.tick();
    r = (await rows())[0]!;
    assert.deepEqual([r.status, r.attempts], ['delivered', 3]);
    const sent = byEvent(allHook, 'order.closed', o.body.code);
    assert.equal(sent.length, 3, 'three requests reached the receiver');
    assert.equal(new Set(sent.map((s) => s.json.id)).size, 1, 'with one delivery id, for the receiver to see they are one');

    const log = await admin.get(`/api/interop/deliveries/${r.id}`);
    assert.equal(log.status, 200);
    assert.deepEqual(log.body.log.map((l: any) => l.httpStatus), [503, 503, 200]);
    assert.equal(log.body.status, 'delivered');
    assert.equal(log.body.target, '数据中台');
    const page = await admin.get(`/api/interop/deliveries?kind=webhook&orderId=${o.body.id}`);
    assert.equal(page.body.total, 1);
    assert.ok(page.body.counts.delivered > 0);
  });

  it('run on a scheduler of their own, and are leased and logged at the time they are sent, not when the sweep began', async () => {
    assert.ok(!SWEEPS.some((s) => interopSweeps.some((i) => i.name === s.name)), 'not in the main sweep: a slow receiver never holds up escalation');
    const o = await operator.post('/api/orders', complaint(I, { requestType: 'consult', answer: { text: '已答复' } }));
    const sweepStart = tp.clock.now();
    await interopSweeps[0]!.run(tp.app, sweepStart);
    tp.clock.advance(5 * 60_000); // slow receivers before this one: the sweep began five minutes ago
    allHook.respond.status = 503;
    await interopSweeps[1]!.run(tp.app, sweepStart);
    const row = async () => (await tp.db.query<{ id: number; status: string; next_attempt_at: Date }>(sql`select id, status, next_attempt_at from interop_deliveries where order_id = ${o.body.id} and topic = 'order.closed'`)).rows[0]!;
    const d = await row();
    const attempts = await tp.db.query<{ at: Date }>(sql`select at from interop_attempts where delivery_id = ${d.id}`);
    assert.deepEqual(attempts.rows.map((a) => new Date(a.at).getTime()), [tp.clock.now().getTime()], 'logged when it was sent');
    assert.equal(new Date(d.next_attempt_at).getTime(), tp.clock.now().getTime() + 30_000, 'the back-off counts from then');
    allHook.respond.status = 200;
    tp.clock.advance(60_000);
    await tp.interopScheduler.tick();
    assert.equal((await row()).status, 'delivered');
    const page = await admin.get(`/api/interop/deliveries?orderId=${o.body.id}`);
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.items.map((x: any) => [x.orderCode, x.target, x.status]), [[o.body.code, '数据中台', 'delivered']]);
  });

  it('stop when the subscription is disabled', async () => {
    assert.equal((await admin.del(`/api/interop/webhooks/${unitHookId}`)).status, 200);
    const before = unitHook.received.length;
    const o = await operator.post('/api/orders', complaint(I));
    await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    await tp.scheduler.tick();
    assert.equal(unitHook.received.length, before);
  });
});
