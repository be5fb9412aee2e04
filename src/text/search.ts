// Full-text search helpers, pure. PostgreSQL's `to_tsvector('simple')` cannot split Chinese, so
// documents are stored pre-segmented by the pipeline (words separated by spaces) and queries are
// built from the same pipeline's words: the index and the query agree about what a word is, on
// PostgreSQL and PGlite alike.
import { searchWords } from './pipeline.ts';

/** The words stored for a text: the search-mode segmentation (long words and the words inside them). */
export function indexWords(text: string): string {
  return searchWords(text).map(lexeme).filter(Boolean).join(' ');
}

/** Letters and digits only: a word that is also a safe tsquery lexeme. */
export function lexeme(w: string): string {
  return w.replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The distinct words of a query, in order: the search-mode segmentation, as the documents were
 * indexed (it holds every word of `words()` too, with the shorter words inside the long ones).
 */
export function queryTerms(q: string): string[] {
  return [...new Set(searchWords(q).map(lexeme).filter(Boolean))];
}

export interface TermChoice {
  /** The terms searched for, rarest first. */
  terms: string[];
  /** Terms left out: not in any document, or too common to tell documents apart. */
  dropped: string[];
}

/**
 * Which terms of a query to search for: the `max` rarest of those present in the index. A term
 * in more than `commonShare` of the documents is left out when rarer ones remain: it matches too
 * many documents to rank them and costs the most to read. Bare numbers are left out too.
 */
export function chooseTerms(terms: readonly string[], df: ReadonlyMap<string, number>, docs: number, max = 8, commonShare = 0.1): TermChoice {
  // A bare number (a house number, a date) is rare and says nothing about the matter.
  const words = terms.filter((t) => !/^\d+$/.test(t));
  const present = (words.length ? words : terms).filter((t) => (df.get(t) ?? 0) > 0).sort((a, b) => df.get(a)! - df.get(b)! || (a < b ? -1 : 1));
  const rare = present.filter((t) => df.get(t)! <= commonShare * docs);
  const chosen = (rare.length ? rare : present).slice(0, max);
  return { terms: chosen, dropped: terms.filter((t) => !chosen.includes(t)) };
}

/** An OR query over the terms, for `to_tsquery('simple', …)`. */
export function orQuery(terms: readonly string[]): string {
  return terms.map(lexeme).filter(Boolean).join(' | ');
}

/** A short excerpt of the text around the first term it contains. */
export function snippet(text: string, terms: readonly string[], length = 120): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= length) return t;
  let at = -1;
  for (const term of terms) {
    const i = t.toLowerCase().indexOf(term);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, Math.min(at < 0 ? 0 : at - 20, t.length - length));
  return (start > 0 ? '…' : '') + t.slice(start, start + length) + (start + length < t.length ? '…' : '');
}
