// Throttling of what anyone on the internet can call, against a started server: guessing a
// request's check or a password is cut off after a few tries (and the right answer is refused
// too until the window ends), a flood of portal submissions from one address is refused without
// writing anything, each with 429, Retry-After and a message in Chinese and English; and every
// server process counts the same hits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS } from '../../src/app/throttle.ts';
import { onPostgres, startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform & { databaseUrl?: string };
before(async () => {
  tp = await startTestPlatform();
});
after(() => tp.stop());

const submit = (phone: string) => tp.anon.post('/api/public/requests', {
  requestType: 'complaint', title: '小区门口路灯不亮', description: '正阳路小区门口三盏路灯一周不亮，夜间出行不便。', caller: { phone, anonymous: false },
});
const later = (ms: number) => tp.clock.set(new Date(tp.clock.now().getTime() + ms));

async function raw(path: string, init: RequestInit = {}) {
  const r = await fetch(tp.url + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() as any };
}

describe('tracking a request', () => {
  it('refuses the check after ten wrong guesses for that code, the right one included, until the hour is over', async () => {
    const s = await submit('13600001111');
    assert.equal(s.status, 201);
    const other = await submit('13600002222');
    for (let i = 0; i < LIMITS.wrongChecksPerCode.max; i++) {
      const r = await tp.anon.get(`/api/public/requests/${s.body.code}?check=${String(2000 + i)}`);
      assert.equal(r.status, 404, `guess ${i + 1}`);
    }
    const right = await raw(`/api/public/requests/${s.body.code}?check=1111`);
    assert.equal(right.status, 429);
    assert.match(right.body.message, /操作过于频繁，请 \d+ 分钟后再试/);
    assert.match(right.body.messageEn, /Too many attempts/);
    assert.ok(Number(right.retryAfter) > 0 && Number(right.retryAfter) <= 3600, String(right.retryAfter));
    const rate = await tp.anon.post(`/api/public/requests/${s.body.code}/withdraw`, { check: '1111', reason: '问题已自行解决' });
    assert.equal(rate.status, 429, 'the resident steps are behind the same check');
    assert.equal((await tp.anon.get(`/api/public/requests/${other.body.code}?check=2222`)).status, 200, 'another request is not affected');

    later(Number(right.retryAfter) * 1000);
    const again = await tp.anon.get(`/api/public/requests/${s.body.code}?check=1111`);
    assert.equal(again.status, 200, 'the next window');
    assert.equal(again.body.code, s.body.code);
  });
});

describe('guesses sent all at once', () => {
  it('let no more than ten through to be checked', async () => {
    later(60 * 60_000);
    const s = await submit('13600003333');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => tp.anon.get(`/api/public/requests/${s.body.code}?check=${String(5000 + i)}`)));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((x) => x === 404).length, LIMITS.wrongChecksPerCode.max, JSON.stringify(statuses));
    assert.equal(statuses.filter((x) => x === 429).length, 40 - LIMITS.wrongChecksPerCode.max);
  });
});

describe('the portal', () => {
  it('refuses a flood of submissions from one address without writing any of them', async () => {
    later(60 * 60_000); // a fresh window
    const before = (await tp.db.query<{ n: number }>(sql`select count(*)::int as n from orders`)).rows[0]!.n;
    let accepted = 0;
    for (let i = 0; i < LIMITS.submissionsPerAddress.max; i++) {
      const r = await submit(`1370000${String(1000 + i)}`);
      if (r.status === 201) accepted++;
    }
    // The tracking test above submitted two in an earlier window: all of these fit.
    assert.equal(accepted, LIMITS.submissionsPerAddress.max);
    const over = await submit('13799999999');
    assert.equal(over.status, 429);
    assert.equal(over.body.error, 'too_many_requests');
    const after = (await tp.db.query<{ n: number }>(sql`select count(*)::int as n from orders`)).rows[0]!.n;
    assert.equal(after - before, accepted, 'the refused one left nothing behind');
  });
});

describe('logging in', () => {
  it('refuses a username after ten wrong passwords, the right one included; other users go on', async () => {
    for (let i = 0; i < LIMITS.wrongPasswordsPerUser.max; i++) {
      const r = await tp.anon.post('/api/auth/login', { username: 'operator3', password: `guess-${i}` });
      assert.equal(r.status, 401);
    }
    const right = await raw('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'operator3', password: 'Minsheng@2026' }) });
    assert.equal(right.status, 429);
    assert.ok(Number(right.retryAfter) > 0 && Number(right.retryAfter) <= 900);
    assert.equal((await tp.anon.post('/api/auth/login', { username: 'OPERATOR3', password: 'Minsheng@2026' })).status, 429, 'the same username in capitals');
    assert.equal((await tp.anon.post('/api/auth/login', { username: 'operator2', password: 'Minsheng@2026' })).status, 200);
    later(15 * 60_000);
    assert.equal((await tp.anon.post('/api/auth/login', { username: 'operator3', password: 'Minsheng@2026' })).status, 200);
  });

  it('counts the hits of every server process together', { skip: !onPostgres() && 'needs DATABASE_URL' }, async () => {
    later(15 * 60_000);
    const second = await startTestPlatform({ sharing: tp });
    try {
      for (let i = 0; i < LIMITS.wrongPasswordsPerUser.max; i++) {
        const via = i % 2 ? second : tp;
        assert.equal((await via.anon.post('/api/auth/login', { username: 'dispatcher1', password: `guess-${i}` })).status, 401);
      }
      assert.equal((await second.anon.post('/api/auth/login', { username: 'dispatcher1', password: 'Minsheng@2026' })).status, 429);
      assert.equal((await tp.anon.post('/api/auth/login', { username: 'dispatcher1', password: 'Minsheng@2026' })).status, 429);
    } finally {
      await second.stop();
    }
  });
});
