// Escalation with nobody touching the order: advance the clock the job uses, run the sweep, and
// read what happened over HTTP. Two server processes on one PostgreSQL never escalate twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform & { databaseUrl?: string };
let I: Ids;
let operator: Client, dispatcher: Client, cgj: Client, supervisor: Client;
const HOUR = 3_600_000;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [operator, dispatcher, cgj, supervisor] = await Promise.all([tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj'), tp.as('supervisor1')]);
});
after(() => tp.stop());

async function emergencyOrder() {
  const o = (await operator.post('/api/orders', complaint(I, { requestType: 'help', emergency: true }))).body;
  const d = await dispatcher.post(`/api/orders/${o.id}/dispatch`, {
    leadUnitId: I.unit('cgj'), phoneNotice: { calledAt: tp.clock.now().toISOString(), person: '值班员', phone: '0532-87861234' },
  });
  assert.equal(d.status, 200);
  await cgj.post(`/api/orders/${o.id}/sign-for`);
  return d.body;
}

const escalations = (o: any) => o.events.filter((e: any) => e.type === 'escalated' || (e.type === 'supervised' && e.data.auto)).map((e: any) => e.data.level ?? 'supervised');

/** Move the clock; sessions last 12 hours of that clock, so log in again. */
async function setClock(t: Date) {
  tp.clock.set(t);
  [operator, dispatcher, cgj, supervisor] = await Promise.all([tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj'), tp.as('supervisor1')]);
}

describe('the escalation ladder', () => {
  it('warns, marks overdue, supervises and transfers to discipline inspection as time passes', async () => {
    const start = tp.clock.now();
    const o = await emergencyOrder(); // 24 clock hours: warning 6 hours before
    await tp.scheduler.tick();
    let cur = (await supervisor.get(`/api/orders/${o.id}`)).body;
    assert.deepEqual(escalations(cur), []);
    assert.equal(cur.deadlineColour, 'normal');

    await setClock(new Date(start.getTime() + 19 * HOUR));
    await tp.scheduler.tick();
    cur = (await supervisor.get(`/api/orders/${o.id}`)).body;
    assert.deepEqual(escalations(cur), ['warned']);
    assert.equal(cur.deadlineColour, 'due_soon');
    const soon = await cgj.get('/api/orders?colour=due_soon&mine=true');
    assert.ok(soon.body.items.some((x: any) => x.id === o.id), 'the unit sees it among its due-soon orders');

    await setClock(new Date(start.getTime() + 25 * HOUR));
    await tp.scheduler.tick();
    await tp.scheduler.tick(); // a second sweep changes nothing
    cur = (await supervisor.get(`/api/orders/${o.id}`)).body;
    assert.deepEqual(escalations(cur), ['warned', 'overdue', 'supervised']);
    assert.equal(cur.deadlineColour, 'overdue');
    assert.equal(cur.escalation, 'supervised');
    const overdue = await supervisor.get('/api/orders?colour=overdue&pageSize=200');
    assert.ok(overdue.body.items.some((x: any) => x.id === o.id));

    // Two working days of grace later, the discipline-inspection queue.
    await setClock(new Date(start.getTime() + 10 * 24 * HOUR));
    await tp.scheduler.tick();
    cur = (await supervisor.get(`/api/orders/${o.id}`)).body;
    assert.deepEqual(escalations(cur), ['warned', 'overdue', 'supervised', 'discipline']);
    const queue = await supervisor.get('/api/orders?escalation=discipline&pageSize=200');
    assert.ok(queue.body.items.some((x: any) => x.id === o.id));
    for (const e of cur.events.filter((x: any) => x.type === 'escalated')) assert.equal(e.actor.role, 'system');
  });

  it('starts again after an approved extension moves the deadline', async () => {
    await setClock(new Date());
    const o = (await operator.post('/api/orders', complaint(I))).body;
    await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    const due = new Date((await supervisor.get(`/api/orders/${o.id}`)).body.handleDue);
    await setClock(new Date(due.getTime() - 2 * HOUR));
    await tp.scheduler.tick();
    assert.deepEqual(escalations((await supervisor.get(`/api/orders/${o.id}`)).body), ['warned']);
    await cgj.post(`/api/orders/${o.id}/extension`, { days: 5, reason: '需要更多时间' });
    const ok = await dispatcher.post(`/api/orders/${o.id}/extension-decision`, { approve: true });
    assert.equal(ok.body.escalation, 'none');
    assert.equal(ok.body.deadlineColour, 'normal');
    await setClock(new Date(due.getTime() + 2 * HOUR));
    await tp.scheduler.tick();
    assert.deepEqual(escalations((await supervisor.get(`/api/orders/${o.id}`)).body), ['warned'], 'not overdue: the deadline moved');
  });

  it('keeps each step once when sweeps run concurrently', async () => {
    await setClock(new Date());
    const start = tp.clock.now();
    const orders = await Promise.all(Array.from({ length: 5 }, () => emergencyOrder()));
    await setClock(new Date(start.getTime() + 30 * HOUR));
    const { runEscalation } = await import('../../src/jobs/escalation.ts');
    await Promise.all([runEscalation(tp.app, tp.clock.now()), runEscalation(tp.app, tp.clock.now()), runEscalation(tp.app, tp.clock.now())]);
    for (const o of orders) {
      assert.deepEqual(escalations((await supervisor.get(`/api/orders/${o.id}`)).body), ['warned', 'overdue', 'supervised']);
    }
  });
});

describe('two server processes on one PostgreSQL database', { skip: onPostgres() ? false : 'needs DATABASE_URL: the embedded database serves one process' }, () => {
  it('never escalate the same order twice', async () => {
    const second = await startTestPlatform({ sharing: tp });
    try {
      await setClock(new Date());
      const start = tp.clock.now();
      const orders = await Promise.all(Array.from({ length: 10 }, () => emergencyOrder()));
      await setClock(new Date(start.getTime() + 30 * HOUR));
      await Promise.all([tp.scheduler.tick(), second.scheduler.tick(), tp.scheduler.tick(), second.scheduler.tick()]);
      // Whatever one sweep skipped because the other held the row, the next sweep takes.
      await Promise.all([tp.scheduler.tick(), second.scheduler.tick()]);
      for (const o of orders) {
        assert.deepEqual(escalations((await supervisor.get(`/api/orders/${o.id}`)).body), ['warned', 'overdue', 'supervised']);
      }
      // And the second process serves the same orders.
      const viaSecond = await (await second.as('supervisor1')).get(`/api/orders/${orders[0].id}`);
      assert.equal(viaSecond.body.escalation, 'supervised');
    } finally {
      await second.stop();
    }
  });
});
