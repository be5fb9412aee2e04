// Knowledge search: full-text search in Chinese over the knowledge base and over how closed
// orders were answered, ranked; the operator's instant answer starts here.
//
// The index (`search_docs`, migration 020) is kept by a sweep: knowledge articles whose
// updated_at or active flag changed, and orders whose close, instant answer or reopen event it
// reads from the event log (a consumer, src/events/consumer.ts: nothing is missed or done twice).
// Each batch is one transaction under an advisory lock: with several processes, one indexes and
// the others skip or wait. `search_terms` keeps each word's document frequency, so a query searches
// only its rarest words (src/text/search.ts chooseTerms).
import { runConsumer, type Consumer } from '../../events/consumer.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { chooseTerms, indexWords, orQuery, queryTerms, snippet } from '../../text/search.ts';

const LOCK = 12345_0502;
const DOC_COUNT = 'search:docs';
const BATCH = 500;

export type DocKind = 'article' | 'reply';

interface DocInput {
  kind: DocKind;
  refId: number;
  title: string;
  body: string;
  /** Extra text searched but not shown (the request's description, for a reply). */
  context: string;
  categoryId: number | null;
  active: boolean;
  sourceAt: Date;
}

async function cursor(q: Queryable, name: string): Promise<number> {
  const r = await q.query<{ position: number }>('select position from intake_cursors where name = $1', [name]);
  return Number(r.rows[0]?.position ?? 0);
}

/** Write documents (insert or replace) and keep the word frequencies and the document count right. */
async function upsertDocs(q: Queryable, docs: readonly DocInput[], now: Date): Promise<void> {
  if (!docs.length) return;
  const old = await q.query<{ kind: DocKind; ref_id: number; title_words: string; body_words: string; active: boolean }>(
    `select kind, ref_id, title_words, body_words, active from search_docs d
     join unnest($1::text[], $2::int[]) as k(kind, ref_id) using (kind, ref_id)`,
    [docs.map((d) => d.kind), docs.map((d) => d.refId)],
  );
  const delta = new Map<string, number>();
  const add = (ws: string, by: number) => {
    for (const w of new Set(ws.split(' ').filter(Boolean))) delta.set(w, (delta.get(w) ?? 0) + by);
  };
  let docDelta = 0;
  for (const o of old.rows) {
    if (!o.active) continue;
    add(`${o.title_words} ${o.body_words}`, -1);
    docDelta--;
  }
  const rows = docs.map((d) => {
    const title = indexWords(d.title);
    const body = indexWords(`${d.body}\n${d.context}`);
    if (d.active) {
      add(`${title} ${body}`, 1);
      docDelta++;
    }
    return { ...d, titleWords: title, bodyWords: body };
  });
  await q.query(
    `insert into search_docs (kind, ref_id, title, body, category_id, title_words, body_words, active, source_at, indexed_at)
     select kind, ref_id, title, body, category_id, title_words, body_words, active, source_at, $10
     from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::bool[], $9::timestamptz[])
       as t(kind, ref_id, title, body, category_id, title_words, body_words, active, source_at)
     on conflict (kind, ref_id) do update set title = excluded.title, body = excluded.body, category_id = excluded.category_id,
       title_words = excluded.title_words, body_words = excluded.body_words, active = excluded.active,
       source_at = excluded.source_at, indexed_at = excluded.indexed_at`,
    [
      rows.map((r) => r.kind), rows.map((r) => r.refId), rows.map((r) => r.title), rows.map((r) => r.body),
      rows.map((r) => r.categoryId), rows.map((r) => r.titleWords), rows.map((r) => r.bodyWords), rows.map((r) => r.active),
      rows.map((r) => r.sourceAt), now,
    ],
  );
  const changed = [...delta].filter(([, n]) => n !== 0);
  if (changed.length) {
    await q.query(
      `insert into search_terms (term, df) select * from unnest($1::text[], $2::int[])
       on conflict (term) do update set df = search_terms.df + excluded.df`,
      [changed.map(([t]) => t), changed.map(([, n]) => n)],
    );
    await q.query('delete from search_terms where df <= 0 and term = any($1::text[])', [changed.filter(([, n]) => n < 0).map(([t]) => t)]);
  }
  if (docDelta) {
    await q.query(
      `insert into intake_cursors (name, position) values ($1, $2) on conflict (name) do update set position = intake_cursors.position + excluded.position`,
      [DOC_COUNT, docDelta],
    );
  }
}

/** The orders whose close, instant answer or reopen (or merge, withdrawal) changes what they answer. */
export const searchIndexConsumer: Consumer = {
  name: 'search index',
  handles: ['closed', 'answered', 'reopened', 'merged', 'withdrawn'],
  async handle(events, { tx, now }) {
    if (!events.length) return;
    await tx!.query('select pg_advisory_xact_lock($1)', [LOCK]);
    await indexOrders(tx!, [...new Set(events.map((e) => e.orderId))], now);
  },
};

async function indexOrders(q: Queryable, ids: number[], now: Date): Promise<void> {
  const orders = await q.query<{ id: number; state: string; title: string; description: string; category_id: number | null; closed_at: Date | null; reply: string | null }>(
    `select o.id, o.state, o.title, o.description, o.category_id, o.closed_at,
       (select coalesce(e.data->>'result', e.data->>'answer') from order_events e
        where e.order_id = o.id and e.type in ('replied', 'answered') order by e.seq desc limit 1) as reply
     from orders o where o.id = any($1::int[])`,
    [ids],
  );
  const docs: DocInput[] = orders.rows.map((o) => ({
    kind: 'reply', refId: o.id, title: o.title, body: o.reply ?? '', context: o.description, categoryId: o.category_id,
    active: o.state === 'closed' && !!o.reply, sourceAt: o.closed_at ?? now,
  }));
  // Orders never indexed and not closed now need no row.
  const known = new Set((await q.query<{ ref_id: number }>(`select ref_id from search_docs where kind = 'reply' and ref_id = any($1::int[])`, [ids])).rows.map((r) => r.ref_id));
  await upsertDocs(q, docs.filter((d) => d.active || known.has(d.refId)), now);
}

async function indexArticleBatch(q: Queryable, now: Date): Promise<number> {
  const r = await q.query<{ id: number; title: string; body: string; category_id: number | null; active: boolean; updated_at: Date }>(
    `select a.id, a.title, a.body, a.category_id, a.active, a.updated_at from knowledge_articles a
     left join search_docs d on d.kind = 'article' and d.ref_id = a.id
     -- source_at went through a JavaScript Date (milliseconds): compare at that precision
     where d.id is null or date_trunc('milliseconds', a.updated_at) > d.source_at or d.active <> a.active
     order by a.id limit $1`,
    [BATCH],
  );
  await upsertDocs(q, r.rows.map((a) => ({
    kind: 'article', refId: a.id, title: a.title, body: a.body, context: '', categoryId: a.category_id, active: a.active, sourceAt: a.updated_at,
  })), now);
  return r.rows.length;
}

/**
 * The index sweep: batches until nothing is left or `maxBatches` ran (the rest waits for the next
 * sweep). Returns the number of events and articles read; -1 when another process holds the lock.
 */
export async function indexSearch(db: Db, now: Date, maxBatches = 20): Promise<number> {
  const read = await runConsumer({ db, clock: { now: () => now } }, searchIndexConsumer, maxBatches);
  let total = Math.max(0, read);
  for (let i = 0; i < maxBatches; i++) {
    const n = await db.transaction(async (tx) => {
      const lock = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [LOCK]);
      if (!lock.rows[0]?.ok) return -1;
      return indexArticleBatch(tx, now);
    });
    if (n < 0) return total || -1;
    total += n;
    if (n === 0) break;
  }
  // Keep the planner's statistics current after a large change (PGlite has no autovacuum).
  if (total >= 1000) await db.query('analyze search_docs, search_terms');
  return total;
}

// ---- searching -------------------------------------------------------------------------------

export interface SearchHit {
  kind: DocKind;
  /** The knowledge article's id, or the order's id for a reply. */
  id: number;
  title: string;
  snippet: string;
  categoryId: number | null;
  score: number;
}

export interface SearchOptions {
  kinds?: readonly DocKind[];
  limit?: number;
}

export interface SearchResult {
  terms: string[];
  hits: SearchHit[];
}

/** Documents ranked per stage: at most this many candidates of the last (OR) stage are ranked. */
const OR_CANDIDATES = 2_000;

/**
 * Search the index. The query's rarest words (at most 8) are looked for in stages: documents
 * with all of them, then with the rarer half, then with the two rarest, then with any of the
 * three rarest; each stage is ranked by ts_rank over all the chosen words (title words weigh
 * more), ties by id, and adds what the stages before did not find until `limit` are found.
 * Documents sharing more of the query come first; every stage reads only short posting lists
 * (GIN intersections), so the time stays low however large the index.
 */
export async function searchKnowledge(db: Queryable, q: string, o: SearchOptions = {}): Promise<SearchResult> {
  const all = queryTerms(q).slice(0, 64);
  if (!all.length) return { terms: [], hits: [] };
  const stats = await db.query<{ term: string; df: number }>('select term, df from search_terms where term = any($1::text[])', [all]);
  const docs = await cursor(db, DOC_COUNT);
  const { terms } = chooseTerms(all, new Map(stats.rows.map((r) => [r.term, Number(r.df)])), docs);
  if (!terms.length) return { terms: [], hits: [] };
  const kinds = o.kinds?.length ? [...o.kinds] : ['article', 'reply'];
  // An expression, not the column: the (kind, ref_id) index must not look like a way in.
  const kindFilter = kinds.length === 2 ? 'and $3::text[] is not null' : `and d.kind || '' = any($3::text[])`;
  const limit = o.limit ?? 10;
  const rankBy = orQuery(terms);
  const stages: { match: string; cap: boolean }[] = [];
  for (const k of [terms.length, Math.ceil(terms.length / 2), Math.min(2, terms.length)]) {
    const match = terms.slice(0, k).join(' & ');
    if (!stages.some((s) => s.match === match)) stages.push({ match, cap: false });
  }
  if (terms.length > 1) stages.push({ match: orQuery(terms.slice(0, 3)), cap: true });
  type Row = { id: number; kind: DocKind; ref_id: number; title: string; body: string; category_id: number | null; score: number };
  const found: Row[] = [];
  for (const stage of stages) {
    if (found.length >= limit) break;
    const params = [stage.match, rankBy, kinds, found.map((r) => r.id), limit - found.length];
    const r = stage.cap
      ? await db.query<Row>(
        `with c as materialized (
           select id from search_docs d where active and tsv @@ to_tsquery('simple', $1) ${kindFilter} and not (id = any($4::int[]))
           limit ${OR_CANDIDATES})
         select d.id, d.kind, d.ref_id, d.title, d.body, d.category_id, ts_rank(d.tsv, to_tsquery('simple', $2), 1) as score
         from search_docs d join c using (id)
         order by score desc, d.id limit $5`,
        params,
      )
      : await db.query<Row>(
        `select d.id, d.kind, d.ref_id, d.title, d.body, d.category_id, ts_rank(d.tsv, to_tsquery('simple', $2), 1) as score
         from search_docs d
         where d.active and d.tsv @@ to_tsquery('simple', $1) ${kindFilter} and not (d.id = any($4::int[]))
         order by score desc, d.id limit $5`,
        params,
      );
    found.push(...r.rows);
  }
  return {
    terms,
    hits: found.map((x) => ({
      kind: x.kind, id: x.ref_id, title: x.title, snippet: snippet(x.body, terms), categoryId: x.category_id, score: Math.round(Number(x.score) * 1e6) / 1e6,
    })),
  };
}
