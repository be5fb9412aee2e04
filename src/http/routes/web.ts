// Routes of issue 3: the staff workbenches at / and the residents' portal at /portal, served from
// the vite build in dist/web (`npm run build`; `npm start` and `npm install` build it), the live
// updates stream (live.ts) and the session probe the pages start with.
//
// /assets/* are content-hashed files, cached for a year and sent pre-compressed (brotli or gzip)
// when the browser accepts it. Every other GET outside /api/ is a page of one of the two
// single-page apps: /portal and below get the portal's index.html, anything else the staff app's,
// so a reload on /orders/42 or /portal/track works. /api/* is never swallowed: an unknown API
// path still answers the JSON 404.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import { sessionView } from '../../app/auth.ts';
import type { App } from '../server.ts';
import { liveRoutes } from './live.ts';

export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>民声 Minsheng</title>
<body style="font-family:sans-serif;padding:2em"><h1>界面尚未构建 The web UI is not built</h1>
<p>请运行 <code>npm run build</code>（<code>npm install</code> 与 <code>npm start</code> 会自动构建）。</p>
<p>Run <code>npm run build</code> (<code>npm install</code> and <code>npm start</code> do it for you). The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

export function webRoutes(api: App, app: AppContext): void {
  liveRoutes(api, app);

  // Who is logged in (the cookie of POST /api/auth/login), or null: the pages ask this first, and
  // a 200 either way keeps a logged-out start free of errors.
  api.get('/api/session', { schema: { tags: ['auth'], summary: '当前会话 Current session (null when logged out)', security: [] } }, async (req) => {
    const u = req.user;
    return { user: u ? sessionView(u) : null };
  });

  const assets = join(WEB_ROOT, 'assets');
  void api.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    decorateReply: false,
    preCompressed: true,
    immutable: true,
    maxAge: '365d',
    index: false,
    // Before the first build the folder is missing and every asset is a 404.
    suppressWarning: true,
  });

  const page = async (reply: FastifyReply, file: string) => {
    let html: string;
    try {
      html = await readFile(join(WEB_ROOT, file), 'utf8');
    } catch {
      return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };

  const opts = { schema: { hide: true } };
  api.get('/portal', opts, (_req, reply) => page(reply, 'portal/index.html'));
  api.get('/portal/*', opts, (_req, reply) => page(reply, 'portal/index.html'));
  api.get('/*', opts, (req: FastifyRequest, reply) => {
    const path = req.url.split('?')[0]!;
    if (path === '/api' || path.startsWith('/api/')) {
      throw new AppError(404, 'no_route', `没有这个接口：${req.method} ${path}`, `No such endpoint: ${req.method} ${path}`);
    }
    return page(reply, 'index.html');
  });
}
