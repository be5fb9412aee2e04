// The live-updates stream over HTTP: a viewer hears about the orders they may see changing, and
// a stream whose session has ended (logged out elsewhere) says so and closes instead of going on.
process.env.LIVE_RECHECK_MS = '200';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform;
let I: Ids;
before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
});
after(() => tp.stop());

/** Reads the stream's events until `until` says stop, the stream ends, or 10 s pass. */
async function listen(token: string, until: (events: { event: string; data: string }[]) => boolean, meanwhile?: () => Promise<void>) {
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, 10_000);
  const res = await fetch(`${tp.url}/api/live`, { headers: { authorization: `Bearer ${token}` }, signal: ctl.signal });
  assert.equal(res.status, 200);
  const events: { event: string; data: string }[] = [];
  let buf = '';
  const decoder = new TextDecoder();
  let started = false;
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '' });
      }
      if (!started && events.some((e) => e.event === 'hello')) {
        started = true;
        if (meanwhile) await meanwhile();
      }
      if (until(events)) break;
    }
  } catch (e) {
    if (!timedOut) throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return { events, timedOut };
}

describe('the live stream', () => {
  it('tells a viewer which orders changed', async () => {
    const operator = await tp.as('operator1');
    let id = 0;
    const r = await listen(operator.token!, (ev) => ev.some((e) => e.event === 'orders' && id > 0 && JSON.parse(e.data).ids.includes(id)), async () => {
      const o = await operator.post('/api/orders', complaint(I));
      id = o.body.id;
    });
    assert.ok(!r.timedOut, JSON.stringify(r.events));
  });

  it('says the session has ended and closes when the viewer logs out elsewhere', async () => {
    const operator = await tp.as('operator2');
    const r = await listen(operator.token!, () => false, async () => {
      assert.equal((await operator.post('/api/auth/logout')).status, 200);
    });
    assert.ok(!r.timedOut, 'the stream closed by itself');
    assert.equal(r.events.at(-1)?.event, 'expired');
    const again = await fetch(`${tp.url}/api/live`, { headers: { authorization: `Bearer ${operator.token}` } });
    assert.equal(again.status, 401);
  });
});
