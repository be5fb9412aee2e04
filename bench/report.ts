// The machine, the tables printed to the console, and docs/benchmarks.md.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './load.ts';
import type { CpuSplit, LoopDelay, Profile, RateResult, Verify, WaitShares } from './measure.ts';
import type { LayerResult } from './layers.ts';

export type Measured = Omit<LoadResult, 'codes'> & { verify: Verify; loop: LoopDelay; cpu: CpuSplit };
type WithCpu<T> = T & { cpu: CpuSplit };

export interface DbReport {
  name: 'PGlite' | 'PostgreSQL';
  version: string;
  settings: Record<string, string>;
  startupSeconds: number;
  /** What an order insert carries (indexes, constraints, triggers), from the catalog. */
  schema: string;
  connections: number;
  rate: number;
  raw1: WithCpu<RateResult>;
  rawN: WithCpu<RateResult>;
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
    out.push(`| ${l.whatIf ? 'what-if: ' : ''}${l.label} | ${l.concurrency} | ${n0(l.rate)} | ${ms(l.p50)} | ${ms(l.p99)} | ${vsRaw(l.rate, l.concurrency)} | ${other(l.cpu)} |`);
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
    ? `${((t.ratio - TARGET_RATIO) * 100).toFixed(0)} percentage points above`
    : `short by ${((TARGET_RATIO - t.ratio) * 100).toFixed(0)} percentage points: needs ${n0(t.need)} accepts/s, got ${n0(r.max.okPerSecond)} (×${(t.need / r.max.okPerSecond).toFixed(1)} to go)`;
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

/** CPU milliseconds per operation, split by where it was spent. */
function cpuPerOp(label: string, rate: number, c: CpuSplit, name: DbReport['name']) {
  const per = (cores: number) => (cores * 1000) / Math.max(1, rate);
  const db = c.dbCores ?? 0;
  const total = per(c.platformCores) + per(db);
  return `| ${label} | ${ms(per(c.platformCores))} | ${name === 'PostgreSQL' ? (c.dbCores === null ? 'n/a' : ms(per(db))) : '(inside Node)'} | ${ms(total)} | ${n0((os.cpus().length * 1000) / Math.max(0.001, total))} |`;
}

function profileSection(r: DbReport): string {
  const p = r.profile;
  const out: string[] = [];
  const cores = os.cpus().length;
  out.push(`CPU per operation, in ms (CPU time over the phase ÷ operations), and the rate ${cores} cores could sustain at that cost if nothing else ran:`);
  out.push('');
  out.push(`| operation | platform process${r.name === 'PGlite' ? ' (Node + PGlite)' : ' (Node)'} | PostgreSQL backends | total | ceiling on ${cores} cores, per second |`);
  out.push('| --- | --- | --- | --- | --- |');
  out.push(cpuPerOp(`raw INSERT, ${r.rawN.concurrency} concurrent`, r.rawN.rate, r.rawN.cpu, r.name));
  const dN = r.layers[1];
  if (dN) out.push(cpuPerOp(`\`create(accept)\`, ${dN.concurrency} concurrent`, dN.rate, dN.cpu, r.name));
  out.push(cpuPerOp(`accept over HTTP, ${r.connections} connections`, r.max.okPerSecond, r.max.cpu, r.name));
  out.push('');
  out.push(`Statements the platform ran during the maximum-throughput run (${n0(p.accepts)} accepts); wall time seen from Node, which includes the round trip, any wait for a lock and any wait for Node's event loop:`);
  out.push('');
  out.push('| statement | per accept | ms each (mean) | ms per accept |');
  out.push('| --- | --- | --- | --- |');
  for (const s of p.statements) out.push(`| ${s.label} | ${s.perAccept.toFixed(2)} | ${ms(s.msEach)} | ${ms(s.msPerAccept)} |`);
  out.push('');
  out.push(`${p.queriesPerAccept.toFixed(1)} database round trips per accept; the accept's writes are one autocommit statement, so the day's counter row is locked only inside the server, for that statement and its commit.`);
  if (r.name === 'PGlite') {
    out.push('');
    out.push('PGlite has one connection: statements and transactions run one after another, on the same thread as the HTTP server.');
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
  out.push(`CPU during the maximum-throughput run, in cores busy (of ${cores}): machine ${c.machineCores.toFixed(2)}; platform process (Node${r.name === 'PGlite' ? ' and PGlite' : ''}) ${c.platformCores.toFixed(2)}; load generator ${c.loadCores.toFixed(2)}` +
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
  out.push('3. **Without HTTP**: the platform\'s own accept operation run by the executor in-process for 3 s on 1 and on N concurrent callers (its catalog check and its writes, nothing else), then, 3 s each at N concurrent, the store alone: the platform\'s own `createOrder` with the accept\'s events (the one autocommit statement that bumps the day\'s case counter and writes the order with its final doc, its event, units and attachment links; no catalog check), and a what-if: the same `createOrder` given a case code made in the process (the path imports use), so it skips the day\'s counter row as numbering from a sequence would (not gapless). The what-if writes real rows into `orders` and `order_events` under codes of no day, never today\'s numbers.');
  out.push('4. Log in as `operator1` and `POST /api/orders` a valid complaint (category 020101, a grid of 城阳街道, the caller\'s phone) with autocannon in a child process: a 2 s warm-up, then');
  out.push('   - **maximum throughput**: closed loop, 10 connections on PostgreSQL / 4 on PGlite, about 10 s (the request count is sized from the warm-up so every answer is counted);');
  out.push('   - **200 accepts/s with autocannon `overallRate: 200`** for 3,000 requests (about 15 s). Autocannon\'s limiter is bursty: each connection sends its 20 (or 50) requests of the second back to back, then waits for the next second, so this measures latency under short bursts at full concurrency;');
  out.push('   - **200 accepts/s as an open loop with Poisson arrivals** (random gaps averaging 5 ms, the same seeded schedule every run, about 2,000 requests over 10 s), closer to calls arriving at a centre; latency is counted from the scheduled send time, so a slow answer cannot hide the requests queued behind it.');
  out.push('5. After each HTTP run, check with SQL that the orders created equal the 201 answers and that every case code answered is in the database.');
  out.push('');
  out.push('The targets: accept at 40% or more of the raw INSERT rate (judged against the raw rate at the same concurrency as the HTTP run, the like-for-like baseline; the 1-connection ratio is shown too), and p99 under 50 ms at 200 accepts per second on PostgreSQL (judged on the autocannon run, the harsher of the two; the Poisson run is shown beside it).');
  out.push('');
  out.push('Every number is a single run of a few seconds. On this kind of shared virtual machine repeated runs differ by about ±25%, so compare the rows of one run with each other (that is what the ratios do) rather than with another run. Each phase also records the CPU that other programs used meanwhile; a phase disturbed by more than a quarter of a core is run once more, and what stays disturbed is marked ⚠.');
  out.push('');
  out.push('The platform runs on a thin wrapper of its `Db` that times each statement (two clock reads per statement) for the "where the time goes" tables; the baseline uses the unwrapped `Db`. "Event loop late by" is Node\'s `monitorEventLoopDelay` in the platform process: how long ready work waited for the thread.');
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

/** CPU ms per operation (platform + PostgreSQL backends) for a phase. */
function cpuMs(rate: number, c: CpuSplit): { node: number; db: number; total: number } {
  const node = (c.platformCores * 1000) / Math.max(1, rate);
  const db = ((c.dbCores ?? 0) * 1000) / Math.max(1, rate);
  return { node, db, total: node + db };
}

function lockShare(r: DbReport): number {
  return Object.entries(r.waits ?? {}).filter(([k]) => k.startsWith('waiting for a lock on the day')).reduce((sum, [, v]) => sum + v, 0);
}

function summary(r: DbReport): string {
  const t = ratioTarget(r);
  const p = p99Target(r.fixed);
  const cores = os.cpus().length;
  const [d1, dN, store, seq] = r.layers;
  const parts: string[] = [];
  parts.push(`**${r.name}.** Accept over HTTP reached ${n0(r.max.okPerSecond)}/s: ${pct(t.ratio)} of the raw INSERT rate at ${r.connections} connections (${n0(r.rawN.rate)} rows/s) and ${pct(r.max.okPerSecond / r.raw1.rate)} of the 1-connection rate (${n0(r.raw1.rate)} rows/s). The 40% target is ${t.ok ? 'met' : `**missed**: it needs ${n0(t.need)} accepts/s, ×${(t.need / r.max.okPerSecond).toFixed(1)} the measured rate`}.`);
  if (d1 && dN) {
    const scale = dN.rate / d1.rate;
    parts.push(`Without HTTP, \`create(accept)\` does ${n0(d1.rate)}/s on one caller and ${n0(dN.rate)}/s on ${dN.concurrency} (×${scale.toFixed(2)}${scale < 1.15 ? ': more callers hardly help' : ''}); HTTP (the session check, validation, presenting the order, the sockets) brings that to ${n0(r.max.okPerSecond)}/s.`);
  }
  const http = cpuMs(r.max.okPerSecond, r.max.cpu);
  const raw = cpuMs(r.rawN.rate, r.rawN.cpu);
  if (r.name === 'PostgreSQL' && r.max.cpu.dbCores !== null) {
    parts.push(`Each accept over HTTP costs ${ms(http.total)} ms of CPU (Node ${ms(http.node)}, PostgreSQL ${ms(http.db)}) where a raw INSERT costs ${ms(raw.total)} ms; at that cost ${cores} cores top out near ${n0((cores * 1000) / http.total)} accepts/s, and the target would need ${ms((cores * 1000) / t.need)} ms or less per accept with nothing else on the machine.`);
  } else if (r.name === 'PGlite') {
    parts.push(`Each accept over HTTP costs ${ms(http.total)} ms of the platform thread's CPU (HTTP, validation and the embedded database together) where a raw INSERT costs ${ms(raw.total)} ms; one thread tops out near ${n0(1000 / http.total)} accepts/s.`);
  }
  if (store && seq && dN) parts.push(`The platform's accept statement alone (\`createOrder()\`, no catalog check) goes at ${n0(store.rate)}/s, and with the code supplied instead of taken from the counter row at ${n0(seq.rate)}/s (×${(seq.rate / dN.rate).toFixed(1)} \`create(accept)\` at the same concurrency).`);
  if (r.name === 'PostgreSQL') {
    const idle = Object.entries(r.waits ?? {}).filter(([k]) => k.startsWith('idle in the pool')).reduce((sum, [, v]) => sum + v, 0);
    parts.push(`Under maximum load the connections spent ${pct(lockShare(r))} of their time waiting for the day's counter row and ${pct(idle)} idle in the pool (waiting for Node), and the machine had ${Math.max(0, cores - r.max.cpu.machineCores).toFixed(1)} of ${cores} cores idle.`);
  } else {
    parts.push(`The database runs inside the platform's process and thread: the event loop was late by up to ${ms(r.max.loop.max)} ms under maximum load.`);
  }
  parts.push(`At ${r.rate}/s the autocannon p99 is ${ms(p.p99)} ms (${p.ok ? 'under' : `over by ${ms(p.p99 - TARGET_P99_MS)} ms`} the ${TARGET_P99_MS} ms target); its limiter sends each second's ${r.rate} requests in a burst on ${r.connections} connections, so for part of every second requests queue as at full load. With Poisson arrivals the p99 is ${ms(r.open.latency.p99)} ms${r.max.okPerSecond < r.rate * 1.25 ? `: ${r.rate}/s is ${r.max.okPerSecond < r.rate ? 'more than' : 'close to'} the ${n0(r.max.okPerSecond)}/s this platform sustains here, so random bursts build a queue that drains slowly` : ''}.`);
  return parts.join(' ');
}

function notes(reports: DbReport[]): string {
  const out: string[] = [];
  const main = reports.find((r) => r.name === 'PostgreSQL') ?? reports[0];
  if (main) {
    out.push(`What one accept over HTTP asked of the database in the maximum-throughput run (${main.name}), per accept:`);
    out.push('');
    for (const st of main.profile.statements) out.push(`- ${st.perAccept.toFixed(2)} × ${st.label}`);
    out.push('');
  }
  out.push('Case codes are gapless per day: every accept of a day bumps the same `case_counters` row, which stays locked until the accept commits (the WAL flush included), so the accepts of a day commit one after another whatever the number of connections or processes. ' + (main ? `In this schema ${main.schema}; the event row has a jsonb of its own. ` : '') + 'The raw baseline writes one row shaped like `orders` (its indexes, unique constraints and two foreign keys, no triggers) and nothing else. On top of the database, Node parses, validates (zod) and presents every request on the same cores.');
  for (const r of reports) out.push('', summary(r));
  out.push('');
  out.push('## What would move the numbers');
  out.push('');
  out.push('From the tables above (the what-if rows are measured; the rest is reasoning from the measurements):');
  out.push('');
  const items: string[] = [];
  const pgr = reports.find((r) => r.name === 'PostgreSQL');
  if (pgr) {
    const prof = pgr.profile;
    items.push(`**The day's counter row still serialises the accepts.** The accept already writes in one autocommit statement, so the lock is held only inside PostgreSQL, but through the commit's WAL flush: accepts of a day commit one at a time (${pct(lockShare(pgr))} of connection time waiting for the row under maximum load).`);
    items.push('**Pay the lock and the WAL flush once per batch**: accepts that queue in a process while the previous write commits can be written together (one counter bump of n, multi-row inserts, one commit) and answered each with its own code. Codes stay gapless and are still committed before anyone hears them; with several processes each batch still takes the row once.');
    const seq = pgr.layers[3];
    const dN = pgr.layers[1];
    if (seq && dN) items.push(`**If case codes may have gaps** (a failed write would use up a number), a sequence removes the serialisation: the "case code supplied" row (no counter row) ran at ${n0(seq.rate)}/s against ${n0(dN.rate)}/s for \`create(accept)\`.`);
    const checks = prof.statements.filter((x) => /session|config_version/.test(x.label));
    if (checks.length) {
      const n = checks.reduce((sum, x) => sum + x.perAccept, 0);
      items.push(`**Checks around the write**: ${checks.map((x) => `${x.label} ×${x.perAccept.toFixed(0)}`).join(', ')}: ${n.toFixed(0)} of the ${prof.queriesPerAccept.toFixed(0)} round trips per accept. ${(checks.find((x) => /config_version/.test(x.label))?.perAccept ?? 0) > 1.5 ? 'Checking the catalog version once per request (it is read again to present the order), or' : 'Keeping the catalog version current by'} LISTEN/NOTIFY instead of reading it, and a short-lived in-process session cache (a logout or a disabled account would then take effect after those few seconds), would leave the write nearly alone.`);
    }
    const http = cpuMs(pgr.max.okPerSecond, pgr.max.cpu);
    const t = ratioTarget(pgr);
    if (pgr.max.cpu.dbCores !== null && !t.ok) items.push(`**CPU is the wall after that on this machine**: an accept over HTTP costs ${ms(http.total)} ms of CPU (Node ${ms(http.node)}, PostgreSQL ${ms(http.db)}); ${n0(t.need)} accepts/s on ${os.cpus().length} cores shared with the database allow ${ms((os.cpus().length * 1000) / t.need)} ms. The 40% target is out of reach here without cutting both the Node work per request and the statements per accept, or without more cores (the ratio compares a 4-row write plus HTTP with a 1-row INSERT).`);
  }
  items.push('**PGlite** runs every statement synchronously on the platform\'s only thread, so database time is event-loop time ("event loop late" above); it suits a demo or a small centre, and PostgreSQL is the deployment for load.');
  items.forEach((x, i) => out.push(`${i + 1}. ${x}`));
  return out.join('\n');
}
