// What an operation on a work order is: one definition per change, each in a file of its own in
// this folder, run by the one executor (./executor.ts). A definition says
//   - its input (a zod schema: the HTTP body, or what a channel builds),
//   - the ability it needs (src/policy/abilities.ts),
//   - what it checks against the configuration (field problems, a 400),
//   - what it loads beyond the order and the configuration (in the order's transaction),
//   - its decision: a pure function (the rules are in src/domain/, no I/O),
//   - what it writes beside the events in the same transaction, and what happens after commit,
//   - and, when people call it over HTTP, its route (src/http/routes/operations.ts makes them).
import type { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { Ctx, Decision } from '../domain/commands.ts';
import type { Actor, NewEvent, Order, OrderEvent } from '../domain/order.ts';
import type { FieldProblem } from '../domain/problems.ts';
import type { Ability } from '../policy/abilities.ts';
import type { Subject } from '../policy/scopes.ts';
import type { Queryable, Tx } from '../store/db.ts';

/** Who runs an operation: the subject the policy judges, and the actor the events record. */
export interface As {
  subject: Subject;
  actor: Actor;
}

/** What a decision sees besides the order and its input. */
export interface OpContext extends Ctx {
  subject: Subject;
  catalog: Catalog;
}

/** A decision that also changes other orders (a merge writes to the master too). */
export type MultiDecision = Decision | { ok: true; events: NewEvent[]; others: { orderId: number; events: NewEvent[] }[] };

/** An order another one needs, locked with it (in id order, so two operations cannot deadlock). */
export interface OtherOrder {
  id: number;
  /** The answer when it does not exist. */
  missing: FieldProblem;
}

export interface HttpRoute {
  /** POST /api/orders/:id/<path> for staff; POST /api/public/requests/:code/<path> for residents. */
  path: string;
  summary: string;
  description?: string;
  audience: 'staff' | 'resident';
  tags?: string[];
}

/** The result of a step: the order after it, the events it wrote, the configuration it was judged by. */
export interface Done {
  /** The order as it was before the step. */
  before: Order;
  order: Order;
  events: OrderEvent[];
  catalog: Catalog;
}

export interface StepOperation<I = any, X = any> {
  kind: 'step';
  name: string;
  ability: Ability;
  input: z.ZodType<I>;
  http?: HttpRoute | readonly HttpRoute[];
  /** 'skip': an order another transaction holds is passed over, not waited for (the sweeps). */
  lock?: 'wait' | 'skip';
  /** Other orders to lock and hand to the decision. */
  others?: (input: I) => OtherOrder[];
  /** Problems with the input against the configuration: a 400 with the fields, before anything is locked. */
  check?: (input: I, ctx: OpContext) => FieldProblem[];
  /** What the decision needs beyond the order and the configuration, read in the order's transaction. */
  load?: (tx: Tx, order: Order, input: I, ctx: OpContext) => Promise<X>;
  /** The pure decision. */
  decide: (order: Order, ctx: OpContext, input: I, extra: X, others: Order[]) => MultiDecision;
  /** Rows that belong with the events, written in the same transaction (keys, mappings). Runs also when no event was due. */
  record?: (tx: Tx, done: Done, input: I, extra: X, ctx: OpContext) => Promise<void>;
  /** Work after the commit (notifications); a failure here does not undo the step. */
  after?: (app: AppContext, done: Done, input: I) => Promise<void>;
}

/** The result of creating an order. */
export interface Created extends Done {
  /** True when an idempotency key found the order made by an earlier attempt: nothing was written. */
  replayed: boolean;
  /** What the creation made that only this response may carry (a generated tracking secret). */
  secret: string | null;
}

export interface CreateOperation<I = any, X = any> {
  kind: 'create';
  name: string;
  ability: Ability;
  input: z.ZodType<I>;
  http?: HttpRoute;
  check?: (input: I, ctx: OpContext) => FieldProblem[];
  /** What the decision needs beyond the configuration (read first; may be random, like a tracking secret). */
  load?: (db: Queryable, input: I, ctx: OpContext) => Promise<X>;
  /**
   * The pure decision: the new order's events from `accepted` on, taken now by the actor; or a
   * history whose events carry their own times and actors (an import, the demo city).
   */
  decide: (ctx: OpContext, input: I, extra: X) => Decision | { ok: true; history: readonly OrderEvent[] };
  /** A case code to keep (history, imports); otherwise the next code of the day. */
  code?: (input: I) => string | null;
  /** The SHA-256 of the resident's tracking secret, kept on the order. */
  trackSecretHash?: (input: I, extra: X) => string | null;
  /** The secret only the first response may show. */
  secret?: (input: I, extra: X) => string | null;
  record?: (tx: Tx, done: Created, input: I, extra: X, ctx: OpContext) => Promise<void>;
  after?: (app: AppContext, done: Created, input: I) => Promise<void>;
}

export type Operation = StepOperation | CreateOperation;

export const defineStep = <I, X = undefined>(op: Omit<StepOperation<I, X>, 'kind'>): StepOperation<I, X> => ({ kind: 'step', ...op });
export const defineCreate = <I, X = undefined>(op: Omit<CreateOperation<I, X>, 'kind'>): CreateOperation<I, X> => ({ kind: 'create', ...op });
