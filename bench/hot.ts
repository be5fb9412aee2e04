// npx tsx bench/hot.ts [--sizes 500,2000,5000,20000] [--md]
// What clustering hot issues costs the server's thread, for a day (or a week) of N requests: the
// text pipeline (segmentation, signatures), the clustering, and the early warning's extra work
// (the signatures of the same weekday of four past weeks). Baseline in the same run: the naive
// clustering's first step, scoring every pair of requests, on the same signatures (measured up to
// 5,000 requests and extrapolated above, as it grows with N²).
//
// The requests come from the demo city's templates (95 matters, places varied); into each window
// go five real issues of 8 to 40 residents each, written in their own words, and the run checks
// that each comes out as one cluster. Pure CPU: the database reads are a few indexed
// selects (`orders` by accepted_at) and are not timed here.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { orderTemplates } from '../src/demo/texts.ts';
import { clusterInWorker, WORKER_FROM } from '../src/app/intake/cluster-run.ts';
import { cluster, prepare, runClusterJob, signatureFor, type ClusterDoc } from '../src/text/cluster.ts';
import { similarity } from '../src/text/similarity.ts';
import { mulberry32 } from '../src/util/prng.ts';
import { loopDelay } from './measure.ts';
import { COMMUNITIES, fill } from './texts.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const SIZES = arg('--sizes', '500,2000,5000,20000').split(',').map(Number);
const NAIVE_MAX = 5_000;

/** Five issues many residents raise at once, each in several wordings. */
const ISSUES: { key: string; residents: number; texts: [string, string][] }[] = [
  { key: '搅拌站', residents: 40, texts: [
    ['丽城小区旁搅拌站噪音扰民', '丽城小区南侧新建的混凝土搅拌站日夜作业，噪音和粉尘很大'],
    ['投诉丽城小区附近搅拌站', '丽城小区附近搅拌站夜间生产，搅拌机噪音扰民，灰尘落满阳台'],
    ['搅拌站扰民', '丽城小区居民反映附近搅拌站车辆和机器噪音很大，晚上无法休息'],
  ] },
  { key: '锦绣花园', residents: 25, texts: [
    ['锦绣花园停水', '锦绣花园小区从昨天中午开始停水，没有提前通知，老人孩子没水用'],
    ['锦绣花园小区突然停水', '锦绣花园一直停水到现在，物业说是管道爆裂，不知道什么时候恢复供水'],
  ] },
  { key: '和园', residents: 15, texts: [
    ['和园小区暖气不热', '和园小区今年供暖后暖气一直不热，室温只有十五度，热力公司不来处理'],
    ['和园暖气温度低', '和园小区暖气片温度很低，家里冷，多次打热力公司电话没人管'],
  ] },
  { key: '实验二小', residents: 10, texts: [
    ['实验二小校车停运', '实验二小的校车本周突然停运，学校没有说明原因，孩子上学没人接送'],
    ['实验二小取消校车', '实验二小取消校车接送，家长上班来不及送孩子，希望恢复'],
  ] },
  { key: '正阳路早市', residents: 8, texts: [
    ['正阳路早市占道经营', '正阳路早市摊贩占道经营，早上堵车严重，垃圾遍地'],
    ['正阳路摊贩占道', '正阳路上的早市摊位占用机动车道，交通拥堵，要求整治'],
  ] },
];

/** A window of n requests; `planted` gets, per issue, the ids of its residents' requests. */
function window(rnd: () => number, n: number, withIssues: boolean, plantedIds?: Map<string, number[]>): ClusterDoc[] {
  const docs: ClusterDoc[] = [];
  const planted = withIssues ? ISSUES.flatMap((iss) => Array.from({ length: iss.residents }, (_, k) => ({ iss, t: iss.texts[k % iss.texts.length]! }))) : [];
  for (let i = 0; i < n - planted.length; i++) {
    const t = orderTemplates[Math.floor(rnd() * orderTemplates.length)]!;
    docs.push({ id: docs.length, title: fill(rnd, t.title), text: fill(rnd, t.description), place: Math.floor(rnd() * COMMUNITIES.length) });
  }
  for (const { iss, t } of planted) {
    const ids = plantedIds?.get(iss.key);
    if (ids) ids.push(docs.length);
    else plantedIds?.set(iss.key, [docs.length]);
    docs.push({ id: docs.length, title: t[0], text: `来电人反映${t[1]}，要求尽快处理。`, place: 3 });
  }
  return docs;
}

const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

interface Row {
  n: number; prepare: number; cluster: number; baselineSigs: number; naivePairs: number; naiveMeasured: boolean; found: number; top: string[];
  /** The early warning's whole job (day + 4 past days): inline (thread blocked all along) and in a worker (wall time, longest stall of the main thread). */
  inline: number; worker: number; workerStall: number;
}

// Warm up (the segmenter's dictionary, the JIT) so the first row is not charged for it.
cluster(window(mulberry32(1), 300, true), prepare(window(mulberry32(1), 300, true)));

const rows: Row[] = [];
for (const n of SIZES) {
  const rnd = mulberry32(n);
  const plantedIds = new Map<string, number[]>();
  const docs = window(rnd, n, true, plantedIds);
  const [prepared, prepMs] = time(() => prepare(docs));
  const [clusters, clusterMs] = time(() => cluster(docs, prepared));
  // The warning's extra work: four past days of the same size, compared on today's statistics.
  const past = Array.from({ length: 4 }, () => window(rnd, n, false));
  const [, sigMs] = time(() => past.forEach((d) => d.forEach((x) => signatureFor(x, prepared))));
  // The naive baseline: score every pair.
  const m = Math.min(n, NAIVE_MAX);
  const [, pairMs] = time(() => {
    let edges = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) if (similarity(prepared.sigs[i]!, prepared.sigs[j]!) >= 0.3) edges++;
    return edges;
  });
  const naive = m === n ? pairMs : pairMs * (n * (n - 1)) / (m * (m - 1));
  const top = clusters.slice().sort((a, b) => b.members.length - a.members.length).slice(0, 10);
  const label = (c: (typeof top)[number]) => docs[c.centre]!.title;
  // An issue is found when one cluster holds at least 80% of its requests (in a window of
  // thousands, a matter of 8 residents is not in the top ten by size, nor should it be).
  const found = ISSUES.filter((iss) => {
    const ids = new Set(plantedIds.get(iss.key));
    return clusters.some((c) => c.members.filter((i) => ids.has(i)).length >= 0.8 * ids.size);
  }).length;
  // The early warning's whole job, inline and in a worker thread.
  const job = { docs: docs.map((d) => ({ ...d, who: String(d.id) })), compare: past, compareMinResidents: 5 };
  const [, inlineMs] = time(() => runClusterJob(job));
  const stalls = loopDelay();
  const w0 = performance.now();
  await clusterInWorker(job);
  const workerMs = performance.now() - w0;
  const stall = stalls();
  rows.push({
    n, prepare: prepMs, cluster: clusterMs, baselineSigs: sigMs, naivePairs: naive, naiveMeasured: m === n, found, top: top.slice(0, 5).map((c) => `${label(c)} (${c.members.length})`),
    inline: inlineMs, worker: workerMs, workerStall: stall.max,
  });
  console.error(`[hot] ${n}: prepare ${prepMs.toFixed(0)} ms, cluster ${clusterMs.toFixed(0)} ms, 4 past days ${sigMs.toFixed(0)} ms, naive pairs ${naive.toFixed(0)} ms${m === n ? '' : ' (extrapolated)'}; planted issues held together: ${found}/5`);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
const md = [
  '# Benchmarks: hot issues',
  '',
  'What clustering costs the server\'s thread (`npx tsx bench/hot.ts --md`; the method is at the top of `bench/hot.ts`). Each window holds N requests from the demo city\'s 95 request templates with varied places, five of them real issues raised by 8 to 40 residents in their own words. One run each after a warm-up; pure CPU in the platform process. The demo\'s 95 templates make big, dense clusters (hundreds of near-identical requests), the hard case for the clustering step; real requests are more varied.',
  '',
  `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  `- Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}`,
  '',
  '| requests in the window | text pipeline (segment, sign) ms | clustering ms | hot issues (both) ms | early warning extra: 4 past days signed, ms | naive baseline: every pair scored, ms | planted issues held together in one cluster |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${f0(r.n)} | ${f0(r.prepare)} | ${f0(r.cluster)} | **${f0(r.prepare + r.cluster)}** | ${f0(r.baselineSigs)} | ${f0(r.naivePairs)}${r.naiveMeasured ? '' : ' (extrapolated from 5,000)'} | ${r.found}/5 |`),
  '',
  `Where it runs (\`src/app/intake/cluster-run.ts\`: jobs of ${WORKER_FROM.toLocaleString('en-US')} requests or more, counting the compared ones, go to a worker thread). The early warning\'s whole job for a day (the day clustered, four past days compared):`,
  '',
  '| requests in the day | inline: the server\'s thread blocked, ms | in a worker: wall time, ms | in a worker: longest stall of the server\'s thread, ms |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${f0(r.n)} | ${f0(r.inline)} | ${f0(r.worker)} | ${f0(r.workerStall)} |`),
  '',
  'Largest window, top five clusters: ' + (rows.at(-1)?.top.join('; ') ?? ''),
  '',
].join('\n');
console.log(md);
if (process.argv.includes('--md')) writeFileSync(new URL('../docs/benchmarks-hot.md', import.meta.url), md);
