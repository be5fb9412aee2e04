// Live updates for the web workbenches: GET /api/live is a server-sent-events stream that tells
// the viewer which orders changed among those they may see; the page then refetches. The feed
// (src/app/live.ts) follows the event log in each process.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { LiveFeed } from '../../app/live.ts';
import { requireUser, tokenOf, type App } from '../server.ts';

const HEARTBEAT_MS = 20_000;

export function liveRoutes(api: App, app: AppContext): LiveFeed {
  const feed = new LiveFeed(app);
  /** How often an open stream checks that its session still holds (logout, expiry, a disabled account). */
  const recheckMs = Number(process.env.LIVE_RECHECK_MS ?? 15_000);
  api.addHook('onClose', async () => feed.stop());

  api.get('/api/live', {
    schema: {
      tags: ['web'],
      summary: '实时更新 Live updates (server-sent events)',
      description: 'An `text/event-stream`: each `orders` event carries `{"ids": [...]}`, the orders visible to the viewer that changed (any server process, same database). Comments keep the connection alive.',
    },
  }, async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const token = tokenOf(req)!;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let closed = false;
    let remove = () => undefined as void;
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    // The session is checked again while the stream is open: when it has ended, the page is told
    // (`expired`: log in again) and the stream closes, so a logged-out viewer hears nothing more.
    const recheck = setInterval(() => {
      void authenticate(app.db, token, app.clock.now()).then((u) => {
        if (u || closed) return;
        res.write('event: expired\ndata: {}\n\n');
        done();
        res.end();
      }, () => undefined);
    }, recheckMs);
    const done = () => {
      closed = true;
      clearInterval(heartbeat);
      clearInterval(recheck);
      remove();
    };
    req.raw.on('close', done);
    res.on('error', done);
    const r = await feed.add({ user, send: (ids) => res.write(`event: orders\ndata: ${JSON.stringify({ ids })}\n\n`) });
    if (closed) r();
    else remove = r;
    // The page refetches on `hello` (first connection and every reconnection): nothing falls in between.
    res.write(`retry: 3000\nevent: hello\ndata: {"user":${user.id}}\n\n`);
  });
  return feed;
}
