// Accept a request (受理): the order and its first events are committed before the resident
// hears the case code. An idempotency key makes a retried submission return the first order.
import { randomInt } from 'node:crypto';
import * as cmd from '../../domain/commands.ts';
import { fold, intakeOf, type Actor, type Intake, type Order, type OrderEvent } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { PG, pgCode } from '../../store/db.ts';
import { createOrder, docToOrder } from '../../store/orders.ts';
import { sha256 } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { field, fromRejection, invalid, type FieldError } from '../errors.ts';

export interface AcceptInput extends Intake {
  attachmentIds: number[];
  /** Answer at once from the knowledge base and close (即时答复). */
  answer: { text: string; knowledgeArticleId: number | null } | null;
  /** Open the case file at once (立案), ready for dispatch. */
  register: boolean;
  /** A secret the resident chose for tracking; one is generated when there is no phone to check against. */
  trackSecret: string | null;
  idempotencyKey: string | null;
}

export interface Accepted {
  order: Order;
  /** The events just written (null on a replay: read them from the store). */
  events: OrderEvent[] | null;
  /** Only on the first response, and only when the platform generated it. */
  trackSecret: string | null;
  replayed: boolean;
  /** The catalog the accept was judged against, to present the order with. */
  catalog: Catalog;
}

export async function acceptOrder(app: AppContext, actor: Actor, input: AcceptInput): Promise<Accepted> {
  const catalog = await getCatalog(app.db);
  // A retry answers with the first order, whatever has changed since (a category disabled meanwhile).
  if (input.idempotencyKey) {
    const prior = await byIdempotencyKey(app, input.idempotencyKey);
    if (prior) return { order: prior, events: null, trackSecret: null, replayed: true, catalog };
  }
  const errors: FieldError[] = [];
  if (input.categoryId !== null) {
    const c = catalog.categories.get(input.categoryId);
    if (!c || !c.active) errors.push(field('categoryId', '分类不存在或已停用', 'No such category, or it is disabled'));
  }
  if (input.place.territoryId !== null && !catalog.territories.has(input.place.territoryId)) {
    errors.push(field('place.territoryId', '区域不存在', 'No such territory'));
  }
  if (!input.caller.anonymous && !input.caller.phone) {
    errors.push(field('caller.phone', '非匿名诉求须填写联系电话', 'A phone number is required unless the request is anonymous'));
  }
  if (input.attachmentIds.length) {
    const r = await app.db.query<{ id: number }>('select id from attachments where id = any($1::int[])', [input.attachmentIds]);
    const found = new Set(r.rows.map((x) => x.id));
    input.attachmentIds.forEach((id, i) => {
      if (!found.has(id)) errors.push(field(`attachmentIds.${i}`, '附件不存在', 'No such attachment'));
    });
  }
  if (input.answer && input.register) errors.push(field('register', '即时答复的诉求不能同时立案', 'An order answered at once cannot also be registered'));
  if (errors.length) throw invalid(errors);

  const generated = input.trackSecret === null && !input.caller.phone ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;
  const secret = input.trackSecret ?? generated;
  try {
    const now = app.clock.now();
    const events: OrderEvent[] = [{ seq: 1, at: now, actor, note: null, data: { type: 'accepted', ...intakeOf(input), attachmentIds: input.attachmentIds } }];
    const c: cmd.Ctx = { now, actor, calendar: catalog.calendar };
    const o = fold(0, '', events);
    const next = input.answer
      ? cmd.answer(o, c, { answer: input.answer.text, knowledgeArticleId: input.answer.knowledgeArticleId })
      : input.register ? cmd.register(o, c, { note: null }) : null;
    if (next && !next.ok) throw fromRejection(next.rejection);
    next?.events.forEach((e, i) => events.push({ ...e, seq: 2 + i, at: now, actor }));
    // One statement: the code, the order and its events commit together before anyone hears the code.
    const order = await createOrder(app.db, { events, idempotencyKey: input.idempotencyKey, trackSecretHash: secret ? sha256(secret) : null });
    return { order, events, trackSecret: generated, replayed: false, catalog };
  } catch (e) {
    // Two concurrent retries with one key: the loser's statement rolled back (no code used up).
    if (input.idempotencyKey && pgCode(e) === PG.uniqueViolation) {
      const prior = await byIdempotencyKey(app, input.idempotencyKey);
      if (prior) return { order: prior, events: null, trackSecret: null, replayed: true, catalog };
    }
    throw e;
  }
}

async function byIdempotencyKey(app: AppContext, key: string): Promise<Order | null> {
  const r = await app.db.query<{ doc: Record<string, unknown> }>('select doc from orders where idempotency_key = $1', [key]);
  return r.rows[0] ? docToOrder(r.rows[0].doc) : null;
}
