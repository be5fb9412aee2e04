// Nothing is lost, nothing happens twice: concurrent accepts, retried submissions, concurrent
// steps on one order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform & { databaseUrl?: string };
let I: Ids;
let operator: Client, dispatcher: Client, cgj: Client;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [operator, dispatcher, cgj] = await Promise.all([tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj')]);
});
after(() => tp.stop());

/** The codes' numbers run without a gap, and the last one is the day's counter. */
async function assertGapless(codes: string[]) {
  const byDay = new Map<string, number[]>();
  for (const c of codes) {
    const [day, n] = c.split('-');
    byDay.set(day!, [...(byDay.get(day!) ?? []), Number(n)]);
  }
  for (const [day, ns] of byDay) {
    ns.sort((a, b) => a - b);
    const r = await tp.db.query<{ last: number }>(sql`select last from case_counters where day = ${day}`);
    assert.equal(ns[ns.length - 1], r.rows[0]!.last, 'the last code is the counter');
    for (let k = 1; k < ns.length; k++) assert.equal(ns[k], ns[k - 1]! + 1, `no gap between ${ns[k - 1]} and ${ns[k]}`);
  }
}

describe('case codes', () => {
  it('gives 50 concurrent accepts 50 distinct codes without gaps', async () => {
    const rs = await Promise.all(Array.from({ length: 50 }, () => operator.post('/api/orders', complaint(I))));
    assert.deepEqual(rs.map((r) => r.status), Array(50).fill(201));
    const codes = rs.map((r) => r.body.code as string);
    assert.equal(new Set(codes).size, 50);
    await assertGapless(codes);
  });

  it('gives distinct gapless codes to accepts spread over two server processes', { skip: !onPostgres() && 'needs DATABASE_URL' }, async () => {
    const second = await startTestPlatform({ sharing: tp });
    try {
      const other = await second.as('operator2');
      const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? other : operator).post('/api/orders', complaint(I))));
      assert.deepEqual(rs.map((r) => r.status), Array(40).fill(201));
      const codes = rs.map((r) => r.body.code as string);
      assert.equal(new Set(codes).size, 40);
      await assertGapless(codes);
    } finally {
      await second.stop();
    }
  });

  it('a retry that loses the race for its key uses up no code', async () => {
    const key = `race-${Date.now()}`;
    const before = await operator.post('/api/orders', complaint(I));
    await Promise.all(Array.from({ length: 5 }, () => operator.post('/api/orders', complaint(I), { 'idempotency-key': key })));
    const next = await operator.post('/api/orders', complaint(I));
    const n = (c: string) => Number(c.split('-')[1]);
    assert.equal(n(next.body.code), n(before.body.code) + 2, 'one code for the five retries');
  });

  it('a failed accept uses up no code', async () => {
    const before = await operator.post('/api/orders', complaint(I));
    const bad = await operator.post('/api/orders', complaint(I, { categoryId: 999999 }));
    assert.equal(bad.status, 400);
    const next = await operator.post('/api/orders', complaint(I));
    const n = (c: string) => Number(c.split('-')[1]);
    assert.equal(n(next.body.code), n(before.body.code) + 1);
  });
});

describe('idempotency', () => {
  it('returns the first order to a retried submission, also when the retries race', async () => {
    const key = `retry-${Date.now()}`;
    const body = complaint(I);
    const rs = await Promise.all(Array.from({ length: 5 }, () => operator.post('/api/orders', body, { 'idempotency-key': key })));
    const created = rs.filter((r) => r.status === 201);
    assert.equal(created.length, 1, `statuses ${rs.map((r) => r.status)}`);
    assert.ok(rs.every((r) => r.status === 201 || r.status === 200));
    assert.equal(new Set(rs.map((r) => r.body.id)).size, 1, 'one order');
    assert.ok(rs.filter((r) => r.status === 200).every((r) => r.body.replayed === true));
    const count = await tp.db.query<{ n: number }>(sql`select count(*)::int as n from orders where idempotency_key = ${key}`);
    assert.equal(count.rows[0]!.n, 1);
  });

  it('refuses a key too long to keep, rather than making a second order on the retry', async () => {
    const r = await operator.post('/api/orders', complaint(I), { 'idempotency-key': 'k'.repeat(201) });
    assert.equal(r.status, 400);
    assert.equal(r.body.fields[0].field, 'Idempotency-Key');
    assert.match(r.body.fields[0].message, /不能超过 200 个字符/);
    assert.ok(r.body.fields[0].messageEn.length > 0);
  });

  it('a portal retry returns the same code', async () => {
    const body = { requestType: 'help', title: '路灯不亮', description: '春阳路路灯不亮', caller: { phone: '13800001111' } };
    const a = await tp.anon.post('/api/public/requests', body, { 'idempotency-key': 'portal-abc-1' });
    const b = await tp.anon.post('/api/public/requests', body, { 'idempotency-key': 'portal-abc-1' });
    assert.equal(a.status, 201);
    assert.equal(b.status, 200);
    assert.equal(a.body.code, b.body.code);
  });
});

describe('concurrent steps on one order', () => {
  it('lets exactly one of two concurrent sign-fors win', async () => {
    const o = (await operator.post('/api/orders', complaint(I))).body;
    await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    const other = await tp.as('handler-cgj');
    const rs = await Promise.all([cgj.post(`/api/orders/${o.id}/sign-for`), other.post(`/api/orders/${o.id}/sign-for`)]);
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
    const full = await dispatcher.get(`/api/orders/${o.id}`);
    assert.equal(full.body.events.filter((e: any) => e.type === 'signed_for').length, 1);
  });

  it('lets one of two dispatchers sending one order to different units win, never both', async () => {
    const second = await tp.as('dispatcher2');
    for (let k = 0; k < 5; k++) {
      const o = (await operator.post('/api/orders', complaint(I))).body;
      const rs = await Promise.all([
        dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') }),
        second.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('zjj') }),
      ]);
      assert.equal(rs.filter((r) => r.status === 200).length, 1, `statuses ${rs.map((r) => r.status)}`);
      const ev = await tp.db.query<{ seq: number }>(sql`select seq from order_events where order_id = ${o.id} order by seq`);
      assert.deepEqual(ev.rows.map((r) => r.seq), ev.rows.map((_, i) => i + 1), 'event sequence without holes or repeats');
    }
  });
});
