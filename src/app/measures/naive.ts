// The naive recomputation: straight from the raw events, ignoring every projection. Finds the
// orders with an event in the period, folds each one's whole history with the domain's
// `orderFacts`, works out repeat requests from the accepted events themselves, and sums the marks
// in scope. Slow by design; the fast path must agree with it exactly (test/http/measures-agree).
import { startOfLocalDay } from '../../domain/calendar.ts';
import {
  emptyTally, orderFacts, REPEAT_WINDOW_MS, repeatFlags, tallyOrders, addTally, measureValues,
  type MeasureValues, type Scope, type Tally,
} from '../../domain/measures.ts';
import { EVENT_ZH } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { acceptedKeysBetween, loadEventsOf, ordersWithEventsBetween } from '../../store/measures.ts';
import { catalogAncestry } from './refresh.ts';

const EVENT_TYPES = Object.keys(EVENT_ZH);

export async function naiveTally(db: Queryable, catalog: Catalog, scope: Scope, from: string, to: string, batch = 2000): Promise<Tally> {
  const a = startOfLocalDay(from);
  const b = startOfLocalDay(to);
  const all = await ordersWithEventsBetween(db, EVENT_TYPES, a, b);
  const keys = await acceptedKeysBetween(db, new Date(a.getTime() - REPEAT_WINDOW_MS), b);
  const repeats = repeatFlags(keys);
  const anc = catalogAncestry(catalog);
  const total = emptyTally();
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
