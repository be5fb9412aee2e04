// Word statistics of the platform's own requests (document frequencies), for the similarity
// behind duplicates, the reply check and the hot issues of a small window: a word every request
// uses (小区, 反映) weighs little, a road or estate name a lot.
//
// Built from the 5,000 requests accepted last before a cut: the start of the local day `before`
// falls in (or `before` itself when it is a day's start), but never later than the start of the
// local day `now` falls in. The language of requests does not change by the hour, and a cut in
// the past makes the statistics fixed: a report made again for a past period says the same (its
// cut is the period's end), and a window that ends in the future (today's, up to tomorrow 00:00)
// uses the statistics of the requests accepted before today, the same all day and the same the
// duplicates and the reply check use. Kept per process and per cut (the few cuts used last).
import { localDate, startOfLocalDay } from '../../domain/calendar.ts';
import type { Queryable } from '../../store/db.ts';
import { textsBefore } from '../../store/requests.ts';
import { words } from '../../text/pipeline.ts';
import { buildIdf, type Idf } from '../../text/similarity.ts';

const SAMPLE = 5_000;
const KEEP = 4;

const cache = new WeakMap<object, Map<string, Promise<Idf>>>();

/** The cut of the statistics for `before` (see above); `now` caps it at the start of its own day. */
export function corpusCut(before: Date, now?: Date): Date {
  const day = startOfLocalDay(localDate(before));
  const cut = day.getTime() === before.getTime() ? before : day;
  if (!now) return cut;
  const today = startOfLocalDay(localDate(now));
  return cut > today ? today : cut;
}

/**
 * The word statistics for a window ending at `before`. Pass `now` (the platform's clock) when
 * `before` may lie in the future: without it a future cut would take whatever arrived so far.
 */
export function corpusIdf(db: Queryable, before: Date, now?: Date): Promise<Idf> {
  const cut = corpusCut(before, now);
  const key = cut.toISOString();
  let byCut = cache.get(db);
  if (!byCut) cache.set(db, (byCut = new Map()));
  const m = byCut;
  const hit = m.get(key);
  if (hit) {
    // Most recently used last: the entry evicted is the one used longest ago.
    m.delete(key);
    m.set(key, hit);
    return hit;
  }
  const idf = (async () => {
    const r = await textsBefore(db, cut, SAMPLE);
    return buildIdf(r.map((o) => [...words(o.title), ...words(o.description)]));
  })();
  idf.catch(() => {
    if (m.get(key) === idf) m.delete(key);
  });
  if (m.size >= KEEP) m.delete(m.keys().next().value!);
  m.set(key, idf);
  return idf;
}
