// Routes of issue 4: measures, assessment, reports, early warnings and the leaders' dashboard.
// JSON the web UI renders; report files as Word and Excel downloads.
import type { User } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { field, forbidden, invalid, notFound } from '../../app/errors.ts';
import { loadAssessmentConfig, rankStreets, rankUnits, saveAssessmentConfig, unitAssessment } from '../../app/measures/assessment.ts';
import { dashboard, districtGeoJson } from '../../app/measures/dashboard.ts';
import { naiveMeasures } from '../../app/measures/naive.ts';
import { fastMeasures, fastMeasuresByKey, fastSeries, overdueNow } from '../../app/measures/query.ts';
import { freshness } from '../../app/measures/refresh.ts';
import { authorizeScope, checkScope, defaultScope, formatScope, scopeLabel } from '../../app/measures/scope.ts';
import { acknowledgeWarning, listWarnings } from '../../app/measures/warnings.ts';
import { ALL, addDays, MEASURES, previousPeriod, type Dim, type Period, type Scope } from '../../domain/measures.ts';
import { CHANNEL_ZH, CHANNELS, REQUEST_TYPE_ZH, REQUEST_TYPES } from '../../domain/types.ts';
import { reachesCentre } from '../../policy/scopes.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { getOrGenerate, getReport, listReports, presentReport, reportFile } from '../../reports/generate.ts';
import { REPORT_KIND_ZH, REPORT_PERIOD } from '../../reports/data.ts';
import * as S from '../schemas/measures.ts';
import { requireAbility, type App } from '../server.ts';


const periodOut = (p: Period) => ({ key: p.key, kind: p.kind, label: p.label, from: p.from, to: addDays(p.to, -1) });

export function measureRoutes(api: App, app: AppContext): void {
  const scopeFor = (user: User, catalog: Catalog, asked: Scope | undefined): Scope => {
    const s = asked === undefined ? defaultScope(user) : checkScope(catalog, asked);
    authorizeScope(user, catalog, s);
    return s;
  };
  const scopeOut = (catalog: Catalog, s: Scope) => ({ scope: formatScope(s), dim: s.dim, key: s.key, label: scopeLabel(catalog, s) });

  // ---- measures -------------------------------------------------------------------------------

  api.get('/api/measures/definitions', { schema: { tags: ['measures'], summary: '指标定义 What each measure means and how it is computed' } }, async (req) => {
    requireAbility(req, 'measures.read');
    return { items: MEASURES };
  });

  api.get('/api/measures', {
    schema: {
      tags: ['measures'], summary: '指标 The measures of a scope over a period', querystring: S.MeasuresQuery,
      description: 'Counts, rates (0..1, null without volume) and handling times in working days, from the daily sums (fast path); overdueNow is a snapshot. A unit handler may ask for their own unit and the units below it.',
    },
  }, async (req) => {
    const user = requireAbility(req, 'measures.read');
    const catalog = await getCatalog(app.db);
    const p = req.query.period;
    const s = scopeFor(user, catalog, req.query.scope);
    const prev = req.query.compare ? previousPeriod(p) : null;
    const [values, previous, overdue, fresh] = await Promise.all([
      fastMeasures(app.db, s, p.from, p.to),
      prev ? fastMeasures(app.db, s, prev.from, prev.to) : null,
      overdueNow(app.db, catalog, s, app.clock.now()),
      freshness(app.db),
    ]);
    return {
      period: periodOut(p), scope: scopeOut(catalog, s), values, overdueNow: overdue,
      previous: prev && previous ? { period: periodOut(prev), values: previous } : null,
      freshness: fresh,
    };
  });

  api.get('/api/measures/series', {
    schema: { tags: ['measures'], summary: '指标走势 The measures of a scope day by day, week by week or month by month', querystring: S.SeriesQuery },
  }, async (req) => {
    const user = requireAbility(req, 'measures.read');
    const catalog = await getCatalog(app.db);
    const s = scopeFor(user, catalog, req.query.scope);
    const to = addDays(req.query.to, 1);
    return { scope: scopeOut(catalog, s), granularity: req.query.granularity, items: await fastSeries(app.db, s, req.query.from, to, req.query.granularity) };
  });

  api.get('/api/measures/breakdown', {
    schema: {
      tags: ['measures'], summary: '指标分解 The measures of each child of a unit, category or territory (or of each channel, request type)', querystring: S.BreakdownQuery,
    },
  }, async (req) => {
    const user = requireAbility(req, 'measures.read');
    const catalog = await getCatalog(app.db);
    const p = req.query.period;
    const by = req.query.by;
    const items = childrenOf(catalog, by, req.query.parent);
    if (items === null) throw notFound('上级节点', 'parent node');
    if (!reachesCentre(user)) {
      if (by !== 'unit') throw forbidden('承办单位只能查看本单位及下级单位的指标', 'A unit may only see the measures of itself and the units below it');
      for (const i of items) authorizeScope(user, catalog, { dim: 'unit', key: i.key });
    }
    const values = await fastMeasuresByKey(app.db, by, items.map((i) => i.key), p.from, p.to);
    return { period: periodOut(p), by, parent: req.query.parent ?? null, items: items.map((i) => ({ ...i, values: values.get(i.key)! })) };
  });

  api.get('/api/measures/verify', {
    schema: {
      tags: ['measures'], summary: '核对 The fast path beside the naive recomputation from the raw events (slow; administrators)', querystring: S.VerifyQuery,
    },
  }, async (req) => {
    requireAbility(req, 'measures.verify');
    const catalog = await getCatalog(app.db);
    const p = req.query.period;
    const s = checkScope(catalog, req.query.scope);
    let t = performance.now();
    const fast = await fastMeasures(app.db, s, p.from, p.to);
    const fastMs = performance.now() - t;
    t = performance.now();
    const naive = await naiveMeasures(app.db, catalog, s, p.from, p.to);
    const naiveMs = performance.now() - t;
    return {
      period: periodOut(p), scope: scopeOut(catalog, s), agree: JSON.stringify(fast) === JSON.stringify(naive),
      fast: { ms: Math.round(fastMs * 10) / 10, values: fast }, naive: { ms: Math.round(naiveMs * 10) / 10, values: naive }, freshness: await freshness(app.db),
    };
  });

  // ---- assessment -----------------------------------------------------------------------------

  api.get('/api/assessment/rules', { schema: { tags: ['assessment'], summary: '考核规则 Baselines and weights of the assessment' } }, async (req) => {
    requireAbility(req, 'assessment.rules.read');
    return loadAssessmentConfig(app.db);
  });

  api.put('/api/assessment/rules', {
    schema: { tags: ['assessment'], summary: '设置考核规则 Set the baselines, weights and three-rates weights (administrators)', body: S.RulesBody },
  }, async (req) => {
    const user = requireAbility(req, 'assessment.rules.write');
    return saveAssessmentConfig(app, user, req.body);
  });

  api.get('/api/assessment/ranking', {
    schema: {
      tags: ['assessment'], summary: '考核排名 Ranking of units (assessment score) or streets (three rates) for a period', querystring: S.RankingQuery,
      description: 'Usually a month (2026-03), quarter (2026-Q1) or year (2026).',
    },
  }, async (req) => {
    requireAbility(req, 'assessment.ranking.read');
    const catalog = await getCatalog(app.db);
    const p = req.query.period;
    const config = await loadAssessmentConfig(app.db);
    if (req.query.of === 'streets') return { period: periodOut(p), of: 'streets', config, items: await rankStreets(app.db, catalog, p, config) };
    return { period: periodOut(p), of: 'units', config, items: await rankUnits(app.db, catalog, p, config) };
  });

  api.get('/api/assessment/units/:id', {
    schema: {
      tags: ['assessment'], summary: '单位考核明细 A unit\'s assessment and the orders that cost it points', params: S.UnitParam, querystring: S.UnitAssessmentQuery,
    },
  }, async (req) => {
    const user = requireAbility(req, 'assessment.unit.read');
    const catalog = await getCatalog(app.db);
    if (!catalog.units.has(req.params.id)) throw notFound('单位', 'unit');
    authorizeScope(user, catalog, { dim: 'unit', key: String(req.params.id) });
    return unitAssessment(app.db, catalog, req.params.id, req.query.period, { kinds: req.query.kinds, page: req.query.page, pageSize: req.query.pageSize });
  });

  // ---- reports --------------------------------------------------------------------------------

  api.get('/api/reports', { schema: { tags: ['reports'], summary: '报告 Generated reports, newest period first', querystring: S.ReportsQuery } }, async (req) => {
    requireAbility(req, 'reports.read');
    return listReports(app.db, req.query);
  });

  api.post('/api/reports', {
    schema: {
      tags: ['reports'], summary: '生成报告 Generate a report now (or get the one already made for that period)', body: S.GenerateBody,
      description: 'daily: a day (2026-03-05); weekly: an ISO week (2026-W10); monthly: a month (2026-03); special: any period and a subject scope. The period must have ended. The same (kind, period, subject) always returns the same report.',
    },
  }, async (req, reply) => {
    const user = requireAbility(req, 'reports.generate');
    const catalog = await getCatalog(app.db);
    const { kind, period: p } = req.body;
    if (kind !== 'special' && p.kind !== REPORT_PERIOD[kind]) {
      const want = REPORT_PERIOD[kind];
      const ex = { daily: '2026-03-05', weekly: '2026-W10', monthly: '2026-03' }[kind];
      throw invalid([field('period', `${REPORT_KIND_ZH[kind]}的统计期应为${{ day: '一天', week: '一周', month: '一个月' }[want]}，如 ${ex}`, `A ${kind} report covers a ${want}, e.g. ${ex}`)]);
    }
    if (kind === 'special' && !req.body.subject) {
      throw invalid([field('subject', '专报须指定事项，如 category:12 或 territory:5', 'A special report needs a subject, e.g. category:12 or territory:5')]);
    }
    const subject = kind === 'special' ? checkScope(catalog, req.body.subject!, 'subject') : ALL;
    const r = await getOrGenerate(app, { kind, period: p, subject, trigger: 'demand', userId: user.id });
    reply.status(r.created ? 201 : 200);
    return presentReport(r.report);
  });

  api.get('/api/reports/:id', { schema: { tags: ['reports'], summary: '报告内容 A report\'s content (what the files show)', params: S.ReportParam } }, async (req) => {
    requireAbility(req, 'reports.read');
    const r = await getReport(app.db, req.params.id);
    return { ...presentReport(r.row), data: r.data };
  });

  for (const format of ['docx', 'xlsx'] as const) {
    api.get(`/api/reports/:id/${format}`, {
      schema: { tags: ['reports'], summary: format === 'docx' ? '下载 Word Download the report as Word (.docx)' : '下载 Excel Download the report as Excel (.xlsx)', params: S.ReportParam },
    }, async (req, reply) => {
      requireAbility(req, 'reports.read');
      const { row, file } = await reportFile(app.db, req.params.id, format);
      const type = format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const name = `${row.title}（${row.period}）.${format}`;
      reply.header('content-type', type);
      reply.header('content-disposition', `attachment; filename="report-${row.id}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`);
      return reply.send(file);
    });
  }

  // ---- warnings -------------------------------------------------------------------------------

  api.get('/api/warnings', { schema: { tags: ['warnings'], summary: '预警 Early warnings: a category surging in a street', querystring: S.WarningsQuery } }, async (req) => {
    requireAbility(req, 'warnings.read');
    const catalog = await getCatalog(app.db);
    const q = req.query;
    return { items: await listWarnings(app.db, catalog, { status: q.status === 'all' ? undefined : q.status, from: q.from, to: q.to ? addDays(q.to, 1) : undefined, limit: q.limit }) };
  });

  api.post('/api/warnings/:id/acknowledge', {
    schema: { tags: ['warnings'], summary: '处置预警 Acknowledge a warning', params: S.WarningParam, body: S.AcknowledgeBody },
  }, async (req) => {
    const user = requireAbility(req, 'warnings.acknowledge');
    const catalog = await getCatalog(app.db);
    return acknowledgeWarning(app.db, catalog, user, req.params.id, req.body.note, app.clock.now());
  });

  // ---- dashboard ------------------------------------------------------------------------------

  api.get('/api/dashboard', {
    schema: {
      tags: ['dashboard'], summary: '大屏 The leaders\' screen: live counters, the map by street, trends, rankings, warnings, hot issues',
    },
  }, async (req) => {
    requireAbility(req, 'dashboard.read');
    return dashboard(app.db, await getCatalog(app.db), app.clock.now());
  });

  api.get('/api/dashboard/geo', {
    schema: {
      tags: ['dashboard'], summary: '地图 GeoJSON of the district\'s streets for the ECharts map (echarts.registerMap)',
      description: 'Generated street polygons (Voronoi cells of the street centres inside a drawn district outline), not official boundaries: see data/geo/README.md.',
      security: [],
    },
  }, async (_req, reply) => {
    reply.header('content-type', 'application/geo+json; charset=utf-8');
    reply.header('cache-control', 'public, max-age=3600');
    return reply.send(districtGeoJson().text);
  });
}

/** The children to break a period down by: tree children (or the top level), or every channel / request type. */
function childrenOf(catalog: Catalog, by: Exclude<Dim, 'all'>, parent: number | undefined): { key: string; id: number | null; code: string; name: string }[] | null {
  if (by === 'channel') return CHANNELS.map((c) => ({ key: c, id: null, code: c, name: CHANNEL_ZH[c] }));
  if (by === 'requestType') return REQUEST_TYPES.map((c) => ({ key: c, id: null, code: c, name: REQUEST_TYPE_ZH[c] }));
  const map = by === 'unit' ? catalog.units : by === 'category' ? catalog.categories : catalog.territories;
  let nodes = [...map.values()];
  if (parent !== undefined) {
    if (!map.has(parent)) return null;
    nodes = nodes.filter((n) => n.parentId === parent);
  } else if (by === 'territory') {
    nodes = nodes.filter((n) => (n as { level?: string }).level === 'street');
  } else {
    nodes = nodes.filter((n) => n.parentId === null);
    // A single root (the centre, the district) is broken down into its children.
    if (nodes.length === 1) nodes = [...map.values()].filter((n) => n.parentId === nodes[0]!.id);
  }
  return nodes.sort((a, b) => a.code.localeCompare(b.code) || a.id - b.id).map((n) => ({ key: String(n.id), id: n.id, code: n.code, name: n.name }));
}
