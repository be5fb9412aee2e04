// The executor on a real database (no HTTP): the one shape every operation runs in. A step is
// judged in order (may the caller see the order, may they do this now, is the input right), writes
// its events with the order in one transaction or nothing at all, and of two concurrent steps on
// one order the second is judged against the first one's result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../app/errors.ts';
import type { User } from '../app/auth.ts';
import { loadEvents, loadOrder } from '../store/orders.ts';
import { sql } from '../store/sql.ts';
import { complaint, ids, userOf, type Ids } from '../../test/helpers/fixtures.ts';
import { onPostgres, openTestDb, type TestDb } from '../../test/helpers/platform.ts';
import { accept, AcceptInput } from './accept.ts';
import { asResident, asSystem, asUser } from './as.ts';
import { dispatch } from './dispatch.ts';
import { escalate } from './escalate.ts';
import { batch, create, execute } from './executor.ts';
import { merge } from './merge.ts';
import { recomputeDeadlines } from './recomputeDeadlines.ts';
import { signFor } from './signFor.ts';
import { withdraw } from './withdraw.ts';

let t: TestDb;
let I: Ids;
let operator: User, dispatcher: User, cgj: User, zjj: User;

before(async () => {
  t = await openTestDb();
  I = await ids(t.db);
  [operator, dispatcher, cgj, zjj] = await Promise.all([userOf(t.db, 'operator1'), userOf(t.db, 'dispatcher1'), userOf(t.db, 'handler-cgj'), userOf(t.db, 'handler-zjj')]);
});
after(() => t.close());

const refusal = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  assert.fail('expected the operation to be refused');
};

async function accepted(over: Record<string, unknown> = {}) {
  return (await create(t.app, accept, AcceptInput.parse(complaint(I, over)), asUser(operator))).order;
}

async function dispatched(unit = 'cgj') {
  const o = await accepted();
  return (await execute(t.app, dispatch, o.id, { leadUnitId: I.unit(unit), assistUnitIds: [], phoneNotice: null, note: null }, asUser(dispatcher)))!.order;
}

describe('a step', () => {
  it('appends its events and the projection in one go', async () => {
    const o = await dispatched();
    assert.equal(o.state, 'dispatched');
    const stored = await loadOrder(t.db, o.id);
    assert.deepEqual(stored, o, 'the projection is the fold the step returned');
    assert.deepEqual((await loadEvents(t.db, o.id)).map((e) => e.data.type), ['accepted', 'registered', 'dispatched']);
  });

  it('is judged in order: unseen (404), then who (403), then when (409), then the input (400)', async () => {
    const o = await dispatched('zjj');
    // 城管局 never had the order: it does not exist for them, whatever they send.
    assert.equal((await refusal(execute(t.app, signFor, o.id, { note: null }, asUser(cgj)))).status, 404);
    // An operator sees it but may not dispatch.
    const who = await refusal(execute(t.app, dispatch, o.id, { leadUnitId: 999999, assistUnitIds: [], phoneNotice: null, note: null }, asUser(operator)));
    assert.deepEqual([who.status, who.code], [403, 'forbidden']);
    // A dispatcher may, but not an order already dispatched.
    const when = await refusal(execute(t.app, dispatch, o.id, { leadUnitId: 999999, assistUnitIds: [], phoneNotice: null, note: null }, asUser(dispatcher)));
    assert.deepEqual([when.status, when.code], [409, 'invalid_state']);
    // On an order that may be dispatched, a unit that does not exist is a field error.
    const fresh = await accepted();
    const input = await refusal(execute(t.app, dispatch, fresh.id, { leadUnitId: 999999, assistUnitIds: [], phoneNotice: null, note: null }, asUser(dispatcher)));
    assert.equal(input.status, 400);
    assert.deepEqual(input.fields.map((f) => f.field), ['leadUnitId']);
    assert.equal((await loadOrder(t.db, fresh.id))!.version, 1, 'nothing written');
  });

  it('of two concurrent steps on one order, the second is judged against the first one\'s result', async () => {
    const o = await dispatched('zjj');
    const results = await Promise.allSettled([
      execute(t.app, signFor, o.id, { note: '甲' }, asUser(zjj)),
      execute(t.app, signFor, o.id, { note: '乙' }, asUser(zjj)),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((lost.reason as AppError).code, 'invalid_state');
    assert.equal((await loadEvents(t.db, o.id)).filter((e) => e.data.type === 'signed_for').length, 1);
  });

  it('what the caller adds to the transaction goes with the events, or neither is written', async () => {
    const o = await dispatched('zjj');
    await assert.rejects(execute(t.app, signFor, o.id, { note: null }, asUser(zjj), async () => {
      throw new Error('the caller\'s own write failed');
    }));
    assert.equal((await loadOrder(t.db, o.id))!.state, 'dispatched', 'the sign-for rolled back with it');
  });

  it('a merge locks both orders and writes to both', async () => {
    const [dup, master] = [await accepted(), await accepted()];
    const d = await execute(t.app, merge, dup.id, { masterId: master.id, note: '同一工地' }, asUser(operator));
    assert.equal(d!.order.state, 'merged');
    assert.deepEqual((await loadOrder(t.db, master.id))!.duplicateIds, [dup.id]);
    const missing = await refusal(execute(t.app, merge, (await accepted()).id, { masterId: 99_999_999, note: null }, asUser(operator)));
    assert.deepEqual([missing.status, missing.fields[0]?.field], [400, 'masterId']);
  });

  it('a resident reaches only the order they proved', async () => {
    const [mine, other] = [await accepted(), await accepted()];
    assert.equal((await refusal(execute(t.app, withdraw, other.id, { reason: '不需要了' }, asResident(mine.id)))).status, 404);
    const d = await execute(t.app, withdraw, mine.id, { reason: '不需要了' }, asResident(mine.id));
    assert.equal(d!.order.state, 'withdrawn');
    assert.equal(d!.events[0]!.actor.role, 'resident');
  });

  it('a sweep\'s step writes what goes with it even when no event is due', async () => {
    const o = await dispatched();
    const d = await execute(t.app, recomputeDeadlines, o.id, {}, asSystem());
    assert.deepEqual(d!.events, [], 'nothing moved');
    const r = await t.db.query<{ config_checked: number }>(sql`select config_checked from orders where id = ${o.id}`);
    assert.equal(r.rows[0]!.config_checked, d!.catalog.version, 'checked against this configuration version');
  });

  it('a sweep skips an order another transaction holds', { skip: !onPostgres() && 'PGlite runs one transaction at a time' }, async () => {
    const o = await dispatched();
    await t.db.transaction(async (tx) => {
      await tx.query(sql`select 1 from orders where id = ${o.id} for update`);
      assert.equal(await execute(t.app, escalate, o.id, {}, asSystem()), null);
    });
  });
});

describe('a new order', () => {
  it('a retry with the same key answers with the first order, writing nothing', async () => {
    const body = AcceptInput.parse(complaint(I));
    const first = await create(t.app, accept, body, asUser(operator), { key: 'executor-test-1' });
    const again = await create(t.app, accept, body, asUser(operator), { key: 'executor-test-1' });
    assert.equal(again.order.id, first.order.id);
    assert.deepEqual([first.replayed, again.replayed], [false, true]);
  });

  it('concurrent retries with one key make one order', async () => {
    const body = AcceptInput.parse(complaint(I));
    const all = await Promise.all([1, 2, 3].map(() => create(t.app, accept, body, asUser(operator), { key: 'executor-test-2' })));
    assert.equal(new Set(all.map((r) => r.order.id)).size, 1);
    assert.equal(all.filter((r) => !r.replayed).length, 1);
  });

  it('is refused before anything is written when the caller may not take requests in', async () => {
    const e = await refusal(create(t.app, accept, AcceptInput.parse(complaint(I)), asUser(cgj)));
    assert.deepEqual([e.status, e.code], [403, 'forbidden']);
  });

  it('operations run together in a batch are all written or none', async () => {
    const count = async () => (await t.db.query<{ n: number }>(sql`select count(*)::int as n from orders`)).rows[0]!.n;
    const before = await count();
    await assert.rejects(batch(t.app, async (u) => {
      await u.create(accept, AcceptInput.parse(complaint(I)), asUser(operator));
      await u.create(accept, AcceptInput.parse(complaint(I, { categoryId: 99_999_999 })), asUser(operator));
    }), (e: unknown) => e instanceof AppError && e.status === 400);
    assert.equal(await count(), before);
  });
});
