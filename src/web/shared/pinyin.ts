// Pinyin for the staff pickers (loaded with the pages that search trees, not with the first screen).
import { pinyin } from 'pinyin-pro';
import type { Pinyin } from './trees.ts';

const memo = new Map<string, string>();

/** "zsrm zaoshengraomin" for 噪声扰民: initials and full pinyin, no tones. */
export const toPinyin: Pinyin = (name) => {
  let v = memo.get(name);
  if (v === undefined) {
    const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed' });
    v = `${full.map((s) => s[0] ?? '').join('')} ${full.join('')}`;
    memo.set(name, v);
  }
  return v;
};
