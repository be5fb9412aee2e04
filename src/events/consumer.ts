// The one way to act on the event log after the fact. A consumer declares which event types it
// handles and is given them in batches, in id order, each batch once its events are safely
// committed: the projections (measures, the search index), the outbox (webhooks, messages to
// linked platforms) and the warning sweeps run this way from the background jobs; the live
// stream reads the same log with a tail of its own in each process (./tail.ts).
//
// A durable consumer's position is a row in `event_cursors`, locked by the process that reads on
// (FOR UPDATE SKIP LOCKED: one process at a time, the others skip), so a restart forgets nothing
// and several processes share the work. Ids are handed out at insert and a transaction can commit
// a smaller id after a larger one, so the position only moves over ids seen without a hole; a hole
// is passed when no other writing transaction was in flight as the log's end was read (a
// rolled-back insert leaves one for ever), or after a grace.
import type { AppContext } from '../app/context.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { EventType } from '../domain/order.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Tx } from '../store/db.ts';
import { eventsAfter, lockCursor, logEnd, moveCursor, type LoggedEvent } from '../store/events.ts';

export type { LoggedEvent };

export const GAP_GRACE_MS = 60_000;

export interface Consumer {
  /** Its position's name in `event_cursors`. */
  name: string;
  /** The event types it acts on ('all': every one). */
  handles: readonly EventType[] | 'all';
  /**
   * 'transaction' (the default): handled in the transaction that moves the position, so each
   * event is acted on exactly once. 'after': handled once the batch is read, outside any
   * transaction, then the position moves: at least once, for long work whose effects are
   * idempotent (the hot-issue clustering).
   */
  mode?: 'transaction' | 'after';
  /** Events read per batch (of every type: the position moves over the ones not handled too). */
  batch?: number;
  /** Act on a batch (only the handled events, possibly none). 'later' leaves the position where it was: the batch comes again next time. */
  handle(events: LoggedEvent[], x: Handling): Promise<void | 'later'>;
}

/** What a handler works with: the transaction that moves the position ('transaction' mode), the configuration read before it. */
export interface Handling {
  app: AppContext;
  tx: Tx | null;
  now: Date;
  catalog: Catalog;
}

/** What one read found: the events to act on and how far the position may move. */
interface Batch {
  from: number;
  upto: number;
  gapSeenAt: Date | null;
  events: LoggedEvent[];
  /** The read was full and moved to its end: there may be more. */
  more: boolean;
}

async function readBatch(tx: Tx, c: Consumer, now: Date): Promise<Batch | null> {
  const cur = await lockCursor(tx, c.name);
  if (!cur) return null; // another process is at it
  const size = c.batch ?? 500;
  const end = await logEnd(tx);
  const rows = await eventsAfter(tx, cur.lastEventId, size, c.handles);
  let upto = cur.lastEventId;
  const quietUpTo = end.inflight ? 0 : end.maxId;
  for (const r of rows) {
    if (r.id !== upto + 1 && r.id > quietUpTo) break;
    upto = r.id;
  }
  const maxId = rows.length ? rows[rows.length - 1]!.id : cur.lastEventId;
  let gapSeenAt: Date | null = null;
  if (upto < maxId) {
    if (cur.gapSeenAt && now.getTime() - cur.gapSeenAt.getTime() > GAP_GRACE_MS) upto = maxId;
    else gapSeenAt = cur.gapSeenAt ?? now;
  }
  return {
    from: cur.lastEventId, upto, gapSeenAt,
    events: rows.filter((r) => r.id <= upto && r.handled),
    more: rows.length === size && upto === maxId,
  };
}

/**
 * Read on until caught up (at most `maxBatches` batches). Returns the number of events handled,
 * or -1 when another process holds the position.
 */
export async function runConsumer(app: AppContext, c: Consumer, maxBatches = 50): Promise<number> {
  let handled = 0;
  for (let i = 0; i < maxBatches; i++) {
    const now = app.clock.now();
    // Read outside the transaction: the embedded database runs one statement stream at a time.
    const catalog = await getCatalog(app.db);
    let more = false;
    if ((c.mode ?? 'transaction') === 'transaction') {
      const r = await app.db.transaction(async (tx) => {
        const b = await readBatch(tx, c, now);
        if (!b) return null;
        if ((await c.handle(b.events, { app, tx, now, catalog })) === 'later') return { n: 0, more: false };
        await moveCursor(tx, c.name, b.upto, b.gapSeenAt);
        return { n: b.events.length, more: b.more };
      });
      if (!r) return i === 0 ? -1 : handled;
      handled += r.n;
      more = r.more;
    } else {
      const b = await app.db.transaction((tx) => readBatch(tx, c, now));
      if (!b) return i === 0 ? -1 : handled;
      if (b.upto === b.from && !b.events.length) {
        if (b.gapSeenAt) await moveCursor(app.db, c.name, b.upto, b.gapSeenAt, b.from);
        break;
      }
      if ((await c.handle(b.events, { app, tx: null, now, catalog })) === 'later') break;
      await moveCursor(app.db, c.name, b.upto, b.gapSeenAt, b.from);
      handled += b.events.length;
      more = b.more;
    }
    if (!more) break;
  }
  return handled;
}
