// The fast path (daily sums kept by the sweep) against the naive recomputation from the raw
// events, on random scopes and periods, on a real database: after the first fold, after live
// steps, after a unit moves in the tree (rebuild) and after the calendar changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateHistory } from '../../src/demo/history.ts';
import { addDays, parsePeriod, periodOf, DIMS, type Period, type Scope } from '../../src/domain/measures.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { CHANNELS, REQUEST_TYPES } from '../../src/domain/types.ts';
import { naiveMeasures } from '../../src/app/measures/naive.ts';
import { fastMeasures } from '../../src/app/measures/query.ts';
import { refreshMeasures } from '../../src/app/measures/refresh.ts';
import { rebuildRollups } from '../../src/store/measures.ts';
import { getCatalog } from '../../src/store/catalog.ts';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { seeded } from '../../src/util/prng.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform & { databaseUrl?: string };
let I: Ids;
const DAY = 86_400_000;

/** Seeded, so that a failure names its seed and can be replayed. */
const rng = seeded;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  // A second, older year of history (its case codes fall on other days than the template's).
  await generateHistory(tp.db, new Date(tp.clock.now().getTime() - 380 * DAY), { count: 700, days: 365, seed: 4242 });
});
after(() => tp.stop());

async function randomScopes(seed: number, n: number): Promise<{ scope: Scope; period: Period }[]> {
  const c = await getCatalog(tp.db);
  const r = rng(seed);
  const today = localDate(tp.clock.now());
  const out: { scope: Scope; period: Period }[] = [];
  for (let i = 0; i < n; i++) {
    const dim = r.pick(DIMS);
    const key = dim === 'all' ? '' : dim === 'unit' ? String(r.pick([...c.units.keys()])) : dim === 'category' ? String(r.pick([...c.categories.keys()]))
      : dim === 'territory' ? String(r.pick([...c.territories.keys()])) : dim === 'channel' ? r.pick(CHANNELS) : r.pick(REQUEST_TYPES);
    const day = addDays(today, -Math.floor(r.next() * 760));
    const kind = r.pick(['day', 'week', 'month', 'quarter', 'year', 'range'] as const);
    const period = kind === 'range' ? parsePeriod(`${day}..${addDays(day, Math.floor(r.next() * 120))}`)! : periodOf(kind, day);
    out.push({ scope: { dim, key }, period });
  }
  return out;
}

async function agree(seed: number, n: number) {
  const c = await getCatalog(tp.db);
  let nonEmpty = 0;
  for (const { scope, period } of await randomScopes(seed, n)) {
    const fast = await fastMeasures(tp.db, scope, period.from, period.to);
    const naive = await naiveMeasures(tp.db, c, scope, period.from, period.to);
    assert.deepEqual(fast, naive, `seed ${seed}: ${scope.dim}:${scope.key} ${period.key}`);
    if (fast.counts.received + fast.counts.closed > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= n / 4, `enough of the random scopes have data (${nonEmpty} of ${n})`);
}

describe('the fast path agrees with the naive recomputation', () => {
  it('after the first fold, in small batches', async () => {
    const r = await refreshMeasures(tp.db, tp.clock.now(), { batch: 97 });
    assert.equal(r.pending, 0);
    assert.ok(r.orders >= 780);
    await agree(1, 60);
  });

  it('over the whole history, for every unit, and for the busiest scopes', async () => {
    const c = await getCatalog(tp.db);
    const from = addDays(localDate(tp.clock.now()), -800);
    const to = addDays(localDate(tp.clock.now()), 1);
    const everything = await fastMeasures(tp.db, { dim: 'all', key: '' }, from, to);
    assert.deepEqual(everything, await naiveMeasures(tp.db, c, { dim: 'all', key: '' }, from, to));
    assert.ok(everything.counts.received >= 780 && everything.counts.closed > 300 && everything.counts.secondDispatched > 0 && everything.counts.reopened > 0);
    for (const id of c.units.keys()) {
      const s: Scope = { dim: 'unit', key: String(id) };
      assert.deepEqual(await fastMeasures(tp.db, s, from, to), await naiveMeasures(tp.db, c, s, from, to), `unit ${id}`);
    }
  });

  it('after live steps: returns, second dispatches, reopens, repeat callers', async () => {
    const [operator, dispatcher, cgj, zjj, callback] = await Promise.all([
      tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj'), tp.as('handler-zjj'), tp.as('callback1'),
    ]);
    for (let i = 0; i < 4; i++) {
      const o = (await operator.post('/api/orders', complaint(I, { caller: { name: '王丽', phone: '13900009999', anonymous: false, confidential: false } }))).body;
      assert.equal((await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') })).status, 200);
      if (i === 1) {
        assert.equal((await cgj.post(`/api/orders/${o.id}/return`, { reason: '不属于本单位职责' })).status, 200);
        assert.equal((await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('zjj') })).status, 200);
      }
      const h = i === 1 ? zjj : cgj;
      tp.clock.advance(3_600_000);
      assert.equal((await h.post(`/api/orders/${o.id}/sign-for`)).status, 200);
      assert.equal((await h.post(`/api/orders/${o.id}/reply`, { result: '已处理' })).status, 200);
      assert.equal((await callback.post(`/api/orders/${o.id}/callback`, { satisfaction: i === 2 ? 'unsatisfied' : 'satisfied', solved: i !== 2 })).status, 200);
      if (i === 2) {
        assert.equal((await callback.post(`/api/orders/${o.id}/reopen`, { reason: '问题仍未解决' })).status, 200);
        assert.equal((await h.post(`/api/orders/${o.id}/sign-for`)).status, 200);
        assert.equal((await h.post(`/api/orders/${o.id}/reply`, { result: '再次处理' })).status, 200);
        assert.equal((await callback.post(`/api/orders/${o.id}/callback`, { satisfaction: 'basically_satisfied', solved: true })).status, 200);
      }
      assert.equal((await callback.post(`/api/orders/${o.id}/close`)).status, 200);
    }
    await refreshMeasures(tp.db, tp.clock.now(), { batch: 3 });
    const c = await getCatalog(tp.db);
    const today = periodOf('day', localDate(tp.clock.now()));
    const mine = await fastMeasures(tp.db, { dim: 'unit', key: String(I.unit('cgj')) }, today.from, today.to);
    assert.equal(mine.counts.secondDispatched, 1, 'the second dispatch counts for the unit that returned the order');
    assert.ok(mine.counts.reopened >= 1);
    const all = await fastMeasures(tp.db, { dim: 'all', key: '' }, today.from, today.to);
    assert.ok(all.counts.repeat >= 3, 'the same caller about the same matter three more times');
    assert.deepEqual(all, await naiveMeasures(tp.db, c, { dim: 'all', key: '' }, today.from, today.to));
    await agree(2, 30);
  });

  it('after a unit moves under another (the sums by unit are rebuilt; a new unit needs no rebuild)', async () => {
    const admin = await tp.as('admin1');
    const added = await admin.post('/api/units', { code: 'new-bureau', name: '城阳区新设局', kind: 'department', parentId: I.unit('centre'), tier: 2 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal((await refreshMeasures(tp.db, tp.clock.now())).rebuilt, false, 'a new unit changes no ancestor');
    const moved = await admin.patch(`/api/units/${I.unit('zjj')}`, { parentId: I.unit('cgj') });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const r = await refreshMeasures(tp.db, tp.clock.now());
    assert.equal(r.rebuilt, true);
    const c = await getCatalog(tp.db);
    const year = { from: addDays(localDate(tp.clock.now()), -365), to: addDays(localDate(tp.clock.now()), 1) };
    const cgj: Scope = { dim: 'unit', key: String(I.unit('cgj')) };
    const zjj: Scope = { dim: 'unit', key: String(I.unit('zjj')) };
    const both = await fastMeasures(tp.db, cgj, year.from, year.to);
    assert.deepEqual(both, await naiveMeasures(tp.db, c, cgj, year.from, year.to));
    assert.ok(both.counts.closed > (await fastMeasures(tp.db, zjj, year.from, year.to)).counts.closed, 'cgj now includes zjj');
    await agree(3, 30);
  });

  it('after the calendar changes (handling times are folded again) and after a full rebuild', async () => {
    const admin = await tp.as('admin1');
    const year = Number(localDate(tp.clock.now()).slice(0, 4));
    const days = (await admin.get(`/api/calendar/days?year=${year}`)).body.items as { date: string; isOffDay: boolean; name: string }[];
    // Make every Wednesday of the year a day off: handling times across them shrink.
    const extra = [];
    for (let d = `${year}-01-01`; d < `${year + 1}-01-01`; d = addDays(d, 1)) {
      if (new Date(`${d}T00:00:00Z`).getUTCDay() === 3 && !days.some((x) => x.date === d)) extra.push({ date: d, isOffDay: true, name: '测试休息日' });
    }
    const put = await admin.put('/api/calendar/days', { year, days: [...days, ...extra] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const r = await refreshMeasures(tp.db, tp.clock.now());
    assert.ok(r.orders > 0, 'orders handled across the changed days are folded again');
    await agree(4, 30);
    await tp.db.transaction((tx) => rebuildRollups(tx));
    await agree(5, 30);
  });

  it('two processes fold at the same time as steps are taken, and nothing is lost or counted twice', { skip: !onPostgres() && 'needs DATABASE_URL' }, async () => {
    const second = await startTestPlatform({ sharing: tp });
    try {
      const [op1, op2, disp] = await Promise.all([tp.as('operator2'), second.as('operator3'), second.as('dispatcher2')]);
      const work = async (c: typeof op1, n: number) => {
        for (let i = 0; i < n; i++) {
          const o = await c.post('/api/orders', complaint(I, { title: `并发受理 ${i}` }));
          assert.equal(o.status, 201);
          if (i % 2 === 0) assert.equal((await disp.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') })).status, 200);
        }
      };
      const sweeps = async (p: TestPlatform, n: number) => {
        for (let i = 0; i < n; i++) await refreshMeasures(p.db, p.clock.now(), { batch: 5 });
      };
      await Promise.all([work(op1, 12), work(op2, 12), sweeps(tp, 15), sweeps(second, 15)]);
      await refreshMeasures(tp.db, tp.clock.now());
      const n = await tp.db.query<{ orders: number; facts: number }>(sql`select (select count(*)::int from orders) as orders, (select count(*)::int from measure_facts) as facts`);
      assert.equal(n.rows[0]!.facts, n.rows[0]!.orders, 'one facts row per order');
      const c = await getCatalog(tp.db);
      const today = periodOf('day', localDate(tp.clock.now()));
      for (const s of [{ dim: 'all', key: '' }, { dim: 'unit', key: String(I.unit('cgj')) }] as Scope[]) {
        assert.deepEqual(await fastMeasures(tp.db, s, today.from, today.to), await naiveMeasures(tp.db, c, s, today.from, today.to));
      }
      await agree(6, 20);
    } finally {
      await second.stop();
    }
  });
});
