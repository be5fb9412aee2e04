// Chinese first, with English: every Chinese text the web apps put on screen through t(…) has an
// English version with the same {placeholders}, and the dictionary keeps no text nobody shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EN } from '../../src/web/shared/en.ts';
import { translate } from '../../src/web/shared/i18n.tsx';
import { uiStrings } from './i18n-strings.ts';

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the English switch', () => {
  it('has an English text for every Chinese text on screen, with the same placeholders', () => {
    const missing: string[] = [];
    for (const [zh, file] of uiStrings()) {
      if (!(zh in EN)) missing.push(`${file}: ${zh}`);
      else assert.deepEqual(vars(EN[zh]!), vars(zh), `placeholders of ${zh}`);
    }
    assert.deepEqual(missing, [], 'texts without English');
  });

  it('keeps no English for a text that is no longer shown', () => {
    const used = new Set(uiStrings().keys());
    assert.deepEqual(Object.keys(EN).filter((k) => !used.has(k)), []);
  });

  it('fills placeholders in either language', () => {
    assert.equal(translate('共 {n} 条', { n: 3 }, 'zh-CN'), '共 3 条');
    assert.equal(translate('共 {n} 条', { n: 3 }, 'en-US'), '3 in all');
  });
});
