// Reports are generated once per (kind, period, subject): on a schedule (the daily brief after
// midnight, the weekly hot-issue report every Monday, the monthly analysis on the 1st) and on
// demand. A report is built and rendered outside any transaction (clustering a month of requests
// and writing the files must not hold a connection: on PGlite there is only one), then stored in
// one statement with ON CONFLICT DO NOTHING on its key. Two processes building the same report at
// once build the same thing (the data is fixed once the period is over and the files are
// byte-identical); the first insert wins and the other reads it. A crash leaves no row, and the
// next sweep makes it again.
import { localDate, startOfLocalDay } from '../domain/calendar.ts';
import { addDays, periodOf, type Period, type Scope } from '../domain/measures.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Queryable } from '../store/db.ts';
import { findReport, insertReport, listReports as reportPage, loadReport, loadReportFile, type ReportRow as StoredReport } from '../store/reports.ts';
import type { AppContext } from '../app/context.ts';
import { AppError, field, invalid, notFound } from '../app/errors.ts';
import { formatScope } from '../app/measures/scope.ts';
import { caughtUpTo, refreshMeasures } from '../app/measures/refresh.ts';
import { buildReport, REPORT_KIND_ZH, REPORT_PERIOD, type ReportData, type ReportKind } from './data.ts';
import { renderDocx } from './docx.ts';
import { renderXlsx } from './xlsx.ts';

export type ReportRow = StoredReport<ReportKind>;

/** Minutes after a period ends before its report is made: steps in flight at midnight are committed and folded by then. */
export const GRACE_MINUTES = 5;

export interface GenerateRequest {
  kind: ReportKind;
  period: Period;
  subject: Scope;
  trigger: 'schedule' | 'demand';
  userId: number | null;
}

/** The report for (kind, period, subject): the stored one, or a new one made now. */
export async function getOrGenerate(app: AppContext, req: GenerateRequest): Promise<{ report: ReportRow; created: boolean }> {
  const subject = req.kind === 'special' ? formatScope(req.subject) : '';
  const have = await findReport(app.db, req.kind, req.period.key, subject);
  if (have) return { report: have, created: false };
  const now = app.clock.now();
  if (startOfLocalDay(req.period.to).getTime() + GRACE_MINUTES * 60_000 > now.getTime()) {
    throw invalid([field('period', `统计期尚未结束（${req.period.label}），报告须在统计期结束后生成`, `The period ${req.period.key} has not ended yet`)]);
  }
  // Everything up to the end of the period must be folded into the measures first.
  const end = startOfLocalDay(req.period.to);
  for (let i = 0; !(await caughtUpTo(app.db, end)); i++) {
    if (i >= 5) throw new AppError(503, 'measures_catching_up', '指标数据正在更新，请稍后再生成报告', 'The measures are catching up with new events; try again shortly');
    const r = await refreshMeasures(app.db, now);
    if (r.busy) await new Promise((ok) => setTimeout(ok, 500));
  }
  const catalog = await getCatalog(app.db);
  const data = await buildReport(app.db, catalog, { kind: req.kind, period: req.period, subject: req.subject });
  const docx = await renderDocx(data);
  const xlsx = await renderXlsx(data);
  const ins = await insertReport(app.db, {
    kind: req.kind, period: req.period.key, subject, title: data.title, periodFrom: req.period.from, periodTo: req.period.to,
    data, docx, xlsx, trigger: req.trigger, requestedBy: req.userId, createdAt: now,
  });
  if (ins) return { report: ins, created: true };
  // Another process stored it while this one was building: theirs is the report.
  const theirs = await findReport(app.db, req.kind, req.period.key, subject);
  if (!theirs) throw new AppError(409, 'report_conflict', '报告正在生成，请稍后再试', 'The report is being made; try again shortly');
  return { report: theirs, created: false };
}

/** The latest complete period of each scheduled kind whose report is missing. */
export function duePeriods(now: Date): { kind: Exclude<ReportKind, 'special'>; period: Period }[] {
  const graceAgo = localDate(new Date(now.getTime() - GRACE_MINUTES * 60_000));
  return (['daily', 'weekly', 'monthly'] as const).map((kind) => {
    const current = periodOf(REPORT_PERIOD[kind], graceAgo);
    return { kind, period: periodOf(REPORT_PERIOD[kind], addDays(current.from, -1)) };
  });
}

/** The sweep: make at most one missing scheduled report per run (the measures must be caught up). */
export async function generateDueReports(app: AppContext, now: Date): Promise<ReportRow | null> {
  for (const { kind, period } of duePeriods(now)) {
    if (await findReport(app.db, kind, period.key, '')) continue;
    if (!(await caughtUpTo(app.db, startOfLocalDay(period.to)))) return null;
    const r = await getOrGenerate(app, { kind, period, subject: { dim: 'all', key: '' }, trigger: 'schedule', userId: null });
    return r.report;
  }
  return null;
}

export async function listReports(db: Queryable, f: { kind?: ReportKind; page: number; pageSize: number }) {
  const { total, rows } = await reportPage(db, f.kind, { limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
  return { total, page: f.page, pageSize: f.pageSize, items: rows.map(presentReport) };
}

export function presentReport(r: ReportRow) {
  return {
    id: r.id, kind: r.kind, kindZh: REPORT_KIND_ZH[r.kind], period: r.period, subject: r.subject || null, title: r.title,
    from: r.periodFrom, to: addDays(r.periodTo, -1), trigger: r.trigger, createdAt: new Date(r.createdAt).toISOString(),
    downloads: { docx: `/api/reports/${r.id}/docx`, xlsx: `/api/reports/${r.id}/xlsx` },
  };
}

export async function getReport(db: Queryable, id: number): Promise<{ row: ReportRow; data: ReportData }> {
  const r = await loadReport<ReportKind, ReportData>(db, id);
  if (!r) throw notFound('报告', 'report');
  return r;
}

export async function reportFile(db: Queryable, id: number, format: 'docx' | 'xlsx'): Promise<{ row: ReportRow; file: Buffer }> {
  const r = await loadReportFile<ReportKind>(db, id, format);
  if (!r) throw notFound('报告', 'report');
  return r;
}
