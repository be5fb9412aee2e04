// Orders read as requests (their text, place and time) by the text work of smart intake: the
// windows of requests the hot issues cluster, the open orders a new request may duplicate, the
// sample the word statistics are built from, and the closed orders the classifier learns from.
import type { Queryable } from './db.ts';
import { inSubtree } from './fragments.ts';
import { sql, type Sql } from './sql.ts';

// ---- windows of requests (hot issues) ----------------------------------------------------------

export interface WindowRow {
  id: number;
  title: string;
  description: string;
  caller_phone: string | null;
  territory_id: number | null;
  category_id: number | null;
  accepted_at: Date;
}

/** Requests in the territory at `path` or below it. */
export const inTerritorySubtree = (path: string): Sql =>
  sql`territory_id in (select id from territories where ${inSubtree(sql.raw('path'), path)})`;

/** Requests whose measure facts (`measure_facts f`) meet the condition (a scope: ./measures.ts factsInScope). */
export const factsMeet = (condition: Sql): Sql => sql`id in (select f.order_id from measure_facts f where ${condition})`;

/** The requests accepted in [from, to) meeting the conditions: the most recent `limit`, oldest first. */
export async function requestsAccepted(db: Queryable, from: Date, to: Date, where: readonly Sql[], limit: number): Promise<WindowRow[]> {
  const r = await db.query<WindowRow>(sql`
    select id, title, description, caller_phone, territory_id, category_id, accepted_at from orders
    where accepted_at >= ${from} and accepted_at < ${to}${where.length ? sql` and ${sql.join(where, sql` and `)}` : sql.empty}
    order by accepted_at desc, id desc limit ${limit}`);
  return r.rows.reverse();
}

// ---- candidates for duplicates -----------------------------------------------------------------

export interface CandidateRow {
  id: number;
  code: string;
  title: string;
  description: string;
  state: string;
  accepted_at: Date;
  territory_id: number | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

/** Requests in one of these territories. */
export const territoryAmong = (ids: readonly number[]): Sql => sql`territory_id = any(${ids}::int[])`;

/** Requests whose point lies in the box. */
export const pointWithin = (b: { minLat: number; maxLat: number; minLng: number; maxLng: number }): Sql =>
  sql`(lat between ${b.minLat} and ${b.maxLat} and lng between ${b.minLng} and ${b.maxLng})`;

/**
 * Orders in these states accepted since `since`, but one, at any of the places (`near`: any one
 * condition; none: anywhere), the most recent `limit` first.
 */
export async function recentInStates(
  db: Queryable, o: { states: readonly string[]; since: Date; excludeId: number; near: readonly Sql[]; limit: number },
): Promise<CandidateRow[]> {
  const r = await db.query<CandidateRow>(sql`
    select id, code, title, description, state, accepted_at, territory_id, address, lng, lat from orders
    where state = any(${o.states}::text[]) and accepted_at >= ${o.since} and id <> ${o.excludeId} ${o.near.length ? sql`and (${sql.join(o.near, sql` or `)})` : sql.empty}
    order by accepted_at desc limit ${o.limit}`);
  return r.rows;
}

// ---- samples of text ---------------------------------------------------------------------------

/** The titles and descriptions of the `limit` requests accepted last before `cut`. */
export async function textsBefore(db: Queryable, cut: Date, limit: number): Promise<{ title: string; description: string }[]> {
  return (await db.query<{ title: string; description: string }>(
    sql`select title, description from orders where accepted_at < ${cut} order by accepted_at desc, id desc limit ${limit}`)).rows;
}

/** The `limit` orders closed last that have a category: the classifier's labelled examples. */
export async function closedLabelledRequests(db: Queryable, limit: number): Promise<{ title: string; description: string; categoryId: number }[]> {
  const r = await db.query<{ title: string; description: string; category_id: number }>(sql`
    select title, description, category_id from orders where state = 'closed' and category_id is not null
    order by closed_at desc, id desc limit ${limit}`);
  return r.rows.map((x) => ({ title: x.title, description: x.description, categoryId: x.category_id }));
}
