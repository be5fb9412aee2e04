// npx tsx scripts/eval-duplicates.ts
// Precision and recall of the duplicate detection (the text similarity behind
// src/app/intake/duplicates.ts) on a hand-labelled sample of message pairs from the teddy2020
// messages-with-votes.csv: test/data/duplicates-labelled.csv holds only the two message ids, the
// label (1 = same matter at the same place: one would merge them) and how the pair was drawn. The
// texts are read from ../shared/data (their licence is unstated: none are copied into the repo).
//
// How the sample was drawn (see docs/intake.md): every pair of messages at most 30 days apart
// that shares one of its 12 most weighted words and scores 0.1 or more, stratified by score
// (25-30 pairs per band, each message once, at most 3 pairs per shared key word), plus 8 pairs
// of well-known repeated complaints that score below 0.1 (to see what the net misses).
// Prints one JSON line: precision and recall at the shipped threshold on the sample, the same
// re-weighted to the population of candidate pairs, and a sweep of thresholds.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DUPLICATES } from '../src/app/intake/duplicates.ts';
import { words } from '../src/text/pipeline.ts';
import { buildIdf, signature, similarity, topTerms } from '../src/text/similarity.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const file = arg('--file') ?? new URL('../../shared/data/teddy2020/messages-with-votes.csv', import.meta.url).pathname;
const labelled = new URL('../test/data/duplicates-labelled.csv', import.meta.url).pathname;
if (!existsSync(file)) {
  console.error(`eval-duplicates: ${file} not found (teddy2020 data from ../shared/data); nothing to evaluate`);
  process.exit(0);
}
const rows = parse(readFileSync(file), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
const day = (s: string) => {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})/.exec(s.trim());
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
};
const msgs = rows.map((r) => ({ id: Number(r['留言编号']), title: r['留言主题'] ?? '', text: r['留言详情'] ?? '', at: day(r['留言时间'] ?? '') }));
const byId = new Map(msgs.map((m, i) => [m.id, i]));
// Word statistics of the corpus, as the platform builds them from its recent orders.
const idf = buildIdf(msgs.map((m) => [...words(m.title), ...words(m.text)]));
const sigs = msgs.map((m) => signature(m.title, m.text, idf));

const pairs = (parse(readFileSync(labelled), { columns: true }) as Record<string, string>[]).map((r) => {
  const a = byId.get(Number(r.a));
  const b = byId.get(Number(r.b));
  if (a === undefined || b === undefined) throw new Error(`message ${r.a} or ${r.b} not in ${file}`);
  return { a, b, duplicate: r.duplicate === '1', sample: r.sample!, score: similarity(sigs[a]!, sigs[b]!) };
});

// The population the stratified sample was drawn from: the same candidate pairs, counted per band.
const BANDS: [number, number][] = [[0.1, 0.2], [0.2, 0.3], [0.3, 0.4], [0.4, 0.5], [0.5, 0.7], [0.7, 1.01]];
const population = new Array<number>(BANDS.length).fill(0);
{
  const top = sigs.map((s) => topTerms(s.words, 12));
  const post = new Map<string, number[]>();
  top.forEach((ws, i) => ws.forEach((w) => {
    const l = post.get(w);
    if (l) l.push(i);
    else post.set(w, [i]);
  }));
  for (let i = 0; i < msgs.length; i++) {
    const seen = new Set<number>();
    for (const w of top[i]!) {
      const l = post.get(w)!;
      if (l.length > 400) continue;
      for (const j of l) {
        if (j <= i || seen.has(j)) continue;
        seen.add(j);
        if (Math.abs(msgs[i]!.at - msgs[j]!.at) > 30 * 86_400_000) continue;
        const s = similarity(sigs[i]!, sigs[j]!);
        const band = BANDS.findIndex(([lo, hi]) => s >= lo && s < hi);
        if (band >= 0) population[band]!++;
      }
    }
  }
}
const bandOf = (s: number) => BANDS.findIndex(([lo, hi]) => s >= lo && s < hi);
const sampled = BANDS.map((_, k) => pairs.filter((p) => p.sample !== 'low-score probe' && bandOf(p.score) === k).length);
const round = (x: number) => Math.round(x * 1000) / 1000;

function at(th: number, weighted: boolean) {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    if (weighted && p.sample === 'low-score probe') continue;
    const k = bandOf(p.score);
    const w = weighted ? (k >= 0 && sampled[k] ? population[k]! / sampled[k]! : 0) : 1;
    const hit = p.score >= th;
    if (hit && p.duplicate) tp += w;
    else if (hit) fp += w;
    else if (p.duplicate) fn += w;
  }
  const precision = tp / Math.max(1e-9, tp + fp);
  const recall = tp / Math.max(1e-9, tp + fn);
  return { threshold: th, precision: round(precision), recall: round(recall), f1: round((2 * precision * recall) / Math.max(1e-9, precision + recall)) };
}

console.log(JSON.stringify({
  pairs: pairs.length,
  duplicates: pairs.filter((p) => p.duplicate).length,
  sample: at(DUPLICATES.threshold, false),
  populationWeighted: { ...at(DUPLICATES.threshold, true), candidatePairsPerBand: population, sampledPerBand: sampled },
  sweep: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5].map((t) => ({ sample: at(t, false), populationWeighted: at(t, true) })),
}));
