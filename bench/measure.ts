// Helpers around a measured run: the closed-loop rate of an in-process call, the load-generator
// child process, CPU accounting, the check that every 201 is a committed order, and (PostgreSQL)
// sampling what the server connections wait on.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Db } from '../src/store/db.ts';
import type { LoadJob, LoadResult } from './load.ts';
import type { Instrumented } from './instrument.ts';
import { sql } from '../src/store/sql.ts';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The p-th percentile (0-100) of some timings: the value below which p% of them fall. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** A closed-loop rate: `concurrency` callers, each running `once` again as soon as it returns. */
export interface RateResult {
  concurrency: number;
  /** Operations completed. */
  count: number;
  seconds: number;
  rate: number;
  /** Per-operation latency seen from Node, ms. */
  p50: number;
  p99: number;
}

/** Run `once` on `concurrency` callers for `seconds`, each starting again when it returns. */
export async function closedLoop(concurrency: number, seconds: number, once: () => Promise<unknown>): Promise<RateResult> {
  const lat: number[] = [];
  const stopAt = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < stopAt) {
      const t = performance.now();
      await once();
      lat.push(performance.now() - t);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  return { concurrency, count: lat.length, seconds: s, rate: lat.length / s, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/** The load generator in a child process; one job at a time. */
export class Loader {
  private readonly child: ChildProcess;
  constructor() {
    this.child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
        this.child.off('exit', onExit);
        if (m.ok) resolve(m.result);
        else reject(new Error(`load generator: ${m.error}`));
      };
      const onExit = (code: number | null) => {
        this.child.off('message', onMessage);
        reject(new Error(`load generator exited (${code})`));
      };
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(job);
    });
  }
  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

/** CPU used over a phase, in cores busy on average. */
export interface CpuSplit {
  machineCores: number;
  /** This process: the platform (and on PGlite, its database). */
  platformCores: number;
  loadCores: number;
  /** The PostgreSQL backends serving the benchmark's database (read from /proc; local server only). */
  dbCores: number | null;
  /** Everything else on the machine: other programs, PostgreSQL's background processes. */
  otherCores: number;
}

const TICK = 100; // USER_HZ on Linux

function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK; // utime, stime
  } catch {
    return 0;
  }
}

/** The server pids of the benchmark database's connections, when the server runs on this machine. */
export type BackendPids = () => Promise<number[]>;

export function backendPids(db: Db, url: string | undefined): BackendPids | null {
  if (!url || !existsSync('/proc/self/stat')) return null;
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return null;
  return async () => (await db.query<{ pid: number }>(sql`select pid from pg_stat_activity where datname = current_database()`)).rows.map((r) => r.pid);
}

export async function cpuMeter(pids: BackendPids | null = null) {
  const sum = () => os.cpus().reduce((a, c) => {
    const t = c.times;
    a.busy += t.user + t.nice + t.sys + t.irq;
    a.all += t.user + t.nice + t.sys + t.irq + t.idle;
    return a;
  }, { busy: 0, all: 0 });
  const before = new Map<number, number>();
  if (pids) for (const pid of await pids()) before.set(pid, procCpuSeconds(pid));
  const m0 = sum();
  const p0 = process.cpuUsage();
  const t0 = performance.now();
  return async (loadCpuSeconds = 0): Promise<CpuSplit> => {
    const m1 = sum();
    const p = process.cpuUsage(p0);
    const seconds = (performance.now() - t0) / 1000;
    let dbSeconds: number | null = null;
    if (pids) {
      dbSeconds = 0;
      const now = new Set([...before.keys(), ...(await pids())]);
      for (const pid of now) dbSeconds += Math.max(0, procCpuSeconds(pid) - (before.get(pid) ?? 0));
    }
    const cores = os.cpus().length;
    const machineCores = ((m1.busy - m0.busy) / Math.max(1, m1.all - m0.all)) * cores;
    const platformCores = (p.user + p.system) / 1e6 / seconds;
    const loadCores = loadCpuSeconds / seconds;
    const dbCores = dbSeconds === null ? null : dbSeconds / seconds;
    return { machineCores, platformCores, loadCores, dbCores, otherCores: Math.max(0, machineCores - platformCores - loadCores - (dbCores ?? 0)) };
  };
}

/** Cores busy on the whole machine over one second: something else running spoils the numbers. */
export async function idleCheck(ms = 1000): Promise<number> {
  const sum = () => os.cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  const b0 = sum();
  const t0 = performance.now();
  await sleep(ms);
  return (sum() - b0) / (performance.now() - t0);
}

/** How late the platform's event loop ran (ms): Node blocked by work (and on PGlite, by the database). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export function loopDelay(): () => LoopDelay {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return () => {
    h.disable();
    // The histogram holds whole timer intervals: take the 5 ms resolution off to get the lateness.
    const late = (ns: number) => Math.max(0, ns / 1e6 - 5);
    return { p50: late(h.percentile(50)), p99: late(h.percentile(99)), max: late(h.max) };
  };
}

export interface Verify {
  created: number;
  answered201: number;
  codesFound: number;
  ok: boolean;
}

export async function countOrders(db: Db): Promise<number> {
  const r = await db.query<{ n: number }>(sql`select count(*)::int as n from orders`);
  return r.rows[0]!.n;
}

/** Orders created during the run = 201 answers, and every case code answered is in the database. */
export async function verify(db: Db, before: number, r: LoadResult): Promise<Verify> {
  const created = (await countOrders(db)) - before;
  const answered201 = r.status['201'] ?? 0;
  const unique = [...new Set(r.codes)];
  const found = await db.query<{ n: number }>(sql`select count(*)::int as n from orders where code = any(${unique}::text[])`);
  const codesFound = found.rows[0]!.n;
  return { created, answered201, codesFound, ok: created === answered201 && r.codes.length === answered201 && unique.length === answered201 && codesFound === answered201 };
}

/** Share of sampled time the platform's PostgreSQL connections spent in each state. */
export type WaitShares = Record<string, number>;

export function waitSampler(url: string, everyMs = 20) {
  const c = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let stop = false;
  const loop = (async () => {
    await c.connect();
    while (!stop) {
      const r = await c.query<{ state: string | null; wait_event_type: string | null; wait_event: string | null; query: string }>(
        `select state, wait_event_type, wait_event, query from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      for (const row of r.rows) {
        counts.set(classify(row), (counts.get(classify(row)) ?? 0) + 1);
        samples++;
      }
      await sleep(everyMs);
    }
    await c.end();
  })();
  return async (): Promise<WaitShares> => {
    stop = true;
    await loop;
    const out: WaitShares = {};
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) out[k] = n / Math.max(1, samples);
    return out;
  };
}

function classify(r: { state: string | null; wait_event_type: string | null; wait_event: string | null; query: string }): string {
  if (r.state === 'idle') return 'idle in the pool';
  if (r.state === 'idle in transaction') return 'idle in transaction (waiting for Node)';
  if (r.wait_event_type === 'Lock') {
    const what = /case_counters/.test(r.query) ? 'the day\'s case counter row' : 'a row';
    return `waiting for a lock on ${what} (${r.wait_event})`;
  }
  if (r.wait_event_type === 'IO' || (r.wait_event_type === 'LWLock' && /^WAL/.test(r.wait_event ?? ''))) return `WAL write/flush at commit (${r.wait_event})`;
  if (r.wait_event_type === 'Client') return `client I/O (${r.wait_event})`;
  if (r.wait_event_type) return `${r.wait_event_type}: ${r.wait_event}`;
  return 'running a statement (CPU)';
}

export interface Profile {
  accepts: number;
  statements: { label: string; perAccept: number; msPerAccept: number; msEach: number }[];
  queriesPerAccept: number;
}

export function profileOf(ins: Instrumented, accepts: number): Profile {
  const statements = [...ins.statements].map(([label, s]) => ({
    label, perAccept: s.count / Math.max(1, accepts), msPerAccept: s.ms / Math.max(1, accepts), msEach: s.ms / Math.max(1, s.count),
  })).sort((a, b) => b.msPerAccept - a.msPerAccept);
  return { accepts, statements, queriesPerAccept: statements.reduce((s, x) => s + x.perAccept, 0) };
}
