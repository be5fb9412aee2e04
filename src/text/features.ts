// Features of a text for the classifier: the pipeline's words, adjacent word pairs and character
// n-grams (again for the first characters, the subject line), hashed to 32-bit ids (the hashing
// trick: no string table to keep), weighted by tf-idf and L2-normalised. Everything is kept in
// typed arrays: a vocabulary is a sorted array of hashes, a text's features a sorted array of
// hashes with counts, so fitting 10,000 texts takes a second or two, not a minute.
import { contentChars, words } from './pipeline.ts';

export interface FeatureOptions {
  /** Character n-grams from charMin to charMax (0 = none). */
  charMin: number;
  charMax: number;
  /** The pipeline's words. */
  words: boolean;
  /** Adjacent word pairs. */
  wordBigrams: boolean;
  /** Weight of the word block against the character block (each is L2-normalised first). */
  wordWeight: number;
  /** Keep features seen in at least this many training texts. */
  minDf: number;
  /** Keep at most this many features (the most frequent). */
  maxFeatures: number;
  /** Characters at the start (the subject line) whose n-grams count a second time, as features of their own (0 = off). */
  head: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  charMin: 1, charMax: 3, words: true, wordBigrams: true, wordWeight: 1, minDf: 2, maxFeatures: 1_000_000, head: 40,
};

/** A sparse vector: feature columns (in no particular order) and their values. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

/** FNV-1a over UTF-16 code units, with a seed per feature kind. */
function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SEED_CHAR = 0x1;
const SEED_WORD = 0x2;
const SEED_BIGRAM = 0x3;
const SEED_HEAD = 0x4;

/** Sorted distinct hashes and how often each occurs. */
export interface Counts {
  keys: Uint32Array;
  counts: Uint16Array;
}

/** Raw hashed counts of one text, in two blocks (characters, words). */
export interface RawFeatures {
  chars: Counts;
  words: Counts;
}

function countSorted(hashes: Uint32Array): Counts {
  hashes.sort();
  let distinct = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) distinct++;
  const keys = new Uint32Array(distinct);
  const counts = new Uint16Array(distinct);
  let j = -1;
  for (let i = 0; i < hashes.length; i++) {
    if (i === 0 || hashes[i] !== hashes[i - 1]) keys[++j] = hashes[i]!;
    if (counts[j]! < 65535) counts[j]!++;
  }
  return { keys, counts };
}

/** FNV-1a of every n-gram (min..max) of s, computed incrementally from each start. */
function charGramHashes(s: string, min: number, max: number, seed: number, out: number[]): void {
  for (let i = 0; i < s.length; i++) {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let n = 1; n <= max && i + n <= s.length; n++) {
      h ^= s.charCodeAt(i + n - 1);
      h = Math.imul(h, 0x01000193);
      if (n >= min) out.push(h >>> 0);
    }
  }
}

/** What `rawFeatures` reads of the options: models whose keys are equal share a text's raw features. */
export function rawFeaturesKey(o: FeatureOptions): string {
  return `${o.charMin},${o.charMax},${o.head},${o.words},${o.wordBigrams}`;
}

export function rawFeatures(text: string, o: FeatureOptions): RawFeatures {
  const c: number[] = [];
  const w: number[] = [];
  if (o.charMax > 0) {
    // Digits carry house numbers and dates, not the matter: one symbol for any digit.
    const s = contentChars(text).replace(/\d/g, '0');
    charGramHashes(s, o.charMin, o.charMax, SEED_CHAR, c);
    if (o.head > 0) charGramHashes(s.slice(0, o.head), o.charMin, o.charMax, SEED_HEAD, c);
  }
  if (o.words || o.wordBigrams) {
    const ws = words(text).map((x) => x.replace(/\d+/g, '0'));
    if (o.words) for (const x of ws) w.push(hash32(x, SEED_WORD));
    if (o.wordBigrams) for (let i = 0; i + 1 < ws.length; i++) w.push(hash32(ws[i] + '\u0001' + ws[i + 1], SEED_BIGRAM));
  }
  return { chars: countSorted(Uint32Array.from(c)), words: countSorted(Uint32Array.from(w)) };
}

/** The vocabulary and idf learnt from training texts. */
export interface Vectorizer {
  options: FeatureOptions;
  /** Sorted hashes of the character block: column = position. */
  charKeys: Uint32Array;
  /** Sorted hashes of the word block: column = charKeys.length + position. */
  wordKeys: Uint32Array;
  /** idf per column. */
  idf: Float32Array;
}

export function vectorizerSize(v: Vectorizer): number {
  return v.charKeys.length + v.wordKeys.length;
}

/** Document frequency of every key in one block, keeping those with df >= minDf. */
function documentFrequency(blocks: readonly Counts[], minDf: number): Counts {
  let total = 0;
  for (const b of blocks) total += b.keys.length;
  const all = new Uint32Array(total);
  let o = 0;
  for (const b of blocks) {
    all.set(b.keys, o);
    o += b.keys.length;
  }
  const df = countSorted(all);
  let kept = 0;
  for (let i = 0; i < df.keys.length; i++) if (df.counts[i]! >= minDf) kept++;
  const keys = new Uint32Array(kept);
  const counts = new Uint16Array(kept);
  let j = 0;
  for (let i = 0; i < df.keys.length; i++) {
    if (df.counts[i]! >= minDf) {
      keys[j] = df.keys[i]!;
      counts[j++] = df.counts[i]!;
    }
  }
  return { keys, counts };
}

/** The `max` most frequent keys, sorted by key again. */
function mostFrequent(df: Counts, max: number): Counts {
  if (df.keys.length <= max) return df;
  const packed = Float64Array.from(df.keys, (k, i) => (70000 - df.counts[i]!) * 2 ** 32 + k).sort();
  const keys = Uint32Array.from(packed.subarray(0, max), (x) => x % 2 ** 32).sort();
  const counts = Uint16Array.from(keys, (k) => df.counts[lookup(df.keys, k)]!);
  return { keys, counts };
}

/** Position of key in a sorted array, or -1 (searching from position `from`). */
function lookup(keys: Uint32Array, key: number, from = 0): number {
  let lo = from;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}

export function fitVectorizer(raws: readonly RawFeatures[], o: FeatureOptions): Vectorizer {
  let chars = documentFrequency(raws.map((r) => r.chars), o.minDf);
  let ws = documentFrequency(raws.map((r) => r.words), o.minDf);
  const total = chars.keys.length + ws.keys.length;
  if (total > o.maxFeatures) {
    // Too many: keep the most frequent of each block, in proportion.
    chars = mostFrequent(chars, Math.floor((chars.keys.length * o.maxFeatures) / total));
    ws = mostFrequent(ws, Math.floor((ws.keys.length * o.maxFeatures) / total));
  }
  const n = raws.length;
  const idf = new Float32Array(chars.keys.length + ws.keys.length);
  chars.counts.forEach((df, i) => {
    idf[i] = Math.log((1 + n) / (1 + df)) + 1;
  });
  ws.counts.forEach((df, j) => {
    idf[chars.keys.length + j] = Math.log((1 + n) / (1 + df)) + 1;
  });
  return { options: o, charKeys: chars.keys, wordKeys: ws.keys, idf };
}

/** An open-addressing table from key to position in a sorted key array, built once per vocabulary. */
interface KeyIndex {
  slots: Int32Array; // position + 1, 0 = empty
  mask: number;
}
const indexes = new WeakMap<Uint32Array, KeyIndex>();

function keyIndex(keys: Uint32Array): KeyIndex {
  let ix = indexes.get(keys);
  if (ix) return ix;
  let size = 16;
  while (size < keys.length * 2) size *= 2;
  ix = { slots: new Int32Array(size), mask: size - 1 };
  for (let i = 0; i < keys.length; i++) {
    let h = Math.imul(keys[i]!, 0x9e3779b1) & ix.mask;
    while (ix.slots[h] !== 0) h = (h + 1) & ix.mask;
    ix.slots[h] = i + 1;
  }
  indexes.set(keys, ix);
  return ix;
}

function find(keys: Uint32Array, ix: KeyIndex, key: number): number {
  let h = Math.imul(key, 0x9e3779b1) & ix.mask;
  for (;;) {
    const p = ix.slots[h]!;
    if (p === 0) return -1;
    if (keys[p - 1] === key) return p - 1;
    h = (h + 1) & ix.mask;
  }
}

/** tf-idf with sublinear tf, each block L2-normalised, the word block scaled by wordWeight. */
export function vectorize(v: Vectorizer, r: RawFeatures): SparseVec {
  const idx = new Int32Array(r.chars.keys.length + r.words.keys.length);
  const val = new Float32Array(idx.length);
  let n = 0;
  const block = (c: Counts, vocab: Uint32Array, offset: number, scale: number) => {
    const start = n;
    let norm = 0;
    const ix = keyIndex(vocab);
    for (let i = 0; i < c.keys.length; i++) {
      const p = find(vocab, ix, c.keys[i]!);
      if (p < 0) continue;
      const col = offset + p;
      const x = (1 + Math.log(c.counts[i]!)) * v.idf[col]!;
      idx[n] = col;
      val[n++] = x;
      norm += x * x;
    }
    const s = norm > 0 ? scale / Math.sqrt(norm) : 0;
    for (let i = start; i < n; i++) val[i] = val[i]! * s;
  };
  block(r.chars, v.charKeys, 0, 1);
  block(r.words, v.wordKeys, v.charKeys.length, v.options.wordWeight);
  return { idx: idx.slice(0, n), val: val.slice(0, n) };
}
