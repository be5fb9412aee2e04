// npx tsx scripts/eval-reply.ts [--file ../shared/data/teddy2020/messages-with-replies.csv]
// Measures the reply check (src/text/reply-check.ts) on 2,816 real request/reply pairs: every
// reply once with its own request (should pass) and once shuffled to another request (should be
// warned off topic). Prints one JSON line: the ROC AUC of the score, and at the shipped
// threshold the precision and recall of the off-topic warning (a warned shuffled pair is a true
// positive), plus how often the template/too-short warnings fire on the real replies.
// --sweep prints precision/recall for a range of thresholds; --split evaluates on the second half
// with a threshold chosen on the first half (how the shipped threshold was picked).
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { words } from '../src/text/pipeline.ts';
import { checkReply, replyScore, REPLY_CHECK, unfilledTemplate } from '../src/text/reply-check.ts';
import { buildIdf } from '../src/text/similarity.ts';
import { mulberry32 } from '../src/util/prng.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const file = arg('--file') ?? new URL('../../shared/data/teddy2020/messages-with-replies.csv', import.meta.url).pathname;
if (!existsSync(file)) {
  console.error(`eval-reply: ${file} not found (teddy2020 data from ../shared/data); nothing to evaluate`);
  process.exit(0);
}
const rows = (parse(readFileSync(file), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[])
  .map((r) => ({ title: r['留言主题'] ?? '', text: r['留言详情'] ?? '', reply: r['答复意见'] ?? '' }))
  .filter((r) => r.reply.trim());
// Word statistics from the requests, as the platform builds them from its orders.
const idf = buildIdf(rows.map((r) => [...words(r.title), ...words(r.text)]));

// A fixed derangement: each reply goes to a request at a random other position.
const rnd = mulberry32(42);
const perm = rows.map((_, i) => i);
for (let i = perm.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * i); // j < i: Sattolo's algorithm, no fixed points
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
}

const t0 = performance.now();
const real = rows.map((r) => replyScore(r.title, r.text, r.reply, idf).score);
const shuffled = rows.map((r, i) => replyScore(r.title, r.text, rows[perm[i]!]!.reply, idf).score);
const msPerCheck = (performance.now() - t0) / (2 * rows.length);

function auc(pos: number[], neg: number[]): number {
  // Probability that a real pair scores above a shuffled one (ties count half).
  const all = [...pos.map((s) => ({ s, p: 1 })), ...neg.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]!.p) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

function at(th: number, realS: number[], shufS: number[]) {
  const tp = shufS.filter((s) => s < th).length; // shuffled and warned
  const fp = realS.filter((s) => s < th).length; // real and warned
  const fn = shufS.length - tp;
  return { threshold: th, precision: round(tp / Math.max(1, tp + fp)), recall: round(tp / Math.max(1, tp + fn)), falseAlarmRate: round(fp / realS.length) };
}
const round = (x: number) => Math.round(x * 10000) / 10000;

if (process.argv.includes('--sweep')) {
  for (let th = 0.04; th <= 0.3001; th += 0.02) console.log(JSON.stringify(at(Math.round(th * 100) / 100, real, shuffled)));
}

let split: object | undefined;
if (process.argv.includes('--split')) {
  // Choose the threshold with the best F1 on the first half, measure on the second.
  const half = Math.floor(rows.length / 2);
  let best = { th: 0, f1: -1 };
  for (let th = 0.02; th <= 0.4; th += 0.005) {
    const m = at(th, real.slice(0, half), shuffled.slice(0, half));
    const f1 = (2 * m.precision * m.recall) / Math.max(1e-9, m.precision + m.recall);
    if (f1 > best.f1) best = { th, f1 };
  }
  split = { chosenOnFirstHalf: round(best.th), secondHalf: at(best.th, real.slice(half), shuffled.slice(half)) };
}

const templateOnReal = rows.filter((r) => unfilledTemplate(r.reply)).length;
const warnedReal = rows.filter((r) => !checkReply(r.title, r.text, r.reply, idf).ok).length;
console.log(JSON.stringify({
  pairs: rows.length, auc: round(auc(real, shuffled)), ...at(REPLY_CHECK.minScore, real, shuffled),
  realRepliesWithAnyWarning: warnedReal, realRepliesFlaggedTemplate: templateOnReal, msPerCheck: round(msPerCheck), ...(split ? { split } : {}),
}));
