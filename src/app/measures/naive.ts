// The naive recomputation: straight from the raw events, ignoring every projection. Finds the
// orders with an event in the period, folds each one's whole history with the domain's
// `orderFacts`, works out repeat requests from the accepted events themselves, and sums the marks
// in scope. Slow by design; the fast path must agree with it exactly (test/http/measures-agree).
import { startOfLocalDay } from '../../domain/calendar.ts';
import {
  emptyTally, orderFacts, REPEAT_WINDOW_MS, repeatFlags, tallyOrders, addTally, measureValues,
  type MeasureValues, type Scope, type Tally, type RepeatKey,
} from '../../domain/measures.ts';
import { EVENT_ZH } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { catalogAncestry } from './encode.ts';
import { loadEventsOf } from './refresh.ts';

const EVENT_TYPES = Object.keys(EVENT_ZH);

export async function naiveTally(db: Queryable, catalog: Catalog, scope: Scope, from: string, to: string, batch = 2000): Promise<Tally> {
  const a = startOfLocalDay(from);
  const b = startOfLocalDay(to);
  // `type = any(all types)` lets PostgreSQL range-scan the (type, at) index of the event log.
  const ids = await db.query<{ order_id: number }>(
    'select distinct order_id from order_events where type = any($1::text[]) and at >= $2 and at < $3 order by order_id',
    [EVENT_TYPES, a, b],
  );
  const accepted = await db.query<{ order_id: number; at: Date; phone: string | null; anonymous: boolean; category_id: number | null }>(
    `select order_id, at, data->'caller'->>'phone' as phone, coalesce((data->'caller'->>'anonymous')::boolean, false) as anonymous,
       (data->>'categoryId')::int as category_id
     from order_events where type = 'accepted' and at >= $1 and at < $2`,
    [new Date(a.getTime() - REPEAT_WINDOW_MS), b],
  );
  const keys: RepeatKey[] = accepted.rows.map((r) => ({ orderId: r.order_id, acceptedAt: new Date(r.at), phone: r.anonymous ? null : r.phone, categoryId: r.category_id }));
  const repeats = repeatFlags(keys);
  const anc = catalogAncestry(catalog);
  const total = emptyTally();
  const all = ids.rows.map((r) => r.order_id);
  for (let i = 0; i < all.length; i += batch) {
    const chunk = all.slice(i, i + batch);
    const byOrder = await loadEventsOf(db, chunk);
    const folded = [...byOrder].map(([id, evs]) => ({ facts: orderFacts(id, evs, catalog.calendar), repeat: repeats.has(id) }));
    addTally(total, tallyOrders(folded, scope, from, to, anc));
  }
  return total;
}

export async function naiveMeasures(db: Queryable, catalog: Catalog, scope: Scope, from: string, to: string): Promise<MeasureValues> {
  return measureValues(await naiveTally(db, catalog, scope, from, to));
}
