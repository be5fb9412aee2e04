// The one Chinese text pipeline of the platform: normalisation, word segmentation, stop words.
// Classification, similarity (duplicates, hot issues, reply check) and full-text search all take
// their words from here, so they agree about what a word is.
//
// - normalise: NFKC (full-width letters, digits and punctuation become half-width; the
//   ideographic space becomes a space), lower case, one space for any run of white space;
// - segment: jieba (@node-rs/jieba, the prebuilt dictionary from the npm package, HMM on for
//   words the dictionary lacks), plus about 60 words of a hotline record that the general
//   dictionary splits (DOMAIN_WORDS);
// - filter: drop punctuation, white space and stop words (./stopwords.ts).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { STOP_WORDS } from './stopwords.ts';

let jieba: Jieba | null = null;

// Words of a 12345 record that the general dictionary splits.
const DOMAIN_WORDS = [
  '来电人', '12345', '物业费', '业委会', '业主大会', '维修资金', '公积金', '低保', '医保', '社保卡', '养老金', '居住证', '不动产权证',
  '网约车', '共享单车', '渣土车', '广场舞', '油烟机', '充电桩', '电动车', '井盖', '窨井盖', '路灯', '违建', '违章建筑', '扰民',
  '占道经营', '噪音', '噪声', '拖欠工资', '农民工', '工伤认定', '学区', '学位', '培训机构', '预付卡', '电梯困人', '燃气泄漏',
  '停水', '停电', '暖气', '供暖', '雨污分流', '老旧小区', '消防通道', '飞线充电', '车贷', '网贷', '集资', '搅拌站', '油烟',
  '直排', '捆绑销售', '拆迁', '征地', '安置房', '物业公司', '开发商',
];

export function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 50000 n`).join('\n')));
  }
  return jieba;
}

/** Full-width to half-width (NFKC), lower case, one space for any run of white space. */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

function keep(w: string): boolean {
  return w !== ' ' && HAS_WORD_CHAR.test(w) && !STOP_WORDS.has(w);
}

/** The words of a text, in order: normalised, segmented, without punctuation and stop words. */
export function words(text: string): string[] {
  const n = normalize(text);
  if (!n) return [];
  return segmenter().cut(n, true).filter(keep);
}

/**
 * Words for a search index: the words of `words()` plus the shorter dictionary words inside long
 * ones (安全隐患 also gives 安全, 隐患), so that a query finds a document whichever way either
 * side was segmented.
 */
export function searchWords(text: string): string[] {
  const n = normalize(text);
  if (!n) return [];
  return segmenter().cutForSearch(n, true).filter(keep);
}

/** The text's characters that carry meaning (letters and digits), stop words left in. */
export function contentChars(text: string): string {
  return normalize(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Overlapping character n-grams of the content characters (bigrams by default). */
export function charGrams(text: string, n = 2): string[] {
  const s = [...contentChars(text)];
  if (s.length < n) return s.length ? [s.join('')] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n).join(''));
  return out;
}

/** How often each word (or n-gram) occurs. */
export function bag(ws: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of ws) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}
