// Word statistics of the platform's own requests (document frequencies), for the similarity
// behind duplicates, the reply check and the hot issues of a small window: a word every request
// uses (小区, 反映) weighs little, a road or estate name a lot.
//
// Built from the 5,000 requests accepted last before a cut: the start of the local day `before`
// falls in (or `before` itself when it is a day's start). The language of requests does not
// change by the hour, and a cut in the past makes the statistics fixed: a report made again for
// a past period says the same. Kept per process and per cut (the last few cuts).
import { localDate, startOfLocalDay } from '../../domain/calendar.ts';
import type { Queryable } from '../../store/db.ts';
import { words } from '../../text/pipeline.ts';
import { buildIdf, type Idf } from '../../text/similarity.ts';

const SAMPLE = 5_000;
const KEEP = 4;

const cache = new WeakMap<object, Map<string, Promise<Idf>>>();

export function corpusIdf(db: Queryable, before: Date): Promise<Idf> {
  const day = startOfLocalDay(localDate(before));
  const cut = day.getTime() === before.getTime() ? before : day;
  const key = cut.toISOString();
  let byCut = cache.get(db);
  if (!byCut) cache.set(db, (byCut = new Map()));
  const hit = byCut.get(key);
  if (hit) return hit;
  const idf = (async () => {
    const r = await db.query<{ title: string; description: string }>(
      'select title, description from orders where accepted_at < $1 order by accepted_at desc, id desc limit $2', [cut, SAMPLE],
    );
    return buildIdf(r.rows.map((o) => [...words(o.title), ...words(o.description)]));
  })();
  const m = byCut;
  idf.catch(() => m.delete(key));
  if (m.size >= KEEP) m.delete(m.keys().next().value!);
  m.set(key, idf);
  return idf;
}
