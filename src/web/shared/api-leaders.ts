// The leaders' calls: reports (报告), early warnings (预警) and the periods a report covers.
// Kept beside api.ts (whose transport it uses) so that the leaders' screens change one file.
import type { presentReport } from '../../reports/generate.ts';
import type { ReportData, ReportKind } from '../../reports/data.ts';
import type { presentWarning } from '../../app/measures/warnings.ts';
import { get, post, query, type Page } from './api.ts';

export type { ReportData, ReportKind };
export type Report = ReturnType<typeof presentReport>;
export type Warning = ReturnType<typeof presentWarning>;

export const REPORT_KIND_LIST: readonly ReportKind[] = ['daily', 'weekly', 'monthly', 'special'];

// ---- reports ---------------------------------------------------------------------------------

/** 报告 GET /api/reports: newest period first, paged (at most 200 a page). */
export const listReports = (f: { kind?: ReportKind; page?: number; pageSize?: number }) => get<Page<Report>>(`/api/reports${query(f)}`);

/** Every report of a kind (the list's Excel export), 200 at a time. */
export async function allReports(kind?: ReportKind, max = 5000): Promise<Report[]> {
  const out: Report[] = [];
  for (let page = 1; ; page++) {
    const r = await listReports({ kind, page, pageSize: 200 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0 || out.length >= max) return out;
  }
}

/** 生成报告 POST /api/reports: the report of (kind, period, subject), made now or the one already made. */
export const makeReport = (b: { kind: ReportKind; period: string; subject?: string }) => post<Report>('/api/reports', b);

/** 报告内容 GET /api/reports/:id: what the Word and Excel files show, as data. */
export const getReport = (id: number) => get<Report & { data: ReportData }>(`/api/reports/${id}`);

/** The files: plain links work, the session cookie authenticates them (Content-Disposition: attachment). */
export const reportFileUrl = (id: number, format: 'docx' | 'xlsx') => `/api/reports/${id}/${format}`;

// ---- warnings --------------------------------------------------------------------------------

/** 预警 GET /api/warnings (default: the open ones). */
export const listWarnings = (f: { status?: 'open' | 'acknowledged' | 'all'; from?: string; to?: string; limit?: number } = {}) =>
  get<{ items: Warning[] }>(`/api/warnings${query(f)}`).then((r) => r.items);

/** 处置预警 POST /api/warnings/:id/acknowledge (leaders, supervisors, administrators). */
export const acknowledgeWarning = (id: number, note: string | null) => post<Warning>(`/api/warnings/${id}/acknowledge`, { note });

// ---- periods (local calendar days, YYYY-MM-DD) ---------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
const utc = (d: string) => new Date(`${d}T00:00:00Z`);
const ymd = (t: Date) => `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;

export function addDays(d: string, n: number): string {
  const t = utc(d);
  t.setUTCDate(t.getUTCDate() + n);
  return ymd(t);
}

/** The ISO week of a day: 2026-W10 (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(d: string): string {
  const t = utc(d);
  const dow = (t.getUTCDay() + 6) % 7; // Monday 0
  t.setUTCDate(t.getUTCDate() - dow + 3); // that week's Thursday
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${pad(week)}`;
}

/** Monday and Sunday of the ISO week holding a day. */
export function isoWeekDays(d: string): [string, string] {
  const dow = (utc(d).getUTCDay() + 6) % 7;
  const monday = addDays(d, -dow);
  return [monday, addDays(monday, 6)];
}

/** The last day of the month holding a day. */
export function monthEnd(d: string): string {
  const t = utc(`${d.slice(0, 7)}-01`);
  t.setUTCMonth(t.getUTCMonth() + 1);
  t.setUTCDate(0);
  return ymd(t);
}
