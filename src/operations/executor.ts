// The one executor of every operation on a work order. Whoever calls it (the HTTP routes, the
// portal, Open311, the 110 and centre links, the sweeps, the importer, the demo generator), a
// step runs the same way:
//
//   read the configuration → open a transaction → lock the order (and any other order the
//   operation names, in id order) → may the caller see it (404)? → may the caller do this to it
//   now (policy: 403 who, 409 when)? → is the input right for the configuration (400)? → load
//   what the decision needs → decide (pure) → append the events → write what belongs with them
//   → commit → after.
//
// Of two concurrent steps on one order the second waits for the lock and is then judged against
// the first one's result. A new order is written in one statement with its code, its events and
// its links (store/orders.ts `createOrder`), so it is durable before the caller hears its code; an
// idempotency key makes a retry answer with the first order.
import type { AppContext } from '../app/context.ts';
import { fromRejection, invalid, notFound } from '../app/errors.ts';
import type { Catalog } from '../domain/catalog.ts';
import { evolve, type NewEvent, type Order, type OrderEvent } from '../domain/order.ts';
import { authorize } from '../policy/abilities.ts';
import { orderReach, sqlOrdersInScope } from '../policy/scopes.ts';
import { getCatalog } from '../store/catalog.ts';
import { PG, pgCode, type Queryable, type Tx } from '../store/db.ts';
import { appendEvents, createOrder, loadForUpdate, orderByIdempotencyKey, orderMatches } from '../store/orders.ts';
import type { As, CreateOperation, Created, Done, OpContext, StepOperation } from './operation.ts';

/** Extra writes a caller adds to the operation's transaction (a linked platform records the message it applied). */
export type Within<D> = (tx: Tx, done: D) => Promise<void>;

/** Operations run together in one transaction (an import is all or nothing). */
export interface Unit {
  step<I, X>(op: StepOperation<I, X>, orderId: number, input: I, as: As, within?: Within<Done>): Promise<Done | null>;
  /** Rows that belong with the unit's orders but to none of them (an import's batch record). */
  record<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  create<I, X>(op: CreateOperation<I, X>, input: I, as: As, o?: { key?: string | null; within?: Within<Created> }): Promise<Created>;
}

/**
 * Run a step on an order. Null only for an operation that skips a locked order (`lock: 'skip'`)
 * when another transaction holds it.
 */
export async function execute<I, X>(app: AppContext, op: StepOperation<I, X>, orderId: number, input: I, as: As, within?: Within<Done>): Promise<Done | null> {
  return batch(app, (u) => u.step(op, orderId, input, as, within));
}

/**
 * Create an order. With an idempotency key (the channel's: a client's Idempotency-Key header, a
 * linked platform's message id) a retry answers with the first order.
 */
export async function create<I, X>(app: AppContext, op: CreateOperation<I, X>, input: I, as: As, o: { key?: string | null; within?: Within<Created> } = {}): Promise<Created> {
  const catalog = await getCatalog(app.db);
  const ctx = context(app, catalog, as);
  const key = o.key ?? null;
  const within = o.within;
  // A retry answers with the first order, whatever has changed since (a category disabled meanwhile).
  if (key) {
    const prior = await orderByIdempotencyKey(app.db, key);
    if (prior) return replay(prior, catalog);
  }
  const after: (() => Promise<void>)[] = [];
  try {
    // One statement needs no transaction of its own: the code, the order and its events commit together.
    if (!op.record && !within) return await createIn(null, app.db, ctx, op, input, key, after);
    return await app.db.transaction((tx) => createIn(tx, tx, ctx, op, input, key, after, within));
  } catch (e) {
    // Two concurrent retries with one key: the loser's statement rolled back (no code used up).
    if (key && pgCode(e) === PG.uniqueViolation) {
      const prior = await orderByIdempotencyKey(app.db, key);
      if (prior) return replay(prior, catalog);
    }
    throw e;
  } finally {
    await runAfter(after);
  }
}

/** Several operations in one transaction, judged against one configuration. */
export async function batch<T>(app: AppContext, fn: (u: Unit) => Promise<T>): Promise<T> {
  const catalog = await getCatalog(app.db);
  const after: (() => Promise<void>)[] = [];
  const out = await app.db.transaction((tx) => fn({
    step: (op, orderId, input, as, within) => stepIn(tx, context(app, catalog, as), op, orderId, input, after, within),
    create: (op, input, as, o) => createIn(tx, tx, context(app, catalog, as), op, input, o?.key ?? null, after, o?.within),
    record: (fn) => fn(tx),
  }));
  await runAfter(after);
  return out;
}

function context(app: AppContext, catalog: Catalog, as: As): OpContext & { app: AppContext } {
  return { app, now: app.clock.now(), actor: as.actor, subject: as.subject, catalog, calendar: catalog.calendar };
}

type Ctx = OpContext & { app: AppContext };

async function stepIn<I, X>(tx: Tx, ctx: Ctx, op: StepOperation<I, X>, orderId: number, input: I, after: (() => Promise<void>)[], within?: Within<Done>): Promise<Done | null> {
  const others = op.others?.(input) ?? [];
  const ids = [...new Set([orderId, ...others.map((o) => o.id)])].sort((a, b) => a - b);
  const locked = new Map<number, Order | null>();
  for (const id of ids) locked.set(id, await loadForUpdate(tx, id, { skipLocked: op.lock === 'skip' }));
  const order = locked.get(orderId);
  if (!order) {
    if (op.lock === 'skip') return null;
    throw notFound();
  }
  if (!(await canReach(tx, ctx, order))) throw notFound();
  const refused = authorize(ctx.subject, op.ability, order);
  if (refused) throw fromRejection(refused);
  const problems = op.check?.(input, ctx) ?? [];
  if (problems.length) throw invalid(problems);
  const rest: Order[] = [];
  for (const o of others) {
    const found = locked.get(o.id);
    if (!found) throw invalid([o.missing]);
    rest.push(found);
  }
  const extra = (op.load ? await op.load(tx, order, input, ctx) : undefined) as X;
  const d = op.decide(order, ctx, input, extra, rest);
  if (!d.ok) throw fromRejection(d.rejection);
  if ('others' in d) {
    for (const o of d.others) {
      const target = locked.get(o.orderId);
      if (target && o.events.length) await appendEvents(tx, target, o.events, ctx.actor, ctx.now);
    }
  }
  const done: Done = { before: order, order, events: [], catalog: ctx.catalog };
  if (d.events.length) {
    done.events = written(order, d.events, ctx);
    done.order = await appendEvents(tx, order, d.events, ctx.actor, ctx.now);
  }
  await op.record?.(tx, done, input, extra, ctx);
  await within?.(tx, done);
  if (op.after) after.push(() => op.after!(ctx.app, done, input));
  return done;
}

async function createIn<I, X>(
  tx: Tx | null, db: Queryable, ctx: Ctx, op: CreateOperation<I, X>, input: I, key: string | null,
  after: (() => Promise<void>)[], within?: Within<Created>,
): Promise<Created> {
  const refused = authorize(ctx.subject, op.ability);
  if (refused) throw fromRejection(refused);
  const problems = op.check?.(input, ctx) ?? [];
  if (problems.length) throw invalid(problems);
  const extra = (op.load ? await op.load(db, input, ctx) : undefined) as X;
  const d = op.decide(ctx, input, extra);
  if (!d.ok) throw fromRejection(d.rejection);
  const events: OrderEvent[] = 'history' in d ? [...d.history] : d.events.map((e, i) => ({ ...e, seq: i + 1, at: ctx.now, actor: ctx.actor }));
  const order = await createOrder(db, {
    events, code: op.code?.(input) ?? undefined, idempotencyKey: key, trackSecretHash: op.trackSecretHash?.(input, extra) ?? null,
  });
  const done: Created = { before: order, order, events, catalog: ctx.catalog, replayed: false, secret: op.secret?.(input, extra) ?? null };
  if (tx) {
    await op.record?.(tx, done, input, extra, ctx);
    await within?.(tx, done);
  }
  if (op.after) after.push(() => op.after!(ctx.app, done, input));
  return done;
}

/** May the caller see this order at all? Staff within their scope, a resident the order they proved, the system and linked platforms any. */
async function canReach(tx: Tx, ctx: Ctx, order: Order): Promise<boolean> {
  const reach = orderReach(ctx.subject);
  if (reach.kind === 'all') return true;
  if (reach.kind === 'one') return reach.orderId === order.id;
  return reach.scope.kind === 'centre' || orderMatches(tx, order.id, sqlOrdersInScope(reach.scope));
}

/** The events as the store writes them (seq after the order's version, the step's time and actor). */
function written(order: Order, events: readonly NewEvent[], ctx: OpContext): OrderEvent[] {
  let version = order.version;
  return events.map((e) => ({ ...e, seq: ++version, at: ctx.now, actor: ctx.actor }));
}

const replay = (order: Order, catalog: Catalog): Created => ({ before: order, order, events: [], catalog, replayed: true, secret: null });

async function runAfter(after: (() => Promise<void>)[]): Promise<void> {
  for (const f of after.splice(0)) await f().catch(() => undefined);
}

/** Fold a decision's events onto an order as the store would: composite decisions judge each step against the one before. */
export function applied(o: Order, events: readonly NewEvent[], ctx: Pick<OpContext, 'now' | 'actor'>): Order {
  let n = o;
  for (const e of events) n = evolve(n, { ...e, seq: n.version + 1, at: ctx.now, actor: ctx.actor });
  return n;
}
