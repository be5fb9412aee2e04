// The reply check: before a unit's reply is accepted, warn the handler when it does not address
// the request. Pure; the word statistics come in as an argument.
//
// - off_topic: the reply shares too little with the request. The score weighs the request's key
//   words (its highest tf-idf words, the title's counted twice) found in the reply, and the
//   character bigrams the two share (which also catches 夜间施工 / 夜里施工);
// - template: a placeholder left unfilled (XXX, ××, 某某, {…}, 【…】, ____, "年 月 日");
// - too_short: almost nothing written;
// - copies_request: the reply is the request pasted back.
//
// The threshold was tuned on 2,816 real request/reply pairs against the same replies shuffled to
// the wrong requests (scripts/eval-reply.ts, docs/intake.md).
import { contentChars, words } from './pipeline.ts';
import { cosine, gramVector, type Idf, topTerms, wordVector } from './similarity.ts';

export const REPLY_CHECK = {
  /** Below this score the reply is reported off topic (the best F1 on half the real pairs, measured on the other half). */
  minScore: 0.09,
  /** Key words of the request looked for in the reply. */
  keyWords: 10,
  minChars: 10,
  copyScore: 0.9,
};

export interface ReplyWarning {
  code: 'off_topic' | 'template' | 'too_short' | 'copies_request';
  message: string;
  messageEn: string;
}

export interface ReplyCheck {
  ok: boolean;
  /** 0 (nothing in common) to 1. */
  score: number;
  warnings: ReplyWarning[];
  /** The request's key words the reply mentions, and those it does not. */
  matched: string[];
  missing: string[];
}

const PLACEHOLDERS: RegExp[] = [
  // XXX, or XX where a name or number belongs (文XX is an anonymised name, not a placeholder)
  /[x×＊]{3,}|(?<![0-9a-z\p{Script=Han}])[x×＊]{2}(?![0-9a-z])|[x×]{2}(?=[年月日时号])/iu,
  // 某某 standing for a unit or place (张某某 is an anonymised name, not a placeholder)
  /(?<!\p{Script=Han})某某|某某(?=街道|社区|单位|部门|公司|小区|镇|村)/u,
  // {place} or {填写结果}; not braces used as brackets ({只限肿瘤病人})
  /\{\s*[a-z_]\w*\s*\}|\{[^{}]{0,20}(填|写|输入|名称|姓名|单位|时间|日期|内容)[^{}]{0,20}\}/iu,
  /【\s*】|【[^】]{0,20}(填|写|输入|名称|姓名|单位|时间|日期|内容)[^】]{0,20}】/u,
  /[\[［][^\]］]{0,20}(填|写|输入|名称|姓名|单位|时间|日期|内容)[^\]］]{0,20}[\]］]/u,
  /_{3,}|＿{2,}/u,
  /(此处|在此|这里)(填写|输入|补充)/u,
  /请(填写|输入|补充)[^。，,]{0,12}(内容|结果|情况|意见)/u,
  /年\s+月\s+日/u,
  /(回复|答复)模板|模板内容/u,
];

export function unfilledTemplate(reply: string): boolean {
  const t = reply.normalize('NFKC');
  return PLACEHOLDERS.some((p) => p.test(t));
}

export interface ReplyScore {
  score: number;
  /** The request's key words the reply mentions, and those it does not. */
  matched: string[];
  missing: string[];
  /** Cosine of the character bigrams of the request and the reply. */
  grams: number;
  /** Content characters (letters and digits) of the reply. */
  chars: number;
}

/** The similarity score of a reply to a request, with the key words it matched and missed. */
export function replyScore(title: string, description: string, reply: string, idf: Idf): ReplyScore {
  const tw = words(title);
  const req = wordVector([...tw, ...words(description)], idf, tw);
  const rw = new Set(words(reply));
  const replyChars = contentChars(reply);
  let got = 0;
  let all = 0;
  const matched: string[] = [];
  const missing: string[] = [];
  for (const w of topTerms(req, REPLY_CHECK.keyWords)) {
    const x = req.get(w)!;
    all += x;
    // A key word counts when the reply has it as a word or inside a longer one (施工 in 施工方).
    if (rw.has(w) || (w.length >= 2 && replyChars.includes(w))) {
      got += x;
      matched.push(w);
    } else missing.push(w);
  }
  const coverage = all > 0 ? got / all : 0;
  const grams = cosine(gramVector(`${title} ${description}`), gramVector(reply));
  return { score: Math.round((0.6 * coverage + 0.4 * grams) * 1000) / 1000, matched, missing, grams, chars: replyChars.length };
}

export function checkReply(title: string, description: string, reply: string, idf: Idf): ReplyCheck {
  const warnings: ReplyWarning[] = [];
  const { score, matched, missing, grams, chars } = replyScore(title, description, reply, idf);
  if (chars < REPLY_CHECK.minChars) {
    warnings.push({ code: 'too_short', message: '回复内容过短，请写明核实情况和办理结果', messageEn: 'The reply is too short: say what was found and what was done' });
  }
  if (unfilledTemplate(reply)) {
    warnings.push({ code: 'template', message: '回复中有未填写的模板占位内容（如 XXX、某某、【】），请补全', messageEn: 'The reply contains unfilled template placeholders (such as XXX, 某某, 【】)' });
  }
  if (chars >= REPLY_CHECK.minChars && score < REPLY_CHECK.minScore) {
    warnings.push({
      code: 'off_topic',
      message: `回复与诉求内容关联度低（${score.toFixed(2)}），未提及诉求要点：${missing.slice(0, 5).join('、')}`,
      messageEn: `The reply has little to do with the request (score ${score.toFixed(2)}); it does not mention: ${missing.slice(0, 5).join(', ')}`,
    });
  }
  if (grams >= REPLY_CHECK.copyScore) {
    warnings.push({ code: 'copies_request', message: '回复内容与诉求原文几乎相同，请填写办理结果', messageEn: 'The reply repeats the request: write what was done' });
  }
  return { ok: warnings.length === 0, score, warnings, matched, missing };
}
