// The live feed of one server process: the viewers with an open stream (GET /api/live), told
// which orders they may see changed. The source is the event log itself, not an in-memory bus:
// the process follows `order_events` every second (src/events/tail.ts; one query per process,
// whatever the number of viewers), so an order accepted or dispatched through any process
// reaches viewers connected to any other process on the same database.
import { EventTail } from '../events/tail.ts';
import { reachesCentre } from '../policy/scopes.ts';
import type { User } from './auth.ts';
import type { AppContext } from './context.ts';
import { ordersInScope } from './orders/queries.ts';

const POLL_MS = Number(process.env.LIVE_POLL_MS ?? 1000);

export interface Viewer {
  user: User;
  send(ids: number[]): void;
}

export class LiveFeed {
  private viewers = new Set<Viewer>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private readonly tail: EventTail;

  constructor(private readonly app: AppContext, private readonly pollMs = POLL_MS) {
    this.tail = new EventTail(app.db, (ids) => this.announce(ids));
  }

  /** Adds a viewer once the feed knows where the log ends: later events reach them. */
  async add(v: Viewer): Promise<() => void> {
    this.viewers.add(v);
    if (!this.timer && !this.stopped) this.timer = setInterval(() => void this.poll(), this.pollMs);
    if (!this.started) await this.poll();
    return () => {
      this.viewers.delete(v);
      if (this.viewers.size === 0) this.pause();
    };
  }

  private pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Start from the head again when someone connects: nobody is waiting for what happens meanwhile.
    this.started = false;
    this.tail.reset();
  }

  stop() {
    this.stopped = true;
    this.pause();
    this.viewers.clear();
  }

  /** One read of the log: new events, announced to each viewer who may see the order. */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.tail.read().then(() => {
      this.started = true;
    }, () => {
      // The database is briefly unavailable: the next poll tries again.
    }).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async announce(ids: number[]) {
    // One query per unit subtree among the viewers, not per viewer.
    const byUnit = new Map<string, Promise<number[]>>();
    const visible = (user: User) => {
      let p = byUnit.get(user.unitPath);
      if (!p) {
        p = ordersInScope(this.app, user, ids).catch(() => []);
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
