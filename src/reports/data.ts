// What a report says, as data: volumes and trends against the previous period, the breakdown by
// category and territory, the top hot issues with example orders, the units with overdue orders,
// satisfaction, early warnings, and for the monthly analysis the rankings. Everything is read
// from marks whose day lies in the period, ordered deterministically: the same period gives the
// same data whenever it is generated. The Word and Excel renderers only lay this out.
import {
  addDays, daysBetween, daysOf, MEASURES, previousPeriod, type MeasureValues, type Period, type RateKey, type Scope,
} from '../domain/measures.ts';
import { ancestry, type Catalog, type TreeNode } from '../domain/catalog.ts';
import type { Queryable } from '../store/db.ts';
import { fastMeasures, fastSeries } from '../app/measures/query.ts';
import { detectSurges, presentWarning, streetOf } from '../app/measures/warnings.ts';
import { acceptedBy, factsInScope, penaltiesByUnit } from '../store/measures.ts';
import { loadSurgePolicy } from '../store/warnings.ts';
import { rankStreets, rankUnits } from '../app/measures/assessment.ts';
import { formatScope, scopeLabel } from '../app/measures/scope.ts';
import { detectHotSurges } from '../app/intake/hot-warnings.ts';
import { hotIssues, type HotIssue } from './hot-issues.ts';

export const REPORT_KINDS = ['daily', 'weekly', 'monthly', 'special'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_ZH: Record<ReportKind, string> = { daily: '每日简情', weekly: '热点问题周报', monthly: '月度分析报告', special: '专报' };
/** The period kind each scheduled report covers. */
export const REPORT_PERIOD: Record<Exclude<ReportKind, 'special'>, 'day' | 'week' | 'month'> = { daily: 'day', weekly: 'week', monthly: 'month' };

export interface ReportSpec {
  kind: ReportKind;
  period: Period;
  /** The special report's matter; everything for the others. */
  subject: Scope;
}

export interface Figure {
  key: string;
  label: string;
  kind: 'count' | 'rate' | 'workdays';
  current: number | null;
  previous: number | null;
  /** e.g. '+12（+8.5%）', '+1.2 个百分点', '持平' */
  change: string;
}

export interface Share {
  id: number;
  name: string;
  count: number;
  previous: number;
  share: number | null;
}

export interface ReportData {
  version: 1;
  kind: ReportKind;
  kindZh: string;
  title: string;
  subtitle: string;
  centre: string;
  period: { key: string; label: string; from: string; last: string };
  previous: { key: string; label: string; from: string; last: string };
  subject: { scope: string; label: string } | null;
  cutoff: string;
  summary: string[];
  figures: Figure[];
  trend: { granularity: 'day' | 'week' | 'month'; rows: { bucket: string; received: number; closed: number; satisfactionRate: number | null }[] };
  byCategory: Share[];
  byTerritory: Share[];
  hotIssues: (HotIssue & { change: string })[];
  overdueUnits: { id: number; name: string; overdue: number; closeLate: number }[];
  unsatisfiedUnits: { id: number; name: string; unsatisfied: number }[];
  satisfaction: { rated: number; satisfied: number; basicallySatisfied: number; unsatisfied: number; rate: number | null; previousRate: number | null; solveRate: number | null };
  warnings: ReturnType<typeof presentWarning>[];
  ranking: {
    units: { rank: number | null; name: string; score: number; threeRates: number | null; dispatched: number; onTimeCloseRate: number | null; satisfactionRate: number | null; lost: string }[];
    streets: { rank: number | null; name: string; threeRates: number | null; response: number | null; solve: number | null; satisfaction: number | null; received: number }[];
  } | null;
}

// ---- formatting (Chinese, as reports print) ------------------------------------------------------

export const pct = (x: number | null, d = 1) => (x === null ? '—' : `${(x * 100).toFixed(d)}%`);
export const num = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US'));
export const wd = (x: number | null) => (x === null ? '—' : x.toFixed(1));

export function changeText(kind: Figure['kind'], cur: number | null, prev: number | null): string {
  if (cur === null || prev === null) return '—';
  const d = cur - prev;
  if (kind === 'count') {
    if (d === 0) return '持平';
    const rel = prev > 0 ? `（${d > 0 ? '+' : '−'}${Math.abs((d / prev) * 100).toFixed(1)}%）` : '';
    return `${d > 0 ? '+' : '−'}${Math.abs(d).toLocaleString('en-US')}${rel}`;
  }
  if (kind === 'rate') {
    const pp = Math.round(d * 1000) / 10;
    return pp === 0 ? '持平' : `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} 个百分点`;
  }
  const w = Math.round(d * 10) / 10;
  return w === 0 ? '持平' : `${w > 0 ? '+' : '−'}${Math.abs(w).toFixed(1)} 个工作日`;
}

const FIGURES: { key: string; kind: Figure['kind'] }[] = [
  { key: 'received', kind: 'count' }, { key: 'valid', kind: 'count' }, { key: 'answered', kind: 'count' }, { key: 'answerRate', kind: 'rate' },
  { key: 'dispatched', kind: 'count' }, { key: 'closed', kind: 'count' }, { key: 'closeRate', kind: 'rate' }, { key: 'onTimeCloseRate', kind: 'rate' },
  { key: 'signOnTimeRate', kind: 'rate' }, { key: 'responseRate', kind: 'rate' }, { key: 'satisfactionRate', kind: 'rate' }, { key: 'solveRate', kind: 'rate' },
  { key: 'callbackRate', kind: 'rate' }, { key: 'secondDispatchRate', kind: 'rate' }, { key: 'reopenRate', kind: 'rate' }, { key: 'repeatRate', kind: 'rate' },
  { key: 'wentOverdue', kind: 'count' }, { key: 'avgHandlingWorkdays', kind: 'workdays' }, { key: 'p90HandlingWorkdays', kind: 'workdays' },
];

function valueOf(v: MeasureValues, key: string): number | null {
  if (key === 'avgHandlingWorkdays') return v.handling.avgWorkdays;
  if (key === 'p90HandlingWorkdays') return v.handling.p90Workdays;
  if (key in v.rates) return v.rates[key as RateKey];
  return (v.counts as Record<string, number>)[key] ?? null;
}

export function centreName(catalog: Catalog): string {
  const roots = [...catalog.units.values()].filter((u) => u.parentId === null).sort((a, b) => (a.kind === 'centre' ? 0 : 1) - (b.kind === 'centre' ? 0 : 1) || a.id - b.id);
  return roots[0]?.name ?? '12345 政务服务便民热线';
}

function titleOf(spec: ReportSpec, catalog: Catalog): string {
  if (spec.kind !== 'special') return `${centreName(catalog)}${REPORT_KIND_ZH[spec.kind]}`;
  const label = scopeLabel(catalog, spec.subject);
  switch (spec.subject.dim) {
    case 'category': return `关于“${label}”类诉求情况的专报`;
    case 'territory': return `关于${label}诉求情况的专报`;
    case 'unit': return `关于${label}承办工单情况的专报`;
    case 'channel': return `关于${label}渠道诉求情况的专报`;
    case 'requestType': return `关于${label}类诉求情况的专报`;
    default: return `${centreName(catalog)}专报`;
  }
}

const last = (p: Period) => addDays(p.to, -1);

/** Requests accepted in [from, to) by a tree grouping: each order counted under `group(id)`. */
async function sharesBy(
  db: Queryable, catalog: Catalog, scope: Scope, col: 'category_id' | 'territory_id', group: (id: number) => TreeNode | undefined,
  p: Period, prev: Period,
): Promise<Share[]> {
  const run = async (from: string, to: string) => {
    const rows = await acceptedBy(db, col, from, to, factsInScope(catalog, scope));
    const m = new Map<number, number>();
    for (const row of rows) {
      const g = row.id === null ? undefined : group(row.id);
      const k = g?.id ?? 0;
      m.set(k, (m.get(k) ?? 0) + row.n);
    }
    return m;
  };
  const [cur, before] = await Promise.all([run(p.from, p.to), run(prev.from, prev.to)]);
  const total = [...cur.values()].reduce((s, x) => s + x, 0);
  const ids = new Set([...cur.keys(), ...before.keys()]);
  const nodes = col === 'category_id' ? catalog.categories : catalog.territories;
  return [...ids]
    .map((id) => ({
      id, name: id === 0 ? (col === 'category_id' ? '未分类' : '未标明区域') : nodes.get(id)?.name ?? String(id),
      count: cur.get(id) ?? 0, previous: before.get(id) ?? 0, share: total > 0 ? (cur.get(id) ?? 0) / total : null,
    }))
    .filter((s) => s.count > 0 || s.previous > 0)
    .sort((a, b) => b.count - a.count || b.previous - a.previous || a.id - b.id);
}

/** The node a tree node is counted under: the child of `top` on its path (top itself for top and leaves), or its root when there is no top. */
function childOnPath(map: Map<number, TreeNode>, top: TreeNode | null) {
  return (id: number): TreeNode | undefined => {
    const n = map.get(id);
    if (!n) return undefined;
    const chain = ancestry(n.path).reverse(); // root first
    if (!top) return map.get(chain[0]!);
    if (!n.path.startsWith(top.path)) return undefined;
    if (n.id === top.id) return top;
    return map.get(chain[chain.indexOf(top.id) + 1]!);
  };
}

export async function buildReport(db: Queryable, catalog: Catalog, spec: ReportSpec): Promise<ReportData> {
  const { period: p, subject: scope } = spec;
  const prev = previousPeriod(p);
  const [cur, before] = await Promise.all([fastMeasures(db, scope, p.from, p.to), fastMeasures(db, scope, prev.from, prev.to)]);

  // Trend: the daily brief looks at the week up to its day; the others at their own period.
  const trendFrom = spec.kind === 'daily' ? addDays(p.from, -6) : p.from;
  const span = daysBetween(trendFrom, p.to);
  const granularity = span <= 62 ? 'day' : span <= 366 ? 'week' : 'month';
  const series = await fastSeries(db, scope, trendFrom, p.to, granularity);

  const cat = scope.dim === 'category' ? catalog.categories.get(Number(scope.key)) ?? null : null;
  const ter = scope.dim === 'territory' ? catalog.territories.get(Number(scope.key)) ?? null : null;
  const catGroup = childOnPath(catalog.categories, cat);
  const terGroup = ter ? childOnPath(catalog.territories, ter) : (id: number) => catalog.territories.get(streetOf(catalog, id) ?? -1);
  const [byCategory, byTerritory] = await Promise.all([
    sharesBy(db, catalog, scope, 'category_id', catGroup, p, prev),
    sharesBy(db, catalog, scope, 'territory_id', terGroup, p, prev),
  ]);

  const hotLimit = spec.kind === 'daily' ? 5 : 10;
  const hot = await hotIssues(db, catalog, { from: p.from, to: p.to, prevFrom: prev.from, prevTo: prev.to, scope, limit: hotLimit, examples: 3 });

  const pen = await penaltiesByUnit(db, p.from, p.to, factsInScope(catalog, scope));
  const byUnit = new Map<number, { overdue: number; closeLate: number; unsatisfied: number }>();
  for (const r of pen) {
    let u = byUnit.get(r.unitId);
    if (!u) byUnit.set(r.unitId, (u = { overdue: 0, closeLate: 0, unsatisfied: 0 }));
    if (r.kind === 'overdue') u.overdue += r.n;
    if (r.kind === 'close_late') u.closeLate += r.n;
    if (r.kind === 'unsatisfied') u.unsatisfied += r.n;
  }
  const unitName = (id: number) => catalog.units.get(id)?.name ?? String(id);
  const overdueUnits = [...byUnit.entries()].filter(([, u]) => u.overdue + u.closeLate > 0)
    .map(([id, u]) => ({ id, name: unitName(id), overdue: u.overdue, closeLate: u.closeLate }))
    .sort((a, b) => b.overdue - a.overdue || b.closeLate - a.closeLate || a.id - b.id).slice(0, 15);
  const unsatisfiedUnits = [...byUnit.entries()].filter(([, u]) => u.unsatisfied > 0)
    .map(([id, u]) => ({ id, name: unitName(id), unsatisfied: u.unsatisfied }))
    .sort((a, b) => b.unsatisfied - a.unsatisfied || a.id - b.id).slice(0, 10);

  const policy = await loadSurgePolicy(db);
  const surges = await detectSurges(db, catalog, daysOf(p), policy, scope);
  const hotSurges = await detectHotSurges(db, catalog, daysOf(p), policy, scope);
  const warnings = [...surges.map((w) => presentWarning(catalog, w)), ...hotSurges.map((w) => presentWarning(catalog, { ...w, kind: 'hot_issue' }))]
    .sort((a, b) => a.day.localeCompare(b.day) || a.kind.localeCompare(b.kind) || b.count - a.count);

  let ranking: ReportData['ranking'] = null;
  if (spec.kind === 'monthly') {
    const [units, streets] = await Promise.all([rankUnits(db, catalog, p), rankStreets(db, catalog, p)]);
    ranking = {
      units: units.map((u) => ({
        rank: u.rank, name: u.unit.name, score: u.score, threeRates: u.threeRates, dispatched: u.values.counts.dispatched,
        onTimeCloseRate: u.values.rates.onTimeCloseRate, satisfactionRate: u.values.rates.satisfactionRate,
        lost: u.assessment.rules.filter((r) => r.deduction > 0).map((r) => `${r.measureZh}−${r.deduction}`).join('，'),
      })),
      streets: streets.map((s) => ({ rank: s.rank, name: s.territory.name, threeRates: s.threeRates, ...s.rates, received: s.received })),
    };
  }

  const figures = FIGURES.map(({ key, kind }) => {
    const c = valueOf(cur, key);
    const b = valueOf(before, key);
    return { key, kind, label: MEASURES.find((m) => m.key === key)?.zh ?? key, current: c, previous: b, change: changeText(kind, c, b) };
  });
  const n = cur.counts;
  const r = cur.rates;
  const who = scope.dim === 'all' ? '' : `${scopeLabel(catalog, scope)}`;
  const summary = [
    `${p.label}，${who ? `${who}` : '全区'}共受理群众诉求 ${num(n.received)} 件，较上期${changeText('count', n.received, before.counts.received)}；其中有效诉求 ${num(n.valid)} 件，即时答复 ${num(n.answered)} 件（即时答复率 ${pct(r.answerRate)}），派发工单 ${num(n.dispatched)} 件。`,
    `办结工单 ${num(n.closed)} 件，按时办结率 ${pct(r.onTimeCloseRate)}，平均办理用时 ${wd(cur.handling.avgWorkdays)} 个工作日、90% 的工单在 ${wd(cur.handling.p90Workdays)} 个工作日内办结；签收及时率 ${pct(r.signOnTimeRate)}，响应率 ${pct(r.responseRate)}。`,
    `回访参评 ${num(n.rated)} 件，满意率 ${pct(r.satisfactionRate)}（较上期${changeText('rate', r.satisfactionRate, before.rates.satisfactionRate)}），解决率 ${pct(r.solveRate)}；二次交办 ${num(n.secondDispatched)} 件，重办 ${num(n.reopened)} 件，重复诉求 ${num(n.repeat)} 件，超期 ${num(n.wentOverdue)} 件。`,
    hot.length ? `诉求较为集中的问题：${hot.slice(0, 3).map((h) => `${h.title}（${h.residents} 人 ${h.count} 件）`).join('；')}。` : '本期无集中反映的问题。',
    warnings.length ? `本期触发预警 ${warnings.length} 次：${warnings.slice(0, 3).map((w) => `${w.day.slice(5)} ${w.text}`).join('；')}。` : '本期未触发诉求激增预警。',
  ];
  const sat = { rated: n.rated, satisfied: n.satisfied, basicallySatisfied: n.basicallySatisfied, unsatisfied: n.rated - n.satisfied - n.basicallySatisfied, rate: r.satisfactionRate, previousRate: before.rates.satisfactionRate, solveRate: r.solveRate };

  return {
    version: 1,
    kind: spec.kind,
    kindZh: REPORT_KIND_ZH[spec.kind],
    title: titleOf(spec, catalog),
    subtitle: p.label,
    centre: centreName(catalog),
    period: { key: p.key, label: p.label, from: p.from, last: last(p) },
    previous: { key: prev.key, label: prev.label, from: prev.from, last: last(prev) },
    subject: spec.kind === 'special' ? { scope: formatScope(scope), label: scopeLabel(catalog, scope) } : null,
    cutoff: `${p.to} 00:00（北京时间）`,
    summary,
    figures,
    trend: {
      granularity,
      rows: series.map((s) => ({ bucket: s.bucket, received: s.values.counts.received, closed: s.values.counts.closed, satisfactionRate: s.values.rates.satisfactionRate })),
    },
    byCategory,
    byTerritory,
    hotIssues: hot.map((h) => ({ ...h, change: changeText('count', h.count, h.previous) })),
    overdueUnits,
    unsatisfiedUnits,
    satisfaction: sat,
    warnings,
    ranking,
  };
}

