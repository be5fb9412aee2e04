// Hot issues (热点): clusters of similar requests in a time window, by text and place, each named
// by its top terms, with its count and trend. Leaders see them (GET /api/intake/hot-issues); the
// weekly report and the early warning (issue 4) call `hotIssues` directly.
//
// STABLE INTERFACE (other modules depend on it):
//
//   hotIssues(db, { from, to, territoryId?, limit? }): Promise<HotIssue[]>
//
//   - the window is [from, to) on orders' accepted_at; every order counts (a merged duplicate is
//     still a resident asking), withdrawn ones too;
//   - territoryId limits it to orders in that territory's subtree;
//   - the trend compares with the window of the same length just before `from`;
//   - sorted by distinct residents, then count (descending), then rising trend; at most `limit`
//     (default 10);
//   - deterministic for the same data.
import { ancestry, getCatalog, type Catalog } from '../../store/catalog.ts';
import type { Db } from '../../store/db.ts';
import { closeness, cluster, prepare, signatureFor, DEFAULT_CLUSTER, type ClusterDoc } from '../../text/cluster.ts';
import { corpusIdf } from './corpus.ts';

export interface HotIssueQuery {
  from: Date;
  to: Date;
  territoryId?: number | null;
  limit?: number;
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
export const HOT_MAX_ORDERS = 20_000;

interface Row {
  id: number;
  title: string;
  description: string;
  caller_phone: string | null;
  territory_id: number | null;
  category_id: number | null;
  accepted_at: Date;
}

/** The community above a territory (or the territory itself when it is a community or higher): the place key. */
function placeOf(catalog: Catalog, territoryId: number | null): number | null {
  if (territoryId === null) return null;
  const t = catalog.territories.get(territoryId);
  if (!t) return null;
  if (t.level !== 'grid') return t.id;
  for (const a of ancestry(t.path)) if (catalog.territories.get(a)?.level === 'community') return a;
  return t.id;
}

async function load(db: Db, catalog: Catalog, from: Date, to: Date, territoryId: number | null | undefined): Promise<Row[]> {
  const params: unknown[] = [from, to, HOT_MAX_ORDERS];
  let where = '';
  if (territoryId != null) {
    params.push(catalog.territories.get(territoryId)?.path ?? '/none/');
    where = `and territory_id in (select id from territories where path like $4 || '%')`;
  }
  const r = await db.query<Row>(
    `select id, title, description, caller_phone, territory_id, category_id, accepted_at from orders
     where accepted_at >= $1 and accepted_at < $2 ${where}
     order by accepted_at desc, id desc limit $3`,
    params,
  );
  return r.rows.reverse();
}

const ranked = <T>(xs: readonly (T | null)[]): T[] => {
  const n = new Map<T, number>();
  for (const x of xs) if (x !== null) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([x]) => x);
};

export async function hotIssues(db: Db, q: HotIssueQuery): Promise<HotIssue[]> {
  const catalog = await getCatalog(db);
  const span = q.to.getTime() - q.from.getTime();
  if (!(span > 0)) return [];
  const [rows, before] = await Promise.all([
    load(db, catalog, q.from, q.to, q.territoryId),
    load(db, catalog, new Date(q.from.getTime() - span), q.from, q.territoryId),
  ]);
  if (rows.length < 2) return [];
  const docs: ClusterDoc[] = rows.map((r) => ({ id: r.id, title: r.title, text: r.description, place: placeOf(catalog, r.territory_id) }));
  // Word statistics from the window itself when it is large enough; a small window borrows the
  // platform's recent requests (otherwise a word in every request of a small window weighs little).
  const prepared = prepare(docs, rows.length >= 500 ? undefined : await corpusIdf(db));
  const clusters = cluster(docs, prepared);
  // The previous window, on the same word statistics, to tell how each issue moved.
  const beforeSigs = before.map((r) => signatureFor({ id: r.id, title: r.title, text: r.description }, prepared));
  const issues = clusters.map((c): HotIssue => {
    const members = c.members.map((i) => rows[i]!);
    const previous = beforeSigs.filter((s) => closeness(c, s) >= DEFAULT_CLUSTER.threshold).length;
    const count = members.length;
    const change = count - previous;
    const direction = previous === 0 ? 'new' : count >= previous * 1.25 ? 'rising' : count <= previous * 0.8 ? 'falling' : 'steady';
    const times = members.map((m) => new Date(m.accepted_at).getTime()).sort((a, b) => a - b);
    return {
      terms: c.terms,
      label: rows[c.centre]!.title,
      count,
      residents: new Set(members.map((m) => m.caller_phone ?? `order:${m.id}`)).size,
      trend: { previous, change, direction },
      territoryIds: ranked(members.map((m) => placeOf(catalog, m.territory_id))),
      categoryIds: ranked(members.map((m) => m.category_id)),
      exampleOrderIds: members.slice(0, 5).map((m) => m.id),
      firstAt: new Date(times[0]!).toISOString(),
      lastAt: new Date(times[times.length - 1]!).toISOString(),
    };
  });
  const rise = { new: 0, rising: 1, steady: 2, falling: 3 } as const;
  return issues
    .sort((a, b) => b.residents - a.residents || b.count - a.count || rise[a.trend.direction] - rise[b.trend.direction] || a.exampleOrderIds[0]! - b.exampleOrderIds[0]!)
    .slice(0, q.limit ?? 10);
}
