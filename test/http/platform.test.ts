// The platform as a new user meets it: health, the OpenAPI document, migrations that can run
// again, the demo city, and the event log as the source of every order's state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fold } from '../../src/domain/order.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import { docToOrder, loadEvents } from '../../src/store/orders.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;

before(async () => {
  tp = await startTestPlatform();
});
after(() => tp.stop());

describe('meta', () => {
  it('answers health and serves the OpenAPI document and its browser', async () => {
    const h = await tp.anon.get('/api/health');
    assert.equal(h.status, 200);
    assert.deepEqual(h.body, { status: 'ok' });
    const doc = await tp.anon.get('/api/openapi.json');
    assert.equal(doc.status, 200);
    assert.match(doc.body.openapi, /^3\./);
    for (const p of ['/api/orders', '/api/orders/{id}/dispatch', '/api/orders/{id}/sign-for', '/api/calendar/deadline', '/api/public/requests', '/api/time-limit-rules']) {
      assert.ok(doc.body.paths[p], `documents ${p}`);
    }
    assert.ok(doc.body.paths['/api/orders'].post.requestBody, 'with request schemas');
    const ui = await fetch(`${tp.url}/api/docs`, { redirect: 'follow' });
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger/i);
  });

  it('runs migrations once: a second run applies nothing', async () => {
    assert.deepEqual(await migrate(tp.db), []);
    const r = await tp.db.query<{ version: number }>(sql`select version from schema_migrations order by version`);
    assert.deepEqual(r.rows.map((x) => x.version), listMigrations().map((m) => m.version));
  });
});

describe('the demo city', () => {
  it('has a district down to grid cells, 30+ units of every kind and tier, users for every role, rules and history', async () => {
    const admin = await tp.as('admin1');
    const units = (await admin.get('/api/units')).body.items;
    assert.ok(units.length >= 30);
    assert.deepEqual(new Set(units.map((u: any) => u.kind)), new Set(['centre', 'department', 'street', 'community', 'utility', 'company']));
    assert.deepEqual(new Set(units.map((u: any) => u.tier)), new Set([1, 2, 3]));
    const t = (await tp.anon.get('/api/territories')).body.items;
    assert.deepEqual(new Set(t.map((x: any) => x.level)), new Set(['district', 'street', 'community', 'grid']));
    const users = (await admin.get('/api/users')).body.items;
    assert.deepEqual(new Set(users.map((u: any) => u.role)), new Set(['operator', 'dispatcher', 'unit_handler', 'callback_agent', 'supervisor', 'leader', 'admin']));
    const cats = (await tp.anon.get('/api/categories')).body.items;
    assert.ok(cats.some((c: any) => c.path.split('/').filter(Boolean).length === 3), 'three levels');
    assert.ok((await admin.get('/api/time-limit-rules')).body.items.length > 5);
    assert.ok((await admin.get('/api/routing-rules')).body.items.length > 20);
    const closed = await admin.get('/api/orders?state=closed&pageSize=1');
    assert.ok(closed.body.total > 10, 'past orders went through the loop');
  });
});

describe('events are the source of the state', () => {
  it("every order's stored state equals the fold of its events", async () => {
    const rows = await tp.db.query<{ id: number; code: string; doc: Record<string, unknown> }>(sql`select id, code, doc from orders order by id`);
    assert.ok(rows.rows.length > 50);
    for (const r of rows.rows) {
      const events = await loadEvents(tp.db, r.id);
      const folded = JSON.parse(JSON.stringify(fold(r.id, r.code, events)));
      const stored = JSON.parse(JSON.stringify(docToOrder(r.doc)));
      assert.deepEqual(stored, folded, `order ${r.code}`);
    }
  });

  it('refuses to rewrite history', async () => {
    const r = await tp.db.query<{ order_id: number; seq: number }>(sql`select order_id, seq from order_events limit 1`);
    const e = r.rows[0]!;
    await assert.rejects(
      tp.db.query(sql`insert into order_events (order_id, seq, type, at, actor_role, actor_name, data) values (${e.order_id}, ${e.seq}, 'closed', now(), 'system', 'x', '{}')`),
      /duplicate key|unique/,
    );
    await assert.rejects(tp.db.query(sql`update order_events set note = 'rewritten' where order_id = ${e.order_id}`), /immutable/);
    await assert.rejects(tp.db.query(sql`delete from order_events where order_id = ${e.order_id}`), /immutable/);
  });
});
