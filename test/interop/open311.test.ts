// Open311 GeoReport v2 as a third-party app meets it: discovery, the service list and
// definitions, posting with an API key (issued and revoked by an administrator, or from the
// environment), tokens, reading requests with the standard filters, JSON that validates against
// the GeoReport v2 schemas, XML that parses like the Code for America client library's fixtures,
// and the standard's error lists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { fixtureXml, form, keysOf, list, ourSchemas, parseXml, raw, sharedSchemas, valid } from './support.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let admin: Client, operator: Client, dispatcher: Client, cgj: Client, callback: Client;
let key: string;
let v311: string;
const schema = ourSchemas();
/** Beijing wall time with the offset written as given ('+08:00' or '+0800'). */
const formatShanghaiLike = (d: Date, offset: string) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + offset;
/** W3C date-times carry whole seconds. */
const seconds = (t: string) => Math.floor(new Date(t).getTime() / 1000);

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [admin, operator, dispatcher, cgj, callback] = await Promise.all([tp.as('admin1'), tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj'), tp.as('callback1')]);
  v311 = `${tp.url}/open311/v2`;
  const k = await admin.post('/api/interop/api-keys', { name: '随手拍 App' });
  assert.equal(k.status, 201, JSON.stringify(k.body));
  key = k.body.key;
});
after(() => tp.stop());

/** What the Ruby gem posts (its spec's parameters), with our service code. */
const gemPost = (over: Record<string, string> = {}) => ({
  api_key: key, service_code: '010501', address_string: '正阳路与春阳路路口', email: 'resident@example.com', device_id: 'tt222111',
  account_id: '12345', first_name: '丽', last_name: '王', phone: '13900001234', description: '路口东侧三盏路灯一直不亮，夜间行人很危险。',
  media_url: 'https://example.com/photos/lamp.jpg', lat: '36.3075', long: '120.396', ...over,
});

describe('discovery', () => {
  it('is served as JSON and XML and points at /open311/v2', async () => {
    const j = await raw(`${tp.url}/open311/discovery.json`);
    assert.equal(j.status, 200);
    assert.equal(valid(schema('discovery'), j.json), '');
    assert.equal(j.json.endpoints[0].url, v311);
    assert.deepEqual(j.json.endpoints[0].formats, ['application/json', 'text/xml']);
    const x = await raw(`${tp.url}/open311/discovery.xml`);
    assert.match(x.type, /text\/xml/);
    const d = parseXml(x.text).discovery;
    assert.equal(d.endpoints.endpoint.url, v311);
    assert.deepEqual(list(d.endpoints.endpoint.formats.format), ['application/json', 'text/xml']);
  });
});

describe('services', () => {
  it('lists our leaf categories, valid against the schema, with the XML shape the client library reads', async () => {
    const j = await raw(`${v311}/services.json`);
    assert.equal(j.status, 200);
    assert.equal(valid(schema('service_list'), j.json), '');
    const noise = j.json.find((s: any) => s.service_code === '020101');
    assert.deepEqual({ name: noise.service_name, group: noise.group }, { name: '施工噪声', group: '环境保护' });
    assert.ok(!j.json.some((s: any) => s.service_code === '0201'), 'a category with children is a group, not a service');

    const ours = parseXml((await raw(`${v311}/services.xml`)).text);
    const theirs = fixtureXml('services.xml');
    assert.deepEqual(Object.keys(ours), Object.keys(theirs), 'same root');
    const a = list(ours.services.service);
    const b = list(theirs.services.service);
    assert.equal(a.length, j.json.length);
    assert.deepEqual(keysOf(a[0]), keysOf(b[0]), 'the same fields as the fixture');
    assert.equal(typeof a[0].service_code, 'string');
    assert.equal(a.find((s: any) => s.service_code === '020101').metadata, 'true');
  });

  it('defines each service with its attributes', async () => {
    const j = await raw(`${v311}/services/020101.json`);
    assert.equal(j.status, 200);
    assert.equal(valid(schema('service_definition'), j.json), '');
    assert.deepEqual(j.json.attributes.map((a: any) => a.code), ['request_type', 'title', 'confidential', 'time_limit']);
    assert.match(j.json.attributes[3].description, /10 个工作日/, 'the time limit a complaint gets (seed 001)');

    const ours = parseXml((await raw(`${v311}/services/020101.xml`)).text).service_definition;
    const theirs = fixtureXml('service_definition.xml').service_definition;
    assert.equal(ours.service_code, '020101');
    // The specification wraps the attributes in <attributes>; the fixture leaves the wrapper out.
    const attr = list(ours.attributes.attribute)[0];
    const fixtureAttr = list(theirs.attribute)[0];
    for (const k of keysOf(fixtureAttr)) assert.ok(k in attr, `attribute has ${k}`);
    assert.deepEqual(keysOf(list(attr.values.value)[0]), keysOf(list(fixtureAttr.values.value)[0]));

    const missing = await raw(`${v311}/services/999999.json`);
    assert.equal(missing.status, 404);
    assert.equal(valid(schema('errors'), missing.json), '');
  });
});

describe('posting a request', () => {
  it('needs a valid api_key: 400 without, 403 for a wrong or revoked one, in the format asked for', async () => {
    const none = await form(`${v311}/requests.json`, { ...gemPost(), api_key: '' });
    assert.equal(none.status, 400);
    assert.equal(valid(schema('errors'), none.json), '');
    assert.match(none.json[0].description, /api_key/);

    const wrong = await form(`${v311}/requests.xml`, gemPost({ api_key: 'o311_not-a-key' }));
    assert.equal(wrong.status, 403);
    const e = parseXml(wrong.text).errors.error;
    assert.equal(e.code, '403');
    assert.match(e.description, /api_key/);
    assert.deepEqual(keysOf(e), keysOf(fixtureXml('get_service_request_not_found.xml').errors.error), 'the error list shape of the fixtures');

    const k = await admin.post('/api/interop/api-keys', { name: '临时测试' });
    const ok = await form(`${v311}/requests.json`, gemPost({ api_key: k.body.key }));
    assert.equal(ok.status, 201);
    const keys = await admin.get('/api/interop/api-keys');
    const row = keys.body.items.find((x: any) => x.id === k.body.id);
    assert.ok(row.lastUsedAt, 'use is recorded');
    assert.ok(!JSON.stringify(keys.body).includes(k.body.key), 'the key itself is never shown again');
    assert.equal((await admin.del(`/api/interop/api-keys/${k.body.id}`)).status, 200);
    const revoked = await form(`${v311}/requests.json`, gemPost({ api_key: k.body.key }));
    assert.equal(revoked.status, 403, 'a revoked key is refused');
    assert.equal((await operator.post('/api/interop/api-keys', { name: 'x' })).status, 403, 'only administrators issue keys');
  });

  it('notes a key\'s last use at most once a minute', async () => {
    const k = await admin.post('/api/interop/api-keys', { name: '用量测试' });
    const lastUsed = async () => (await admin.get('/api/interop/api-keys')).body.items.find((x: any) => x.id === k.body.id).lastUsedAt;
    assert.equal((await raw(`${v311}/requests.json?api_key=${k.body.key}`)).status, 200);
    const first = await lastUsed();
    assert.equal(first, tp.clock.now().toISOString());
    tp.clock.advance(30_000);
    assert.equal((await raw(`${v311}/requests.json?api_key=${k.body.key}`)).status, 200);
    assert.equal(await lastUsed(), first, 'not rewritten within the minute');
    tp.clock.advance(60_000);
    assert.equal((await raw(`${v311}/requests.json?api_key=${k.body.key}`)).status, 200);
    assert.equal(await lastUsed(), tp.clock.now().toISOString());
  });

  it('returns the first request to a retry with the same Idempotency-Key, and writes the token row a failed attempt left out', async () => {
    const post = (k: string) => raw(`${v311}/requests.json`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': k }, body: new URLSearchParams(gemPost()).toString(),
    });
    const count = async () => (await tp.db.query<{ n: number }>(sql`select count(*)::int as n from orders`)).rows[0]!.n;
    const before = await count();
    const first = await post('lamp-retry-1');
    assert.equal(first.status, 201, first.text);
    const again = await post('lamp-retry-1');
    assert.equal(again.status, 201);
    assert.deepEqual(again.json, first.json, 'the same request and token');
    const [{ service_request_id: id, token }] = first.json;
    // the order committed but its token row did not: a retry writes it, and still no second order
    await tp.db.query(sql`delete from open311_requests where token = ${token}`);
    assert.equal((await raw(`${v311}/tokens/${token}.json`)).status, 404);
    const third = await post('lamp-retry-1');
    assert.deepEqual(third.json, first.json);
    assert.deepEqual((await raw(`${v311}/tokens/${token}.json`)).json, [{ service_request_id: id, token }]);
    assert.equal(await count(), before + 1, 'one order for three attempts');
    const other = await post('lamp-retry-2');
    assert.notEqual(other.json[0].service_request_id, id, 'another key: another request');
  });

  it('accepts the OPEN311_API_KEY environment variable as one more key', async () => {
    process.env.OPEN311_API_KEY = 'env-key-for-this-test-0123456789';
    try {
      const r = await form(`${v311}/requests.json`, gemPost({ api_key: 'env-key-for-this-test-0123456789' }));
      assert.equal(r.status, 201, r.text);
    } finally {
      delete process.env.OPEN311_API_KEY;
    }
    assert.equal((await form(`${v311}/requests.json`, gemPost({ api_key: 'env-key-for-this-test-0123456789' }))).status, 403);
  });

  it('becomes an ordinary work order of the API channel, with a token that gives its id', async () => {
    const r = await form(`${v311}/requests.json`, { ...gemPost(), 'attribute[request_type]': 'complaint', 'attribute[title]': '正阳路路灯不亮' });
    assert.equal(r.status, 201, r.text);
    assert.equal(valid(schema('post_response'), r.json), '');
    const [{ service_request_id: id, token }] = r.json;
    assert.match(id, /^\d{8}-\d{5}$/, 'the service request id is the case code');

    const order = await operator.get(`/api/orders/${id}`);
    assert.equal(order.status, 200);
    assert.equal(order.body.channel, 'api');
    assert.equal(order.body.state, 'accepted', 'waiting for an operator like any order');
    assert.equal(order.body.category.code, '010501');
    assert.equal(order.body.title, '正阳路路灯不亮');
    assert.deepEqual([order.body.caller.name, order.body.caller.phone], ['王丽', '13900001234']);
    assert.deepEqual([order.body.place.address, order.body.place.lat, order.body.place.lng], ['正阳路与春阳路路口', 36.3075, 120.396]);
    assert.equal(order.body.externalRef.open311_media_url, 'https://example.com/photos/lamp.jpg');
    assert.equal(order.body.events[0].actor.name, 'Open311：随手拍 App');

    const t = await raw(`${v311}/tokens/${token}.json`);
    assert.equal(t.status, 200);
    assert.equal(valid(schema('token_response'), t.json), '');
    assert.deepEqual(t.json, [{ service_request_id: id, token }]);
    const tx = parseXml((await raw(`${v311}/tokens/${token}.xml`)).text);
    assert.deepEqual(keysOf(tx.service_requests.request), keysOf(fixtureXml('request_id_from_token.xml').service_requests.request));
    assert.equal((await raw(`${v311}/tokens/nope.json`)).status, 404);
  });

  it('answers a POST in XML as the client library expects', async () => {
    const r = await form(`${v311}/requests.xml`, gemPost());
    assert.equal(r.status, 201, r.text);
    const ours = parseXml(r.text).service_requests.request;
    const theirs = fixtureXml('post_service_request.xml').service_requests.request;
    for (const k of keysOf(theirs)) assert.ok(k in ours, `has ${k}`);
    assert.match(ours.service_request_id, /^\d{8}-\d{5}$/);
    assert.equal(ours.account_id, '12345');
  });

  it('takes JSON too, and reports every bad field in the standard error list', async () => {
    const ok = await raw(`${v311}/requests.json`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: key, service_code: '020101', lat: 36.31, long: 120.4, description: '工地夜间施工', attribute: { request_type: 'report', confidential: 'true' } }),
    });
    assert.equal(ok.status, 201, ok.text);
    const o = await operator.get(`/api/orders/${ok.json[0].service_request_id}`);
    assert.equal(o.body.requestType, 'report');
    assert.equal(o.body.caller.confidential, true);
    assert.equal(o.body.caller.anonymous, true, 'no phone: anonymous');

    const bad = await form(`${v311}/requests.json`, {
      api_key: key, service_code: 'nope', lat: '91', 'attribute[request_type]': 'shout', 'attribute[colour]': 'red', phone: 'abc',
    });
    assert.equal(bad.status, 400);
    assert.equal(valid(schema('errors'), bad.json), '');
    const text = bad.json.map((e: any) => e.description).join('\n');
    for (const what of ['service_code', 'lat', 'request_type', 'colour', 'phone']) assert.match(text, new RegExp(what), `reports ${what}`);
    assert.ok(bad.json.every((e: any) => e.code === 400));

    const badJson = await raw(`${v311}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api_key":' });
    assert.equal(badJson.status, 400);
    assert.equal(valid(schema('errors'), badJson.json), '');
  });
});

describe('reading requests', () => {
  let code: string;
  before(async () => {
    const r = await form(`${v311}/requests.json`, {
      ...gemPost({ service_code: '020101', description: '小区旁工地夜间施工噪声扰民，来电人王丽希望尽快处理', address_string: '城阳街道正阳路 100 号' }),
      'attribute[title]': '工地夜间施工噪声',
    });
    code = r.json[0].service_request_id;
  });

  it('follows the order through the loop: open with the agency and the deadline, then closed with the reply', async () => {
    const open = await raw(`${v311}/requests/${code}.json`);
    assert.equal(open.status, 200);
    assert.equal(valid(schema('requests'), open.json), '');
    assert.equal(open.json[0].status, 'open');
    assert.equal(open.json[0].status_notes, '已受理');

    const d = await dispatcher.post(`/api/orders/${code}/dispatch`, { leadUnitId: I.unit('cgj') });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const dispatched = (await raw(`${v311}/requests/${code}.json`)).json[0];
    assert.equal(dispatched.agency_responsible, '城阳区城市管理局(区综合行政执法局)');
    assert.equal(seconds(dispatched.expected_datetime), seconds(d.body.handleDue), 'expected = the handling deadline');
    assert.match(dispatched.service_notice, /10 个工作日/);

    await cgj.post(`/api/orders/${code}/sign-for`);
    await cgj.post(`/api/orders/${code}/reply`, { result: '已责令工地停止夜间施工。' });
    const replied = (await raw(`${v311}/requests/${code}.json`)).json[0];
    assert.equal(replied.status, 'open', 'replied is still open: the callback has not verified it');
    assert.equal(replied.status_notes, '已责令工地停止夜间施工。');

    await callback.post(`/api/orders/${code}/callback`, { satisfaction: 'satisfied', solved: true });
    const c = await callback.post(`/api/orders/${code}/close`);
    const closed = (await raw(`${v311}/requests/${code}.json`)).json[0];
    assert.equal(closed.status, 'closed');
    assert.equal(closed.status_notes, '已责令工地停止夜间施工。');
    assert.equal(seconds(closed.updated_datetime), seconds(c.body.closedAt), 'updated = when it was closed');
    assert.equal(closed.expected_datetime, null);
    assert.equal(valid(schema('requests'), [closed]), '');
  });

  it('shows the public subset without a key and the full request with one', async () => {
    const pub = (await raw(`${v311}/requests/${code}.json`)).json[0];
    assert.equal(pub.description, '工地夜间施工噪声', 'the title stands for the description');
    assert.equal(pub.address, null);
    assert.equal(pub.lat, null);
    const full = (await raw(`${v311}/requests/${code}.json?api_key=${key}`)).json[0];
    assert.equal(full.description, '小区旁工地夜间施工噪声扰民，来电人王丽希望尽快处理');
    assert.equal(full.address, '城阳街道正阳路 100 号');
    assert.equal(full.lat, 36.3075);
    assert.equal((await raw(`${v311}/requests/${code}.json?api_key=wrong`)).status, 403);
  });

  it('parses in XML like the fixtures, one request and none', async () => {
    const one = parseXml((await raw(`${v311}/requests/${code}.xml`)).text);
    const fixture = fixtureXml('get_service_request.xml');
    assert.deepEqual(keysOf(one.service_requests.request), keysOf(fixture.service_requests.request), 'every field of the fixture, empty ones too');
    assert.equal(one.service_requests.request.service_request_id, code);

    const none = await raw(`${v311}/requests.xml?service_request_id=19990101-00001`);
    assert.equal(none.status, 200);
    assert.deepEqual(parseXml(none.text), fixtureXml('service_requests_empty.xml'));

    const missing = await raw(`${v311}/requests/19990101-00001.xml`);
    assert.equal(missing.status, 404);
    assert.deepEqual(keysOf(parseXml(missing.text).errors.error), keysOf(fixtureXml('get_service_request_not_found.xml').errors.error));
  });

  it('filters by id list, service code, status and dates', async () => {
    const other = (await form(`${v311}/requests.json`, gemPost({ service_code: '010501' }))).json[0].service_request_id;
    const both = await raw(`${v311}/requests.json?service_request_id=${code},${other}&status=open`);
    assert.deepEqual(both.json.map((r: any) => r.service_request_id).sort(), [code, other].sort(), 'with ids, the other filters do not apply');

    const lamps = await raw(`${v311}/requests.json?service_code=010501`);
    assert.equal(valid(schema('requests'), lamps.json), '');
    assert.ok(lamps.json.length >= 1);
    assert.ok(lamps.json.every((r: any) => r.service_code === '010501'));
    assert.ok(lamps.json.some((r: any) => r.service_request_id === other));

    const group = await raw(`${v311}/requests.json?service_code=0105`);
    assert.ok(group.json.some((r: any) => r.service_request_id === other), 'a group code takes the services below it');
    assert.equal((await raw(`${v311}/requests.json?service_code=nope`)).status, 400);

    const closed = await raw(`${v311}/requests.json?status=closed`);
    assert.ok(closed.json.length > 0 && closed.json.every((r: any) => r.status === 'closed'));
    const open = await raw(`${v311}/requests.json?status=open`);
    assert.ok(open.json.some((r: any) => r.service_request_id === other));
    assert.ok(open.json.every((r: any) => r.status === 'open'));

    const now = tp.clock.now();
    const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const recent = await raw(`${v311}/requests.json?start_date=${iso(-3_600_000)}&end_date=${iso(3_600_000)}`);
    assert.ok(recent.json.some((r: any) => r.service_request_id === other));
    const past = await raw(`${v311}/requests.json?start_date=${iso(-30 * 86_400_000)}&end_date=${iso(-29 * 86_400_000)}`);
    assert.ok(!past.json.some((r: any) => r.service_request_id === other));
    assert.ok(past.json.every((r: any) => new Date(r.requested_datetime) <= new Date(iso(-29 * 86_400_000))));

    const span = await raw(`${v311}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`);
    assert.equal(span.status, 400, 'more than 90 days');
    const bad = await raw(`${v311}/requests.xml?start_date=yesterday&status=done`);
    assert.equal(bad.status, 400);
    const errs = list(parseXml(bad.text).errors.error);
    assert.equal(errs.length, 2, 'each bad parameter reported');
  });

  it('reads start and end dates strictly: impossible dates refused, an offset with or without its colon', async () => {
    assert.equal((await raw(`${v311}/requests.json?start_date=2026-02-30T00:00:00Z`)).status, 400, 'no 30 February');
    assert.equal((await raw(`${v311}/requests.json?start_date=2026-01-01T00:00:00`)).status, 400, 'a W3C date-time has its offset');
    const now = tp.clock.now();
    const at = (ms: number, offset: string) => formatShanghaiLike(new Date(now.getTime() + ms), offset);
    const a = await raw(`${v311}/requests.json?start_date=${encodeURIComponent(at(-3_600_000, '+08:00'))}&end_date=${encodeURIComponent(at(3_600_000, '+08:00'))}`);
    const b = await raw(`${v311}/requests.json?start_date=${encodeURIComponent(at(-3_600_000, '+0800'))}&end_date=${encodeURIComponent(at(3_600_000, '+0800'))}`);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(b.json, a.json);
  });

  it('maps every state onto open or closed', async () => {
    const rows = await tp.db.query<{ code: string; state: string }>(sql`select code, state from orders where accepted_at > now() - interval '80 days'`);
    const byState = new Map(rows.rows.map((r) => [r.state, r.code]));
    const codes = [...byState.values()];
    const r = await raw(`${v311}/requests.json?service_request_id=${codes.join(',')}`);
    for (const x of r.json) {
      const state = rows.rows.find((y) => y.code === x.service_request_id)!.state;
      assert.equal(x.status, ['closed', 'merged', 'withdrawn'].includes(state) ? 'closed' : 'open', state);
    }
    assert.equal(valid(schema('requests'), r.json), '');
  });
});

describe('the Open311 project\'s own schemas', () => {
  it('validate our responses too (when ../shared is present)', async (t) => {
    const shared = sharedSchemas();
    if (!shared) {
      t.skip('../shared/data/open311/open311-schema-validation is absent');
      return;
    }
    const services = await raw(`${v311}/services.json`);
    assert.equal(valid(shared('services.json'), services.json), '');
    const def = await raw(`${v311}/services/020101.json`);
    assert.equal(valid(shared('service-definition.json'), def.json), '');
    const reqs = await raw(`${v311}/requests.json?api_key=${key}`);
    assert.ok(reqs.json.length > 0);
    assert.equal(valid(shared('requests.json'), reqs.json), '');
  });
});

describe('documentation', () => {
  it('lists the Open311 and interop endpoints in the OpenAPI document', async () => {
    const doc = await tp.anon.get('/api/openapi.json');
    assert.equal(doc.status, 200);
    for (const p of ['/open311/v2/services.json', '/open311/v2/requests.json', '/open311/v2/requests/{id}', '/open311/v2/tokens/{token}', '/open311/discovery.json',
      '/api/interop/api-keys', '/api/interop/links', '/api/interop/links/{code}/messages', '/api/interop/webhooks', '/api/interop/deliveries',
      '/api/orders/export', '/api/import/orders', '/api/orders/{id}/handover-110', '/api/orders/{id}/return-upstream']) {
      assert.ok(doc.body.paths[p], `documents ${p}`);
    }
  });
});

describe('jurisdiction and unknown resources', () => {
  it('accepts no jurisdiction_id or ours, and answers 404 for another', async () => {
    process.env.OPEN311_JURISDICTION_ID = 'chengyang.qingdao.gov.cn';
    try {
      assert.equal((await raw(`${v311}/services.json?jurisdiction_id=chengyang.qingdao.gov.cn`)).status, 200);
      assert.equal((await raw(`${v311}/services.json`)).status, 200);
      const other = await raw(`${v311}/services.json?jurisdiction_id=sfgov.org`);
      assert.equal(other.status, 404);
      assert.equal(valid(schema('errors'), other.json), '');
    } finally {
      delete process.env.OPEN311_JURISDICTION_ID;
    }
    const nope = await raw(`${v311}/widgets.xml`);
    assert.equal(nope.status, 404);
    assert.equal(parseXml(nope.text).errors.error.code, '404');
  });
});
