// Hot issues (热点): clusters of similar requests in a time window, by text and place, each named
// by its top terms, with its count and trend. Leaders see them (GET /api/intake/hot-issues and the
// dashboard); the reports' 热点问题 (src/reports/hot-issues.ts) and the hot-issue early warning
// (./hot-warnings.ts) are made from them.
//
// STABLE INTERFACE (other modules depend on it):
//
//   hotIssues(db, catalog, { from, to, territoryId?, scope?, before?, limit?, now? }): Promise<HotIssue[]>
//
//   - the window is [from, to) on orders' accepted_at; every order counts (a merged duplicate is
//     still a resident asking), withdrawn ones too;
//   - territoryId limits it to orders in that territory's subtree;
//   - scope (a measures scope, issue 4) limits it to the orders whose facts fall in it;
//   - the trend compares with `before`, by default the window of the same length just before `from`;
//   - sorted by distinct residents, then count (descending), then rising trend; at most `limit`
//     (default 10);
//   - deterministic for the same data: the word statistics come from the window itself, or, when
//     it holds under 500 requests, from the 5,000 requests accepted last before the day `to`
//     falls in (./corpus.ts), never from whatever arrived since (a report made again says the
//     same); `now` (the platform's clock) caps that day at today when `to` lies in the future.
import type { Scope } from '../../domain/measures.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { factsInScope } from '../../store/measures.ts';
import { factsMeet, inTerritorySubtree, requestsAccepted, type WindowRow } from '../../store/requests.ts';
import type { Sql } from '../../store/sql.ts';
import type { ClusterDoc, ClusterJob, JobCluster } from '../../text/cluster.ts';
import { runCluster } from './cluster-run.ts';
import { corpusIdf } from './corpus.ts';

export interface HotIssueQuery {
  from: Date;
  to: Date;
  territoryId?: number | null;
  /** Only orders whose measure facts fall in this scope (the reports' subject). */
  scope?: Scope;
  /** The window to compare with; by default the one of the same length just before `from`. */
  before?: { from: Date; to: Date };
  limit?: number;
  /** The platform's time: a window ending after today borrows today's word statistics (./corpus.ts). */
  now?: Date;
}

export interface HotIssue {
  /** Up to five words that name the issue, most telling first. */
  terms: string[];
  /** A readable name: the title of the most central request, e.g. "工地夜间施工噪音扰民". */
  label: string;
  /** Requests in the window. */
  count: number;
  /** Distinct residents behind them (by phone; an anonymous request counts as one): one person
   * writing thirty times is not thirty people's issue. Issues are ranked by this first. */
  residents: number;
  trend: {
    /** Similar requests in the window of the same length before `from`. */
    previous: number;
    /** count - previous */
    change: number;
    direction: 'new' | 'rising' | 'steady' | 'falling';
  };
  /** Territories (communities, or the territory itself above that level) the requests came from, most requests first. */
  territoryIds: number[];
  /** Categories of the requests, most requests first. */
  categoryIds: number[];
  /** Up to five order ids, the most central first. */
  exampleOrderIds: number[];
  firstAt: string;
  lastAt: string;
}

/** The most orders one window is clustered over (the most recent ones). */
const HOT_MAX_ORDERS = 20_000;

export type Row = WindowRow;

/** The community above a territory (or the territory itself when it is a community or higher): the place key. */
function placeOf(catalog: Catalog, territoryId: number | null): number | null {
  if (territoryId === null) return null;
  const t = catalog.territories.get(territoryId);
  if (!t) return null;
  if (t.level !== 'grid') return t.id;
  for (const a of ancestry(t.path)) if (catalog.territories.get(a)?.level === 'community') return a;
  return t.id;
}

type Where = Pick<HotIssueQuery, 'territoryId' | 'scope'>;

/** The requests accepted in [from, to) within the query's place and scope (the most recent HOT_MAX_ORDERS), oldest first. */
export async function loadWindow(db: Queryable, catalog: Catalog, from: Date, to: Date, w: Where): Promise<Row[]> {
  const where: Sql[] = [];
  if (w.territoryId != null) where.push(inTerritorySubtree(catalog.territories.get(w.territoryId)?.path ?? '/none/'));
  if (w.scope && w.scope.dim !== 'all') where.push(factsMeet(factsInScope(catalog, w.scope)));
  return requestsAccepted(db, from, to, where, HOT_MAX_ORDERS);
}

/** Below this many requests a window borrows its word statistics (otherwise a word in every request of a small window weighs little). */
const OWN_STATISTICS = 500;
export const residentOf = (r: Row): string => r.caller_phone ?? `order:${r.id}`;

const docOf = (catalog: Catalog, r: Row): ClusterDoc => ({ id: r.id, title: r.title, text: r.description, place: placeOf(catalog, r.territory_id), who: residentOf(r) });

/**
 * A window's requests (accepted before `to`) clustered, ranked by distinct residents, and each
 * list of `compare` matched against the clusters (src/text/cluster.ts runClusterJob), off the
 * server's thread when the job is large. `now` caps the day of the borrowed word statistics at
 * today (a window ending tomorrow 00:00 takes today's, ./corpus.ts).
 */
export async function clusterRows(
  db: Queryable, catalog: Catalog, rows: Row[], to: Date, compare: Row[][],
  o: Pick<ClusterJob, 'compareMinResidents' | 'compareTop'> & { now?: Date } = {},
): Promise<JobCluster[]> {
  const { now, ...job } = o;
  const idf = rows.length >= OWN_STATISTICS ? undefined : await corpusIdf(db, to, now);
  return runCluster({ docs: rows.map((r) => docOf(catalog, r)), idf, compare: compare.map((l) => l.map((r) => docOf(catalog, r))), ...job });
}

export const ranked = <T>(xs: readonly (T | null)[]): T[] => {
  const n = new Map<T, number>();
  for (const x of xs) if (x !== null) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([x]) => x);
};

export async function hotIssues(db: Queryable, cat: Catalog, q: HotIssueQuery): Promise<HotIssue[]> {
  const span = q.to.getTime() - q.from.getTime();
  if (!(span > 0)) return [];
  const prior = q.before ?? { from: new Date(q.from.getTime() - span), to: q.from };
  // One after the other: on a transaction the statements queue anyway.
  const rows = await loadWindow(db, cat, q.from, q.to, q);
  if (rows.length < 2) return [];
  const before = await loadWindow(db, cat, prior.from, prior.to, q);
  const limit = q.limit ?? 10;
  // The previous window, on the same word statistics, tells how each issue moved (worked out for
  // the clusters that can make the list).
  const clusters = await clusterRows(db, cat, rows, q.to, [before], { compareTop: limit, now: q.now });
  const issues = clusters.filter((c) => c.close[0] !== null).map((c): HotIssue => {
    const members = c.members.map((i) => rows[i]!);
    const previous = c.close[0]!.length;
    const count = members.length;
    const change = count - previous;
    const direction = previous === 0 ? 'new' : count >= previous * 1.25 ? 'rising' : count <= previous * 0.8 ? 'falling' : 'steady';
    const times = members.map((m) => new Date(m.accepted_at).getTime()).sort((a, b) => a - b);
    return {
      terms: c.terms,
      label: rows[c.centre]!.title,
      count,
      residents: c.residents,
      trend: { previous, change, direction },
      territoryIds: ranked(members.map((m) => placeOf(cat, m.territory_id))),
      categoryIds: ranked(members.map((m) => m.category_id)),
      exampleOrderIds: members.slice(0, 5).map((m) => m.id),
      firstAt: new Date(times[0]!).toISOString(),
      lastAt: new Date(times[times.length - 1]!).toISOString(),
    };
  });
  const rise = { new: 0, rising: 1, steady: 2, falling: 3 } as const;
  return issues
    .sort((a, b) => b.residents - a.residents || b.count - a.count || rise[a.trend.direction] - rise[b.trend.direction] || a.exampleOrderIds[0]! - b.exampleOrderIds[0]!)
    .slice(0, limit);
}
