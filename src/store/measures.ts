// The measures' tables: `measure_facts` (each order's fixed scope keys and its marks),
// `measure_daily` (the daily sums by scope, the fast path), `measure_penalties` (the marks that
// cost a unit points, the assessment's drill-down), `measure_state` (what the sums were last
// built against) and `measure_queue` (the orders waiting to be folded again); how facts and daily
// sums are stored (mark kinds as small codes, flags as bits, counters as columns: the SQL here and
// the JS in domain/measures.ts must read the same numbers); the raw event log as the folds read
// it; and the snapshot counts taken from the orders projection (overdue now, open orders).
import {
  COUNTERS, emptyTally, MARK_KINDS, type Counter, type Dim, type Mark, type MarkKind, type OrderFacts, type RepeatKey, type Scope, type Tally,
} from '../domain/measures.ts';
import type { Catalog } from '../domain/catalog.ts';
import { OPEN_STATES, type OrderEvent } from '../domain/order.ts';
import { CHANNELS, REQUEST_TYPES, type Channel, type RequestType, type Satisfaction } from '../domain/types.ts';
import type { Queryable, Tx } from './db.ts';
import { clockRunning, inSubtree } from './fragments.ts';
import { countOrders, EVENT_COLUMNS, rowToEvent, type EventRow } from './orders.ts';
import { sql, type Sql } from './sql.ts';

// ---- encoding ---------------------------------------------------------------------------------

export const KIND_CODE: Record<MarkKind, number> = Object.fromEntries(MARK_KINDS.map((k, i) => [k, i + 1])) as Record<MarkKind, number>;
const KIND_OF = new Map(MARK_KINDS.map((k, i) => [i + 1, k]));

export const FLAG = { ok: 1, cb: 2, solved: 4, satisfied: 8, basic: 16 } as const;

export function markFlags(m: Mark): number {
  let f = 0;
  if (m.ok) f |= FLAG.ok;
  if (m.cb) f |= FLAG.cb;
  if (m.solved) f |= FLAG.solved;
  if (m.sat === 'satisfied') f |= FLAG.satisfied;
  if (m.sat === 'basically_satisfied') f |= FLAG.basic;
  return f;
}

export function markOf(k: number, day: string, unit: number | null, f: number, ms: number): Mark {
  const kind = KIND_OF.get(k);
  if (!kind) throw new Error(`unknown mark kind ${k}`);
  const m: Mark = { k: kind, day, unit };
  if (kind === 'signed' || kind === 'replied' || kind === 'closed') m.ok = (f & FLAG.ok) !== 0;
  if (kind === 'closed') {
    m.cb = (f & FLAG.cb) !== 0;
    m.ms = ms;
  }
  if (kind === 'callback') {
    m.solved = (f & FLAG.solved) !== 0;
    m.sat = (f & FLAG.satisfied ? 'satisfied' : f & FLAG.basic ? 'basically_satisfied' : 'unsatisfied') as Satisfaction;
  }
  return m;
}

/** measure_daily column of each counter. */
export const COLUMN: Record<Counter, string> = {
  received: 'received', repeat: 'repeats', valid: 'valid', answered: 'answered', dispatched: 'dispatched', secondDispatched: 'second_dispatched',
  signed: 'signed', signedOnTime: 'signed_on_time', replied: 'replied', repliedOnTime: 'replied_on_time', rated: 'rated', satisfied: 'satisfied',
  basicallySatisfied: 'basically_satisfied', solved: 'solved', reopened: 'reopened', closed: 'closed', closedOnTime: 'closed_on_time',
  closedCalledBack: 'closed_called_back', wentOverdue: 'went_overdue',
};
export const COUNTER_COLUMNS = COUNTERS.map((c) => COLUMN[c]);

/** Each counter column as `prefix + column + suffix`, joined by commas: column lists chosen by the code, never input. */
const columns = (f: (c: string) => string): Sql => sql.raw(COUNTER_COLUMNS.map(f).join(', '));

/**
 * When one unnested mark adds 1 to each counter, in SQL: columns k (kind code), fl (flags) and
 * repeat must be in scope. Mirrors domain/measures.ts addMark. Used as `count(*) filter (where …)`.
 */
function counterConditions(): Record<Counter, string> {
  const k = (name: MarkKind) => `k = ${KIND_CODE[name]}`;
  const f = (bit: number) => `(fl & ${bit}) <> 0`;
  return {
    received: k('received'),
    repeat: `${k('received')} and repeat`,
    valid: `(${k('answered')} or ${k('registered')})`,
    answered: k('answered'),
    dispatched: k('dispatched'),
    secondDispatched: k('second_dispatch'),
    signed: k('signed'),
    signedOnTime: `${k('signed')} and ${f(FLAG.ok)}`,
    replied: k('replied'),
    repliedOnTime: `${k('replied')} and ${f(FLAG.ok)}`,
    rated: k('callback'),
    satisfied: `${k('callback')} and ${f(FLAG.satisfied)}`,
    basicallySatisfied: `${k('callback')} and ${f(FLAG.basic)}`,
    solved: `${k('callback')} and ${f(FLAG.solved)}`,
    reopened: k('reopened'),
    closed: k('closed'),
    closedOnTime: `${k('closed')} and ${f(FLAG.ok)}`,
    closedCalledBack: `${k('closed')} and ${f(FLAG.cb)}`,
    wentOverdue: k('overdue'),
  };
}

export interface FactsRow {
  order_id: number;
  version: number;
  accepted_at: Date;
  channel: string;
  request_type: string;
  category_id: number | null;
  territory_id: number | null;
  unit_id: number | null;
  phone: string | null;
  repeat: boolean;
  mk: number[];
  md: string[];
  mu: (number | null)[];
  mf: number[];
  mms: (number | string)[];
  handling_from: Date | null;
  handling_to: Date | null;
}

/** md as text: node-postgres would turn a date[] into JavaScript Dates. */
const FACTS_COLUMNS = sql.raw('order_id, version, accepted_at, channel, request_type, category_id, territory_id, unit_id, phone, repeat, mk, md::text[] as md, mu, mf, mms, handling_from, handling_to');

export function rowToFacts(r: FactsRow): OrderFacts {
  return {
    orderId: r.order_id,
    version: r.version,
    acceptedAt: new Date(r.accepted_at),
    channel: r.channel as Channel,
    requestType: r.request_type as RequestType,
    categoryId: r.category_id,
    territoryId: r.territory_id,
    unitId: r.unit_id,
    phone: r.phone,
    marks: r.mk.map((k, i) => markOf(k, r.md[i]!, r.mu[i] ?? null, r.mf[i]!, Number(r.mms[i]!))),
    handlingFrom: r.handling_from ? new Date(r.handling_from) : null,
    handlingTo: r.handling_to ? new Date(r.handling_to) : null,
  };
}

/** A facts row as JSON for jsonb_to_recordset. */
export function factsToJson(f: OrderFacts, repeat: boolean, acceptedDay: string, now: Date) {
  return {
    order_id: f.orderId, version: f.version, accepted_at: f.acceptedAt.toISOString(), accepted_day: acceptedDay, channel: f.channel,
    request_type: f.requestType, category_id: f.categoryId, territory_id: f.territoryId, unit_id: f.unitId, phone: f.phone, repeat,
    mk: f.marks.map((m) => KIND_CODE[m.k]), md: f.marks.map((m) => m.day), mu: f.marks.map((m) => m.unit), mf: f.marks.map(markFlags),
    mms: f.marks.map((m) => m.ms ?? 0), handling_from: f.handlingFrom?.toISOString() ?? null, handling_to: f.handlingTo?.toISOString() ?? null,
    updated_at: now.toISOString(),
  };
}

// ---- scopes in SQL ----------------------------------------------------------------------------

/**
 * A measures scope as a condition on a table with the measures' keys: by default `measure_facts f`
 * (units: the order's lead unit, or the centre unit that took it in), for queries that group
 * orders rather than sum marks (hot issues, warnings, the reports' example orders); also
 * `orders o` with the unit holding the order now (overdue now).
 */
export function factsInScope(catalog: Catalog, scope: Scope, alias: Sql = sql.raw('f'), unitColumn: 'unit_id' | 'holder_unit_id' = 'unit_id'): Sql {
  const column = (name: string) => sql`${alias}.${sql.raw(name)}`;
  if (scope.dim === 'all') return sql`true`;
  if (scope.dim === 'channel') return sql`${column('channel')} = ${scope.key}`;
  if (scope.dim === 'requestType') return sql`${column('request_type')} = ${scope.key}`;
  const [name, table, nodes] = ({
    unit: [unitColumn, 'units', catalog.units],
    category: ['category_id', 'categories', catalog.categories],
    territory: ['territory_id', 'territories', catalog.territories],
  } as const)[scope.dim];
  const path = (nodes as ReadonlyMap<number, { path: string }>).get(Number(scope.key))?.path ?? '/none/';
  return sql`${column(name)} in (select id from ${sql.raw(table)} where ${inSubtree(sql.raw('path'), path)})`;
}

// ---- the queue and the state of the upkeep ----------------------------------------------------

/** One process folds at a time (advisory lock keys in use: 12345_0001 migrations, _0002 bootstrap, _0003 demo seed, _0041 hot-issue warnings, _0501/_0502 intake). */
const FOLD_LOCK_KEY = 12345_0040;

/** Take the folding lock until the transaction ends; false when another process holds it. */
export async function tryLockFolding(tx: Tx): Promise<boolean> {
  const r = await tx.query<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK_KEY}) as ok`);
  return r.rows[0]!.ok;
}

/** Queue orders to be folded again, each with the time of its first new event. */
export async function enqueueOrders(tx: Queryable, orderIds: number[], at: Date[]): Promise<void> {
  await tx.query(sql`insert into measure_queue (order_id, at) select * from unnest(${orderIds}::int[], ${at}::timestamptz[])`);
}

/** Queue the orders whose handling time spans [from, to] (a calendar change on those days). */
export async function enqueueHandlingBetween(tx: Tx, from: Date, to: Date): Promise<void> {
  await tx.query(sql`insert into measure_queue (order_id, at) select order_id, accepted_at from measure_facts
    where handling_from < ${to} and handling_to >= ${from} order by order_id`);
}

/** Up to `limit` queued entries, oldest first. */
export async function queuedOrders(tx: Tx, limit: number): Promise<{ id: number; orderId: number }[]> {
  const r = await tx.query<{ id: number; order_id: number }>(sql`select id, order_id from measure_queue order by id limit ${limit}`);
  return r.rows.map((x) => ({ id: x.id, orderId: x.order_id }));
}

export async function dequeue(tx: Tx, ids: number[]): Promise<void> {
  await tx.query(sql`delete from measure_queue where id = any(${ids}::bigint[])`);
}

/** Orders waiting to be folded: queued, or with events after `readUpTo` (the log position the measures have read to). */
export async function pendingOrders(db: Queryable, readUpTo: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    sql`select count(*)::int as n from (select order_id from measure_queue union select order_id from order_events where id > ${readUpTo}) x`);
  return r.rows[0]!.n;
}

/** Is any queued order stamped before `at`? */
export async function queuedBefore(db: Queryable, at: Date): Promise<boolean> {
  const r = await db.query(sql`select 1 from measure_queue where at < ${at} limit 1`);
  return r.rows.length > 0;
}

export interface MeasureState {
  treePaths: Record<string, string> | null;
  calendarFingerprint: string;
  calendar: string[];
}

export async function loadMeasureState(tx: Tx): Promise<MeasureState> {
  const r = await tx.query<{ tree_paths: Record<string, string> | null; calendar_fingerprint: string; calendar: string[] }>(
    sql`select tree_paths, calendar_fingerprint, calendar from measure_state where id = 1`);
  const s = r.rows[0]!;
  return { treePaths: s.tree_paths, calendarFingerprint: s.calendar_fingerprint, calendar: s.calendar };
}

export async function saveCalendarState(tx: Tx, fingerprint: string, calendar: string[]): Promise<void> {
  await tx.query(sql`update measure_state set calendar_fingerprint = ${fingerprint}, calendar = ${JSON.stringify(calendar)} where id = 1`);
}

export async function saveTreePaths(tx: Tx, paths: Record<string, string>): Promise<void> {
  await tx.query(sql`update measure_state set tree_paths = ${JSON.stringify(paths)} where id = 1`);
}

export async function markRefreshed(tx: Tx, at: Date): Promise<void> {
  await tx.query(sql`update measure_state set refreshed_at = ${at} where id = 1`);
}

/** When the last batch was folded. */
export async function refreshedAt(db: Queryable): Promise<Date | null> {
  const r = await db.query<{ refreshed_at: Date | null }>(sql`select refreshed_at from measure_state where id = 1`);
  const at = r.rows[0]?.refreshed_at;
  return at ? new Date(at) : null;
}

// ---- the event log as the folds read it -------------------------------------------------------

/** The whole event history of each order, in order (the refresh and the naive recomputation fold it). */
export async function loadEventsOf(db: Queryable, orderIds: number[]): Promise<Map<number, OrderEvent[]>> {
  const r = await db.query<EventRow & { order_id: number }>(
    sql`select order_id, ${EVENT_COLUMNS} from order_events where order_id = any(${orderIds}::int[]) order by order_id, seq`);
  const out = new Map<number, OrderEvent[]>();
  for (const row of r.rows) {
    let list = out.get(row.order_id);
    if (!list) out.set(row.order_id, (list = []));
    list.push(rowToEvent(row));
  }
  return out;
}

/** Orders with an event of one of these types in [from, to), by id. */
export async function ordersWithEventsBetween(db: Queryable, types: readonly string[], from: Date, to: Date): Promise<number[]> {
  // `type = any(all types)` lets PostgreSQL range-scan the (type, at) index of the event log.
  const r = await db.query<{ order_id: number }>(
    sql`select distinct order_id from order_events where type = any(${types}::text[]) and at >= ${from} and at < ${to} order by order_id`);
  return r.rows.map((x) => x.order_id);
}

/** The repeat-request keys of the requests accepted in [from, to), from their accepted events. */
export async function acceptedKeysBetween(db: Queryable, from: Date, to: Date): Promise<RepeatKey[]> {
  const r = await db.query<{ order_id: number; at: Date; phone: string | null; anonymous: boolean; category_id: number | null }>(
    sql`select order_id, at, data->'caller'->>'phone' as phone, coalesce((data->'caller'->>'anonymous')::boolean, false) as anonymous,
       (data->>'categoryId')::int as category_id
     from order_events where type = 'accepted' and at >= ${from} and at < ${to}`);
  return r.rows.map((x) => ({ orderId: x.order_id, acceptedAt: new Date(x.at), phone: x.anonymous ? null : x.phone, categoryId: x.category_id }));
}

// ---- facts ------------------------------------------------------------------------------------

export async function loadFacts(db: Queryable, orderIds: number[]): Promise<Map<number, { facts: OrderFacts; repeat: boolean }>> {
  const r = await db.query<FactsRow>(sql`select ${FACTS_COLUMNS} from measure_facts where order_id = any(${orderIds}::int[])`);
  return new Map(r.rows.map((row) => [row.order_id, { facts: rowToFacts(row), repeat: row.repeat }]));
}

/** Every stored order of these (phone, category) groups, with its repeat flag. */
export async function repeatGroups(tx: Tx, groups: readonly [string, number][]): Promise<{ orderId: number; phone: string; categoryId: number; acceptedAt: Date; repeat: boolean }[]> {
  const r = await tx.query<{ order_id: number; phone: string; category_id: number; accepted_at: Date; repeat: boolean }>(
    sql`select order_id, phone, category_id, accepted_at, repeat from measure_facts
     where (phone, category_id) in (select * from unnest(${groups.map((g) => g[0])}::text[], ${groups.map((g) => g[1])}::int[]))`);
  return r.rows.map((x) => ({ orderId: x.order_id, phone: x.phone, categoryId: x.category_id, acceptedAt: new Date(x.accepted_at), repeat: x.repeat }));
}

const FACTS_RECORD = sql.raw(`order_id int, version int, accepted_at timestamptz, accepted_day date, channel text, request_type text,
  category_id int, territory_id int, unit_id int, phone text, repeat boolean, mk smallint[], md date[], mu int[], mf smallint[],
  mms bigint[], handling_from timestamptz, handling_to timestamptz, updated_at timestamptz`);

/** Insert or replace facts rows (factsToJson), 2,000 a statement. */
export async function upsertFacts(tx: Tx, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.query(sql`insert into measure_facts select * from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb) as x(${FACTS_RECORD})
       on conflict (order_id) do update set version = excluded.version, unit_id = excluded.unit_id, repeat = excluded.repeat,
         mk = excluded.mk, md = excluded.md, mu = excluded.mu, mf = excluded.mf, mms = excluded.mms,
         handling_from = excluded.handling_from, handling_to = excluded.handling_to, updated_at = excluded.updated_at`);
  }
}

/** These orders' repeat flags moved (another request of their group came or went). */
export async function flipRepeat(tx: Tx, orderIds: number[]): Promise<void> {
  await tx.query(sql`update measure_facts set repeat = not repeat where order_id = any(${orderIds}::int[])`);
}

/** Requests accepted on the given days by day, category and territory (both known), within a scope (`factsInScope`). */
export async function acceptedByDayCategoryTerritory(db: Queryable, days: string[], scope: Sql): Promise<{ day: string; categoryId: number; territoryId: number; n: number }[]> {
  const r = await db.query<{ day: string; category_id: number; territory_id: number; n: number }>(
    sql`select f.accepted_day::text as day, f.category_id, f.territory_id, count(*)::int as n from measure_facts f
     where f.accepted_day = any(${days}::date[]) and f.category_id is not null and f.territory_id is not null and ${scope}
     group by 1, 2, 3`);
  return r.rows.map((x) => ({ day: x.day, categoryId: x.category_id, territoryId: x.territory_id, n: x.n }));
}

/** Requests accepted on local days [from, to) within a scope, by their category or territory (null: none). */
export async function acceptedBy(db: Queryable, column: 'category_id' | 'territory_id', from: string, to: string, scope: Sql): Promise<{ id: number | null; n: number }[]> {
  const r = await db.query<{ id: number | null; n: number }>(
    sql`select f.${sql.raw(column)} as id, count(*)::int as n from measure_facts f
     where f.accepted_day >= ${from} and f.accepted_day < ${to} and ${scope} group by 1`);
  return r.rows;
}

// ---- daily sums -------------------------------------------------------------------------------

const DAILY_RECORD = sql.raw(`dim text, key text, day date, ${COUNTER_COLUMNS.map((c) => `${c} int`).join(', ')}, handling_ms bigint, hist_b smallint[], hist_n int[]`);

/** Add these changes to the daily sums (empty ones skipped), in key order, 2,000 rows a statement. */
export async function applyDeltas(tx: Tx, deltas: Iterable<{ dim: string; key: string; day: string; tally: Tally }>): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const { dim, key, day, tally: t } of deltas) {
    if (t.handlingMs === 0 && t.hist.size === 0 && COUNTERS.every((c) => t.n[c] === 0)) continue;
    const buckets = [...t.hist.keys()].sort((a, b) => a - b);
    const row: Record<string, unknown> = { dim, key, day, handling_ms: t.handlingMs, hist_b: buckets, hist_n: buckets.map((b) => t.hist.get(b)) };
    for (const c of COUNTERS) row[COLUMN[c]] = t.n[c];
    rows.push(row);
  }
  rows.sort((a, b) => (String(a.dim) + a.key + a.day < String(b.dim) + b.key + b.day ? -1 : 1));
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.query(sql`insert into measure_daily (dim, key, day, ${columns((c) => c)}, handling_ms, hist_b, hist_n)
       select * from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb) as x(${DAILY_RECORD})
       on conflict (dim, key, day) do update set
         ${columns((c) => `${c} = measure_daily.${c} + excluded.${c}`)},
         handling_ms = measure_daily.handling_ms + excluded.handling_ms,
         (hist_b, hist_n) = (select h.b, h.n from minsheng_hist_add(measure_daily.hist_b, measure_daily.hist_n, excluded.hist_b, excluded.hist_n) h)`);
  }
}

const SUMS = sql.raw(`${COUNTER_COLUMNS.map((c) => `coalesce(sum(${c}), 0)::int as ${c}`).join(', ')}, coalesce(sum(handling_ms), 0)::bigint as handling_ms`);

type SumRow = Record<string, number>;

function tallyOf(row: SumRow | undefined, hist: { b: number; n: number }[]): Tally {
  const t = emptyTally();
  if (row) {
    for (const c of COUNTERS) t.n[c] = Number(row[COLUMN[c]] ?? 0);
    t.handlingMs = Number(row.handling_ms ?? 0);
  }
  for (const h of hist) if (h.n) t.hist.set(Number(h.b), Number(h.n));
  return t;
}

/** Sum of the daily rows of one scope over local days [from, to). */
export async function dailyTally(db: Queryable, scope: Scope, from: string, to: string): Promise<Tally> {
  const where = sql`dim = ${scope.dim} and key = ${scope.key} and day >= ${from} and day < ${to}`;
  const [sums, hist] = await Promise.all([
    db.query<SumRow>(sql`select ${SUMS} from measure_daily where ${where}`),
    db.query<{ b: number; n: number }>(
      sql`select u.b, sum(u.n)::int as n from measure_daily d cross join lateral unnest(d.hist_b, d.hist_n) as u(b, n) where ${where} group by u.b`),
  ]);
  return tallyOf(sums.rows[0], hist.rows);
}

/** Several scopes of one dimension at once (rankings, breakdowns): key -> sums over [from, to). */
export async function dailyTallyByKey(db: Queryable, dim: Dim, keys: string[], from: string, to: string, withHist: boolean): Promise<Map<string, Tally>> {
  const where = sql`dim = ${dim} and key = any(${keys}::text[]) and day >= ${from} and day < ${to}`;
  const [sums, hist] = await Promise.all([
    db.query<SumRow & { key: string }>(sql`select key, ${SUMS} from measure_daily where ${where} group by key`),
    withHist
      ? db.query<{ key: string; b: number; n: number }>(
        sql`select d.key, u.b, sum(u.n)::int as n from measure_daily d cross join lateral unnest(d.hist_b, d.hist_n) as u(b, n) where ${where} group by d.key, u.b`)
      : Promise.resolve({ rows: [] as { key: string; b: number; n: number }[] }),
  ]);
  const byKey = new Map(sums.rows.map((r) => [r.key, r]));
  const histByKey = new Map<string, { b: number; n: number }[]>();
  for (const h of hist.rows) {
    let l = histByKey.get(h.key);
    if (!l) histByKey.set(h.key, (l = []));
    l.push(h);
  }
  return new Map(keys.map((k) => [k, tallyOf(byKey.get(k), histByKey.get(k) ?? [])]));
}

export interface DailyRow {
  day: string;
  counts: Record<Counter, number>;
  handlingMs: number;
  /** Handling-time histogram: bucket (tenths of a working day) and closes. */
  hist: [number, number][];
}

/** The daily rows of one scope over [from, to), by day. */
export async function dailyRows(db: Queryable, scope: Scope, from: string, to: string): Promise<DailyRow[]> {
  const r = await db.query<SumRow & { day: string; hist_b: number[]; hist_n: number[] }>(
    sql`select day, ${columns((c) => c)}, handling_ms, hist_b, hist_n from measure_daily
     where dim = ${scope.dim} and key = ${scope.key} and day >= ${from} and day < ${to} order by day`);
  return r.rows.map((row) => ({
    day: row.day,
    counts: Object.fromEntries(COUNTERS.map((c) => [c, Number(row[COLUMN[c]])])) as Record<Counter, number>,
    handlingMs: Number(row.handling_ms),
    hist: row.hist_b.map((b, i) => [b, row.hist_n[i]!]),
  }));
}

/** Requests received by day over [from, to) for these categories (the dashboard's trends). */
export async function receivedByCategoryDay(db: Queryable, keys: string[], from: string, to: string): Promise<{ key: string; day: string; received: number }[]> {
  const r = await db.query<{ key: string; day: string; received: number }>(
    sql`select key, day, received from measure_daily where dim = 'category' and key = any(${keys}::text[]) and day >= ${from} and day < ${to}`);
  return r.rows;
}

/** Received and closed by day over [from, to), everything. */
export async function totalsByDay(db: Queryable, from: string, to: string): Promise<{ day: string; received: number; closed: number }[]> {
  const r = await db.query<{ day: string; received: number; closed: number }>(
    sql`select day, received, closed from measure_daily where dim = 'all' and key = '' and day >= ${from} and day < ${to}`);
  return r.rows;
}

// ---- penalties --------------------------------------------------------------------------------

/** Replace the drill-down marks of these orders. */
export async function replacePenalties(tx: Tx, orderIds: number[], penalties: readonly { orderId: number; day: string; unitId: number; kind: string }[]): Promise<void> {
  await tx.query(sql`delete from measure_penalties where order_id = any(${orderIds}::int[])`);
  if (penalties.length) {
    await tx.query(sql`insert into measure_penalties (order_id, day, unit_id, kind)
      select * from unnest(${penalties.map((p) => p.orderId)}::int[], ${penalties.map((p) => p.day)}::date[], ${penalties.map((p) => p.unitId)}::int[], ${penalties.map((p) => p.kind)}::text[])`);
  }
}

/** Overdue, late-close and unsatisfied marks of local days [from, to) by unit and kind, for the orders within a scope (`factsInScope`). */
export async function penaltiesByUnit(db: Queryable, from: string, to: string, scope: Sql): Promise<{ unitId: number; kind: string; n: number }[]> {
  const r = await db.query<{ unit_id: number; kind: string; n: number }>(
    sql`select p.unit_id, p.kind, count(*)::int as n from measure_penalties p join measure_facts f on f.order_id = p.order_id
     where p.day >= ${from} and p.day < ${to} and p.kind in ('overdue', 'close_late', 'unsatisfied') and ${scope}
     group by 1, 2`);
  return r.rows.map((x) => ({ unitId: x.unit_id, kind: x.kind, n: x.n }));
}

// ---- rebuild ----------------------------------------------------------------------------------

const MARKS_OF_FACTS = sql`select f.channel, f.request_type, f.category_id, f.territory_id, f.repeat, u.k, u.d, u.unit, u.fl, u.ms
  from measure_facts f cross join lateral unnest(f.mk, f.md, f.mu, f.mf, f.mms) as u(k, d, unit, fl, ms)`;

// Dimensions as small codes while summing (integer keys hash faster than text): 0 all, 1 unit,
// 2 category, 3 territory, 4 channel (index in CHANNELS), 5 request type (index in REQUEST_TYPES).
const DIM_OF_GROUPING = sql`case when grouping(unit) = 0 then 1 when grouping(category_id) = 0 then 2 when grouping(territory_id) = 0 then 3
  when grouping(channel) = 0 then 4 when grouping(request_type) = 0 then 5 else 0 end`;
const keyOfGrouping = () => sql`case when grouping(unit) = 0 then unit when grouping(category_id) = 0 then category_id when grouping(territory_id) = 0 then territory_id
  when grouping(channel) = 0 then array_position(${CHANNELS}::text[], channel) when grouping(request_type) = 0 then array_position(${REQUEST_TYPES}::text[], request_type) else 0 end`;
const SETS = (extra: string) => sql.raw(`grouping sets ((d${extra}), (d, unit${extra}), (d, category_id${extra}), (d, territory_id${extra}), (d, channel${extra}), (d, request_type${extra}))`);
// Every tree node with each of its ancestors (itself included), from the materialised paths.
const ANCESTORS = sql`
  select 1 as dc, x.id, a.id as anc from units x cross join lateral unnest(string_to_array(trim(both '/' from x.path), '/')::int[]) as a(id)
  union all select 2, x.id, a.id from categories x cross join lateral unnest(string_to_array(trim(both '/' from x.path), '/')::int[]) as a(id)
  union all select 3, x.id, a.id from territories x cross join lateral unnest(string_to_array(trim(both '/' from x.path), '/')::int[]) as a(id)`;

/**
 * Rebuild every daily sum from the facts, in SQL: the marks are summed by day and one dimension
 * at a time (grouping sets, integer keys), then each tree node's sums are added to its ancestors'.
 * Used when a tree changes, and by the bench after a bulk load.
 */
export async function rebuildRollups(tx: Queryable): Promise<void> {
  const cond = counterConditions();
  const counts = sql.raw(COUNTERS.map((c) => `(count(*) filter (where ${cond[c]}))::int as ${COLUMN[c]}`).join(', '));
  // One large job inside the caller's transaction: more memory for hashing, no JIT, no memoizing the
  // unnest of every facts row; intermediate results in analyzed temporary tables so joins are planned on real sizes.
  for (const s of ["work_mem = '512MB'", 'hash_mem_multiplier = 4', 'enable_memoize = off', 'jit = off']) await tx.query(sql`set local ${sql.raw(s)}`);
  await tx.query(sql`create temp table rb_fine on commit drop as
    select ${DIM_OF_GROUPING} as dc, ${keyOfGrouping()} as k, d,
      ${counts},
      coalesce(sum(ms) filter (where k = ${sql.raw(String(KIND_CODE.closed))}), 0)::bigint as handling_ms
    from (${MARKS_OF_FACTS}) m
    group by ${SETS('')}`);
  await tx.query(sql`create temp table rb_hist on commit drop as
    select ${DIM_OF_GROUPING} as dc, ${keyOfGrouping()} as k, d, b, count(*)::int as n
    from (select m.*, ((m.ms + 4320000) / 8640000)::smallint as b from (${MARKS_OF_FACTS}) m where m.k = ${sql.raw(String(KIND_CODE.closed))}) m
    group by ${SETS(', b')}`);
  await tx.query(sql`create temp table rb_anc on commit drop as ${ANCESTORS}`);
  await tx.query(sql`analyze rb_fine, rb_hist, rb_anc`);
  await tx.query(sql`delete from measure_daily`);
  await tx.query(sql`
    insert into measure_daily (dim, key, day, ${columns((c) => c)}, handling_ms, hist_b, hist_n)
    with s as (
      select f.dc, a.anc as k, f.d, ${columns((c) => `sum(f.${c})::int as ${c}`)}, sum(f.handling_ms)::bigint as handling_ms
      from rb_fine f join rb_anc a on a.dc = f.dc and a.id = f.k group by f.dc, a.anc, f.d
      union all
      select dc, k, d, ${columns((c) => c)}, handling_ms from rb_fine where dc in (0, 4, 5) and k is not null
    ),
    h as (
      select dc, k, d, array_agg(b order by b) as hist_b, array_agg(n order by b) as hist_n from (
        select f.dc, a.anc as k, f.d, f.b, sum(f.n)::int as n from rb_hist f join rb_anc a on a.dc = f.dc and a.id = f.k group by f.dc, a.anc, f.d, f.b
        union all
        select dc, k, d, b, n from rb_hist where dc in (0, 4, 5) and k is not null
      ) x group by dc, k, d
    )
    select (array['all', 'unit', 'category', 'territory', 'channel', 'requestType'])[s.dc + 1],
      case s.dc when 0 then '' when 4 then (${CHANNELS}::text[])[s.k] when 5 then (${REQUEST_TYPES}::text[])[s.k] else s.k::text end,
      s.d, ${columns((c) => `s.${c}`)}, s.handling_ms, coalesce(h.hist_b, '{}'), coalesce(h.hist_n, '{}')
    from s left join h on h.dc = s.dc and h.k = s.k and h.d = s.d
    order by 1, 2, 3`);
  await tx.query(sql`drop table rb_fine, rb_hist, rb_anc`);
}

/** Rebuild the drill-down table from the facts (bench after a bulk load). */
export async function rebuildPenalties(tx: Queryable): Promise<void> {
  await tx.query(sql`delete from measure_penalties`);
  await tx.query(sql`
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

// ---- snapshots from the orders projection -----------------------------------------------------

/** Orders held by a unit now and past their handling deadline, within a measures scope (units: the holder now). */
export async function overdueNowCount(db: Queryable, catalog: Catalog, scope: Scope, now: Date): Promise<number> {
  return countOrders(db, [clockRunning(), sql`o.handle_due < ${now}`, factsInScope(catalog, scope, sql.raw('o'), 'holder_unit_id')]);
}

/** The same by the orders' territory (null: none). */
export async function overdueNowByTerritory(db: Queryable, now: Date): Promise<{ territoryId: number | null; n: number }[]> {
  const r = await db.query<{ territory_id: number | null; n: number }>(
    sql`select o.territory_id, count(*)::int as n from orders o where ${clockRunning()} and o.handle_due < ${now} group by 1`);
  return r.rows.map((x) => ({ territoryId: x.territory_id, n: x.n }));
}

/** Orders not finished yet. */
export async function openOrdersCount(db: Queryable): Promise<number> {
  return countOrders(db, [sql`o.state = any(${OPEN_STATES}::text[])`]);
}
