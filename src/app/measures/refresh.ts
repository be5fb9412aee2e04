// The fast path's upkeep. The events are the source: a consumer of the event log
// (src/events/consumer.ts, `measuresConsumer`) puts the orders whose events changed into
// `measure_queue` (so does a calendar change, for the orders whose handling time spans the changed
// days). The sweep takes a batch, folds each order's whole event history with the domain's
// `orderFacts`, and writes the difference between the old and the new marks into the daily sums.
// Only one process works at a time (a transaction-scoped advisory lock; the others skip), each
// batch is one transaction, and the queue rows go with it: a crash loses nothing and repeats nothing.
import { createHash } from 'node:crypto';
import { endOfLocalDay, localDate, startOfLocalDay } from '../../domain/calendar.ts';
import {
  addMark, emptyTally, markKeys, orderFacts, repeatFlags, type Ancestry, type Mark, type OrderFacts, type Tally,
} from '../../domain/measures.ts';
import type { PenaltyKind } from '../../domain/assessment.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import type { Db, Queryable, Tx } from '../../store/db.ts';
import { runConsumer, type Consumer } from '../../events/consumer.ts';
import { cursorOf, eventsBefore } from '../../store/events.ts';
import {
  applyDeltas, dequeue, enqueueHandlingBetween, enqueueOrders, factsToJson, flipRepeat, loadEventsOf, loadFacts, loadMeasureState,
  markRefreshed, pendingOrders, queuedBefore, queuedOrders, rebuildRollups, refreshedAt, repeatGroups, replacePenalties, saveCalendarState,
  saveTreePaths, tryLockFolding, upsertFacts,
} from '../../store/measures.ts';

export interface RefreshResult {
  /** Orders folded. */
  orders: number;
  /** Orders still queued (the budget ran out, or another process holds the lock). */
  pending: number;
  busy: boolean;
  rebuilt: boolean;
}

export interface RefreshOptions {
  batch?: number;
  /** Stop starting new batches after this long. */
  budgetMs?: number;
}

/** Every event may change an order's marks: its order is folded again. */
export const measuresConsumer: Consumer = {
  name: 'measures',
  handles: 'all',
  batch: 2000,
  async handle(events, { tx }) {
    const first = new Map<number, Date>();
    for (const e of events) if (!first.has(e.orderId) || e.at < first.get(e.orderId)!) first.set(e.orderId, e.at);
    if (first.size) await enqueueOrders(tx!, [...first.keys()], [...first.values()]);
  },
};

/** Read the new events, then fold the queued orders into the measure tables until the queue is empty or the budget is spent. */
export async function refreshMeasures(db: Db, now: Date, o: RefreshOptions = {}): Promise<RefreshResult> {
  await runConsumer({ db, clock: { now: () => now } }, measuresConsumer);
  const batch = o.batch ?? 1000;
  const budget = o.budgetMs ?? 10_000;
  const started = Date.now();
  const out: RefreshResult = { orders: 0, pending: 0, busy: false, rebuilt: false };
  for (;;) {
    const catalog = await getCatalog(db);
    const r = await db.transaction((tx) => refreshBatch(tx, catalog, now, batch));
    if (r === 'busy') {
      out.busy = true;
      break;
    }
    out.rebuilt ||= r.rebuilt;
    out.orders += r.orders;
    if (r.orders === 0 || Date.now() - started > budget) break;
  }
  out.pending = await pendingCount(db);
  return out;
}

/** Orders waiting to be folded: queued, or with events the measures have not read yet. */
export async function pendingCount(db: Queryable): Promise<number> {
  return pendingOrders(db, await cursorOf(db, measuresConsumer.name));
}

/** How fresh the measures are: when the last batch was folded, and how many orders wait in the queue. */
export async function freshness(db: Queryable): Promise<{ refreshedAt: string | null; pending: number }> {
  const [at, pending] = await Promise.all([refreshedAt(db), pendingCount(db)]);
  return { refreshedAt: at ? at.toISOString() : null, pending };
}

/** Are all events before `at` folded into the measures? (Steps taken now queue rows stamped now.) */
export async function caughtUpTo(db: Queryable, at: Date): Promise<boolean> {
  if (await eventsBefore(db, await cursorOf(db, measuresConsumer.name), at)) return false;
  return !(await queuedBefore(db, at));
}

/** Every tree node's path, as the daily sums were last built against. */
export function treePaths(c: Catalog): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, m] of [['u', c.units], ['c', c.categories], ['t', c.territories]] as const) {
    for (const [id, n] of m) out[`${name}${id}`] = n.path;
  }
  return out;
}

/** A node the sums were built with has moved or gone: ancestors changed, the sums must be rebuilt. New nodes change nothing. */
export function treeMoved(before: Record<string, string> | null, now: Record<string, string>): boolean {
  if (before === null) return true;
  return Object.entries(before).some(([k, path]) => now[k] !== path);
}

function calendarList(c: Catalog): string[] {
  return [...[...c.calendar.offDays].map((d) => `${d}:off`), ...[...c.calendar.workDays].map((d) => `${d}:work`)].sort();
}

async function refreshBatch(tx: Tx, catalog: Catalog, now: Date, batch: number): Promise<'busy' | { orders: number; rebuilt: boolean }> {
  if (!(await tryLockFolding(tx))) return 'busy';
  const state = await loadMeasureState(tx);
  const anc = catalogAncestry(catalog);

  // The calendar changed: handling times spanning the changed days are folded again.
  const cal = calendarList(catalog);
  const calFp = createHash('sha256').update(cal.join(',')).digest('hex').slice(0, 32);
  if (calFp !== state.calendarFingerprint) {
    const before = new Set(state.calendar);
    const changed = [...cal.filter((d) => !before.has(d)), ...state.calendar.filter((d) => !cal.includes(d))].map((d) => d.slice(0, 10)).sort();
    if (changed.length) await enqueueHandlingBetween(tx, startOfLocalDay(changed[0]!), endOfLocalDay(changed[changed.length - 1]!));
    await saveCalendarState(tx, calFp, cal);
  }

  // A unit, category or territory moved: the sums by scope are rebuilt from the facts. New nodes need nothing.
  let rebuilt = false;
  const paths = treePaths(catalog);
  if (treeMoved(state.treePaths, paths)) {
    await rebuildRollups(tx);
    rebuilt = true;
  }
  if (rebuilt || Object.keys(paths).length !== Object.keys(state.treePaths ?? {}).length) await saveTreePaths(tx, paths);

  const q = await queuedOrders(tx, batch);
  if (!q.length) return { orders: 0, rebuilt };
  const orderIds = [...new Set(q.map((r) => r.orderId))];
  const [events, old] = await Promise.all([loadEventsOf(tx, orderIds), loadFacts(tx, orderIds)]);

  const next = new Map<number, OrderFacts>();
  for (const id of orderIds) {
    const evs = events.get(id);
    if (evs?.length) next.set(id, orderFacts(id, evs, catalog.calendar));
  }

  // Repeat requests depend on the caller's other requests: settle every touched (phone, category) group.
  const groups = new Map<string, [string, number]>();
  for (const f of [...[...old.values()].map((x) => x.facts), ...next.values()]) {
    if (f.phone && f.categoryId !== null) groups.set(`${f.phone}\u0000${f.categoryId}`, [f.phone, f.categoryId]);
  }
  const flags = new Map<number, boolean>();
  const members = new Map<number, { repeat: boolean }>();
  if (groups.size) {
    const rows = await repeatGroups(tx, [...groups.values()]);
    const items = rows.filter((r) => !next.has(r.orderId)).map((r) => ({ orderId: r.orderId, acceptedAt: r.acceptedAt, phone: r.phone, categoryId: r.categoryId }));
    for (const r of rows) members.set(r.orderId, { repeat: r.repeat });
    for (const f of next.values()) items.push({ orderId: f.orderId, acceptedAt: f.acceptedAt, phone: f.phone!, categoryId: f.categoryId! });
    const rep = repeatFlags(items);
    for (const it of items) flags.set(it.orderId, rep.has(it.orderId));
  }

  // Others in those groups whose flag moved: their received mark changes too.
  const moved = [...members.entries()].filter(([id, m]) => !next.has(id) && flags.has(id) && flags.get(id) !== m.repeat).map(([id]) => id);
  const movedFacts = moved.length ? await loadFacts(tx, moved) : new Map<number, { facts: OrderFacts; repeat: boolean }>();

  const deltas = new Map<string, Tally>();
  const apply = (f: OrderFacts, repeat: boolean, sign: 1 | -1) => addMarks(deltas, f, repeat, sign, anc);
  for (const id of orderIds) {
    const was = old.get(id);
    if (was) apply(was.facts, was.repeat, -1);
    const now_ = next.get(id);
    if (now_) apply(now_, flags.get(id) ?? false, 1);
  }
  for (const [id, m] of movedFacts) {
    apply(m.facts, m.repeat, -1);
    apply(m.facts, flags.get(id)!, 1);
  }

  await upsertFacts(tx, [...next.values()].map((f) => factsToJson(f, flags.get(f.orderId) ?? false, localDate(f.acceptedAt), now)));
  if (moved.length) await flipRepeat(tx, moved);
  await applyDeltas(tx, [...deltas].map(([k, tally]) => {
    const [dim, key, day] = k.split('\u0000') as [string, string, string];
    return { dim, key, day, tally };
  }));
  await replacePenalties(tx, orderIds, penaltiesOfOrders(next));
  await dequeue(tx, q.map((r) => r.id));
  await markRefreshed(tx, now);
  return { orders: orderIds.length, rebuilt };
}

function addMarks(deltas: Map<string, Tally>, f: OrderFacts, repeat: boolean, sign: 1 | -1, anc: Ancestry): void {
  for (const m of f.marks) {
    for (const s of markKeys(m, f, anc)) {
      const key = `${s.dim}\u0000${s.key}\u0000${m.day}`;
      let t = deltas.get(key);
      if (!t) deltas.set(key, (t = emptyTally()));
      addMark(t, m, repeat, sign);
    }
  }
}

/** The marks that cost a unit points (the assessment drill-down). */
export function penaltiesOf(m: Mark): PenaltyKind[] {
  switch (m.k) {
    case 'signed': return m.ok ? [] : ['sign_late'];
    case 'replied': return m.ok ? [] : ['reply_late'];
    case 'closed': return m.ok ? [] : ['close_late'];
    case 'callback': return [...(m.sat === 'unsatisfied' ? ['unsatisfied' as const] : []), ...(m.solved ? [] : ['unsolved' as const])];
    case 'reopened': return ['reopened'];
    case 'second_dispatch': return ['second_dispatch'];
    case 'overdue': return ['overdue'];
    default: return [];
  }
}

/** The drill-down marks of these orders' facts: each mark of a unit that cost it points. */
function penaltiesOfOrders(facts: Map<number, OrderFacts>): { orderId: number; day: string; unitId: number; kind: PenaltyKind }[] {
  const out: { orderId: number; day: string; unitId: number; kind: PenaltyKind }[] = [];
  for (const f of facts.values()) {
    for (const m of f.marks) {
      if (m.unit === null) continue;
      for (const p of penaltiesOf(m)) out.push({ orderId: f.orderId, day: m.day, unitId: m.unit, kind: p });
    }
  }
  return out;
}

/** Ancestors (node first) from the catalog's materialised paths; unknown ids have none. */
export function catalogAncestry(c: Catalog): Ancestry {
  const memo = (m: Map<number, { path: string }>) => {
    const cache = new Map<number, readonly number[]>();
    return (id: number) => {
      let a = cache.get(id);
      if (!a) {
        const n = m.get(id);
        a = n ? ancestry(n.path) : [];
        cache.set(id, a);
      }
      return a;
    };
  };
  return { unit: memo(c.units), category: memo(c.categories), territory: memo(c.territories) };
}
