// The machine, the tables printed to the console, and docs/benchmarks.md.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './load.ts';
import type { CpuSplit, LoopDelay, Profile, Verify, WaitShares } from './measure.ts';
import type { RawResult } from './raw.ts';
import type { LayerResult } from './layers.ts';

export type Measured = Omit<LoadResult, 'codes'> & { verify: Verify; loop: LoopDelay; cpu: CpuSplit };
type WithCpu<T> = T & { cpu: CpuSplit };

export interface DbReport {
  name: 'PGlite' | 'PostgreSQL';
  version: string;
  settings: Record<string, string>;
  startupSeconds: number;
  connections: number;
  rate: number;
  raw1: WithCpu<RawResult>;
  rawN: WithCpu<RawResult>;
  layers: WithCpu<LayerResult>[];
  max: Measured;
  waits: WaitShares | null;
  profile: Profile;
  fixed: Measured;
  open: Measured;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  pglite: string;
  pg: string | null;
  date: string;
  /** Cores busy during the second before the run started. */
  busyBefore: number;
}

export async function machineInfo(): Promise<Machine> {
  let pglite = '?';
  try {
    pglite = (JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    /* not installed where expected */
  }
  const now = new Date();
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pglite,
    pg: null,
    busyBefore: 0,
    date: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}

export const TARGET_RATIO = 0.4;
export const TARGET_P99_MS = 50;

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const mark = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');

function verified(v: Verify): string {
  return v.ok
    ? `yes: ${n0(v.created)} orders created = ${n0(v.answered201)} answers 201, every case code found`
    : `**NO**: ${n0(v.created)} orders created, ${n0(v.answered201)} answers 201, ${n0(v.codesFound)} case codes found`;
}

function loopText(r: Measured): string {
  return `p50 ${ms(r.loop.p50)} ms, p99 ${ms(r.loop.p99)} ms, max ${ms(r.loop.max)} ms`;
}

function statusText(r: Measured): string {
  const s = Object.entries(r.status).map(([k, v]) => `${k}×${n0(v)}`).join(', ');
  return `${s}${r.errors ? `, ${r.errors} socket errors` : ''}${r.timeouts ? `, ${r.timeouts} timeouts` : ''}`;
}

/** The ratio target, measured against the raw rate at the HTTP run's own concurrency. */
function ratioTarget(r: DbReport) {
  const ratio = r.max.okPerSecond / r.rawN.rate;
  const need = r.rawN.rate * TARGET_RATIO;
  return { ratio, ok: ratio >= TARGET_RATIO && r.max.non2xx === 0, need };
}

function p99Target(m: Measured) {
  return { ok: m.latency.p99 < TARGET_P99_MS && m.non2xx === 0 && m.errors === 0, p99: m.latency.p99 };
}

function resultTable(r: DbReport): string {
  const out: string[] = [];
  const vsRaw = (rate: number, c: number) => pct(rate / (c === 1 ? r.raw1.rate : r.rawN.rate));
  out.push(`Throughput, from the bare INSERT up to the HTTP accept (the last column compares with the raw INSERT rate at the same concurrency):`);
  out.push('');
  out.push('| layer | concurrent | per second | p50 ms | p99 ms | vs raw INSERT | other programs, cores |');
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const x of [r.raw1, r.rawN]) out.push(`| raw single-row INSERT, autocommit (baseline) | ${x.concurrency} | ${n0(x.rate)} | ${ms(x.p50)} | ${ms(x.p99)} | 100% | ${other(x.cpu)} |`);
  for (const l of r.layers) {
    const whatIf = l.label.startsWith('acceptOrder') ? '' : 'what-if: ';
    out.push(`| ${whatIf}${l.label} | ${l.concurrency} | ${n0(l.rate)} | ${ms(l.p50)} | ${ms(l.p99)} | ${vsRaw(l.rate, l.concurrency)} | ${other(l.cpu)} |`);
  }
  out.push(`| **accept over HTTP** (\`POST /api/orders\`, autocannon, ${r.max.seconds.toFixed(0)} s) | ${r.connections} | **${n0(r.max.okPerSecond)}** | ${ms(r.max.latency.p50)} | ${ms(r.max.latency.p99)} | **${vsRaw(r.max.okPerSecond, r.connections)}** | ${other(r.max.cpu)} |`);
  out.push('');
  out.push(`The HTTP run: ${statusText(r.max)}; ${verified(r.max.verify)}; platform event loop late by ${loopText(r.max)}. Against the 1-connection raw rate the accept is at ${pct(r.max.okPerSecond / r.raw1.rate)}.`);
  out.push('');
  out.push(`Latency at ${r.rate} accepts per second:`);
  out.push('');
  out.push('| load | achieved | p50 ms | p90 ms | p99 ms | max ms | answers | nothing lost | event loop late p99 / max | other programs, cores |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, m] of [[`autocannon \`overallRate: ${r.rate}\`, ${r.connections} connections, ${n0(m0(r.fixed))} requests`, r.fixed], [`open loop, Poisson arrivals, ${n0(m0(r.open))} requests`, r.open]] as const) {
    out.push(`| ${label} | ${n0(m.okPerSecond)}/s | ${ms(m.latency.p50)} | ${ms(m.latency.p90)} | **${ms(m.latency.p99)}** | ${ms(m.latency.max)} | ${statusText(m)} | ${m.verify.ok ? 'yes' : '**NO**'} (${n0(m.verify.created)} created) | ${ms(m.loop.p99)} / ${ms(m.loop.max)} | ${other(m.cpu)} |`);
  }
  return out.join('\n');
}

const m0 = (m: Measured) => m.responses + m.errors;

/** Above this, other programs took enough CPU during a phase to lower its numbers. */
export const BUSY = 0.25;
const other = (c: CpuSplit) => (c.otherCores > BUSY ? `⚠ ${c.otherCores.toFixed(2)}` : c.otherCores.toFixed(2));

export function contaminated(r: DbReport): boolean {
  return [r.raw1, r.rawN, ...r.layers, r.max, r.fixed, r.open].some((x) => x.cpu.otherCores > BUSY);
}

function targetTable(r: DbReport): string {
  const t = ratioTarget(r);
  const lines = ['| target | measured | verdict |', '| --- | --- | --- |'];
  const gap = t.ok
    ? `${pct(t.ratio - TARGET_RATIO)} points above`
    : `short by ${pct(TARGET_RATIO - t.ratio)} points: needs ${n0(t.need)} accepts/s, got ${n0(r.max.okPerSecond)} (×${(t.need / r.max.okPerSecond).toFixed(1)} to go)`;
  lines.push(`| accept ≥ ${pct(TARGET_RATIO)} of the raw INSERT rate at the same concurrency (${r.connections}) | ${pct(t.ratio)} | ${mark(t.ok)}, ${gap} |`);
  const t1 = r.max.okPerSecond / r.raw1.rate;
  lines.push(`| (for reference) against the 1-connection raw rate | ${pct(t1)} | ${mark(t1 >= TARGET_RATIO)} |`);
  for (const [label, m] of [['autocannon `overallRate`', r.fixed], ['Poisson arrivals', r.open]] as const) {
    const p = p99Target(m);
    const note = p.ok ? `${ms(TARGET_P99_MS - p.p99)} ms to spare` : `over by ${ms(p.p99 - TARGET_P99_MS)} ms (×${(p.p99 / TARGET_P99_MS).toFixed(1)})`;
    const scope = r.name === 'PostgreSQL' ? '' : ' (the target is set for PostgreSQL; reported)';
    lines.push(`| p99 < ${TARGET_P99_MS} ms at ${r.rate} accepts/s, ${label}${scope} | ${ms(p.p99)} ms | ${mark(p.ok)}, ${note} |`);
  }
  return lines.join('\n');
}

function profileSection(r: DbReport): string {
  const p = r.profile;
  const out: string[] = [];
  out.push(`Statements seen by the platform during the maximum-throughput run (${n0(p.accepts)} accepts), wall time from Node including the round trip and any wait for the lock or the event loop:`);
  out.push('');
  out.push('| statement | per accept | ms each (mean) | ms per accept |');
  out.push('| --- | --- | --- | --- |');
  for (const s of p.statements) out.push(`| ${s.label} | ${s.perAccept.toFixed(2)} | ${ms(s.msEach)} | ${ms(s.msPerAccept)} |`);
  out.push(`| BEGIN + COMMIT (inside the transaction timings below) | 2 | | |`);
  out.push('');
  out.push(`About ${p.queriesPerAccept.toFixed(0)} statements plus BEGIN and COMMIT: ${(p.queriesPerAccept + 2).toFixed(0)} database round trips per accept.`);
  out.push('');
  out.push('| accept transaction, ms | mean | p50 | p99 |');
  out.push('| --- | --- | --- | --- |');
  const label: Record<keyof Profile['tx'], string> = {
    open: r.name === 'PGlite' ? 'wait for the single connection + BEGIN' : 'take a pooled connection + BEGIN',
    counterUpsert: 'case-counter upsert (includes waiting for the row lock)',
    body: 'all statements inside (counter, order, event, projection)',
    commit: 'COMMIT',
    counterHeld: 'counter row held: from the upsert\'s answer to the end of COMMIT',
  };
  for (const k of ['open', 'counterUpsert', 'body', 'commit', 'counterHeld'] as const) {
    out.push(`| ${label[k]} | ${ms(p.tx[k].mean)} | ${ms(p.tx[k].p50)} | ${ms(p.tx[k].p99)} |`);
  }
  out.push('');
  if (r.name === 'PostgreSQL') {
    out.push(`Accepts of one day are serialised on the day's \`case_counters\` row: at ${ms(p.tx.counterHeld.mean)} ms held per accept, no number of connections gets past about **${n0(p.counterCeiling)} accepts/s** (measured: ${n0(r.max.okPerSecond)}/s).`);
  } else {
    out.push('PGlite has one connection: whole transactions run one after another, and every other statement (session check, catalog check, timeline read) queues behind them on the same thread as the HTTP server.');
  }
  if (r.waits) {
    out.push('');
    out.push(`What the platform's ${r.connections} PostgreSQL connections were doing, sampled every 20 ms from \`pg_stat_activity\` during the run:`);
    out.push('');
    out.push('| state | share of connection time |');
    out.push('| --- | --- |');
    for (const [k, v] of Object.entries(r.waits)) out.push(`| ${k} | ${pct(v)} |`);
  }
  out.push('');
  const c = r.max.cpu;
  out.push(`CPU during the maximum-throughput run, in cores busy (of ${os.cpus().length}): machine ${c.machineCores.toFixed(2)}; platform process (Node${r.name === 'PGlite' ? ' and PGlite' : ''}) ${c.platformCores.toFixed(2)}; load generator ${c.loadCores.toFixed(2)}` +
    (c.dbCores !== null ? `; PostgreSQL backends of the benchmark database ${c.dbCores.toFixed(2)}` : '') + `; everything else ${c.otherCores.toFixed(2)}.`);
  return out.join('\n');
}

export function renderConsole(reports: DbReport[]): string {
  return reports.map((r) => `## ${r.name}\n\n${resultTable(r)}\n\n${targetTable(r)}`).join('\n\n');
}

export function renderDoc(o: { machine: Machine; reports: DbReport[]; skipped: string[]; seconds: number }): string {
  const m = o.machine;
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push('Accept (受理, `POST /api/orders`) throughput and latency over HTTP, on PGlite and on PostgreSQL, each beside the raw single-row INSERT rate of the same database measured in the same run. This file is written by `npm run bench`; the numbers below are from the last run.');
  out.push('');
  out.push('## How to run');
  out.push('');
  out.push('```sh');
  out.push('npm run bench                                             # PGlite, and PostgreSQL on 127.0.0.1:5432 if it answers');
  out.push('DATABASE_URL=postgres://user:pass@host:5432/postgres npm run bench   # another PostgreSQL server');
  out.push('```');
  out.push('');
  out.push(`It takes about ${Math.ceil(o.seconds / 30) / 2} minutes. PostgreSQL runs in a fresh database \`minsheng_bench_…\` created on the server and dropped at the end (the user needs CREATEDB); when no server answers, the PostgreSQL part is skipped with a message. PGlite runs in memory. Nothing else on the machine should be busy.`);
  out.push('');
  out.push('## Machine');
  out.push('');
  out.push(`- Date: ${m.date}`);
  out.push(`- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGb} GB; ${m.os}`);
  out.push(`- Node ${m.node}; PGlite ${m.pglite}; ${m.pg ?? 'PostgreSQL: not run'}`);
  for (const r of o.reports) {
    if (r.name === 'PostgreSQL') {
      const s = r.settings;
      out.push(`- PostgreSQL settings: synchronous_commit ${s.synchronous_commit}, fsync ${s.fsync}, wal_sync_method ${s.wal_sync_method}, shared_buffers ${s.shared_buffers}`);
    }
  }
  out.push(`- The platform, the load generator (a child process) and the PostgreSQL server share these cores. Cores busy in the second before the run: ${m.busyBefore.toFixed(2)}${m.busyBefore > 0.3 ? ' (**the machine was not idle: the numbers are low**)' : ''}.`);
  out.push('');
  out.push('## Method');
  out.push('');
  out.push('For each database, in one run:');
  out.push('');
  out.push('1. Start the real platform (`startPlatform`: migrations, base data, the demo city with 200 past orders, the HTTP server on 127.0.0.1; the background sweep off).');
  out.push('2. **Baseline**: single-row autocommit `INSERT`s through the same driver (the platform\'s own `Db`) into `bench_raw`, a copy of `orders` (`like orders including all`: same columns, defaults, indexes and unique constraints, plus the foreign keys to categories and territories) with a real order\'s `doc` jsonb, for 3 s on one connection and 3 s on as many concurrent connections as the HTTP run uses (10 on PostgreSQL; 4 on PGlite, where they queue on its single connection).');
  out.push('3. **Without HTTP**: the platform\'s own `acceptOrder` called in-process for 3 s on 1 and on N concurrent callers (the catalog check and the accept transaction, nothing else), and two what-if shapes of the same rows, 3 s each at N concurrent: one autocommit statement (counter upsert, order with its final doc, event, in CTEs), and that statement numbered from a sequence instead of the day\'s counter row (not gapless). The what-ifs write real rows into `orders` and `order_events` under a day key of their own, never today\'s.');
  out.push('4. Log in as `operator1` and `POST /api/orders` a valid complaint (category 020101, a grid of 城阳街道, the caller\'s phone) with autocannon in a child process: a 2 s warm-up, then');
  out.push('   - **maximum throughput**: closed loop, 10 connections on PostgreSQL / 4 on PGlite, about 10 s (the request count is sized from the warm-up so every answer is counted);');
  out.push('   - **200 accepts/s with autocannon `overallRate: 200`** for 3,000 requests (about 15 s). Autocannon\'s limiter is bursty: each connection sends its 20 (or 50) requests of the second back to back, then waits for the next second, so this measures latency under short bursts at full concurrency;');
  out.push('   - **200 accepts/s as an open loop with Poisson arrivals** (random gaps averaging 5 ms, the same seeded schedule every run, about 2,000 requests over 10 s), closer to calls arriving at a centre; latency is counted from the scheduled send time, so a slow answer cannot hide the requests queued behind it.');
  out.push('5. After each HTTP run, check with SQL that the orders created equal the 201 answers and that every case code answered is in the database.');
  out.push('');
  out.push('The targets: accept at 40% or more of the raw INSERT rate (judged against the raw rate at the same concurrency as the HTTP run, the like-for-like baseline; the 1-connection ratio is shown too), and p99 under 50 ms at 200 accepts per second on PostgreSQL (judged on the autocannon run, the harsher of the two; the Poisson run is shown beside it).');
  out.push('');
  out.push('The platform runs on a thin wrapper of its `Db` that times each statement and transaction (two clock reads per statement) for the "where the time goes" tables; the baseline uses the unwrapped `Db`. "Event loop late by" is Node\'s `monitorEventLoopDelay` in the platform process: how long ready work waited for the thread.');
  out.push('');
  out.push('## Results');
  for (const s of o.skipped) {
    out.push('');
    out.push(`> ${s}`);
  }
  for (const r of o.reports) {
    out.push('');
    out.push(`### ${r.name}`);
    out.push('');
    out.push(`${r.version}; platform start ${r.startupSeconds.toFixed(1)} s.`);
    out.push('');
    out.push(resultTable(r));
    if (contaminated(r)) {
      out.push('');
      out.push(`> ⚠ Other programs used more than ${BUSY} core during the marked phases (the column is machine CPU minus this process, the load generator${r.name === 'PostgreSQL' ? ' and the benchmark database\'s PostgreSQL backends' : ''}): those numbers are lower than this machine can do. Run again on a quiet machine.`);
    }
    out.push('');
    out.push('#### Targets');
    out.push('');
    out.push(targetTable(r));
    out.push('');
    out.push('#### Where the time goes');
    out.push('');
    out.push(profileSection(r));
  }
  out.push('');
  out.push('## Notes: what an accept costs');
  out.push('');
  out.push(notes(o.reports));
  out.push('');
  return out.join('\n');
}

function summary(r: DbReport): string {
  const t = ratioTarget(r);
  const p = p99Target(r.fixed);
  const prof = r.profile;
  const [d1, dN, one, seq] = r.layers;
  const parts: string[] = [];
  parts.push(`**${r.name}.** Accept over HTTP reached ${n0(r.max.okPerSecond)}/s: ${pct(t.ratio)} of the raw INSERT rate at ${r.connections} connections (${n0(r.rawN.rate)} rows/s) and ${pct(r.max.okPerSecond / r.raw1.rate)} of the 1-connection rate (${n0(r.raw1.rate)} rows/s). The 40% target is ${t.ok ? 'met' : `**missed**: it needs ${n0(t.need)} accepts/s, ×${(t.need / r.max.okPerSecond).toFixed(1)} the measured rate`}.`);
  if (d1 && dN) {
    const scale = dN.rate / d1.rate;
    parts.push(`Without HTTP, \`acceptOrder()\` does ${n0(d1.rate)}/s on one caller and ${n0(dN.rate)}/s on ${dN.concurrency} (×${scale.toFixed(2)}${scale < 1.15 ? ': more callers do not help' : ''}); HTTP (session check, validation, the response with its timeline read, the socket work) brings that to ${n0(r.max.okPerSecond)}/s.`);
  }
  if (one && seq && dN) parts.push(`Written as one statement the same rows go at ${n0(one.rate)}/s, and numbered from a sequence instead of the counter row at ${n0(seq.rate)}/s (×${(seq.rate / dN.rate).toFixed(1)} the current transaction).`);
  if (r.name === 'PostgreSQL') {
    const lock = Object.entries(r.waits ?? {}).filter(([k]) => k.startsWith('waiting for a lock on the day')).reduce((s, [, v]) => s + v, 0);
    parts.push(`Under maximum load the counter row stays locked ${ms(prof.tx.counterHeld.mean)} ms per accept (mean; from the upsert's answer to the end of COMMIT), which alone caps accepts near ${n0(prof.counterCeiling)}/s, and the connections spent ${pct(lock)} of their time waiting for that lock; the machine had ${(os.cpus().length - r.max.cpu.machineCores).toFixed(1)} of ${os.cpus().length} cores idle.`);
  } else {
    parts.push(`The database runs inside the platform's process and thread: the event loop was late by up to ${ms(r.max.loop.max)} ms under maximum load.`);
  }
  parts.push(`At ${r.rate}/s the autocannon p99 is ${ms(p.p99)} ms (${p.ok ? 'under' : `over by ${ms(p.p99 - TARGET_P99_MS)} ms`} the ${TARGET_P99_MS} ms target): its limiter sends each second's ${r.rate} requests in a burst on ${r.connections} connections, so requests queue as at full load for part of every second. With Poisson arrivals the p99 is ${ms(r.open.latency.p99)} ms.`);
  return parts.join(' ');
}

function notes(reports: DbReport[]): string {
  const out: string[] = [];
  out.push('One accept over HTTP is, in order:');
  out.push('');
  out.push('1. the session check (`onRequest` hook: one select joining sessions and users);');
  out.push('2. the catalog check (`getCatalog`: one select of `config_version`; the catalog itself is cached);');
  out.push('3. one transaction: take a connection, `BEGIN`; upsert the day\'s `case_counters` row (gapless case codes: the row stays locked until the transaction ends); insert the `orders` row (5 secondary indexes, 2 unique constraints, 5 foreign keys); insert the `accepted` event into `order_events`; update the `orders` projection (the whole `doc` jsonb rewritten: a second row version in the same transaction); `COMMIT` (one WAL flush);');
  out.push('4. the response: the catalog check again and a select of the order\'s events for the timeline, then JSON out.');
  out.push('');
  out.push('That is 4 inserts/updates in one transaction where the baseline does 1 autocommit insert, and about 10 round trips where the baseline does 1. On top comes the HTTP work in Node (parse, zod validation, presenting the order) on the same cores as the database.');
  for (const r of reports) out.push('', summary(r));
  out.push('');
  out.push('## What would move the numbers');
  out.push('');
  out.push('From the tables above (the what-if rows are measured, the rest is reasoning from them):');
  out.push('');
  const pgr = reports.find((r) => r.name === 'PostgreSQL');
  const flat = pgr && pgr.layers[0] && pgr.layers[1] ? pgr.layers[1].rate / pgr.layers[0].rate < 1.15 : false;
  out.push('1. **The day\'s counter row is the bottleneck on PostgreSQL.** Every accept of a day locks the same `case_counters` row from its first statement to its COMMIT, across three more statements, i.e. several round trips between Node and PostgreSQL and the WAL flush. Accepts queue on that row one at a time' + (flat ? ', the queue\'s wake-ups cost CPU on a small machine, and more connections do not add throughput (compare `acceptOrder()` on 1 and on N callers). ' : '. ') + 'Shorten what happens under the lock: take the number last (insert the order and event first, then one statement that bumps the counter and sets the code), or write the accept as one statement (the "one autocommit statement" row).');
  out.push('2. **Let the process queue, not the database**: one accept transaction in flight per process (an in-process queue in front of the transaction), or better, the accepts that queued meanwhile committed together in one transaction (one counter bump of n, multi-row inserts, one COMMIT), so the lock and the WAL flush are paid once per batch. Case codes stay gapless and are still committed before they are answered.');
  out.push('3. **If case codes may have gaps** (a rolled-back accept would use up a number), a sequence removes the serialisation altogether (the "numbered by a sequence" row).');
  out.push('4. **Round trips outside the transaction**: the session check, the catalog version (twice) and re-reading the events just written for the response are 4 of the ~10 round trips. Building the 201 response from the events in hand and checking the catalog version once per request would leave 2.');
  out.push('5. **Insert the order with its final projection** instead of inserting a stub and updating it in the same transaction: one statement and one ~1.2 KB row version less per accept.');
  out.push('6. **PGlite** runs every statement synchronously on the platform\'s only thread, so database time is event-loop time (see "event loop late"); it suits a small centre or a demo, and PostgreSQL is the deployment for load.');
  return out.join('\n');
}
