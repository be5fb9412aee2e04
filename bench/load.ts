// The load generator, run in a child process of its own (bench/run.ts forks it) so that the
// client's work does not share the platform's event loop. It answers one message per run:
//  - 'autocannon': closed loop (N connections, each sends the next request when the last one
//    is answered), optionally capped with autocannon's `overallRate`, which is bursty: each
//    connection sends its share of the second back to back, then waits for the next second;
//  - 'open': open loop, requests sent on a schedule of Poisson arrivals (random gaps, mean
//    1000/rate ms, seeded so every run gets the same schedule) whatever the answers do, latency
//    counted from the scheduled time (no coordinated omission).
// Both collect the case codes of the 201 answers so that run.ts can check them in the database.
import autocannon from 'autocannon';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../src/util/prng.ts';
import { percentile } from './measure.ts';

export interface LoadTarget {
  url: string;
  token: string;
  body: string;
}

export type LoadJob =
  | (LoadTarget & { kind: 'autocannon'; connections: number; amount?: number; durationS?: number; overallRate?: number })
  | (LoadTarget & { kind: 'open'; rate: number; durationS: number; seed?: number });

export interface LoadResult {
  /** Answers received (any status). */
  responses: number;
  status: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Seconds from the first request to the last answer. */
  seconds: number;
  /** 2xx answers per second. */
  okPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Open-loop runs: latency from the actual send (service time), beside the scheduled one above. */
  serviceLatency?: { p50: number; p99: number; max: number };
  /** Case codes of the 201 answers. */
  codes: string[];
  /** CPU the load generator used, in seconds. */
  cpuSeconds: number;
}

function codeOf(body: string | Buffer | undefined): string | null {
  if (body === undefined) return null;
  const m = /"code":"(\d{8}-\d{5,})"/.exec(body.toString());
  return m ? m[1]! : null;
}

async function runAutocannon(job: Extract<LoadJob, { kind: 'autocannon' }>): Promise<LoadResult> {
  const codes: string[] = [];
  const started = performance.now();
  const r = await autocannon({
    url: job.url,
    connections: job.connections,
    ...(job.amount ? { amount: job.amount } : { duration: job.durationS ?? 10 }),
    ...(job.overallRate ? { overallRate: job.overallRate } : {}),
    timeout: 30,
    requests: [{
      method: 'POST',
      path: '/api/orders',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
      body: job.body,
      onResponse: (status: number, body: string) => {
        if (status === 201) {
          const c = codeOf(body);
          if (c) codes.push(c);
        }
      },
    }],
  });
  const seconds = (performance.now() - started) / 1000;
  const status: Record<string, number> = {};
  let responses = 0;
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) {
    const n = (v as { count: number }).count;
    status[k] = n;
    responses += n;
  }
  const ok = r['2xx'];
  return {
    responses,
    status,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds,
    okPerSecond: ok / seconds,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.average },
    codes,
    cpuSeconds: 0,
  };
}

/** Send times (ms from the start) of Poisson arrivals at `rate` per second over `seconds`; seeded, so the schedule is the same in every run. */
export function poissonSchedule(rate: number, seconds: number, seed = 12345): number[] {
  const next = mulberry32(seed);
  const out: number[] = [];
  let t = 0;
  for (;;) {
    t += (-Math.log(1 - next()) / rate) * 1000;
    if (t >= seconds * 1000) return out;
    out.push(t);
  }
}

async function runOpen(job: Extract<LoadJob, { kind: 'open' }>): Promise<LoadResult> {
  const u = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const schedule = poissonSchedule(job.rate, job.durationS, job.seed);
  const total = schedule.length;
  const fromSchedule: number[] = [];
  const service: number[] = [];
  const status: Record<string, number> = {};
  const codes: string[] = [];
  let errors = 0;
  let sent = 0;
  let done = 0;
  const body = Buffer.from(job.body);
  const t0 = performance.now() + 50;
  let lastAnswer = t0;

  await new Promise<void>((resolve) => {
    const finishOne = () => {
      done++;
      lastAnswer = performance.now();
      if (done === total) resolve();
    };
    const send = (scheduled: number) => {
      const at = performance.now();
      const req = http.request({
        host: u.hostname, port: u.port, path: '/api/orders', method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${job.token}` },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const end = performance.now();
          fromSchedule.push(end - scheduled);
          service.push(end - at);
          const s = String(res.statusCode);
          status[s] = (status[s] ?? 0) + 1;
          if (res.statusCode === 201) {
            const c = codeOf(Buffer.concat(chunks));
            if (c) codes.push(c);
          }
          finishOne();
        });
      });
      req.on('error', () => {
        errors++;
        finishOne();
      });
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + schedule[sent]! <= now) {
        send(t0 + schedule[sent]!);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + schedule[sent]! - performance.now()));
    };
    setTimeout(tick, 50);
  });
  agent.destroy();
  fromSchedule.sort((a, b) => a - b);
  service.sort((a, b) => a - b);
  const responses = fromSchedule.length;
  const ok = Object.entries(status).filter(([k]) => k.startsWith('2')).reduce((s, [, n]) => s + n, 0);
  const seconds = (lastAnswer - t0) / 1000;
  return {
    responses,
    status,
    non2xx: responses - ok,
    errors,
    timeouts: 0,
    seconds,
    okPerSecond: ok / seconds,
    latency: {
      p50: percentile(fromSchedule, 50), p90: percentile(fromSchedule, 90), p99: percentile(fromSchedule, 99), max: fromSchedule[responses - 1] ?? 0,
      mean: fromSchedule.reduce((s, x) => s + x, 0) / Math.max(1, responses),
    },
    serviceLatency: { p50: percentile(service, 50), p99: percentile(service, 99), max: service[service.length - 1] ?? 0 },
    codes,
    cpuSeconds: 0,
  };
}

process.on('message', (job: LoadJob) => {
  const cpu0 = process.cpuUsage();
  const run = job.kind === 'autocannon' ? runAutocannon(job) : runOpen(job);
  run.then(
    (r) => {
      const cpu = process.cpuUsage(cpu0);
      process.send!({ ok: true, result: { ...r, cpuSeconds: (cpu.user + cpu.system) / 1e6 } });
    },
    (e: unknown) => process.send!({ ok: false, error: String(e instanceof Error ? e.stack : e) }),
  );
});
