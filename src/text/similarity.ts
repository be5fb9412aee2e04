// Text similarity over the pipeline's words: tf-idf word vectors (idf from a corpus of the
// platform's own requests) and character-bigram vectors (robust to segmentation differences:
// 夜间施工 and 夜里施工 share 施工), compared by cosine. Used by duplicates, hot issues and the
// reply check. Pure: the corpus statistics come in as an argument.
import { bag, charGrams, words } from './pipeline.ts';

/** Document frequencies of words in a corpus; idf(w) = ln((n + 1) / (df + 1)) + 1. */
export interface Idf {
  n: number;
  df: ReadonlyMap<string, number>;
}

export function buildIdf(docs: Iterable<readonly string[]>): Idf {
  const df = new Map<string, number>();
  let n = 0;
  for (const ws of docs) {
    n++;
    for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { n, df };
}

function idfOf(idf: Idf, w: string): number {
  return Math.log((idf.n + 1) / ((idf.df.get(w) ?? 0) + 1)) + 1;
}

export type Vec = Map<string, number>;

function normalise(v: Vec): Vec {
  let s = 0;
  for (const x of v.values()) s += x * x;
  if (s === 0) return v;
  const k = 1 / Math.sqrt(s);
  for (const [t, x] of v) v.set(t, x * k);
  return v;
}

/** tf-idf (sublinear tf) of words, L2-normalised. `boost` multiplies the count of some words (the title's). */
export function wordVector(ws: readonly string[], idf: Idf, boost?: readonly string[], idfPower = 1): Vec {
  const tf = bag(boost ? [...ws, ...boost] : ws);
  const v: Vec = new Map();
  for (const [w, n] of tf) v.set(w, (1 + Math.log(n)) * idfOf(idf, w) ** idfPower);
  return normalise(v);
}

/** Character bigrams (sublinear tf), L2-normalised. */
export function gramVector(text: string): Vec {
  const v: Vec = bag(charGrams(text, 2));
  for (const [g, n] of v) v.set(g, 1 + Math.log(n));
  return normalise(v);
}

export function cosine(a: Vec, b: Vec): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, x] of small) {
    const y = big.get(t);
    if (y !== undefined) s += x * y;
  }
  return s;
}

/** What a request's text is compared by. */
export interface Signature {
  words: Vec;
  grams: Vec;
}

/**
 * The signature of a request: its words' tf-idf (the title's counted twice; `idfPower` > 1 makes
 * rare words weigh more still) and its character bigrams. `segmented` passes the words of the
 * title and the description when the caller has them already (segmenting costs the most).
 */
export function signature(
  title: string, description: string, idf: Idf, idfPower = 1, segmented?: { title: readonly string[]; description: readonly string[] },
): Signature {
  const tw = segmented?.title ?? words(title);
  const dw = segmented?.description ?? words(description);
  return { words: wordVector([...tw, ...dw], idf, tw, idfPower), grams: gramVector(`${title} ${description}`) };
}

/** Similarity of two requests in [0, 1]: words count most, character bigrams catch the rest. */
export function similarity(a: Signature, b: Signature): number {
  return 0.6 * cosine(a.words, b.words) + 0.4 * cosine(a.grams, b.grams);
}

/** The `k` highest-weighted terms of a vector (or of some of its entries), ties by term. */
export function topTerms(v: Iterable<readonly [string, number]>, k: number): string[] {
  return [...v].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, k).map(([t]) => t);
}
