// `npm run bench:measures`: the measures at city scale on PostgreSQL.
//
// In a database of its own (created here, dropped at the end unless BENCH_KEEP=1) it generates
// BENCH_ORDERS work orders (default 1,000,000; BENCH_ORDERS=10000000 for the full run) over
// BENCH_DAYS days of a city of 12 districts, with bulk SQL (generate_series, INSERT ... SELECT):
// the orders, their whole event logs, and their measure facts. It checks a sample of the
// generated facts against the domain's own fold of the generated events, builds the daily sums
// with the production rebuild (src/store/measures.ts), then times random scope/period
// queries on the fast path, and beside them the naive recomputation from the raw events for a
// sample of the same queries, checking that both agree exactly. Writes docs/benchmarks-measures.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { insertTreeNode } from '../src/app/admin.ts';
import { localDate, isWorkingDay } from '../src/domain/calendar.ts';
import { addDays, daysBetween, DIMS, orderFacts, parsePeriod, periodOf, type Period, type Scope } from '../src/domain/measures.ts';
import { CHANNELS, REQUEST_TYPES } from '../src/domain/types.ts';
import { categories as demoCategories } from '../src/demo/city.ts';
import { naiveMeasures } from '../src/app/measures/naive.ts';
import { fastMeasures } from '../src/app/measures/query.ts';
import { treePaths } from '../src/app/measures/refresh.ts';
import { rebuildPenalties, rebuildRollups, loadFacts } from '../src/store/measures.ts';
import { getCatalog } from '../src/store/catalog.ts';
import { ensureBaseData } from '../src/store/bootstrap.ts';
import { openDb, type Db, type Result } from '../src/store/db.ts';
import { sql, type Sql } from '../src/store/sql.ts';

/** A loader connection of its own (the bulk load bypasses the platform: plain statements on pg clients). */
interface Raw {
  query<T = Record<string, unknown>>(q: string | Sql, params?: readonly unknown[]): Promise<Result<T>>;
  exec(text: string): Promise<void>;
}
import { migrate } from '../src/store/migrate.ts';
import { loadEvents } from '../src/store/orders.ts';
import { seeded } from '../src/util/prng.ts';
import { freshDatabase, LOCAL_PG } from './databases.ts';
import { percentile } from './measure.ts';

const ADMIN_URL = process.env.DATABASE_URL || LOCAL_PG;
const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 1095);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 500);
const NAIVE = Number(process.env.BENCH_NAIVE ?? (N >= 5_000_000 ? 12 : 30));
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 3000);
/** The naive recomputation reads every event of every order touched in the period: at 10M orders a year takes minutes, so the big run samples periods up to a month. */
const NAIVE_MAX_DAYS = Number(process.env.BENCH_NAIVE_MAX_DAYS ?? (N >= 5_000_000 ? 31 : 10_000));
const KEEP = process.env.BENCH_KEEP === '1';
const DISTRICTS = 12;

const say = (m: string) => console.log(`[bench:measures] ${m}`);
const fmtN = (n: number) => n.toLocaleString('en-US');

const rng = seeded;

const phases: { name: string; seconds: number }[] = [];
async function phase<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  say(`${name}…`);
  const r = await f();
  const s = (performance.now() - t) / 1000;
  phases.push({ name, seconds: s });
  say(`${name}: ${s.toFixed(1)} s`);
  return r;
}

// ---- the city ---------------------------------------------------------------------------------

/** 12 districts x 8 streets x 5 communities x 4 grid cells; a city centre with 20 departments and 5 utilities,
 *  and in each district a sub-centre with 18 departments and 8 streets of 2 communities each. */
async function buildCity(db: Db) {
  return db.transaction(async (tx) => {
    const terr = { districts: [] as number[], streets: [] as number[][], grids: [] as number[][] };
    for (let d = 0; d < DISTRICTS; d++) {
      const did = await insertTreeNode(tx, 'territories', { code: `B${d}`, name: `第${d + 1}区`, level: 'district' }, null);
      terr.districts.push(did);
      const streets: number[] = [];
      const grids: number[] = [];
      for (let s = 0; s < 8; s++) {
        const sid = await insertTreeNode(tx, 'territories', { code: `B${d}S${s}`, name: `第${d + 1}区第${s + 1}街道`, level: 'street' }, did);
        streets.push(sid);
        for (let c = 0; c < 5; c++) {
          const cid = await insertTreeNode(tx, 'territories', { code: `B${d}S${s}C${c}`, name: `社区${c + 1}`, level: 'community' }, sid);
          for (let g = 0; g < 4; g++) grids.push(await insertTreeNode(tx, 'territories', { code: `B${d}S${s}C${c}G${g}`, name: `网格${g + 1}`, level: 'grid' }, cid));
        }
      }
      terr.streets.push(streets);
      terr.grids.push(grids);
    }
    const unit = (code: string, name: string, kind: string, parent: number | null) => insertTreeNode(tx, 'units', { code, name, kind, tier: 2 }, parent);
    const centre = await unit('centre', '12345 市政务服务便民热线中心', 'centre', null);
    const cityDepts: number[] = [];
    for (let i = 0; i < 20; i++) cityDepts.push(await unit(`cd${i}`, `市直部门${i + 1}`, 'department', centre));
    for (let i = 0; i < 5; i++) cityDepts.push(await unit(`ut${i}`, `公用事业单位${i + 1}`, 'utility', centre));
    const subCentres: number[] = [];
    const depts: number[][] = [];
    const streetUnits: number[][] = [];
    const communityUnits: number[][] = [];
    for (let d = 0; d < DISTRICTS; d++) {
      const sc = await unit(`b${d}`, `第${d + 1}区热线分中心`, 'centre', centre);
      subCentres.push(sc);
      const ds: number[] = [];
      for (let i = 0; i < 18; i++) ds.push(await unit(`b${d}d${i}`, `第${d + 1}区部门${i + 1}`, 'department', sc));
      depts.push(ds);
      const ss: number[] = [];
      const cs: number[] = [];
      for (let s = 0; s < 8; s++) {
        const su = await unit(`b${d}s${s}`, `第${d + 1}区第${s + 1}街道办事处`, 'street', sc);
        ss.push(su);
        for (let c = 0; c < 2; c++) cs.push(await unit(`b${d}s${s}c${c}`, `第${d + 1}区第${s + 1}街道社区${c + 1}`, 'community', su));
      }
      streetUnits.push(ss);
      communityUnits.push(cs);
    }
    const catIds = new Map<string, number>();
    for (const c of demoCategories) catIds.set(c.code, await insertTreeNode(tx, 'categories', { code: c.code, name: c.name }, c.parentCode ? catIds.get(c.parentCode)! : null));
    const leaves = demoCategories.filter((c) => !demoCategories.some((x) => x.parentCode === c.code)).map((c) => catIds.get(c.code)!);
    await tx.query(sql`insert into settings (key, value) values ('config_version', '100') on conflict (key) do update set value = '100'`);
    return { terr, centre, cityDepts, subCentres, depts, streetUnits, communityUnits, leaves };
  });
}

// ---- bulk generation --------------------------------------------------------------------------

async function generate(c: Raw, c2: Raw, city: Awaited<ReturnType<typeof buildCity>>, now: Date, db: Db) {
  const catalog = await getCatalog(db);
  const start = new Date(now.getTime() - DAYS * 86_400_000);
  /** The same statement on two connections, each on half of the orders (PostgreSQL inserts on one core per connection). */
  const halves = (sql: (half: string) => string) => Promise.all([c.query(sql('id % 2 = 0')), c2.query(sql('id % 2 = 1'))]);

  // Working-day clock as a table: W(t) = working ms from a fixed origin to t; handling time is W(reply) - W(first dispatch).
  await phase('working-day table and lookups', async () => {
    const from = addDays(localDate(start), -40);
    const to = addDays(localDate(now), 400);
    const rows: [string, boolean, number, number][] = [];
    let cum = 0;
    for (let d = from; d < to; d = addDays(d, 1)) {
      const w = isWorkingDay(d, catalog.calendar);
      rows.push([d, w, cum, Date.parse(`${d}T00:00:00+08:00`)]);
      if (w) cum += 86_400_000;
    }
    await c.query('create unlogged table bench_wcal (day date primary key, working boolean not null, cum bigint not null, start_ms bigint not null)');
    await c.query('insert into bench_wcal select * from unnest($1::date[], $2::boolean[], $3::bigint[], $4::bigint[])',
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])]);
    await c.query(`create unlogged table bench_units (district int, k int, unit int, primary key (district, k))`);
    const unitRows: [number, number, number][] = [];
    for (let d = 0; d < DISTRICTS; d++) {
      city.depts[d]!.forEach((u, k) => unitRows.push([d, k, u]));
      city.cityDepts.forEach((u, k) => unitRows.push([d, 100 + k, u]));
      city.streetUnits[d]!.forEach((u, k) => unitRows.push([d, 200 + k, u]));
      unitRows.push([d, 300, city.subCentres[d]!]);
    }
    await c.query('insert into bench_units select * from unnest($1::int[], $2::int[], $3::int[])', [0, 1, 2].map((i) => unitRows.map((r) => r[i])));
    await c.query(`create unlogged table bench_grids (district int, k int, grid int, street_k int, primary key (district, k))`);
    const gridRows: number[][] = [];
    city.terr.grids.forEach((gs, d) => gs.forEach((g, k) => gridRows.push([d, k, g, Math.floor(k / 20)])));
    await c.query('insert into bench_grids select * from unnest($1::int[], $2::int[], $3::int[], $4::int[])', [0, 1, 2, 3].map((i) => gridRows.map((r) => r[i])));
    await c.query('analyze bench_wcal, bench_units, bench_grids');
  });

  await c.query(`select setseed(0.4242)`);
  await phase(`plan of ${fmtN(N)} orders`, async () => {
    // Who, what, where and which path, in one pass; 6% of requests repeat an earlier caller's matter (same phone and category).
    await c.query(`
      create unlogged table bench_plan as
      with b as materialized (
        select g as id,
          date_trunc('second', $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((g - random()) / $1::float8)) as acc,
          random() as r_ch, random() as r_rt, random() as r_cat, random() as r_dist, random() as r_grid, random() as r_path,
          random() as r_lead, random() as r_sd, random() as r_sign, random() as r_late, random() as r_rep, random() as r_sat,
          random() as r_reo, random() as r_sat2, random() as r_rep2, random() as r_anon, random() as r_rep_to,
          '13' || lpad(floor(random() * 1e9)::bigint::text, 9, '0') as phone0
        from generate_series(1, $1::int) g
      ), c as materialized (
        select b.*, ($4::int[])[1 + floor(power(r_cat, 1.6) * array_length($4::int[], 1))::int] as cat0,
          floor(power(r_dist, 1.3) * ${DISTRICTS})::int as dist, floor(r_grid * 160)::int as gk,
          greatest(1, id - 1 - floor(r_sign * 3000)::int) as rep_of
        from b
      )
      select c.id, c.acc, c.r_ch, c.r_sd, c.r_sign, c.r_late, c.r_rep, c.r_sat, c.r_reo, c.r_sat2, c.r_rep2, c.r_lead,
        (array['phone','web','app','mailbox','sms','social_media','grid_inspector','police_110','upper_centre'])[
          case when c.r_ch < .68 then 1 when c.r_ch < .78 then 2 when c.r_ch < .87 then 3 when c.r_ch < .90 then 4 when c.r_ch < .92 then 5
               when c.r_ch < .94 then 6 when c.r_ch < .97 then 7 when c.r_ch < .99 then 8 else 9 end] as ch,
        (array['consult','help','complaint','report','suggestion','praise','other'])[
          case when c.r_rt < .25 then 1 when c.r_rt < .40 then 2 when c.r_rt < .85 then 3 when c.r_rt < .90 then 4 when c.r_rt < .97 then 5 when c.r_rt < .98 then 6 else 7 end] as rt,
        case when q.id is not null then q.cat0 else c.cat0 end as cat,
        case when q.id is not null then q.phone0 else c.phone0 end as phone,
        q.id is null and c.r_anon < 0.07 as anon,
        c.dist, g.grid, cu.unit as centre,
        case when c.r_rt < .25 and c.r_path < 0.6 then 'answer' when c.r_path > 0.985 then 'merge' when c.r_path > 0.975 then 'withdraw' else 'work' end as path,
        case when c.r_rt < .25 then 5 when c.r_rt < .40 then 7 when c.r_rt < .97 then 10 else 5 end as limit_days,
        l1.unit as lead1, l2.unit as lead2
      from c
      left join c as q on c.r_rep_to < 0.06 and q.id = c.rep_of and q.id < c.id
      join bench_grids g on g.district = c.dist and g.k = c.gk
      join bench_units cu on cu.district = c.dist and cu.k = 300
      join bench_units l1 on l1.district = c.dist and l1.k = case when c.r_lead < 0.25 then 200 + g.street_k when c.r_lead < 0.35 then 100 + (c.cat0 % 25) else c.cat0 % 18 end
      join bench_units l2 on l2.district = c.dist and l2.k = (c.cat0 + 7) % 18`, [N, start, now, city.leaves]);
    // The timeline of each order (times only; an event exists once its time has come), with the working-day clock at the first dispatch and the last reply.
    await c.query(`create unlogged table bench_t as
      with a as (
        select p.*, acc + make_interval(mins => 2 + floor(r_sign * 5)::int) as t_reg,
          acc + make_interval(mins => 10 + floor(r_lead * 80)::int) as t_d1,
          r_sd < 0.05 and path = 'work' as sd,
          case when r_sat < .84 then 0 when r_sat < .94 then 1 else 2 end as sat1,
          case when r_sat2 < .80 then 0 when r_sat2 < .95 then 1 else 2 end as sat2
        from bench_plan p
      ), b as (
        select a.*, t_d1 + make_interval(hours => 1 + floor(r_rep2 * 9)::int) as t_ret,
          t_d1 + make_interval(hours => 1 + floor(r_rep2 * 9)::int, mins => 30 + floor(r_late * 210)::int) as t_d2
        from a
      ), c as (
        select b.*, case when sd then t_d2 else t_d1 end as t_dc from b
      ), d as (
        select c.*,
          (((t_d1 + interval '8 hours')::date + 2)::timestamp - interval '8 hours') at time zone 'UTC' as due_s1,
          (((t_d1 + interval '8 hours')::date + ceil(limit_days * 1.4)::int + 1)::timestamp - interval '8 hours') at time zone 'UTC' as due_h1,
          (((t_dc + interval '8 hours')::date + 2)::timestamp - interval '8 hours') at time zone 'UTC' as due_sc,
          (((t_dc + interval '8 hours')::date + ceil(limit_days * 1.4)::int + 1)::timestamp - interval '8 hours') at time zone 'UTC' as due_hc,
          t_dc + case when r_sign < 0.92 then make_interval(mins => 10 + floor(r_sign * 640)::int) else make_interval(hours => 26 + floor(r_rep * 34)::int) end as t_sign,
          r_late < 0.06 as late
        from c
      ), f as (
        select d.*, date_trunc('second', greatest(
            t_dc + (due_hc - t_dc) * case when late then 1.05 + r_rep * 0.5 else 0.15 + r_rep * 0.8 end,
            t_sign + interval '30 minutes')) as t_rep,
          sat1 = 2 and r_reo < 0.6 as reo
        from d
      ), g as (
        select f.*, t_rep + make_interval(hours => 2 + floor(r_sat2 * 46)::int) as t_cb from f
      ), h as (
        select g.*, t_cb + make_interval(mins => 10 + floor(r_reo * 50)::int) as t_reo from g
      ), i as (
        select h.*,
          (((t_reo + interval '8 hours')::date + 2)::timestamp - interval '8 hours') at time zone 'UTC' as due_s3,
          (((t_reo + interval '8 hours')::date + ceil(limit_days * 1.4)::int + 1)::timestamp - interval '8 hours') at time zone 'UTC' as due_h3,
          t_reo + make_interval(hours => 1 + floor(r_rep2 * 9)::int) as t_sign2
        from h
      ), j as (
        select i.*, date_trunc('second', greatest(t_sign2 + (due_h3 - t_sign2) * (0.15 + r_rep2 * 0.8), t_sign2 + interval '30 minutes')) as t_rep2 from i
      ), k as (
        select j.*, t_rep2 + make_interval(hours => 2 + floor(r_sat * 46)::int) as t_cb2 from j
      ), l as (
        select k.*, (case when reo then t_cb2 else t_cb end) + make_interval(mins => 5 + floor(r_ch * 55)::int) as t_close,
          case when reo then t_rep2 else t_rep end as t_last_rep
        from k
      )
      select l.*, '${now.toISOString()}'::timestamptz as now,
        w1.cum + case when w1.working then (extract(epoch from l.t_d1) * 1000)::bigint - w1.start_ms else 0 end as w_d1,
        w2.cum + case when w2.working then (extract(epoch from l.t_last_rep) * 1000)::bigint - w2.start_ms else 0 end as w_rep
      from l join bench_wcal w1 on w1.day = (l.t_d1 + interval '8 hours')::date join bench_wcal w2 on w2.day = (l.t_last_rep + interval '8 hours')::date`);
  });

  interface Ev { cond: string; seq: string; type: string; at: string; role: string; unit: string; data: string }
  const ev = (cond: string, seq: string, type: string, at: string, role: string, unit: string, data: string): Ev => ({ cond, seq, type, at, role, unit, data });
  const limits = (ld: string) => `jsonb_build_object('ruleId', null, 'ruleVersion', 1, 'calendarVersion', 100, 'signFor', jsonb_build_object('value', 1, 'unit', 'workdays'), 'handle', jsonb_build_object('value', ${ld}, 'unit', 'workdays'))`;
  const W = `path = 'work'`;
  const SD = `(case when sd then 2 else 0 end)`;
  const L = `(case when late then 1 else 0 end)`;
  const LEAD = 'case when sd then lead2 else lead1 end';
  // Timestamps go into the JSON as ISO 8601 strings (to_jsonb of a timestamptz in UTC).
  const events: Ev[] = [
    ev('true', '1', 'accepted', 'acc', `'operator'`, 'centre', `jsonb_build_object('type', 'accepted', 'channel', ch, 'requestType', rt, 'categoryId', cat, 'grade', 1, 'emergency', false,
      'title', '诉求' || id, 'description', '市民反映的问题', 'caller', jsonb_build_object('name', null, 'phone', case when anon then null else phone end, 'anonymous', anon, 'confidential', false),
      'place', jsonb_build_object('territoryId', grid, 'address', null, 'lng', null, 'lat', null), 'externalRef', null)`),
    ev(`path = 'answer'`, '2', 'answered', 't_reg', `'operator'`, 'centre', `jsonb_build_object('type', 'answered', 'answer', '已答复', 'knowledgeArticleId', null)`),
    ev(`path = 'merge'`, '2', 'merged', 't_reg', `'operator'`, 'centre', `jsonb_build_object('type', 'merged', 'masterId', greatest(id - 1, 1))`),
    ev(`path = 'withdraw'`, '2', 'withdrawn', 't_reg', `'operator'`, 'centre', `jsonb_build_object('type', 'withdrawn')`),
    ev(W, '2', 'registered', 't_reg', `'operator'`, 'centre', `jsonb_build_object('type', 'registered')`),
    ev(W, '3', 'dispatched', 't_d1', `'dispatcher'`, 'centre', `jsonb_build_object('type', 'dispatched', 'leadUnitId', lead1, 'assistUnitIds', '[]'::jsonb, 'second', false, 'phoneNotice', null,
      'signForDue', due_s1, 'handleDue', due_h1, 'limits', ${limits('limit_days')})`),
    ev(`${W} and sd`, '4', 'returned', 't_ret', `'unit_handler'`, 'lead1', `jsonb_build_object('type', 'returned', 'unitId', lead1, 'toUnitId', null)`),
    ev(`${W} and sd`, '5', 'dispatched', 't_d2', `'dispatcher'`, 'centre', `jsonb_build_object('type', 'dispatched', 'leadUnitId', lead2, 'assistUnitIds', '[]'::jsonb, 'second', true, 'phoneNotice', null,
      'signForDue', due_sc, 'handleDue', due_hc, 'limits', ${limits('limit_days')})`),
    ev(W, `4 + ${SD}`, 'signed_for', 't_sign', `'unit_handler'`, LEAD, `jsonb_build_object('type', 'signed_for', 'unitId', ${LEAD})`),
    ev(`${W} and late`, `5 + ${SD}`, 'escalated', 'due_hc', `'system'`, 'null::int', `jsonb_build_object('type', 'escalated', 'level', 'overdue', 'dueAt', due_hc)`),
    ev(W, `5 + ${SD} + ${L}`, 'replied', 't_rep', `'unit_handler'`, LEAD, `jsonb_build_object('type', 'replied', 'unitId', ${LEAD}, 'result', '已办理', 'attachmentIds', '[]'::jsonb, 'handlerName', null)`),
    ev(W, `6 + ${SD} + ${L}`, 'called_back', 't_cb', `'callback_agent'`, 'centre', `jsonb_build_object('type', 'called_back', 'reached', true, 'satisfaction', (array['satisfied','basically_satisfied','unsatisfied'])[sat1 + 1], 'solved', sat1 < 2)`),
    ev(`${W} and reo`, `7 + ${SD} + ${L}`, 'reopened', 't_reo', `'callback_agent'`, 'centre', `jsonb_build_object('type', 'reopened', 'signForDue', due_s3, 'handleDue', due_h3, 'limits', ${limits('limit_days')})`),
    ev(`${W} and reo`, `8 + ${SD} + ${L}`, 'signed_for', 't_sign2', `'unit_handler'`, LEAD, `jsonb_build_object('type', 'signed_for', 'unitId', ${LEAD})`),
    ev(`${W} and reo`, `9 + ${SD} + ${L}`, 'replied', 't_rep2', `'unit_handler'`, LEAD, `jsonb_build_object('type', 'replied', 'unitId', ${LEAD}, 'result', '已再次办理', 'attachmentIds', '[]'::jsonb, 'handlerName', null)`),
    ev(`${W} and reo`, `10 + ${SD} + ${L}`, 'called_back', 't_cb2', `'callback_agent'`, 'centre', `jsonb_build_object('type', 'called_back', 'reached', true, 'satisfaction', (array['satisfied','basically_satisfied','unsatisfied'])[sat2 + 1], 'solved', sat2 < 2)`),
    ev(W, `7 + ${SD} + ${L} + (case when reo then 4 else 0 end)`, 'closed', 't_close', `'callback_agent'`, 'centre', `jsonb_build_object('type', 'closed')`),
  ];

  await phase('orders', () => halves((half) => `
    insert into orders (id, code, version, state, channel, request_type, category_id, grade, emergency, title, description, caller_phone, anonymous, confidential,
      territory_id, lead_unit_id, holder_unit_id, accepted_at, dispatched_at, sign_for_due, handle_due, signed_at, replied_at, closed_at, doc, updated_at)
    overriding system value
    select id, 'B' || lpad(id::text, 9, '0'), 1,
      case when path = 'answer' then 'closed' when path = 'merge' and t_reg <= now then 'merged' when path = 'withdraw' and t_reg <= now then 'withdrawn'
           when path <> 'work' then 'accepted' when t_close <= now then 'closed' when t_cb <= now then 'called_back' when t_rep <= now then 'replied'
           when t_sign <= now then 'handling' when t_dc <= now then 'dispatched' when t_reg <= now then 'pending_dispatch' else 'accepted' end,
      ch, rt, cat, 1, false, '诉求' || id, '市民反映的问题', case when anon then null else phone end, anon, false, grid,
      case when path = 'work' and t_d1 <= now then case when sd and t_d2 <= now then lead2 else lead1 end end,
      case when path = 'work' and t_dc <= now and t_rep > now then ${LEAD} end,
      acc, case when path = 'work' and t_d1 <= now then t_d1 end, case when path = 'work' and t_dc <= now then due_sc end,
      case when path = 'work' and t_dc <= now then due_hc end, case when path = 'work' and t_sign <= now then t_sign end,
      case when path = 'work' and t_rep <= now then t_rep end, case when path = 'work' and t_close <= now then t_close end, '{}', acc
    from bench_t where ${half}`));

  await phase('order events', () => halves((half) => {
    const selects = events.map((e) => `select id, ${e.seq} as seq, '${e.type}' as type, ${e.at} as at, ${e.role} as role, ${e.unit} as unit, ${e.data} as data
      from bench_t where ${half} and ${e.cond} and ${e.at} <= now`);
    return `insert into order_events (order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data)
      select x.id, x.seq, x.type, x.at, null, x.unit, x.role, x.role, null, x.data from (${selects.join('\n union all ')}) x`;
  }));

  // The facts, as the fold writes them: marks in event order (kind, local day, unit, flags, working ms).
  const day = (t: string) => `(${t} + interval '8 hours')::date`;
  type M = { cond: string; k: number; at: string; unit: string; f: string; ms?: string };
  const marks: M[] = [
    { cond: 'true', k: 1, at: 'acc', unit: 'centre', f: '0' },
    { cond: `path = 'answer'`, k: 2, at: 't_reg', unit: 'centre', f: '0' },
    { cond: W, k: 3, at: 't_reg', unit: 'centre', f: '0' },
    { cond: W, k: 4, at: 't_d1', unit: 'lead1', f: '0' },
    { cond: `${W} and sd`, k: 5, at: 't_d2', unit: 'lead1', f: '0' },
    { cond: W, k: 6, at: 't_sign', unit: LEAD, f: `(case when t_sign <= due_sc then 1 else 0 end)` },
    { cond: `${W} and late`, k: 11, at: 'due_hc', unit: LEAD, f: '0' },
    { cond: W, k: 7, at: 't_rep', unit: LEAD, f: `(case when t_rep <= due_hc then 1 else 0 end)` },
    { cond: W, k: 8, at: 't_cb', unit: LEAD, f: `(case sat1 when 0 then 12 when 1 then 20 else 0 end)` },
    { cond: `${W} and reo`, k: 9, at: 't_reo', unit: LEAD, f: '0' },
    { cond: `${W} and reo`, k: 6, at: 't_sign2', unit: LEAD, f: `(case when t_sign2 <= due_s3 then 1 else 0 end)` },
    { cond: `${W} and reo`, k: 7, at: 't_rep2', unit: LEAD, f: `(case when t_rep2 <= due_h3 then 1 else 0 end)` },
    { cond: `${W} and reo`, k: 8, at: 't_cb2', unit: LEAD, f: `(case sat2 when 0 then 12 when 1 then 20 else 0 end)` },
    { cond: W, k: 10, at: 't_close', unit: LEAD, f: `(2 + case when (case when reo then t_rep2 <= due_h3 else t_rep <= due_hc end) then 1 else 0 end)`, ms: `(w_rep - w_d1)` },
  ];
  const arr = (type: string, expr: (m: M) => string) => `array_remove(array[${marks.map((m) => `case when ${m.cond} and ${m.at} <= now then (${expr(m)})::${type} end`).join(', ')}], null)`;
  await phase('measure facts', async () => {
    await halves((half) => `insert into measure_facts (order_id, version, accepted_at, accepted_day, channel, request_type, category_id, territory_id, unit_id, phone, repeat,
        mk, md, mu, mf, mms, handling_from, handling_to, updated_at)
      select id, 1 + (${events.slice(1).map((e) => `(case when ${e.cond} and ${e.at} <= now then 1 else 0 end)`).join(' + ')}),
        acc, ${day('acc')}, ch, rt, cat, grid,
        case when path = 'work' and t_d1 <= now then case when sd and t_d2 <= now then lead2 else lead1 end else centre end,
        case when anon then null else phone end, false,
        ${arr('smallint', (m) => String(m.k))},
        ${arr('date', (m) => day(m.at))},
        ${arr('int', (m) => m.unit)},
        ${arr('smallint', (m) => m.f)},
        ${arr('bigint', (m) => m.ms ?? '0')},
        case when path = 'work' and t_d1 <= now then t_d1 end,
        case when path = 'work' and t_close <= now then t_last_rep end,
        now
      from bench_t where ${half}`);
    // The repeat flag: the caller asked about the same category within the 30 days before (ties: the smaller id first).
    await c.query(`update measure_facts f set repeat = true from (
        select order_id, accepted_at, lag(accepted_at) over (partition by phone, category_id order by accepted_at, order_id) as prev
        from measure_facts where phone is not null and category_id is not null) x
      where x.order_id = f.order_id and x.prev is not null and x.accepted_at - x.prev < interval '30 days'`);
  });
  return { start };
}

// ---- queries ----------------------------------------------------------------------------------

function randomQueries(seed: number, n: number, units: number[], cats: number[], terrs: number[], now: Date, days: number): { scope: Scope; period: Period }[] {
  const r = rng(seed);
  const today = localDate(now);
  const out: { scope: Scope; period: Period }[] = [];
  for (let i = 0; i < n; i++) {
    const dim = r.pick(DIMS);
    const key = dim === 'all' ? '' : dim === 'unit' ? String(r.pick(units)) : dim === 'category' ? String(r.pick(cats)) : dim === 'territory' ? String(r.pick(terrs))
      : dim === 'channel' ? r.pick(CHANNELS) : r.pick(REQUEST_TYPES);
    const kind = r.pick(['day', 'week', 'month', 'quarter', 'year', 'range'] as const);
    const d = addDays(today, -Math.floor(r.next() * (days - 1)));
    const period = kind === 'range' ? parsePeriod(`${d}..${addDays(d, Math.floor(r.next() * 180))}`)! : periodOf(kind, d);
    out.push({ scope: { dim, key }, period });
  }
  return out;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

// ---- main -------------------------------------------------------------------------------------

async function main() {
  const fresh = await freshDatabase(ADMIN_URL, 'minsheng_bench_m',
    ["work_mem = '256MB'", "maintenance_work_mem = '1GB'", 'max_parallel_maintenance_workers = 2', "timezone = 'UTC'", 'jit = off']);
  const url = fresh.url;
  let db: Db | null = null;
  const loader = new pg.Client({ connectionString: url });
  const loader2 = new pg.Client({ connectionString: url });
  const started = new Date();
  try {
    db = await openDb({ databaseUrl: url, poolSize: 4 });
    await migrate(db);
    await ensureBaseData(db);
    const city = await phase('city catalog', () => buildCity(db!));
    const catalog0 = await getCatalog(db);
    const version = (await db.query<{ v: string }>(sql`select current_setting('server_version') as v`)).rows[0]!.v;
    const wrap = (cl: pg.Client): Raw => ({
      query: async <T,>(q: string | Sql, params?: readonly unknown[]) => {
        const { text, values } = typeof q === 'string' ? { text: q, values: params as unknown[] } : q.compile();
        const r = await cl.query(text, values);
        return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
      },
      exec: async (sql: string) => {
        await cl.query(sql);
      },
    });
    await Promise.all([loader.connect(), loader2.connect()]);
    for (const cl of [loader, loader2]) await cl.query(`set session_replication_role = replica`);
    const lq = wrap(loader);
    // A throwaway database: drop foreign keys and load the big tables unlogged, then index them.
    const fks = await loader.query<{ t: string; c: string }>(`select conrelid::regclass::text as t, conname as c from pg_constraint where contype = 'f'`);
    for (const f of fks.rows) await loader.query(`alter table ${f.t} drop constraint ${f.c}`);
    for (const t of ['orders', 'order_events', 'measure_facts', 'measure_daily', 'measure_penalties']) await loader.query(`alter table ${t} set unlogged`);
    await loader.query(`alter table order_events drop constraint order_events_pkey, drop constraint order_events_order_id_seq_key`);
    await loader.query(`drop index order_events_type_at`);
    await loader.query(`drop index measure_facts_day; drop index measure_facts_repeat; drop index measure_facts_handling`);
    // The orders' secondary indexes too (rebuilt after the load, as the migrations define them).
    const orderIndexes = await loader.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes where tablename = 'orders' and indexname not in (select conname from pg_constraint where conrelid = 'orders'::regclass)`);
    for (const i of orderIndexes.rows) await loader.query(`drop index ${i.name}`);
    const now = new Date();
    const { start } = await generate(lq, wrap(loader2), city, now, db);
    await phase('indexes', async () => {
      await loader.query(`alter table order_events add primary key (id)`);
      await loader.query(`alter table order_events add constraint order_events_order_id_seq_key unique (order_id, seq)`);
      await loader.query(`create index order_events_type_at on order_events (type, at)`);
      await loader.query(`create index measure_facts_day on measure_facts (accepted_day)`);
      await loader.query(`create index measure_facts_repeat on measure_facts (phone, category_id, accepted_at) where phone is not null and category_id is not null`);
      await loader.query(`create index measure_facts_handling on measure_facts (handling_from) where handling_from is not null`);
      for (const i of orderIndexes.rows) await loader.query(i.def);
      await loader.query(`select setval(pg_get_serial_sequence('orders', 'id'), ${N})`);
    });
    const inTx = async (f: () => Promise<void>) => {
      await loader.query('begin');
      await f();
      await loader.query('commit');
    };
    await phase('daily sums (production rebuild)', () => inTx(() => rebuildRollups(lq)));
    await phase('drill-down marks (production rebuild)', () => inTx(() => rebuildPenalties(lq)));
    await loader.query(`update measure_state set tree_paths = $1`, [JSON.stringify(treePaths(catalog0))]);
    await loader.query('delete from measure_queue');
    await phase('vacuum analyze', async () => {
      await Promise.all([loader.query('vacuum analyze measure_daily'), loader2.query('analyze order_events')]);
      await Promise.all([loader.query('vacuum analyze measure_facts'), loader2.query('analyze orders')]);
      await loader.query('drop table bench_plan, bench_t');
    });

    const sizes = (await loader.query<Record<string, string | number>>(`select
      (select count(*) from order_events) as events, (select count(*) from measure_daily) as daily,
      (select count(*) from measure_penalties) as penalties,
      pg_size_pretty(pg_total_relation_size('order_events')) as events_size, pg_size_pretty(pg_total_relation_size('measure_facts')) as facts_size,
      pg_size_pretty(pg_total_relation_size('measure_daily')) as daily_size, pg_size_pretty(pg_database_size(current_database())) as db_size`)).rows[0]!;
    say(`${fmtN(N)} orders, ${fmtN(Number(sizes.events))} events, ${fmtN(Number(sizes.daily))} daily rows; database ${sizes.db_size}`);

    // The generated facts are what the domain's fold makes of the generated events.
    const catalog = await getCatalog(db);
    const sample = await phase(`fold check of ${fmtN(SAMPLE)} orders`, async () => {
      const r = rng(7);
      const ids = [...new Set(Array.from({ length: SAMPLE }, () => 1 + Math.floor(r.next() * N)))];
      const stored = await loadFacts(db!, ids);
      let bad = 0;
      let first = '';
      for (const id of ids) {
        const f = orderFacts(id, await loadEvents(db!, id), catalog.calendar);
        const s = stored.get(id)!.facts;
        const a = { ...f, version: 0, handlingTo: f.handlingTo?.getTime() ?? null, handlingFrom: f.handlingFrom?.getTime() ?? null, acceptedAt: f.acceptedAt.getTime() };
        const b = { ...s, version: 0, handlingTo: s.handlingTo?.getTime() ?? null, handlingFrom: s.handlingFrom?.getTime() ?? null, acceptedAt: s.acceptedAt.getTime() };
        if (!isDeepStrictEqual(a, b)) {
          bad++;
          first ||= `order ${id}: fold ${JSON.stringify(f.marks)} stored ${JSON.stringify(s.marks)}`;
        }
      }
      if (bad) say(`MISMATCH in ${bad} orders, e.g. ${first}`);
      return { checked: ids.length, bad };
    });

    const units = [...catalog.units.keys()];
    const cats = [...catalog.categories.keys()];
    const terrs = [...catalog.territories.keys()];
    const queries = randomQueries(2026, QUERIES + 30, units, cats, terrs, now, DAYS);
    const fastTimes: { kind: string; dim: string; ms: number }[] = [];
    await phase(`${QUERIES} fast-path queries`, async () => {
      for (const [i, q] of queries.entries()) {
        const t = performance.now();
        await fastMeasures(db!, q.scope, q.period.from, q.period.to);
        const took = performance.now() - t;
        if (i >= 30) fastTimes.push({ kind: q.period.kind, dim: q.scope.dim, ms: took }); // the first 30 warm up
      }
    });
    const naiveQs = randomQueries(99, NAIVE * 20, units, cats, terrs, now, DAYS)
      .filter((q) => daysBetween(q.period.from, q.period.to) <= NAIVE_MAX_DAYS).slice(0, NAIVE);
    const naive: { kind: string; dim: string; ms: number; fastMs: number; agree: boolean; received: number }[] = [];
    await phase(`${NAIVE} naive recomputations`, async () => {
      for (const q of naiveQs) {
        let t = performance.now();
        const fast = await fastMeasures(db!, q.scope, q.period.from, q.period.to);
        const fastMs = performance.now() - t;
        t = performance.now();
        const slow = await naiveMeasures(db!, catalog, q.scope, q.period.from, q.period.to);
        const took = performance.now() - t;
        naive.push({ kind: q.period.kind, dim: q.scope.dim, ms: took, fastMs, agree: isDeepStrictEqual(fast, slow), received: fast.counts.received });
        say(`  naive ${q.scope.dim}${q.scope.key ? `:${q.scope.key}` : ""} ${q.period.key}: ${ms(took)} ms (fast ${ms(fastMs)} ms) ${isDeepStrictEqual(fast, slow) ? 'agree' : 'DIFFER'}`);
      }
    });

    const all = fastTimes.map((x) => x.ms);
    const row = (label: string, xs: number[]) => `| ${label} | ${xs.length} | ${ms(percentile(xs, 50))} | ${ms(percentile(xs, 95))} | ${ms(percentile(xs, 99))} | ${ms(Math.max(...xs))} |`;
    const naiveAll = naive.map((x) => x.ms);
    const agreeN = naive.filter((x) => x.agree).length;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const total = phases.reduce((s, p) => s + p.seconds, 0);
    const section = [
      `<!-- bench:${N} -->`,
      `## ${fmtN(N)} orders`,
      '',
      `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}; PostgreSQL ${version} on the same machine (shared_buffers ${(await loader.query<{ s: string }>(`select current_setting('shared_buffers') as s`)).rows[0]!.s}; the bench database sets work_mem 256MB and jit off); Node ${process.version}.`,
      '',
      `Data: ${fmtN(N)} orders over ${DAYS} days (${localDate(start)} to ${localDate(now)}) in a city of ${DISTRICTS} districts (${fmtN(catalog.territories.size)} territories, ${fmtN(catalog.units.size)} units, ${fmtN(catalog.categories.size)} categories); ${fmtN(Number(sizes.events))} events (${sizes.events_size}), measure facts ${sizes.facts_size}, ${fmtN(Number(sizes.daily))} daily-sum rows (${sizes.daily_size}); database ${sizes.db_size}.`,
      `Fold check: the domain's \`orderFacts\` of the generated events equals the generated facts for ${fmtN(sample.checked)} random orders${sample.bad ? ` **except ${sample.bad}**` : ''}.`,
      '',
      '**Fast path** (`fastMeasures`: all counters, rates and the handling-time histogram of one scope and period), random scope and period, after 30 warm-up queries:',
      '',
      '| queries | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- |',
      row('all', all),
      ...(['day', 'week', 'month', 'quarter', 'year', 'range'] as const).map((k) => row(`period: ${k}`, fastTimes.filter((x) => x.kind === k).map((x) => x.ms))),
      ...DIMS.map((d) => row(`scope: ${d}`, fastTimes.filter((x) => x.dim === d).map((x) => x.ms))),
      '',
      `**Naive recomputation from the raw events** (\`naiveMeasures\`: find the orders with an event in the period through the (type, at) index, load their whole event logs, fold each with the domain, sum the marks in scope), on ${naive.length} other random queries in the same run${NAIVE_MAX_DAYS < 10_000 ? ` (periods up to ${NAIVE_MAX_DAYS} days: a longer one reads millions of events per query)` : ''}: p50 ${ms(percentile(naiveAll, 50))} ms, p95 ${ms(percentile(naiveAll, 95))} ms, max ${ms(Math.max(...naiveAll))} ms. **Exact agreement with the fast path: ${agreeN} of ${naive.length}.**`,
      '',
      '| scope | period | requests received | naive ms | fast ms | agree |',
      '| --- | --- | --- | --- | --- | --- |',
      ...naive.map((x, i) => `| ${naiveQs[i]!.scope.dim}${naiveQs[i]!.scope.key ? `:${naiveQs[i]!.scope.key}` : ''} | ${naiveQs[i]!.period.key} | ${fmtN(x.received)} | ${ms(x.ms)} | ${ms(x.fastMs)} | ${x.agree ? 'yes' : '**no**'} |`),
      '',
      `Phases (${(total / 60).toFixed(1)} min in all, the timed queries included):`,
      '',
      '| phase | seconds |',
      '| --- | --- |',
      ...phases.map((p) => `| ${p.name} | ${p.seconds.toFixed(1)} |`),
      `<!-- /bench:${N} -->`,
    ].join('\n');
    writeDoc(section, N);
    say(`fast p50 ${ms(percentile(all, 50))} ms, p95 ${ms(percentile(all, 95))} ms; naive p50 ${ms(percentile(naiveAll, 50))} ms, p95 ${ms(percentile(naiveAll, 95))} ms; agree ${agreeN}/${naive.length}`);
    if (sample.bad || agreeN !== naive.length) process.exitCode = 1;
  } finally {
    await loader.end().catch(() => undefined);
    await loader2.end().catch(() => undefined);
    await db?.close();
    if (!KEEP) await fresh.drop();
    else say(`kept database ${fresh.name}`);
  }
}

const DOC = new URL('../docs/benchmarks-measures.md', import.meta.url);
const HEAD = `# Measures at city scale

\`npm run bench:measures\` (\`bench/measures.ts\`) generates a city's history on PostgreSQL in a
database of its own, then times the measures of random scopes and periods on the fast path and,
in the same run, the naive recomputation from the raw events, and checks that both agree exactly.
\`BENCH_ORDERS\` sets the size (default 1,000,000; \`BENCH_ORDERS=10000000\` for the full run),
\`BENCH_QUERIES\`, \`BENCH_NAIVE\` and \`BENCH_DAYS\` the rest. Each run replaces its own section below.

How the data is made: orders and their whole event logs are generated with bulk SQL
(\`generate_series\`, \`INSERT … SELECT\`) into unlogged tables without foreign keys (a throwaway
database; reads are the same as on logged tables), with the paths a real centre sees: answered at
once, merged, withdrawn, dispatched, returned and dispatched again (5%), signed for late (8%),
replied late with an overdue escalation (6%), unsatisfied and reopened, repeat callers (6%).
The measure facts are generated beside the events; a sample is checked against the domain's own
fold of those events (\`orderFacts\`), which is what the sweep writes in production. The daily
sums and the drill-down table are then built by the production rebuild (\`rebuildRollups\`,
\`rebuildPenalties\`). The target: measures of any scope and period within 500 ms at the 95th
percentile at 10M orders.
`;

function writeDoc(section: string, n: number) {
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEAD;
  if (!doc.startsWith('# Measures at city scale')) doc = HEAD;
  const re = new RegExp(`<!-- bench:${n} -->[\\s\\S]*?<!-- /bench:${n} -->`);
  doc = re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`;
  // Keep the sections in order of size.
  const parts = [...doc.matchAll(/<!-- bench:(\d+) -->[\s\S]*?<!-- \/bench:\1 -->/g)].map((m) => ({ n: Number(m[1]), text: m[0] }));
  const head = doc.slice(0, doc.indexOf('<!-- bench:')).trimEnd();
  doc = `${head}\n\n${parts.sort((a, b) => a.n - b.n).map((p) => p.text).join('\n\n')}\n`;
  writeFileSync(DOC, doc);
}

await main();
