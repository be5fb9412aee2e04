// The reply check and the similarity behind duplicates, pure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { words } from '../../src/text/pipeline.ts';
import { checkReply, unfilledTemplate } from '../../src/text/reply-check.ts';
import { chooseTerms, orQuery, snippet } from '../../src/text/search.ts';
import { buildIdf, signature, similarity } from '../../src/text/similarity.ts';

const corpus = [
  '小区门口路灯不亮', '工地夜间施工噪音扰民', '小区停水没有通知', '公司拖欠工资', '楼道堆放杂物', '饭店油烟扰民', '共享单车乱停放',
].map((t) => words(t));
const idf = buildIdf(corpus);
const TITLE = '小区门口路灯不亮';
const DESC = '来电人反映正阳路小区门口三盏路灯已经一周不亮，晚上老人出门容易摔倒，请尽快维修。';

describe('the reply check', () => {
  it('passes a reply about the request', () => {
    const r = checkReply(TITLE, DESC, '经现场查看，小区门口三盏路灯灯具损坏，已更换为LED路灯，照明恢复正常。', idf);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(r.matched.includes('路灯'));
  });

  it('warns when the reply answers another request', () => {
    const r = checkReply(TITLE, DESC, '经核实，该公司已于本周补发拖欠的员工工资，劳动监察大队将持续跟踪。', idf);
    assert.equal(r.ok, false);
    assert.deepEqual(r.warnings.map((w) => w.code), ['off_topic']);
    assert.ok(r.score < 0.09);
    assert.ok(r.warnings[0]!.messageEn.length > 0 && /[\u4e00-\u9fff]/.test(r.warnings[0]!.message));
  });

  it('warns about placeholders, a near-empty reply and a pasted request', () => {
    assert.ok(checkReply(TITLE, DESC, '经核实，XXX街道已于X月X日更换路灯，照明恢复。', idf).warnings.some((w) => w.code === 'template'));
    assert.ok(checkReply(TITLE, DESC, '已处理。', idf).warnings.some((w) => w.code === 'too_short'));
    assert.ok(checkReply(TITLE, DESC, DESC, idf).warnings.some((w) => w.code === 'copies_request'));
  });

  it('tells placeholders from anonymised names and document numbers', () => {
    for (const t of ['XXX街道已处理', '经核实，某某社区已整改', '处理结果：【请填写】', '于____年处理', '2024年  月  日']) assert.ok(unfilledTemplate(t), t);
    for (const t of ['当事人张某某已签字', '根据〔2014〕92号文和【2018】75号文件', '文XX已多次调解', '电话138****1234']) assert.ok(!unfilledTemplate(t), t);
  });
});

describe('duplicate similarity', () => {
  it('scores the same matter at the same place well above another matter there', () => {
    const a = signature('正阳路工地夜间打桩扰民', '正阳路88号旁工地每天夜里打桩到凌晨两点，噪音很大。', idf);
    const b = signature('工地半夜打桩', '正阳路88号附近工地夜里一直打桩施工到两点多，吵得睡不着。', idf);
    const c = signature('小区停水', '正阳路88号小区从早上开始停水，没有通知。', idf);
    assert.ok(similarity(a, b) > 0.4, String(similarity(a, b)));
    assert.ok(similarity(a, b) > similarity(a, c) + 0.15, `${similarity(a, b)} vs ${similarity(a, c)}`);
    assert.ok(Math.abs(similarity(a, b) - similarity(b, a)) < 1e-12);
  });
});

describe('search helpers', () => {
  it('searches the rarest words, leaves out bare numbers and words too common to rank by', () => {
    const df = new Map([['路灯', 30], ['小区', 900], ['门口', 200], ['100', 2], ['不亮', 40]]);
    const c = chooseTerms(['小区', '门口', '路灯', '不亮', '100', '未知'], df, 1000, 8, 0.5);
    assert.deepEqual(c.terms, ['路灯', '不亮', '门口']);
    assert.deepEqual(c.dropped, ['小区', '100', '未知']);
  });

  it('builds a tsquery from letters and digits only', () => {
    assert.equal(orQuery(["路灯'", 'a&b', '!', '(x)']), '路灯 | ab | x');
  });

  it('cuts a snippet around the first term', () => {
    const text = '甲'.repeat(200) + '路灯' + '乙'.repeat(200);
    const s = snippet(text, ['路灯'], 60);
    assert.ok(s.includes('路灯') && s.startsWith('…') && s.endsWith('…'));
  });
});
