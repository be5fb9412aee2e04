// The event log followed within one process (the live stream): every second the events after
// where the process had got to, so that a viewer connected to any process hears of a change made
// through any other. Not a durable consumer: the position is in memory, and a process starts at
// the log's end. It favours speed over order: a transaction that commits a smaller id after a
// larger one is caught by reading a window of recent ids again and remembering which were told.
import type { Queryable } from '../store/db.ts';
import { eventsAfter, logEnd } from '../store/events.ts';

/** How many ids back each read looks again, for transactions that commit out of id order. */
const WINDOW = 256;

export class EventTail {
  private maxSeen = -1;
  private seen = new Set<number>();

  /** `onOrders` hears the orders whose events are new since the last read. */
  constructor(private readonly db: Queryable, private readonly onOrders: (orderIds: number[]) => Promise<void>) {}

  /** Forget the position: the next read starts at the log's end again. */
  reset(): void {
    this.maxSeen = -1;
    this.seen.clear();
  }

  async read(): Promise<void> {
    if (this.maxSeen < 0) {
      const end = await logEnd(this.db);
      this.maxSeen = end.maxId;
      for (const e of await eventsAfter(this.db, Math.max(0, end.maxId - WINDOW), WINDOW, [])) this.seen.add(e.id);
      return;
    }
    const changed = new Set<number>();
    for (const e of await eventsAfter(this.db, Math.max(0, this.maxSeen - WINDOW), 5000, [])) {
      if (this.seen.has(e.id)) continue;
      this.seen.add(e.id);
      if (e.id > this.maxSeen) this.maxSeen = e.id;
      changed.add(e.orderId);
    }
    const low = this.maxSeen - WINDOW;
    for (const id of this.seen) if (id <= low) this.seen.delete(id);
    if (changed.size) await this.onOrders([...changed]);
  }
}
