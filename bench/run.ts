// `npm run bench`: accept throughput and latency over HTTP on PGlite and on PostgreSQL, each
// beside the raw single-row INSERT rate of the same database in the same run. Prints the tables
// and rewrites docs/benchmarks.md. See that file for the method and the latest numbers.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { startPlatform } from '../src/platform.ts';
import { openPglite, openPostgres, type BenchDb } from './databases.ts';
import type { Db } from '../src/store/db.ts';
import { instrument } from './instrument.ts';
import type { LoadJob } from './load.ts';
import { backendPids, cpuMeter, countOrders, idleCheck, Loader, loopDelay, profileOf, sleep, verify, waitSampler, type CpuSplit, type WaitShares } from './measure.ts';
import { createRawTable, dropRawTable, rawInsertRate } from './raw.ts';
import { acceptInput, codesSupplied, directAccept, storeOnly, type LayerResult } from './layers.ts';
import { actorOf, authenticate } from '../src/app/auth.ts';
import { BUSY, machineInfo, renderConsole, renderDoc, type DbReport } from './report.ts';
import { sql, type Sql } from '../src/store/sql.ts';

const PASSWORD = 'Minsheng@2026';
const RATE = 200;
const RAW_SECONDS = 3;
const MAX_SECONDS = 10;
const FIXED_SECONDS = 15;
const OPEN_SECONDS = 10;

const say = (m: string) => console.log(`[bench] ${m}`);
const busy = (c: CpuSplit) => (c.otherCores > BUSY ? ` [other programs used ${c.otherCores.toFixed(2)} cores]` : '');

/** Retry disturbed phases only while the whole run stays near three minutes. */
let deadline = Infinity;

/** Wait (at most `ms`) until the machine is quiet. */
async function waitQuiet(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until && (await idleCheck(500)) > BUSY) { /* keep waiting */ }
}

/** What an order insert carries, read from the catalog so the report stays true when the schema changes. */
async function schemaFacts(db: Db): Promise<string> {
  const r = await db.query<{ indexes: number; uniques: number; fks: number; doc: number }>(sql`select (select count(*)::int from pg_index where indrelid = 'orders'::regclass and not indisprimary and not indisunique) as indexes,
            (select count(*)::int from pg_index where indrelid = 'orders'::regclass and indisunique and not indisprimary) as uniques,
            (select count(*)::int from pg_constraint where conrelid = 'orders'::regclass and contype = 'f') as fks,
            (select coalesce(avg(length(doc::text)), 0)::int from (select doc from orders order by id desc limit 50) d) as doc`);
  const f = r.rows[0]!;
  const triggers = await db.query<{ t: string }>(sql`select c.relname || ': ' || g.tgname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid
     where not g.tgisinternal and c.relname in ('orders', 'order_events', 'case_counters') and (g.tgtype & 4) <> 0 order by 1`);
  const trig = triggers.rows.length ? `; insert triggers: ${triggers.rows.map((x) => `\`${x.t}\``).join(', ')}` : '';
  return `the \`orders\` row carries ${f.indexes} secondary indexes, ${f.uniques} unique indexes and ${f.fks} foreign keys and a ~${(f.doc / 1024).toFixed(1)} KB \`doc\` jsonb${trig}`;
}

async function benchOne(t: BenchDb, loader: Loader): Promise<DbReport> {
  const connections = t.name === 'PostgreSQL' ? 10 : 4;
  const ins = instrument(t.db);
  const started = performance.now();
  const platform = await startPlatform({
    config: { ...loadConfig({}), port: 0, host: '127.0.0.1', logger: false, demo: true, demoOrders: 200, jobIntervalMs: 3_600_000 },
    db: ins.db,
    log: () => undefined,
    jobs: false,
  });
  const startupSeconds = (performance.now() - started) / 1000;
  say(`${t.name}: platform up in ${startupSeconds.toFixed(1)} s at ${platform.url}`);
  try {
    const db = t.db;
    const one = async (q: Sql) => (await db.query<{ v: number | string }>(q)).rows[0]!.v;
    const categoryId = Number(await one(sql`select id as v from categories where code = '020101'`));
    const territoryId = Number(await one(sql`select id as v from territories where code = '37021400100101'`));
    const doc = String(await one(sql`select doc::text as v from orders order by id desc limit 1`));
    const schema = await schemaFacts(db);

    const pids = backendPids(db, t.url);
    /**
     * Run a measured phase with its CPU accounting. When other programs took more than BUSY
     * cores meanwhile, wait for a quiet moment and run it again (once, while the time
     * budget lasts), keeping the least disturbed result; the report marks what stays disturbed.
     */
    const phase = async <T extends object>(label: string, run: () => Promise<T>, loadCpu: (r: T) => number = () => 0): Promise<T & { cpu: CpuSplit }> => {
      const once = async () => {
        const m = await cpuMeter(pids);
        const r = await run();
        return { ...r, cpu: await m(loadCpu(r)) };
      };
      let best = await once();
      for (let i = 0; i < 1 && best.cpu.otherCores > BUSY && performance.now() < deadline; i++) {
        say(`${t.name}: ${label}: other programs used ${best.cpu.otherCores.toFixed(2)} cores; running it again`);
        await waitQuiet(5000);
        const again = await once();
        if (again.cpu.otherCores < best.cpu.otherCores) best = again;
      }
      return best;
    };

    // Baseline: raw single-row autocommit INSERTs, one connection, then as many as the HTTP run uses.
    await createRawTable(db);
    const raw1 = await phase('raw INSERT', () => rawInsertRate(db, { concurrency: 1, seconds: RAW_SECONDS, categoryId, territoryId, doc }));
    say(`${t.name}: raw INSERT, 1 connection: ${raw1.rate.toFixed(0)} rows/s${busy(raw1.cpu)}`);
    const rawN = await phase('raw INSERT', () => rawInsertRate(db, { concurrency: connections, seconds: RAW_SECONDS, categoryId, territoryId, doc }));
    say(`${t.name}: raw INSERT, ${connections} connections: ${rawN.rate.toFixed(0)} rows/s${busy(rawN.cpu)}`);
    await dropRawTable(db);

    const login = await fetch(`${platform.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator1', password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login operator1: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { token: string }).token;
    const body = JSON.stringify({
      channel: 'phone', requestType: 'complaint', categoryId,
      title: '夜间施工噪声扰民',
      description: '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息，希望有关部门尽快处理。',
      caller: { name: '王丽', phone: '13900001234', anonymous: false, confidential: false },
      place: { territoryId, address: '青岛市城阳区城阳街道正阳路 100 号' },
    });
    const target = { url: platform.url, token, body };

    // The same work without HTTP: the accept in-process, its store statement alone, and that statement without the counter row.
    const user = await authenticate(db, token, new Date());
    if (!user) throw new Error('no session for operator1');
    const layer = { app: { db, clock: platform.app.clock }, actor: actorOf(user), input: acceptInput(categoryId, territoryId), concurrency: connections, seconds: RAW_SECONDS };
    await directAccept({ ...layer, seconds: 0.5 }); // warm-up
    const layers: (LayerResult & { cpu: CpuSplit })[] = [];
    for (const c of [1, connections]) layers.push(await phase('create(accept)', () => directAccept({ ...layer, concurrency: c })));
    layers.push(await phase('createOrder()', () => storeOnly(layer)));
    layers.push(await phase('codes supplied', () => codesSupplied(layer)));
    for (const l of layers) say(`${t.name}: ${l.label}, ${l.concurrency} concurrent: ${l.rate.toFixed(0)}/s${busy(l.cpu)}`);

    // Warm-up (JIT, plan caches, pool), and an estimate of the rate to size the measured run.
    const warm = await loader.run({ kind: 'autocannon', ...target, connections, durationS: 2 });
    if (warm.non2xx || warm.errors) throw new Error(`warm-up failed: ${JSON.stringify(warm.status)} errors ${warm.errors}`);
    await sleep(500);

    /** One HTTP run with its checks: event-loop lateness, and the orders created against the 201 answers. */
    const http = async (job: LoadJob) => {
      const before = await countOrders(db);
      const loop = loopDelay();
      const r = await loader.run(job);
      const lateness = loop();
      return { ...r, loop: lateness, verify: await verify(db, before, r) };
    };

    // (a) Maximum throughput, closed loop; with the statement profile and (PostgreSQL) what the connections wait on.
    const amount = Math.max(500, Math.round(warm.okPerSecond * MAX_SECONDS));
    const max = await phase('maximum throughput', async () => {
      ins.reset();
      const sampler = t.url ? waitSampler(t.url) : null;
      const r = await http({ kind: 'autocannon', ...target, connections, amount });
      const waits: WaitShares | null = sampler ? await sampler() : null;
      return { ...r, waits, profile: profileOf(ins, r.status['201'] ?? 0) };
    }, (r) => r.cpuSeconds);
    say(`${t.name}: accept max ${max.okPerSecond.toFixed(0)}/s p50 ${max.latency.p50} ms p99 ${max.latency.p99} ms, non-2xx ${max.non2xx}, verified ${max.verify.ok}${busy(max.cpu)}`);

    // (b) Fixed rate with autocannon's overallRate (bursty within each second).
    const fixed = await phase(`${RATE}/s autocannon`, () => http({ kind: 'autocannon', ...target, connections, overallRate: RATE, amount: RATE * FIXED_SECONDS }), (r) => r.cpuSeconds);
    say(`${t.name}: accept at ${RATE}/s (autocannon) p50 ${fixed.latency.p50} ms p99 ${fixed.latency.p99} ms, verified ${fixed.verify.ok}${busy(fixed.cpu)}`);

    // (c) The same mean rate as an open loop with Poisson arrivals.
    const open = await phase(`${RATE}/s Poisson`, () => http({ kind: 'open', ...target, rate: RATE, durationS: OPEN_SECONDS }), (r) => r.cpuSeconds);
    say(`${t.name}: accept at ${RATE}/s (Poisson) p50 ${open.latency.p50.toFixed(1)} ms p99 ${open.latency.p99.toFixed(1)} ms, verified ${open.verify.ok}${busy(open.cpu)}`);

    return {
      name: t.name, version: t.version, settings: t.settings, startupSeconds, connections, rate: RATE, schema,
      raw1, rawN, layers,
      max: strip(max), waits: max.waits, profile: max.profile,
      fixed: strip(fixed),
      open: strip(open),
    };
  } finally {
    await platform.stop();
  }
}

const strip = <T extends { codes: string[] }>(r: T): Omit<T, 'codes'> => {
  const { codes: _c, ...rest } = r;
  return rest;
};

async function main() {
  const t0 = performance.now();
  deadline = t0 + 130_000;
  const machine = await machineInfo();
  machine.busyBefore = await idleCheck();
  if (machine.busyBefore > 0.3) say(`warning: the machine is busy before the run (${machine.busyBefore.toFixed(2)} cores); the numbers will be low`);
  const loader = new Loader();
  const reports: DbReport[] = [];
  const skipped: string[] = [];
  try {
    for (const open of [openPglite, openPostgres]) {
      const t = await open();
      if ('skipped' in t) {
        say(`skipped: ${t.skipped}`);
        skipped.push(t.skipped);
        continue;
      }
      if (t.name === 'PostgreSQL') machine.pg = t.version;
      try {
        reports.push(await benchOne(t, loader));
      } finally {
        await t.dispose();
      }
    }
  } finally {
    loader.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log('\n' + renderConsole(reports));
  const doc = renderDoc({ machine, reports, skipped, seconds });
  const out = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  writeFileSync(out, doc);
  say(`wrote docs/benchmarks.md (${seconds.toFixed(0)} s in all)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
