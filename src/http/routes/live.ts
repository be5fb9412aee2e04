// Live updates for the web workbenches: GET /api/live is a server-sent-events stream that tells
// the viewer which orders changed among those they may see; the page then refetches.
//
// The source is the event log itself, not an in-memory bus: each server process polls
// `order_events` by id every second (one query per process, whatever the number of viewers),
// so an order accepted or dispatched through any process reaches viewers connected to any other
// process on the same database. Ids are handed out at insert and a slower transaction can commit
// a smaller id after a larger one, so the poll re-reads a window of recent ids and remembers
// which it has already announced.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type User } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { reachesCentre, scopeOf, sqlOrdersInScope } from '../../policy/scopes.ts';
import { sql } from '../../store/sql.ts';
import { requireUser, tokenOf, type App } from '../server.ts';

const POLL_MS = Number(process.env.LIVE_POLL_MS ?? 1000);
const HEARTBEAT_MS = 20_000;
/** How many ids back each poll looks again, for transactions that commit out of id order. */
const WINDOW = 256;

interface Viewer {
  user: User;
  send(ids: number[]): void;
}

export class LiveFeed {
  private viewers = new Set<Viewer>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private maxSeen = -1;
  private seen = new Set<number>();
  private stopped = false;

  constructor(private readonly app: AppContext, private readonly pollMs = POLL_MS) {}

  /** Adds a viewer once the feed knows where the log ends: later events reach them. */
  async add(v: Viewer): Promise<() => void> {
    this.viewers.add(v);
    if (!this.timer && !this.stopped) this.timer = setInterval(() => void this.poll(), this.pollMs);
    if (this.maxSeen < 0) await this.poll();
    return () => {
      this.viewers.delete(v);
      if (this.viewers.size === 0) this.pause();
    };
  }

  private pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Start from the head again when someone connects: nobody is waiting for what happens meanwhile.
    this.maxSeen = -1;
    this.seen.clear();
  }

  stop() {
    this.stopped = true;
    this.pause();
    this.viewers.clear();
  }

  /** One poll: new events since the last one, announced to each viewer who may see the order. */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.pollOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pollOnce(): Promise<void> {
    try {
      const first = this.maxSeen < 0;
      const floor = first ? null : Math.max(0, this.maxSeen - WINDOW);
      const r = first
        ? await this.app.db.query<{ id: number; order_id: number }>(
          `select id::float8 as id, order_id from order_events where id > (select coalesce(max(id), 0) - ${WINDOW} from order_events) order by id`)
        : await this.app.db.query<{ id: number; order_id: number }>(
          'select id::float8 as id, order_id from order_events where id > $1 order by id limit 5000', [floor]);
      const changed = new Set<number>();
      for (const row of r.rows) {
        const id = Number(row.id);
        if (this.seen.has(id)) continue;
        this.seen.add(id);
        if (id > this.maxSeen) this.maxSeen = id;
        if (!first) changed.add(row.order_id);
      }
      if (first && this.maxSeen < 0) this.maxSeen = 0;
      const low = this.maxSeen - WINDOW;
      for (const id of this.seen) if (id <= low) this.seen.delete(id);
      if (changed.size) await this.announce([...changed]);
    } catch {
      // The database is briefly unavailable: the next poll tries again.
    }
  }

  private async announce(ids: number[]) {
    const byUnit = new Map<string, Promise<number[]>>();
    const visible = (user: User) => {
      let p = byUnit.get(user.unitPath);
      if (!p) {
        p = this.app.db.query<{ id: number }>(sql`select o.id from orders o where o.id = any(${ids}::int[]) and ${sqlOrdersInScope(scopeOf(user))}`)
          .then((r) => r.rows.map((x) => x.id), () => []);
        byUnit.set(user.unitPath, p);
      }
      return p;
    };
    for (const v of this.viewers) {
      const mine = reachesCentre(v.user) ? ids : await visible(v.user);
      if (mine.length) v.send(mine);
    }
  }
}

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
