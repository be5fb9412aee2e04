// Bad input gets a clear field-level error in Chinese and English, never a 500 and never a
// half-written record.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let operator: Client, dispatcher: Client;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [operator, dispatcher] = await Promise.all([tp.as('operator1'), tp.as('dispatcher1')]);
});
after(() => tp.stop());

const counts = async () => {
  const r = await tp.db.query<{ o: number; e: number }>(sql`select (select count(*) from orders)::int as o, (select count(*) from order_events)::int as e`);
  return r.rows[0]!;
};

function fieldsOf(r: { body: any }) {
  return Object.fromEntries((r.body.fields ?? []).map((f: any) => [f.field, f]));
}

describe('accept with bad input', () => {
  const cases: [string, (b: any) => unknown, string[]][] = [
    ['missing title and description', (b) => ({ ...b, title: undefined, description: undefined }), ['title', 'description']],
    ['blank title', (b) => ({ ...b, title: '   ' }), ['title']],
    ['unknown request type', (b) => ({ ...b, requestType: 'grumble' }), ['requestType']],
    ['unknown channel', (b) => ({ ...b, channel: 'pigeon' }), ['channel']],
    ['bad phone', (b) => ({ ...b, caller: { ...b.caller, phone: '12345abc' } }), ['caller.phone']],
    ['grade out of range', (b) => ({ ...b, grade: 9 }), ['grade']],
    ['grade of the wrong type', (b) => ({ ...b, grade: 'high' }), ['grade']],
    ['a field nobody knows', (b) => ({ ...b, colour: 'red' }), ['']],
    ['coordinates off the globe', (b) => ({ ...b, place: { ...b.place, lat: 123 } }), ['place.lat']],
    ['no such category', (b) => ({ ...b, categoryId: 987654 }), ['categoryId']],
    ['no such territory', (b) => ({ ...b, place: { ...b.place, territoryId: 987654 } }), ['place.territoryId']],
    ['no phone though not anonymous', (b) => ({ ...b, caller: { name: '李四', anonymous: false } }), ['caller.phone']],
    ['title too long', (b) => ({ ...b, title: '长'.repeat(101) }), ['title']],
  ];
  for (const [name, change, fields] of cases) {
    it(`answers 400 with field errors: ${name}`, async () => {
      const before = await counts();
      const r = await operator.post('/api/orders', change(complaint(I)));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, 'validation_failed');
      assert.equal(r.body.message, '输入有误，请检查标出的字段');
      const got = fieldsOf(r);
      for (const f of fields) {
        const e = f === '' ? r.body.fields[0] : got[f];
        assert.ok(e, `an error for ${f || 'the body'}: ${JSON.stringify(r.body.fields)}`);
        assert.match(e.message, /[\u4e00-\u9fff]/, 'the message is in Chinese');
        assert.match(e.messageEn, /[A-Za-z]/, 'and in English');
      }
      assert.deepEqual(await counts(), before, 'nothing written');
    });
  }

  it('answers 400 to a body that is not JSON and 415 to another content type', async () => {
    const r = await operator.post('/api/orders', '{"title": ', { 'content-type': 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'bad_json');
    const t = await operator.post('/api/orders', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(t.status, 415);
    assert.match(t.body.message, /JSON/);
  });
});

describe('steps with bad input', () => {
  it('names the bad unit in a dispatch and leaves the order as it was', async () => {
    const o = (await operator.post('/api/orders', complaint(I))).body;
    const r = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: 999999, assistUnitIds: [I.unit('zjj'), 888888] });
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(fieldsOf(r)).sort(), ['assistUnitIds.1', 'leadUnitId']);
    const same = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj'), assistUnitIds: [I.unit('cgj')] });
    assert.equal(same.status, 409);
    assert.equal(same.body.error, 'lead_is_assisting');
    const now = await dispatcher.get(`/api/orders/${o.id}`);
    assert.equal(now.body.state, 'accepted');
    assert.equal(now.body.events.length, 1);
  });

  it('answers 404 for an unknown order or route, and validates path and query', async () => {
    assert.equal((await operator.get('/api/orders/99999999')).status, 404);
    assert.equal((await operator.get('/api/orders/20990101-00001')).status, 404);
    const bad = await operator.get('/api/orders/not-an-id');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.fields[0].field, 'path.id');
    const q = await operator.get('/api/orders?pageSize=5000');
    assert.equal(q.status, 400);
    assert.equal(q.body.fields[0].field, 'query.pageSize');
    const none = await operator.get('/api/nothing-here');
    assert.equal(none.status, 404);
    assert.match(none.body.message, /没有这个接口/);
  });

  it('a callback that reached the resident needs satisfaction and solved', async () => {
    const o = (await operator.post('/api/orders', complaint(I))).body;
    await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    const cgj = await tp.as('handler-cgj');
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    await cgj.post(`/api/orders/${o.id}/reply`, { result: '已处理' });
    const cb = await tp.as('callback1');
    const r = await cb.post(`/api/orders/${o.id}/callback`, { reached: true });
    assert.equal(r.status, 409);
    assert.equal(r.body.error, 'callback_incomplete');
    const wrong = await cb.post(`/api/orders/${o.id}/callback`, { satisfaction: 'thrilled', solved: true });
    assert.equal(wrong.status, 400);
    assert.match(fieldsOf(wrong).satisfaction.message, /满意/);
    const unreached = await cb.post(`/api/orders/${o.id}/callback`, { reached: false, note: '无人接听' });
    assert.equal(unreached.status, 200);
    assert.equal(unreached.body.state, 'replied', 'an unreached callback is recorded and the order waits');
  });
});
