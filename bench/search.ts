// npx tsx bench/search.ts [--docs 100000] [--queries 300]
// Knowledge search over 100,000 documents on PGlite and on PostgreSQL (DATABASE_URL, or the local
// server when it answers): builds the index with the platform's own sweep (src/app/intake/search.ts
// indexSearch), then runs the same queries through searchKnowledge (what GET /api/intake/search
// and the intake suggestions call) and reports p50/p95/p99 latency, and whether both databases
// return the same documents in the same order.
//
// The documents are knowledge articles generated from the demo city's request templates
// (src/demo/texts.ts) with varied places, numbers and sentence order: 95 matters repeated about a
// thousand times each, so common words have long posting lists (a hard case for a search). The
// queries are requests written the way an operator types them, from the same templates with
// other places. Results go to stdout as JSON and, with --md, as a table for docs/intake.md.
import { openPglite, openPostgres, type BenchDb } from './databases.ts';
import { percentile } from './measure.ts';
import { migrate } from '../src/store/migrate.ts';
import { indexSearch, searchKnowledge } from '../src/app/intake/search.ts';
import { countActiveDocs } from '../src/store/search.ts';
import { sql } from '../src/store/sql.ts';
import { orderTemplates } from '../src/demo/texts.ts';
import { fill } from './texts.ts';
import { mulberry32 } from '../src/util/prng.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const DOCS = arg('--docs', 100_000);
const QUERIES = arg('--queries', 300);

const prng = mulberry32;

/** A document: a template's request and reply, sentences shuffled and some dropped, places varied. */
function makeDoc(rnd: () => number, i: number) {
  const t = orderTemplates[Math.floor(rnd() * orderTemplates.length)]!;
  const sentences = fill(rnd, `${t.description}。${t.reply}`).split(/[。；]/).filter(Boolean);
  const kept = sentences.filter(() => rnd() < 0.8);
  for (let k = kept.length - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [kept[k], kept[j]] = [kept[j]!, kept[k]!];
  }
  return { title: `${fill(rnd, t.title)}（${i}）`, body: kept.join('。') + '。' };
}

function makeQuery(rnd: () => number): string {
  const t = orderTemplates[Math.floor(rnd() * orderTemplates.length)]!;
  const d = fill(rnd, t.description);
  // What an operator types: the title and part of what the caller said.
  return `${t.title} ${d.slice(0, 20 + Math.floor(rnd() * 40))}`;
}

async function load(b: BenchDb) {
  await migrate(b.db);
  const rnd = prng(2026);
  const t0 = performance.now();
  for (let i = 0; i < DOCS; i += 2000) {
    const docs = Array.from({ length: Math.min(2000, DOCS - i) }, (_, k) => makeDoc(rnd, i + k));
    // Written directly, in bulk: the platform adds articles one at a time (src/store/knowledge.ts).
    await b.db.query(sql`insert into knowledge_articles (title, body, category_id, updated_at)
      select title, body, null, '2026-01-01T00:00:00Z' from unnest(${docs.map((d) => d.title)}::text[], ${docs.map((d) => d.body)}::text[]) as t(title, body)`);
  }
  const inserted = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  let n = 0;
  for (;;) {
    const k = await indexSearch(b.db, new Date('2026-01-02T00:00:00Z'), 20);
    if (k <= 0) break;
    n += k;
  }
  const indexed = (performance.now() - t1) / 1000;
  const count = await countActiveDocs(b.db);
  return { insertSeconds: round(inserted), indexSeconds: round(indexed), docsPerSecond: Math.round(n / indexed), indexedDocs: count };
}

const round = (x: number) => Math.round(x * 100) / 100;
const pct = (xs: number[], p: number) => round(percentile(xs, p));

async function run(b: BenchDb, queries: string[]) {
  const loaded = await load(b);
  for (const q of queries.slice(0, 30)) await searchKnowledge(b.db, q, { limit: 10 }); // warm the caches
  const ms: number[] = [];
  const results: string[] = [];
  for (const q of queries) {
    const t = performance.now();
    const r = await searchKnowledge(b.db, q, { limit: 10 });
    ms.push(performance.now() - t);
    results.push(r.hits.map((h) => `${h.kind}:${h.id}`).join(','));
  }
  const empty = results.filter((r) => r === '').length;
  return { database: b.version, ...loaded, queries: queries.length, emptyResults: empty, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), max: round(Math.max(...ms)), results };
}

const rnd = prng(7);
const queries = Array.from({ length: QUERIES }, () => makeQuery(rnd));
const out: Record<string, unknown>[] = [];
/** Each database's ranked results, query by query (PGlite first, then PostgreSQL when reachable). */
const resultsOf: string[][] = [];
for (const [name, open] of [['PGlite', openPglite], ['PostgreSQL', openPostgres]] as const) {
  const b = await open();
  if ('skipped' in b) {
    out.push({ database: name, skipped: b.skipped });
    continue;
  }
  try {
    const { results, ...r } = await run(b, queries);
    resultsOf.push(results);
    out.push(r);
  } finally {
    await b.dispose();
  }
}
const [liteResults, pgResults] = resultsOf;
const same = pgResults && liteResults ? pgResults.filter((r, i) => r === liteResults[i]).length : null;
const summary = { docs: DOCS, queries: QUERIES, runs: out, sameResultsOnBoth: same === null ? 'PostgreSQL skipped' : `${same}/${QUERIES}` };
console.log(JSON.stringify(summary, null, 1));
if (process.argv.includes('--md')) {
  console.log('\n| database | index build | docs/s | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of out) if (!('skipped' in r)) console.log(`| ${r.database} | ${r.indexSeconds} s | ${r.docsPerSecond} | ${r.p50} | ${r.p95} | ${r.p99} |`);
}
