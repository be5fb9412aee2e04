// Hot issues (热点问题): what the reports and the dashboard list as "top hot issues". Until the text
// pipeline (issue 5, src/text/) clusters requests by what they say, a hot issue is a leaf category
// in a street: the pairs with the most requests accepted in the period. The interface is small
// on purpose: issue 5 registers its own source with `registerHotIssueSource` and every report and
// the dashboard use it from then on.
import type { Scope } from '../domain/measures.ts';
import { ancestry, type Catalog } from '../store/catalog.ts';
import type { Queryable } from '../store/db.ts';
import { factsScopeSql } from '../app/measures/facts-scope.ts';
import { streetOf } from '../app/measures/warnings.ts';

export interface HotIssueExample {
  orderId: number;
  code: string;
  title: string;
  address: string | null;
  acceptedAt: string;
}

export interface HotIssue {
  /** Stable within a source: e.g. 'category:12|territory:5', or a cluster id. */
  key: string;
  title: string;
  /** Requests in the period, and in the period before. */
  count: number;
  previous: number;
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

export type HotIssueSource = (db: Queryable, catalog: Catalog, q: HotIssueQuery) => Promise<HotIssue[]>;

let source: HotIssueSource | null = null;

/** Issue 5 plugs its clustering in here. */
export function registerHotIssueSource(s: HotIssueSource | null): void {
  source = s;
}

export function hotIssues(db: Queryable, catalog: Catalog, q: HotIssueQuery): Promise<HotIssue[]> {
  return (source ?? categoryTerritoryHotIssues)(db, catalog, q);
}

async function countsBy(db: Queryable, catalog: Catalog, scope: Scope, from: string, to: string): Promise<Map<string, number>> {
  const params: unknown[] = [from, to];
  const r = await db.query<{ category_id: number; territory_id: number; n: number }>(
    `select f.category_id, f.territory_id, count(*)::int as n from measure_facts f
     where f.accepted_day >= $1 and f.accepted_day < $2 and f.category_id is not null and f.territory_id is not null
       and ${factsScopeSql(catalog, scope, params)}
     group by 1, 2`,
    params,
  );
  const out = new Map<string, number>();
  for (const row of r.rows) {
    const street = streetOf(catalog, row.territory_id);
    if (street === null) continue;
    const k = `${row.category_id}|${street}`;
    out.set(k, (out.get(k) ?? 0) + row.n);
  }
  return out;
}

/** The default source: leaf category x street, by requests accepted in the period. */
export const categoryTerritoryHotIssues: HotIssueSource = async (db, catalog, q) => {
  const [now, prev] = await Promise.all([countsBy(db, catalog, q.scope, q.from, q.to), countsBy(db, catalog, q.scope, q.prevFrom, q.prevTo)]);
  const top = [...now.entries()]
    .map(([k, n]) => ({ k, n, c: Number(k.split('|')[0]), t: Number(k.split('|')[1]) }))
    .sort((a, b) => b.n - a.n || a.c - b.c || a.t - b.t)
    .slice(0, q.limit);
  const out: HotIssue[] = [];
  for (const x of top) {
    const street = catalog.territories.get(x.t)!;
    const category = catalog.categories.get(x.c);
    const below = [...catalog.territories.values()].filter((t) => t.path.startsWith(street.path)).map((t) => t.id);
    const params: unknown[] = [q.from, q.to, x.c, below, q.examples];
    const ex = await db.query<{ id: number; code: string; title: string; address: string | null; accepted_at: Date }>(
      `select o.id, o.code, o.title, o.address, o.accepted_at from measure_facts f join orders o on o.id = f.order_id
       where f.accepted_day >= $1 and f.accepted_day < $2 and f.category_id = $3 and f.territory_id = any($4::int[])
         and ${factsScopeSql(catalog, q.scope, params)}
       order by f.accepted_at, f.order_id limit $5`,
      params,
    );
    const parent = category ? ancestry(category.path).map((id) => catalog.categories.get(id)).find((c) => c && c.id !== category.id) : undefined;
    out.push({
      key: `category:${x.c}|territory:${x.t}`,
      title: `${street.name}·${parent ? `${parent.name}/` : ''}${category?.name ?? '未分类'}`,
      count: x.n,
      previous: prev.get(x.k) ?? 0,
      categoryId: x.c,
      territoryId: x.t,
      examples: ex.rows.map((e) => ({ orderId: e.id, code: e.code, title: e.title, address: e.address, acceptedAt: new Date(e.accepted_at).toISOString() })),
    });
  }
  return out;
};
