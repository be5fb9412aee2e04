// The text pipeline: what a word is, for search, similarity and classification alike.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charGrams, contentChars, normalize, searchWords, words } from '../../src/text/pipeline.ts';
import { indexWords, queryTerms } from '../../src/text/search.ts';

describe('normalisation', () => {
  it('turns full-width letters, digits and punctuation half-width, lower-cases and folds white space', () => {
    assert.equal(normalize('ＫＴＶ　噪音１２３号，\t\n请处理！'), 'ktv 噪音123号, 请处理!');
    assert.equal(normalize('  A3区\u200b大道  '), 'a3区 大道');
  });

  it('keeps only letters and digits as content characters', () => {
    assert.equal(contentChars('正阳路１００号，工地！'), '正阳路100号工地');
    assert.deepEqual(charGrams('路灯不亮'), ['路灯', '灯不', '不亮']);
  });
});

describe('segmentation and stop words', () => {
  it('segments a hotline record into words, without punctuation or boilerplate', () => {
    const w = words('来电人反映：环城东路ＫＴＶ无证经营，噪声扰民！');
    for (const x of ['ktv', '无证', '经营', '噪声', '扰民']) assert.ok(w.includes(x), `${x} in ${w.join('|')}`);
    for (const x of ['来电人', '反映', '：', '，', '！']) assert.ok(!w.includes(x), `${x} left out`);
  });

  it('keeps the words of a 12345 centre whole', () => {
    assert.deepEqual(words('小区门口路灯不亮'), ['小区', '门口', '路灯', '不亮']);
    assert.ok(words('丽城小区旁搅拌站噪音扰民').includes('搅拌站'));
  });

  it('gives search the words inside long ones, so either segmentation matches', () => {
    const s = searchWords('存在安全隐患');
    for (const x of ['安全', '隐患', '安全隐患']) assert.ok(s.includes(x), x);
    assert.ok(queryTerms('安全隐患').includes('安全'));
    assert.match(indexWords('楼道堆物存在消防安全隐患'), /(^| )隐患( |$)/);
  });

  it('is the same for the same text, every time', () => {
    const t = '市民反映城阳街道某工地夜间施工噪音扰民，要求制止';
    assert.deepEqual(words(t), words(t));
  });
});
