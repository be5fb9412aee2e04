// The knowledge search index (migration 020): its documents (`search_docs`: knowledge articles
// and closed orders' replies, with their words), each word's document frequency (`search_terms`)
// and the number of active documents (the 'search:docs' row of `intake_cursors`); what the index
// sweep reads from its sources; and one ranked stage of a search.
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

export type DocKind = 'article' | 'reply';

/** The index is written by one process at a time (advisory lock keys: src/app/measures/refresh.ts). */
const LOCK = 12345_0502;
const DOC_COUNT = 'search:docs';

/** Wait until no other process writes the index (until the transaction ends). */
export async function lockIndex(tx: Tx): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(${LOCK})`);
}

/** Take the index for this transaction unless another process writes it (false). */
export async function tryLockIndex(tx: Tx): Promise<boolean> {
  const r = await tx.query<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
  return !!r.rows[0]?.ok;
}

// ---- the documents, their words and counts -----------------------------------------------------

/** A document as stored: its text and the words it is searched by (src/text/search.ts indexWords). */
export interface IndexedDoc {
  kind: DocKind;
  refId: number;
  title: string;
  body: string;
  categoryId: number | null;
  titleWords: string;
  bodyWords: string;
  active: boolean;
  sourceAt: Date;
}

/** The words and state of those of these documents the index holds. */
export async function indexedWords(q: Queryable, keys: readonly { kind: DocKind; refId: number }[]): Promise<Pick<IndexedDoc, 'titleWords' | 'bodyWords' | 'active'>[]> {
  const r = await q.query<{ title_words: string; body_words: string; active: boolean }>(sql`
    select kind, ref_id, title_words, body_words, active from search_docs d
    join unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.refId)}::int[]) as k(kind, ref_id) using (kind, ref_id)`);
  return r.rows.map((x) => ({ titleWords: x.title_words, bodyWords: x.body_words, active: x.active }));
}

/** Insert or replace documents, in one statement. */
export async function writeDocs(q: Queryable, docs: readonly IndexedDoc[], now: Date): Promise<void> {
  const col = <K extends keyof IndexedDoc>(k: K) => docs.map((d) => d[k]);
  await q.query(sql`
    insert into search_docs (kind, ref_id, title, body, category_id, title_words, body_words, active, source_at, indexed_at)
    select kind, ref_id, title, body, category_id, title_words, body_words, active, source_at, ${now}
    from unnest(${col('kind')}::text[], ${col('refId')}::int[], ${col('title')}::text[], ${col('body')}::text[], ${col('categoryId')}::int[],
      ${col('titleWords')}::text[], ${col('bodyWords')}::text[], ${col('active')}::bool[], ${col('sourceAt')}::timestamptz[])
      as t(kind, ref_id, title, body, category_id, title_words, body_words, active, source_at)
    on conflict (kind, ref_id) do update set title = excluded.title, body = excluded.body, category_id = excluded.category_id,
      title_words = excluded.title_words, body_words = excluded.body_words, active = excluded.active,
      source_at = excluded.source_at, indexed_at = excluded.indexed_at`);
}

/** Add to words' document frequencies (by word, the change); a word no document holds any more goes. */
export async function addTermFrequencies(q: Queryable, changes: readonly (readonly [string, number])[]): Promise<void> {
  if (!changes.length) return;
  await q.query(sql`
    insert into search_terms (term, df) select * from unnest(${changes.map(([t]) => t)}::text[], ${changes.map(([, n]) => n)}::int[])
    on conflict (term) do update set df = search_terms.df + excluded.df`);
  await q.query(sql`delete from search_terms where df <= 0 and term = any(${changes.filter(([, n]) => n < 0).map(([t]) => t)}::text[])`);
}

/** The words' document frequencies (words no active document holds are absent). */
export async function termFrequencies(q: Queryable, terms: readonly string[]): Promise<Map<string, number>> {
  const r = await q.query<{ term: string; df: number }>(sql`select term, df from search_terms where term = any(${terms}::text[])`);
  return new Map(r.rows.map((x) => [x.term, Number(x.df)]));
}

/** Add to the number of active documents. */
export async function addToDocCount(q: Queryable, delta: number): Promise<void> {
  await q.query(sql`insert into intake_cursors (name, position) values (${DOC_COUNT}, ${delta})
    on conflict (name) do update set position = intake_cursors.position + excluded.position`);
}

/** The number of active documents, as the index keeps it. */
export async function docCount(q: Queryable): Promise<number> {
  const r = await q.query<{ position: number }>(sql`select position from intake_cursors where name = ${DOC_COUNT}`);
  return Number(r.rows[0]?.position ?? 0);
}

/** The number of active documents, counted (bench/search.ts). */
export async function countActiveDocs(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>(sql`select count(*)::int as n from search_docs where active`)).rows[0]!.n;
}

/** Keep the planner's statistics current after a large change (PGlite has no autovacuum). */
export async function analyzeIndex(q: Queryable): Promise<void> {
  await q.query(sql`analyze search_docs, search_terms`);
}

// ---- what the index reads from its sources ---------------------------------------------------

export interface ReplySource {
  id: number;
  state: string;
  title: string;
  description: string;
  category_id: number | null;
  closed_at: Date | null;
  /** The text of the order's last reply or instant answer. */
  reply: string | null;
}

/** Orders with their last reply or instant answer. */
export async function replySources(q: Queryable, orderIds: readonly number[]): Promise<ReplySource[]> {
  return (await q.query<ReplySource>(sql`
    select o.id, o.state, o.title, o.description, o.category_id, o.closed_at,
      (select coalesce(e.data->>'result', e.data->>'answer') from order_events e
       where e.order_id = o.id and e.type in ('replied', 'answered') order by e.seq desc limit 1) as reply
    from orders o where o.id = any(${orderIds}::int[])`)).rows;
}

/** Those of these orders whose reply the index holds (active or not). */
export async function indexedReplies(q: Queryable, orderIds: readonly number[]): Promise<Set<number>> {
  const r = await q.query<{ ref_id: number }>(sql`select ref_id from search_docs where kind = 'reply' and ref_id = any(${orderIds}::int[])`);
  return new Set(r.rows.map((x) => x.ref_id));
}

export interface ArticleSource {
  id: number;
  title: string;
  body: string;
  category_id: number | null;
  active: boolean;
  updated_at: Date;
}

/** Knowledge articles the index lacks or holds an older state of, by id. */
export async function staleArticles(q: Queryable, limit: number): Promise<ArticleSource[]> {
  return (await q.query<ArticleSource>(sql`
    select a.id, a.title, a.body, a.category_id, a.active, a.updated_at from knowledge_articles a
    left join search_docs d on d.kind = 'article' and d.ref_id = a.id
    -- source_at went through a JavaScript Date (milliseconds): compare at that precision
    where d.id is null or date_trunc('milliseconds', a.updated_at) > d.source_at or d.active <> a.active
    order by a.id limit ${limit}`)).rows;
}

// ---- searching ---------------------------------------------------------------------------------

export interface StageHit {
  id: number;
  kind: DocKind;
  ref_id: number;
  title: string;
  body: string;
  category_id: number | null;
  score: number;
}

export interface Stage {
  /** The tsquery (simple configuration) a document must match. */
  match: string;
  /** The tsquery the matches are ranked by. */
  rankBy: string;
  /** Both kinds, or only these. */
  kinds: readonly DocKind[];
  /** Documents (search_docs ids) found already. */
  exclude: readonly number[];
  limit: number;
  /** Rank at most this many matches (a broad OR stage), not all of them. */
  candidates?: number;
}

/** One stage of a search: active documents matching, best ranked first (title words weigh more), ties by id. */
export async function searchStage(q: Queryable, s: Stage): Promise<StageHit[]> {
  // An expression, not the column: the (kind, ref_id) index must not look like a way in.
  const kindFilter = s.kinds.length === 2 ? sql.empty : sql`and d.kind || '' = any(${s.kinds}::text[])`;
  const rank = sql`ts_rank(d.tsv, to_tsquery('simple', ${s.rankBy}), 1)`;
  const r = s.candidates !== undefined
    ? await q.query<StageHit>(sql`
      with c as materialized (
        select id from search_docs d where active and tsv @@ to_tsquery('simple', ${s.match}) ${kindFilter} and not (id = any(${s.exclude}::int[]))
        limit ${s.candidates})
      select d.id, d.kind, d.ref_id, d.title, d.body, d.category_id, ${rank} as score
      from search_docs d join c using (id)
      order by score desc, d.id limit ${s.limit}`)
    : await q.query<StageHit>(sql`
      select d.id, d.kind, d.ref_id, d.title, d.body, d.category_id, ${rank} as score
      from search_docs d
      where d.active and d.tsv @@ to_tsquery('simple', ${s.match}) ${kindFilter} and not (d.id = any(${s.exclude}::int[]))
      order by score desc, d.id limit ${s.limit}`);
  return r.rows;
}
