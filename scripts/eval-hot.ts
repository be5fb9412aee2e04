// npx tsx scripts/eval-hot.ts [--file ../shared/data/teddy2020/messages-with-votes.csv] [--top 15]
// Runs the hot-issue clustering (src/text/cluster.ts runClusterJob, the job behind hotIssues():
// cluster, rank by distinct residents) over the 4,326 real messages of the teddy2020 set and
// prints the top clusters: size, the name the platform gives them, top terms, dates, the votes
// they drew. A person reads the list and checks that the issues they would name come out on top
// (docs/intake.md records the result).
// Options: --from YYYY-MM-DD --to YYYY-MM-DD (a time window), --merge X (another merge
// threshold), --json (one JSON line).
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { runClusterJob, type ClusterDoc } from '../src/text/cluster.ts';
import { words } from '../src/text/pipeline.ts';
import { buildIdf } from '../src/text/similarity.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const file = arg('--file') ?? new URL('../../shared/data/teddy2020/messages-with-votes.csv', import.meta.url).pathname;
if (!existsSync(file)) {
  console.error(`eval-hot: ${file} not found (teddy2020 data from ../shared/data); nothing to evaluate`);
  process.exit(0);
}
const rows = parse(readFileSync(file), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
const parseTime = (s: string) => {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}):(\d{2}))?/.exec(s.trim());
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0) - 8, +(m[5] ?? 0), +(m[6] ?? 0))) : new Date(NaN);
};
const from = arg('--from') ? new Date(arg('--from')!) : null;
const to = arg('--to') ? new Date(arg('--to')!) : null;
const msgs = rows
  .map((r) => ({ id: Number(r['留言编号']), user: r['留言用户'] ?? '', title: r['留言主题'] ?? '', text: r['留言详情'] ?? '', at: parseTime(r['留言时间'] ?? ''), against: Number(r['反对数'] ?? 0), likes: Number(r['点赞数'] ?? 0) }))
  .filter((m) => (!from || m.at >= from) && (!to || m.at < to));
// The resident is the message's user: one person writing thirty times is one person.
const docs: ClusterDoc[] = msgs.map((m) => ({ id: m.id, title: m.title, text: m.text, who: m.user }));
const t0 = performance.now();
// As hotIssues() does: a window of fewer than 500 requests borrows the word statistics of the
// platform's recent requests (here: the whole file).
const idf = docs.length >= 500 ? undefined : buildIdf(rows.map((r) => [...words(r['留言主题'] ?? ''), ...words(r['留言详情'] ?? '')]));
// Ranked as hotIssues() ranks: distinct residents first, then messages.
const clusters = runClusterJob({ docs, idf, compare: [], options: arg('--merge') ? { mergeThreshold: Number(arg('--merge')) } : {} });
const seconds = (performance.now() - t0) / 1000;
const top = Number(arg('--top') ?? 15);
const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const out = clusters.slice(0, top).map((c, rank) => {
  const ms = c.members.map((i) => msgs[i]!);
  const times = ms.map((m) => m.at.getTime()).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  return {
    rank: rank + 1, count: ms.length, residents: c.residents, label: msgs[c.centre]!.title, terms: c.terms,
    from: times.length ? day(new Date(times[0]!)) : null, to: times.length ? day(new Date(times[times.length - 1]!)) : null,
    likes: ms.reduce((s, m) => s + m.likes, 0), examples: ms.slice(0, 4).map((m) => `${m.id} ${m.title}`),
  };
});
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ messages: msgs.length, clusters: clusters.length, seconds: Math.round(seconds * 100) / 100, top: out }));
} else {
  console.log(`${msgs.length} messages -> ${clusters.length} clusters of 2 or more in ${seconds.toFixed(2)} s`);
  for (const c of out) {
    console.log(`\n#${c.rank}  ${c.residents} residents, ${c.count} messages  ${c.from} .. ${c.to}  likes ${c.likes}\n    ${c.label}\n    terms: ${c.terms.join(' ')}`);
    for (const e of c.examples) console.log(`      - ${e}`);
  }
}
