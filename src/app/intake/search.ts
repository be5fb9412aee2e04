// Knowledge search: full-text search in Chinese over the knowledge base and over how closed
// orders were answered, ranked; the operator's instant answer starts here.
//
// The index (`search_docs`, migration 020) is kept by a sweep: knowledge articles whose
// updated_at or active flag changed, and orders whose close, instant answer or reopen event it
// reads from the event log (a consumer, src/events/consumer.ts: nothing is missed or done twice).
// Each batch is one transaction under an advisory lock: with several processes, one indexes and
// the others skip or wait. `search_terms` keeps each word's document frequency, so a query searches
// only its rarest words (src/text/search.ts chooseTerms). The statements: src/store/search.ts.
import { runConsumer, type Consumer } from '../../events/consumer.ts';
import type { Db, Queryable } from '../../store/db.ts';
import {
  addTermFrequencies, addToDocCount, analyzeIndex, docCount, indexedReplies, indexedWords, lockIndex, replySources, searchStage,
  staleArticles, termFrequencies, tryLockIndex, writeDocs, type DocKind, type StageHit,
} from '../../store/search.ts';
import { chooseTerms, indexWords, orQuery, queryTerms, snippet } from '../../text/search.ts';

export type { DocKind };

const BATCH = 500;

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

/** Write documents (insert or replace) and keep the word frequencies and the document count right. */
async function upsertDocs(q: Queryable, docs: readonly DocInput[], now: Date): Promise<void> {
  if (!docs.length) return;
  const old = await indexedWords(q, docs);
  const delta = new Map<string, number>();
  const add = (ws: string, by: number) => {
    for (const w of new Set(ws.split(' ').filter(Boolean))) delta.set(w, (delta.get(w) ?? 0) + by);
  };
  let docDelta = 0;
  for (const o of old) {
    if (!o.active) continue;
    add(`${o.titleWords} ${o.bodyWords}`, -1);
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
  await writeDocs(q, rows, now);
  await addTermFrequencies(q, [...delta].filter(([, n]) => n !== 0));
  if (docDelta) await addToDocCount(q, docDelta);
}

/** The orders whose close, instant answer or reopen (or merge, withdrawal) changes what they answer. */
export const searchIndexConsumer: Consumer = {
  name: 'search index',
  handles: ['closed', 'answered', 'reopened', 'merged', 'withdrawn'],
  async handle(events, { tx, now }) {
    if (!events.length) return;
    await lockIndex(tx!);
    await indexOrders(tx!, [...new Set(events.map((e) => e.orderId))], now);
  },
};

async function indexOrders(q: Queryable, ids: number[], now: Date): Promise<void> {
  const orders = await replySources(q, ids);
  const docs: DocInput[] = orders.map((o) => ({
    kind: 'reply', refId: o.id, title: o.title, body: o.reply ?? '', context: o.description, categoryId: o.category_id,
    active: o.state === 'closed' && !!o.reply, sourceAt: o.closed_at ?? now,
  }));
  // Orders never indexed and not closed now need no row.
  const known = await indexedReplies(q, ids);
  await upsertDocs(q, docs.filter((d) => d.active || known.has(d.refId)), now);
}

async function indexArticleBatch(q: Queryable, now: Date): Promise<number> {
  const r = await staleArticles(q, BATCH);
  await upsertDocs(q, r.map((a) => ({
    kind: 'article', refId: a.id, title: a.title, body: a.body, context: '', categoryId: a.category_id, active: a.active, sourceAt: a.updated_at,
  })), now);
  return r.length;
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
      if (!(await tryLockIndex(tx))) return -1;
      return indexArticleBatch(tx, now);
    });
    if (n < 0) return total || -1;
    total += n;
    if (n === 0) break;
  }
  // Keep the planner's statistics current after a large change (PGlite has no autovacuum).
  if (total >= 1000) await analyzeIndex(db);
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
  const df = await termFrequencies(db, all);
  const docs = await docCount(db);
  const { terms } = chooseTerms(all, df, docs);
  if (!terms.length) return { terms: [], hits: [] };
  const kinds: DocKind[] = o.kinds?.length ? [...o.kinds] : ['article', 'reply'];
  const limit = o.limit ?? 10;
  const rankBy = orQuery(terms);
  const stages: { match: string; cap: boolean }[] = [];
  for (const k of [terms.length, Math.ceil(terms.length / 2), Math.min(2, terms.length)]) {
    const match = terms.slice(0, k).join(' & ');
    if (!stages.some((s) => s.match === match)) stages.push({ match, cap: false });
  }
  if (terms.length > 1) stages.push({ match: orQuery(terms.slice(0, 3)), cap: true });
  const found: StageHit[] = [];
  for (const stage of stages) {
    if (found.length >= limit) break;
    found.push(...await searchStage(db, {
      match: stage.match, rankBy, kinds, exclude: found.map((r) => r.id), limit: limit - found.length, candidates: stage.cap ? OR_CANDIDATES : undefined,
    }));
  }
  return {
    terms,
    hits: found.map((x) => ({
      kind: x.kind, id: x.ref_id, title: x.title, snippet: snippet(x.body, terms), categoryId: x.category_id, score: Math.round(Number(x.score) * 1e6) / 1e6,
    })),
  };
}
