// Serving the two apps: the staff workbenches at /, the residents' portal at /portal, client
// routes reloadable (SPA fallback), hashed assets cached for a year and sent compressed, and the
// API never swallowed by the fallback.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WEB_OUT, ensureWebBuild, webBuildIsCurrent } from '../../scripts/web-build.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform;
before(async () => {
  ensureWebBuild(() => undefined);
  tp = await startTestPlatform();
});
after(() => tp.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(tp.url + path, { headers, redirect: 'manual' });

describe('serving the web apps', () => {
  it('is built from the current sources', () => {
    assert.ok(webBuildIsCurrent(), 'dist/web/build.json matches the sources');
  });

  it('serves the staff app at / and on its client routes', async () => {
    for (const path of ['/', '/intake', '/orders/20261121-00042', '/admin/units']) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(r.headers.get('cache-control'), 'no-cache');
      const html = await r.text();
      assert.match(html, /民声 · 12345 工作台/);
      assert.match(html, /<script type="module"[^>]+src="\/assets\/staff-[\w-]+\.js"/);
    }
  });

  it('serves the portal at /portal and on its client routes', async () => {
    for (const path of ['/portal', '/portal/', '/portal/submit', '/portal/track']) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      const html = await r.text();
      assert.match(html, /12345 市民诉求/);
      assert.match(html, /src="\/assets\/portal-[\w-]+\.js"/);
    }
  });

  it('sends hashed assets compressed, cached for a year; a missing one is a 404', async () => {
    const js = readdirSync(join(WEB_OUT, 'assets')).find((f) => /^staff-.*\.js$/.test(f))!;
    const br = await get(`/assets/${js}`, { 'accept-encoding': 'br, gzip' });
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    assert.match(br.headers.get('content-type') ?? '', /javascript/);
    const plain = await get(`/assets/${js}`, { 'accept-encoding': 'identity' });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal((await get('/assets/nothing-here.js')).status, 404);
  });

  it('never answers an API path with a page', async () => {
    const r = await get('/api/nothing-here');
    assert.equal(r.status, 404);
    const body = (await r.json()) as { error: string; message: string };
    assert.equal(body.error, 'no_route');
    assert.match(body.message, /没有这个接口/);
    assert.equal((await get('/api/health')).status, 200);
    const docs = await get('/api/docs/');
    assert.ok(docs.status === 200 || docs.status === 302, 'the API browser still works');
  });

  it('tells a page who is logged in, with 200 either way', async () => {
    const anon = await tp.anon.get('/api/session');
    assert.equal(anon.status, 200);
    assert.equal(anon.body.user, null);
    const op = await tp.as('operator1');
    const me = await op.get('/api/session');
    assert.equal(me.body.user.username, 'operator1');
    assert.equal(me.body.user.roleZh, '话务员');
  });
});
