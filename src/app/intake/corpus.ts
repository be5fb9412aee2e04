// Word statistics of the platform's own requests (document frequencies over the most recent
// orders), for the similarity behind duplicates and the reply check: a word every request uses
// (小区, 反映) weighs little, a road or estate name a lot. Built from up to 5,000 orders and kept
// per process for ten minutes: the language of requests does not change by the hour.
import type { Db } from '../../store/db.ts';
import { words } from '../../text/pipeline.ts';
import { buildIdf, type Idf } from '../../text/similarity.ts';

const SAMPLE = 5_000;
const TTL_MS = 10 * 60_000;

const cache = new WeakMap<Db, { at: number; idf: Promise<Idf> }>();

export function corpusIdf(db: Db): Promise<Idf> {
  const hit = cache.get(db);
  // Wall-clock TTL on purpose: this is a process cache, not a business rule.
  if (hit && Date.now() - hit.at < TTL_MS) return hit.idf;
  const idf = (async () => {
    const r = await db.query<{ title: string; description: string }>('select title, description from orders order by id desc limit $1', [SAMPLE]);
    return buildIdf(r.rows.map((o) => [...words(o.title), ...words(o.description)]));
  })();
  idf.catch(() => cache.delete(db));
  cache.set(db, { at: Date.now(), idf });
  return idf;
}
