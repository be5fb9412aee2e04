// Generated reports (`reports`): one row per (kind, period, subject) with its data and its Word and
// Excel files; and the few columns of the orders a report cites as examples.
import type { Queryable } from './db.ts';
import { sql } from './sql.ts';

/** `K`: the report kinds (src/reports/data.ts ReportKind). */
export interface ReportRow<K extends string = string> {
  id: number;
  kind: K;
  period: string;
  subject: string;
  title: string;
  periodFrom: string;
  periodTo: string;
  trigger: 'schedule' | 'demand';
  createdAt: Date;
}

const META = sql.raw(`id, kind, period, subject, title, period_from::text as "periodFrom", period_to::text as "periodTo", trigger, created_at as "createdAt"`);

export async function findReport<K extends string>(db: Queryable, kind: K, period: string, subject: string): Promise<ReportRow<K> | null> {
  const r = await db.query<ReportRow<K>>(sql`select ${META} from reports where kind = ${kind} and period = ${period} and subject = ${subject}`);
  return r.rows[0] ?? null;
}

/** A report to store: its row (but the id) with its data and files. */
export interface NewReport<K extends string> extends Omit<ReportRow<K>, 'id'> {
  data: unknown;
  docx: Buffer;
  xlsx: Buffer;
  requestedBy: number | null;
}

/** Store a report; null when one with its (kind, period, subject) is there already. */
export async function insertReport<K extends string>(db: Queryable, n: NewReport<K>): Promise<ReportRow<K> | null> {
  const r = await db.query<ReportRow<K>>(sql`insert into reports (kind, period, subject, title, period_from, period_to, data, docx, xlsx, trigger, requested_by, created_at)
     values (${n.kind}, ${n.period}, ${n.subject}, ${n.title}, ${n.periodFrom}, ${n.periodTo}, ${JSON.stringify(n.data)}, ${n.docx}, ${n.xlsx}, ${n.trigger}, ${n.requestedBy}, ${n.createdAt})
     on conflict (kind, period, subject) do nothing returning ${META}`);
  return r.rows[0] ?? null;
}

/** Reports (of one kind, or all), newest period first: the total and one page. */
export async function listReports<K extends string>(db: Queryable, kind: K | undefined, page: { limit: number; offset: number }): Promise<{ total: number; rows: ReportRow<K>[] }> {
  const where = kind ? sql`where kind = ${kind}` : sql.empty;
  const [total, rows] = await Promise.all([
    db.query<{ n: number }>(sql`select count(*)::int as n from reports ${where}`),
    db.query<ReportRow<K>>(sql`select ${META} from reports ${where} order by period_to desc, kind, id desc limit ${page.limit} offset ${page.offset}`),
  ]);
  return { total: total.rows[0]!.n, rows: rows.rows };
}

/** A report with its data. */
export async function loadReport<K extends string, D>(db: Queryable, id: number): Promise<{ row: ReportRow<K>; data: D } | null> {
  const r = await db.query<ReportRow<K> & { data: D }>(sql`select ${META}, data from reports where id = ${id}`);
  if (!r.rows[0]) return null;
  const { data, ...row } = r.rows[0];
  return { row, data };
}

/** A report with one of its files. */
export async function loadReportFile<K extends string>(db: Queryable, id: number, format: 'docx' | 'xlsx'): Promise<{ row: ReportRow<K>; file: Buffer } | null> {
  const r = await db.query<ReportRow<K> & { file: Buffer }>(sql`select ${META}, ${sql.raw(format)} as file from reports where id = ${id}`);
  if (!r.rows[0]) return null;
  const { file, ...row } = r.rows[0];
  return { row, file: Buffer.from(file) };
}

/** The orders a report cites: code, title, address and when they were accepted. */
export async function exampleOrders(db: Queryable, ids: readonly number[]): Promise<{ id: number; code: string; title: string; address: string | null; acceptedAt: Date }[]> {
  if (!ids.length) return [];
  const r = await db.query<{ id: number; code: string; title: string; address: string | null; accepted_at: Date }>(
    sql`select id, code, title, address, accepted_at from orders where id = any(${ids}::int[])`);
  return r.rows.map((x) => ({ id: x.id, code: x.code, title: x.title, address: x.address, acceptedAt: new Date(x.accepted_at) }));
}
