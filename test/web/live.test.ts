// Live updates: the unit's inbox shows a newly dispatched order without a reload, its deadline
// turns from green to gold by itself as time passes, and this holds when the dispatch goes through
// another server process on the same PostgreSQL database. The stream announces an order only to
// viewers who may see it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { row, shot, startWeb, type Web } from './browser.ts';

let web: Web;
let I: Ids;
let operator: Client, dispatcher: Client;
before(async () => {
  web = await startWeb();
  I = await ids(web.tp.db);
  [operator, dispatcher] = await Promise.all([web.tp.as('operator1'), web.tp.as('dispatcher1')]);
});
after(() => web?.stop());

const HOUR = 3_600_000;

async function dispatchTo(via: Client, unit: string, body: Record<string, unknown> = {}) {
  const o = (await operator.post('/api/orders', complaint(I, body))).body;
  const d = await via.post(`/api/orders/${o.id}/dispatch`, {
    leadUnitId: I.unit(unit),
    ...(body.emergency ? { phoneNotice: { calledAt: new Date().toISOString(), person: '值班员', phone: '0532-87861234' } } : {}),
  });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body as { id: number; code: string };
}

/** Reads a live stream until `want` returns true or `ms` pass; returns every id announced. */
async function listen(base: string, token: string | null, ms: number, want: (ids: number[]) => boolean = () => false) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/live`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: ac.signal });
  const seen: number[] = [];
  if (res.status !== 200) return { status: res.status, seen, ready: Promise.resolve() };
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  let hello: () => void = () => undefined;
  const ready = new Promise<void>((r) => (hello = r));
  const done = (async () => {
    const timer = setTimeout(() => ac.abort(), ms);
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const msg = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (msg.includes('event: hello')) hello();
          const data = msg.split('\n').find((l) => l.startsWith('data: '));
          if (msg.includes('event: orders') && data) seen.push(...(JSON.parse(data.slice(6)) as { ids: number[] }).ids);
          if (want(seen)) {
            ac.abort();
            return;
          }
        }
      }
    } catch {
      // aborted
    } finally {
      clearTimeout(timer);
    }
  })();
  return { status: 200, seen, ready, done };
}

describe('live updates', () => {
  it('the stream needs a session and announces an order only to units that may see it', async () => {
    const anon = await listen(web.tp.url, null, 100);
    assert.equal(anon.status, 401);
    const [cgj, zjj] = await Promise.all([web.tp.as('handler-cgj'), web.tp.as('handler-zjj')]);
    const mine = await listen(web.tp.url, cgj.token, 8000, (s) => s.length > 0);
    const other = await listen(web.tp.url, zjj.token, 4000);
    await Promise.all([mine.ready, other.ready]);
    const o = await dispatchTo(dispatcher, 'cgj');
    await mine.done;
    assert.ok(mine.seen.includes(o.id), 'the lead unit hears of its new order');
    await other.done;
    assert.ok(!other.seen.includes(o.id), 'another unit does not');
  });

  it('a due-soon order changes colour in the inbox by itself', async () => {
    const page = await web.staff('handler-cgj');
    await page.getByTestId('inbox-sign').waitFor();
    // An emergency (24 clock hours, gold for the last 6) dispatched so that it turns gold in 8 seconds.
    const real = Date.now();
    web.tp.clock.set(new Date(real - 18 * HOUR + 8_000));
    let o: { id: number; code: string };
    try {
      o = await dispatchTo(dispatcher, 'cgj', { requestType: 'help', emergency: true });
    } finally {
      web.tp.clock.set(new Date(real));
    }
    const r = row(page, o.code);
    await r.waitFor({ timeout: 10_000 });
    assert.equal(await r.getAttribute('data-colour'), 'normal');
    assert.equal(await r.locator('.deadline-tag').getAttribute('data-colour'), 'normal');
    await r.locator('.deadline-tag[data-colour=due_soon]').waitFor({ timeout: 15_000 });
    assert.match(await r.locator('.deadline-tag').innerText(), /即将到期/);
    await page.waitForFunction((code) => document.querySelector(`tr[data-code="${code}"]`)?.getAttribute('data-colour') === 'due_soon', o.code, { timeout: 10_000 });
    await shot(page, 'unit-inbox-due-soon');
    web.checkConsole();
  });

  it('an order dispatched through another server process appears in the inbox without a reload', async (t) => {
    if (!onPostgres()) {
      t.skip('needs two server processes on one PostgreSQL database: set DATABASE_URL (PGlite is one process)');
      return;
    }
    const second: TestPlatform = await startTestPlatform({ sharing: web.tp });
    try {
      const page = await web.staffOn(second.url, 'handler-cgj');
      await page.getByTestId('inbox-sign').waitFor();
      const viaFirst = await dispatchTo(dispatcher, 'cgj');
      await row(page, viaFirst.code).waitFor({ timeout: 10_000 });
      web.checkConsole();
    } finally {
      await second.stop();
    }
  });
});
