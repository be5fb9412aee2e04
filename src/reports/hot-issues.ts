// Hot issues (热点问题) as the reports and the dashboard list them: the clusters of similar
// requests of issue 5 (app/intake/hot.ts: by text and place, named by the most central request
// and the top terms, ranked by distinct residents), for a period of local days and a report's
// subject, compared with the previous period, with example orders.
//
// Everything here reads through the `Queryable` it is given and takes the catalog as an argument.
import { startOfLocalDay } from '../domain/calendar.ts';
import type { Scope } from '../domain/measures.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { Queryable } from '../store/db.ts';
import { hotIssues as clusters } from '../app/intake/hot.ts';
import { streetOf } from '../app/measures/warnings.ts';
import { exampleOrders } from '../store/reports.ts';

export interface HotIssueExample {
  orderId: number;
  code: string;
  title: string;
  address: string | null;
  acceptedAt: string;
}

export interface HotIssue {
  /** The cluster's earliest example order, e.g. 'cluster:1234': stable for the same data. */
  key: string;
  /** Where and what, e.g. '城阳街道：正阳路小区停水'. */
  title: string;
  /** Up to five words naming the issue, most telling first. */
  terms: string[];
  /** Requests in the period, distinct residents behind them, and similar requests in the period before. */
  count: number;
  residents: number;
  previous: number;
  /** The most frequent category and street of the cluster. */
  categoryId: number | null;
  territoryId: number | null;
  examples: HotIssueExample[];
}

export interface HotIssueQuery {
  /** Local days [from, to), and the period to compare with. */
  from: string;
  to: string;
  prevFrom: string;
  prevTo: string;
  scope: Scope;
  limit: number;
  examples: number;
}

export async function hotIssues(db: Queryable, catalog: Catalog, q: HotIssueQuery): Promise<HotIssue[]> {
  const found = await clusters(db, catalog, {
    from: startOfLocalDay(q.from), to: startOfLocalDay(q.to), scope: q.scope, limit: q.limit,
    before: { from: startOfLocalDay(q.prevFrom), to: startOfLocalDay(q.prevTo) },
  });
  const ids = found.flatMap((h) => h.exampleOrderIds.slice(0, q.examples));
  const byId = new Map((await exampleOrders(db, ids)).map((r) => [r.id, r]));
  return found.map((h) => {
    const place = h.territoryIds[0] ?? null;
    const street = place === null ? null : streetOf(catalog, place);
    const where = catalog.territories.get(street ?? place ?? -1)?.name;
    return {
      key: `cluster:${Math.min(...h.exampleOrderIds)}`,
      title: where ? `${where}：${h.label}` : h.label,
      terms: h.terms,
      count: h.count,
      residents: h.residents,
      previous: h.trend.previous,
      categoryId: h.categoryIds[0] ?? null,
      territoryId: street ?? place,
      examples: h.exampleOrderIds.slice(0, q.examples).flatMap((id) => {
        const e = byId.get(id);
        return e ? [{ orderId: e.id, code: e.code, title: e.title, address: e.address, acceptedAt: e.acceptedAt.toISOString() }] : [];
      }),
    };
  });
}
