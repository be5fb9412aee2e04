// The deadline sweeps: the escalation ladder for orders nobody touches past their deadline, and
// deadlines recomputed after a calendar or time-limit rule change. Each order is one operation
// (src/operations/escalate.ts, recomputeDeadlines.ts) that skips an order another process holds;
// the next sweep picks it up.
import type { AppContext } from '../app/context.ts';
import { asSystem } from '../operations/as.ts';
import { escalate } from '../operations/escalate.ts';
import { execute } from '../operations/executor.ts';
import { recomputeDeadlines } from '../operations/recomputeDeadlines.ts';
import { getCatalog } from '../store/catalog.ts';
import { escalationCandidates } from '../store/escalations.ts';
import { ordersToRecompute } from '../store/orders.ts';

/** Escalation steps taken. */
export async function runEscalation(app: AppContext, now: Date): Promise<number> {
  const catalog = await getCatalog(app.db);
  let taken = 0;
  for (const id of await escalationCandidates(app.db, now, catalog.escalation)) {
    const done = await execute(app, escalate, id, {}, asSystem());
    taken += done?.events.length ?? 0;
  }
  return taken;
}

/** Orders whose deadlines moved. */
export async function recomputeOpenDeadlines(app: AppContext): Promise<number> {
  const catalog = await getCatalog(app.db);
  let moved = 0;
  for (const id of await ordersToRecompute(app.db, catalog.version)) {
    const done = await execute(app, recomputeDeadlines, id, {}, asSystem());
    moved += done?.events.length ? 1 : 0;
  }
  return moved;
}
