// The fast path's upkeep. The events are the source: a consumer of the event log
// (src/events/consumer.ts, `measuresConsumer`) puts the orders whose events changed into
// `measure_queue` (so does a calendar change, for the orders whose handling time spans the changed
// days). The sweep takes a batch, folds each order's whole event history with the domain's
// `orderFacts`, and writes the difference between the old and the new marks into the daily sums.
// Only one process works at a time (a transaction-scoped advisory lock; the others skip), each
// batch is one transaction, and the queue rows go with it: a crash loses nothing and repeats nothing.
import { createHash } from 'node:crypto';
import { endOfLocalDay, localDate, startOfLocalDay } from '../../domain/calendar.ts';
import {
  addMark, COUNTERS, emptyTally, markKeys, orderFacts, repeatFlags, type Ancestry, type Mark, type OrderFacts, type Tally,
} from '../../domain/measures.ts';
import type { PenaltyKind } from '../../domain/assessment.ts';
import type { OrderEvent } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { CHANNELS, REQUEST_TYPES } from '../../domain/types.ts';
import type { Db, Queryable, Tx } from '../../store/db.ts';
import { rowToEvent } from '../../store/orders.ts';
import { runConsumer, type Consumer } from '../../events/consumer.ts';
import { cursorOf, eventsBefore } from '../../store/events.ts';
import {
  catalogAncestry, COLUMN, COUNTER_COLUMNS, counterSql, FACTS_COLUMNS, factsToJson, KIND_CODE, rowToFacts, type FactsRow,
} from './encode.ts';

/** One process folds at a time (advisory lock keys in use: 12345_0001 migrations, _0002 bootstrap, _0003 demo seed, _0041 hot-issue warnings, _0501/_0502 intake). */
const LOCK_KEY = 12345_0040;

export interface RefreshResult {
  /** Orders folded. */
  orders: number;
  /** Orders still queued (the budget ran out, or another process holds the lock). */
  pending: number;
  busy: boolean;
  rebuilt: boolean;
}

export interface RefreshOptions {
  batch?: number;
  /** Stop starting new batches after this long. */
  budgetMs?: number;
}

/** Every event may change an order's marks: its order is folded again. */
export const measuresConsumer: Consumer = {
  name: 'measures',
  handles: 'all',
  batch: 2000,
  async handle(events, { tx }) {
    const first = new Map<number, Date>();
    for (const e of events) if (!first.has(e.orderId) || e.at < first.get(e.orderId)!) first.set(e.orderId, e.at);
    if (first.size) await enqueueOrders(tx!, [...first.keys()], [...first.values()]);
  },
};

async function enqueueOrders(tx: Queryable, orderIds: number[], at: Date[]): Promise<void> {
  await tx.query('insert into measure_queue (order_id, at) select * from unnest($1::int[], $2::timestamptz[])', [orderIds, at]);
}

/** Read the new events, then fold the queued orders into the measure tables until the queue is empty or the budget is spent. */
export async function refreshMeasures(db: Db, now: Date, o: RefreshOptions = {}): Promise<RefreshResult> {
  await runConsumer({ db, clock: { now: () => now } }, measuresConsumer);
  const batch = o.batch ?? 1000;
  const budget = o.budgetMs ?? 10_000;
  const started = Date.now();
  const out: RefreshResult = { orders: 0, pending: 0, busy: false, rebuilt: false };
  for (;;) {
    const catalog = await getCatalog(db);
    const r = await db.transaction((tx) => refreshBatch(tx, catalog, now, batch));
    if (r === 'busy') {
      out.busy = true;
      break;
    }
    out.rebuilt ||= r.rebuilt;
    out.orders += r.orders;
    if (r.orders === 0 || Date.now() - started > budget) break;
  }
  out.pending = await pendingCount(db);
  return out;
}

/** Orders waiting to be folded: queued, or with events the measures have not read yet. */
export async function pendingCount(db: Queryable): Promise<number> {
  const read = await cursorOf(db, measuresConsumer.name);
  const r = await db.query<{ n: number }>(
    `select count(*)::int as n from (select order_id from measure_queue union select order_id from order_events where id > $1) x`, [read]);
  return r.rows[0]!.n;
}

/** How fresh the measures are: when the last batch was folded, and how many orders wait in the queue. */
export async function freshness(db: Queryable): Promise<{ refreshedAt: string | null; pending: number }> {
  const [r, pending] = await Promise.all([
    db.query<{ refreshed_at: Date | null }>('select refreshed_at from measure_state where id = 1'),
    pendingCount(db),
  ]);
  const at = r.rows[0]?.refreshed_at;
  return { refreshedAt: at ? new Date(at).toISOString() : null, pending };
}

/** Are all events before `at` folded into the measures? (Steps taken now queue rows stamped now.) */
export async function caughtUpTo(db: Queryable, at: Date): Promise<boolean> {
  if (await eventsBefore(db, await cursorOf(db, measuresConsumer.name), at)) return false;
  const r = await db.query('select 1 from measure_queue where at < $1 limit 1', [at]);
  return r.rows.length === 0;
}

/** Every tree node's path, as the daily sums were last built against. */
export function treePaths(c: Catalog): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, m] of [['u', c.units], ['c', c.categories], ['t', c.territories]] as const) {
    for (const [id, n] of m) out[`${name}${id}`] = n.path;
  }
  return out;
}

/** A node the sums were built with has moved or gone: ancestors changed, the sums must be rebuilt. New nodes change nothing. */
export function treeMoved(before: Record<string, string> | null, now: Record<string, string>): boolean {
  if (before === null) return true;
  return Object.entries(before).some(([k, path]) => now[k] !== path);
}

function calendarList(c: Catalog): string[] {
  return [...[...c.calendar.offDays].map((d) => `${d}:off`), ...[...c.calendar.workDays].map((d) => `${d}:work`)].sort();
}

async function refreshBatch(tx: Tx, catalog: Catalog, now: Date, batch: number): Promise<'busy' | { orders: number; rebuilt: boolean }> {
  const lock = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [LOCK_KEY]);
  if (!lock.rows[0]!.ok) return 'busy';
  const state = (await tx.query<{ tree_paths: Record<string, string> | null; calendar_fingerprint: string; calendar: string[] }>(
    'select tree_paths, calendar_fingerprint, calendar from measure_state where id = 1',
  )).rows[0]!;
  const anc = catalogAncestry(catalog);

  // The calendar changed: handling times spanning the changed days are folded again.
  const cal = calendarList(catalog);
  const calFp = createHash('sha256').update(cal.join(',')).digest('hex').slice(0, 32);
  if (calFp !== state.calendar_fingerprint) {
    const before = new Set(state.calendar);
    const changed = [...cal.filter((d) => !before.has(d)), ...state.calendar.filter((d) => !cal.includes(d))].map((d) => d.slice(0, 10)).sort();
    if (changed.length) {
      await tx.query(
        `insert into measure_queue (order_id, at) select order_id, accepted_at from measure_facts
         where handling_from < $2 and handling_to >= $1 order by order_id`,
        [startOfLocalDay(changed[0]!), endOfLocalDay(changed[changed.length - 1]!)],
      );
    }
    await tx.query('update measure_state set calendar_fingerprint = $1, calendar = $2 where id = 1', [calFp, JSON.stringify(cal)]);
  }

  // A unit, category or territory moved: the sums by scope are rebuilt from the facts. New nodes need nothing.
  let rebuilt = false;
  const paths = treePaths(catalog);
  if (treeMoved(state.tree_paths, paths)) {
    await rebuildRollups(tx);
    rebuilt = true;
  }
  if (rebuilt || Object.keys(paths).length !== Object.keys(state.tree_paths ?? {}).length) {
    await tx.query('update measure_state set tree_paths = $1 where id = 1', [JSON.stringify(paths)]);
  }

  const q = await tx.query<{ id: number; order_id: number }>('select id, order_id from measure_queue order by id limit $1', [batch]);
  if (!q.rows.length) return { orders: 0, rebuilt };
  const orderIds = [...new Set(q.rows.map((r) => r.order_id))];
  const [events, old] = await Promise.all([loadEventsOf(tx, orderIds), loadFacts(tx, orderIds)]);

  const next = new Map<number, OrderFacts>();
  for (const id of orderIds) {
    const evs = events.get(id);
    if (evs?.length) next.set(id, orderFacts(id, evs, catalog.calendar));
  }

  // Repeat requests depend on the caller's other requests: settle every touched (phone, category) group.
  const groups = new Map<string, [string, number]>();
  for (const f of [...[...old.values()].map((x) => x.facts), ...next.values()]) {
    if (f.phone && f.categoryId !== null) groups.set(`${f.phone}\u0000${f.categoryId}`, [f.phone, f.categoryId]);
  }
  const flags = new Map<number, boolean>();
  const members = new Map<number, { repeat: boolean }>();
  if (groups.size) {
    const rows = await tx.query<{ order_id: number; phone: string; category_id: number; accepted_at: Date; repeat: boolean }>(
      `select order_id, phone, category_id, accepted_at, repeat from measure_facts
       where (phone, category_id) in (select * from unnest($1::text[], $2::int[]))`,
      [[...groups.values()].map((g) => g[0]), [...groups.values()].map((g) => g[1])],
    );
    const items = rows.rows.filter((r) => !next.has(r.order_id)).map((r) => ({ orderId: r.order_id, acceptedAt: new Date(r.accepted_at), phone: r.phone, categoryId: r.category_id }));
    for (const r of rows.rows) members.set(r.order_id, { repeat: r.repeat });
    for (const f of next.values()) items.push({ orderId: f.orderId, acceptedAt: f.acceptedAt, phone: f.phone!, categoryId: f.categoryId! });
    const rep = repeatFlags(items);
    for (const it of items) flags.set(it.orderId, rep.has(it.orderId));
  }

  // Others in those groups whose flag moved: their received mark changes too.
  const moved = [...members.entries()].filter(([id, m]) => !next.has(id) && flags.has(id) && flags.get(id) !== m.repeat).map(([id]) => id);
  const movedFacts = moved.length ? await loadFacts(tx, moved) : new Map<number, { facts: OrderFacts; repeat: boolean }>();

  const deltas = new Map<string, Tally>();
  const apply = (f: OrderFacts, repeat: boolean, sign: 1 | -1) => addMarks(deltas, f, repeat, sign, anc);
  for (const id of orderIds) {
    const was = old.get(id);
    if (was) apply(was.facts, was.repeat, -1);
    const now_ = next.get(id);
    if (now_) apply(now_, flags.get(id) ?? false, 1);
  }
  for (const [id, m] of movedFacts) {
    apply(m.facts, m.repeat, -1);
    apply(m.facts, flags.get(id)!, 1);
  }

  await upsertFacts(tx, [...next.values()].map((f) => factsToJson(f, flags.get(f.orderId) ?? false, localDate(f.acceptedAt), now)));
  if (moved.length) {
    await tx.query('update measure_facts set repeat = not repeat where order_id = any($1::int[])', [moved]);
  }
  await applyDeltas(tx, deltas);
  await replacePenalties(tx, orderIds, next);
  await tx.query('delete from measure_queue where id = any($1::bigint[])', [q.rows.map((r) => r.id)]);
  await tx.query('update measure_state set refreshed_at = $1 where id = 1', [now]);
  return { orders: orderIds.length, rebuilt };
}

function addMarks(deltas: Map<string, Tally>, f: OrderFacts, repeat: boolean, sign: 1 | -1, anc: Ancestry): void {
  for (const m of f.marks) {
    for (const s of markKeys(m, f, anc)) {
      const key = `${s.dim}\u0000${s.key}\u0000${m.day}`;
      let t = deltas.get(key);
      if (!t) deltas.set(key, (t = emptyTally()));
      addMark(t, m, repeat, sign);
    }
  }
}

/** The whole event history of each order, in order (the refresh and the naive recomputation fold it). */
export async function loadEventsOf(db: Queryable, orderIds: number[]): Promise<Map<number, OrderEvent[]>> {
  const r = await db.query<Record<string, unknown> & { order_id: number }>(
    `select order_id, seq, type, at, actor_user_id, actor_unit_id, actor_role, actor_name, note, data
     from order_events where order_id = any($1::int[]) order by order_id, seq`,
    [orderIds],
  );
  const out = new Map<number, OrderEvent[]>();
  for (const row of r.rows) {
    let list = out.get(row.order_id);
    if (!list) out.set(row.order_id, (list = []));
    list.push(rowToEvent(row as never));
  }
  return out;
}

export async function loadFacts(db: Queryable, orderIds: number[]): Promise<Map<number, { facts: OrderFacts; repeat: boolean }>> {
  const r = await db.query<FactsRow>(`select ${FACTS_COLUMNS} from measure_facts where order_id = any($1::int[])`, [orderIds]);
  return new Map(r.rows.map((row) => [row.order_id, { facts: rowToFacts(row), repeat: row.repeat }]));
}

const FACTS_RECORD = `order_id int, version int, accepted_at timestamptz, accepted_day date, channel text, request_type text,
  category_id int, territory_id int, unit_id int, phone text, repeat boolean, mk smallint[], md date[], mu int[], mf smallint[],
  mms bigint[], handling_from timestamptz, handling_to timestamptz, updated_at timestamptz`;

async function upsertFacts(tx: Tx, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.query(
      `insert into measure_facts select * from jsonb_to_recordset($1::jsonb) as x(${FACTS_RECORD})
       on conflict (order_id) do update set version = excluded.version, unit_id = excluded.unit_id, repeat = excluded.repeat,
         mk = excluded.mk, md = excluded.md, mu = excluded.mu, mf = excluded.mf, mms = excluded.mms,
         handling_from = excluded.handling_from, handling_to = excluded.handling_to, updated_at = excluded.updated_at`,
      [JSON.stringify(rows.slice(i, i + 2000))],
    );
  }
}

const DAILY_RECORD = `dim text, key text, day date, ${COUNTER_COLUMNS.map((c) => `${c} int`).join(', ')}, handling_ms bigint, hist_b smallint[], hist_n int[]`;

async function applyDeltas(tx: Tx, deltas: Map<string, Tally>): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const [k, t] of deltas) {
    if (t.handlingMs === 0 && t.hist.size === 0 && COUNTERS.every((c) => t.n[c] === 0)) continue;
    const [dim, key, day] = k.split('\u0000');
    const buckets = [...t.hist.keys()].sort((a, b) => a - b);
    const row: Record<string, unknown> = { dim, key, day, handling_ms: t.handlingMs, hist_b: buckets, hist_n: buckets.map((b) => t.hist.get(b)) };
    for (const c of COUNTERS) row[COLUMN[c]] = t.n[c];
    rows.push(row);
  }
  rows.sort((a, b) => (String(a.dim) + a.key + a.day < String(b.dim) + b.key + b.day ? -1 : 1));
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.query(
      `insert into measure_daily (dim, key, day, ${COUNTER_COLUMNS.join(', ')}, handling_ms, hist_b, hist_n)
       select * from jsonb_to_recordset($1::jsonb) as x(${DAILY_RECORD})
       on conflict (dim, key, day) do update set
         ${COUNTER_COLUMNS.map((c) => `${c} = measure_daily.${c} + excluded.${c}`).join(', ')},
         handling_ms = measure_daily.handling_ms + excluded.handling_ms,
         (hist_b, hist_n) = (select h.b, h.n from minsheng_hist_add(measure_daily.hist_b, measure_daily.hist_n, excluded.hist_b, excluded.hist_n) h)`,
      [JSON.stringify(rows.slice(i, i + 2000))],
    );
  }
}

/** The marks that cost a unit points (the assessment drill-down). */
export function penaltiesOf(m: Mark): PenaltyKind[] {
  switch (m.k) {
    case 'signed': return m.ok ? [] : ['sign_late'];
    case 'replied': return m.ok ? [] : ['reply_late'];
    case 'closed': return m.ok ? [] : ['close_late'];
    case 'callback': return [...(m.sat === 'unsatisfied' ? ['unsatisfied' as const] : []), ...(m.solved ? [] : ['unsolved' as const])];
    case 'reopened': return ['reopened'];
    case 'second_dispatch': return ['second_dispatch'];
    case 'overdue': return ['overdue'];
    default: return [];
  }
}

async function replacePenalties(tx: Tx, orderIds: number[], facts: Map<number, OrderFacts>): Promise<void> {
  await tx.query('delete from measure_penalties where order_id = any($1::int[])', [orderIds]);
  const o: number[] = [];
  const d: string[] = [];
  const u: number[] = [];
  const k: string[] = [];
  for (const f of facts.values()) {
    for (const m of f.marks) {
      if (m.unit === null) continue;
      for (const p of penaltiesOf(m)) {
        o.push(f.orderId);
        d.push(m.day);
        u.push(m.unit);
        k.push(p);
      }
    }
  }
  if (o.length) {
    await tx.query('insert into measure_penalties (order_id, day, unit_id, kind) select * from unnest($1::int[], $2::date[], $3::int[], $4::text[])', [o, d, u, k]);
  }
}

// ---- rebuild ----------------------------------------------------------------------------------

const MARKS_OF_FACTS = `select f.channel, f.request_type, f.category_id, f.territory_id, f.repeat, u.k, u.d, u.unit, u.fl, u.ms
  from measure_facts f cross join lateral unnest(f.mk, f.md, f.mu, f.mf, f.mms) as u(k, d, unit, fl, ms)`;

// Dimensions as small codes while summing (integer keys hash faster than text): 0 all, 1 unit,
// 2 category, 3 territory, 4 channel (index in CHANNELS), 5 request type (index in REQUEST_TYPES).
const DIM_OF_GROUPING = `case when grouping(unit) = 0 then 1 when grouping(category_id) = 0 then 2 when grouping(territory_id) = 0 then 3
  when grouping(channel) = 0 then 4 when grouping(request_type) = 0 then 5 else 0 end`;
const KEY_OF_GROUPING = `case when grouping(unit) = 0 then unit when grouping(category_id) = 0 then category_id when grouping(territory_id) = 0 then territory_id
  when grouping(channel) = 0 then array_position($1::text[], channel) when grouping(request_type) = 0 then array_position($2::text[], request_type) else 0 end`;
const SETS = (extra: string) => `grouping sets ((d${extra}), (d, unit${extra}), (d, category_id${extra}), (d, territory_id${extra}), (d, channel${extra}), (d, request_type${extra}))`;
// Every tree node with each of its ancestors (itself included), from the materialised paths.
const ANCESTORS = `
  select 1 as dc, x.id, a.id as anc from units x cross join lateral unnest(string_to_array(trim(both '/' from x.path), '/')::int[]) as a(id)
  union all select 2, x.id, a.id from categories x cross join lateral unnest(string_to_array(trim(both '/' from x.path), '/')::int[]) as a(id)
  union all select 3, x.id, a.id from territories x cross join lateral unnest(string_to_array(trim(both '/' from x.path), '/')::int[]) as a(id)`;

/**
 * Rebuild every daily sum from the facts, in SQL: the marks are summed by day and one dimension
 * at a time (grouping sets, integer keys), then each tree node's sums are added to its ancestors'.
 * Used when a tree changes, and by the bench after a bulk load.
 */
export async function rebuildRollups(tx: Queryable): Promise<void> {
  const sql = counterSql();
  const cols = COUNTER_COLUMNS;
  // One large job inside the caller's transaction: more memory for hashing, no JIT, no memoizing the
  // unnest of every facts row; intermediate results in analyzed temporary tables so joins are planned on real sizes.
  for (const s of ["work_mem = '512MB'", 'hash_mem_multiplier = 4', 'enable_memoize = off', 'jit = off']) await tx.query(`set local ${s}`);
  await tx.query(`create temp table rb_fine on commit drop as
    select ${DIM_OF_GROUPING} as dc, ${KEY_OF_GROUPING} as k, d,
      ${COUNTERS.map((c) => `(count(*) filter (where ${sql[c]}))::int as ${COLUMN[c]}`).join(', ')},
      coalesce(sum(ms) filter (where k = ${KIND_CODE.closed}), 0)::bigint as handling_ms
    from (${MARKS_OF_FACTS}) m
    group by ${SETS('')}`, [CHANNELS, REQUEST_TYPES]);
  await tx.query(`create temp table rb_hist on commit drop as
    select ${DIM_OF_GROUPING} as dc, ${KEY_OF_GROUPING} as k, d, b, count(*)::int as n
    from (select m.*, ((m.ms + 4320000) / 8640000)::smallint as b from (${MARKS_OF_FACTS}) m where m.k = ${KIND_CODE.closed}) m
    group by ${SETS(', b')}`, [CHANNELS, REQUEST_TYPES]);
  await tx.query(`create temp table rb_anc on commit drop as ${ANCESTORS}`);
  await tx.query('analyze rb_fine, rb_hist, rb_anc');
  await tx.query('delete from measure_daily');
  await tx.query(`
    insert into measure_daily (dim, key, day, ${cols.join(', ')}, handling_ms, hist_b, hist_n)
    with s as (
      select f.dc, a.anc as k, f.d, ${cols.map((c) => `sum(f.${c})::int as ${c}`).join(', ')}, sum(f.handling_ms)::bigint as handling_ms
      from rb_fine f join rb_anc a on a.dc = f.dc and a.id = f.k group by f.dc, a.anc, f.d
      union all
      select dc, k, d, ${cols.join(', ')}, handling_ms from rb_fine where dc in (0, 4, 5) and k is not null
    ),
    h as (
      select dc, k, d, array_agg(b order by b) as hist_b, array_agg(n order by b) as hist_n from (
        select f.dc, a.anc as k, f.d, f.b, sum(f.n)::int as n from rb_hist f join rb_anc a on a.dc = f.dc and a.id = f.k group by f.dc, a.anc, f.d, f.b
        union all
        select dc, k, d, b, n from rb_hist where dc in (0, 4, 5) and k is not null
      ) x group by dc, k, d
    )
    select (array['all', 'unit', 'category', 'territory', 'channel', 'requestType'])[s.dc + 1],
      case s.dc when 0 then '' when 4 then ($1::text[])[s.k] when 5 then ($2::text[])[s.k] else s.k::text end,
      s.d, ${cols.map((c) => `s.${c}`).join(', ')}, s.handling_ms, coalesce(h.hist_b, '{}'), coalesce(h.hist_n, '{}')
    from s left join h on h.dc = s.dc and h.k = s.k and h.d = s.d
    order by 1, 2, 3`, [CHANNELS, REQUEST_TYPES]);
  await tx.query('drop table rb_fine, rb_hist, rb_anc');
}

/** Rebuild the drill-down table from the facts (bench after a bulk load). */
export async function rebuildPenalties(tx: Queryable): Promise<void> {
  await tx.query('delete from measure_penalties');
  await tx.query(`
    insert into measure_penalties (order_id, day, unit_id, kind)
    select order_id, d, unit, kind from (
      select f.order_id, u.d, u.unit, case
          when u.k = 6 and (u.fl & 1) = 0 then array['sign_late']
          when u.k = 7 and (u.fl & 1) = 0 then array['reply_late']
          when u.k = 10 and (u.fl & 1) = 0 then array['close_late']
          when u.k = 8 then (case when (u.fl & 24) = 0 then array['unsatisfied'] else '{}'::text[] end)
                            || (case when (u.fl & 4) = 0 then array['unsolved'] else '{}'::text[] end)
          when u.k = 9 then array['reopened']
          when u.k = 5 then array['second_dispatch']
          when u.k = 11 then array['overdue']
          else '{}'::text[] end as kinds
      from measure_facts f cross join lateral unnest(f.mk, f.md, f.mu, f.mf) as u(k, d, unit, fl)
      where u.unit is not null
    ) x cross join lateral unnest(x.kinds) as kind`);
}
