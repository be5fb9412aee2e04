// Routes of issue 5, smart intake: the suggestions the intake form shows (category, unit,
// duplicates, knowledge), knowledge search, hot issues for leaders, the reply check for unit
// handlers, and the classifier's model and training texts for administrators. None of them
// changes an order: the UI calls them before the order steps of routes/orders.ts.
import type { AppContext } from '../../app/context.ts';
import { AppError, field, invalid, notFound } from '../../app/errors.ts';
import { findDuplicates } from '../../app/intake/duplicates.ts';
import { hotIssues } from '../../app/intake/hot.ts';
import { importTrainingCsv } from '../../app/intake/import.ts';
import { modelHistory, startRetrainIfDue, training } from '../../app/intake/model.ts';
import { searchKnowledge } from '../../app/intake/search.ts';
import { checkOrderReply, checkTerritory, presentDuplicate, presentHit, suggestIntake } from '../../app/intake/suggest.ts';
import { categoryRef, territoryRef } from '../../app/orders/present.ts';
import { can } from '../../policy/abilities.ts';
import { getCatalog } from '../../store/catalog.ts';
import { findOrderId, loadOrder } from '../../store/orders.ts';
import { normalize, words } from '../../text/pipeline.ts';
import { IdParam } from '../schemas/common.ts';
import * as S from '../schemas/intake.ts';
import { requireAbility, type App } from '../server.ts';


export function intakeRoutes(api: App, app: AppContext): void {
  const tags = ['intake'];

  api.post('/api/intake/suggest', {
    schema: {
      tags, summary: '受理辅助 Suggestions while a request is typed',
      description: 'The category the classifier suggests (with its confidence and alternatives), the unit the routing rules give for it, open orders of the last 30 days that look like the same matter near the same place, and knowledge that may answer it at once. Changes nothing.',
      body: S.SuggestBody,
    },
  }, async (req) => {
    requireAbility(req, 'intake.suggest');
    return suggestIntake(app, req.body);
  });

  api.post('/api/intake/duplicates', {
    schema: {
      tags, summary: '重复件检测 Open orders about the same matter near the same place',
      description: 'Open orders accepted in the last `days` (30) in the same or a neighbouring territory (or within 500 m), scored by text similarity (0-1), best first. Merge with POST /api/orders/{id}/merge.',
      body: S.DuplicatesBody,
    },
  }, async (req) => {
    requireAbility(req, 'intake.suggest');
    const catalog = await getCatalog(app.db);
    checkTerritory(catalog, req.body.territoryId);
    const hits = await findDuplicates(app.db, catalog, app.clock.now(), req.body);
    return { items: hits.map((d) => presentDuplicate(catalog, d)) };
  });

  api.get('/api/intake/orders/:id/duplicates', {
    schema: { tags, summary: '工单的疑似重复件 Likely duplicates of an order', params: IdParam, querystring: S.DuplicatesQuery },
  }, async (req) => {
    requireAbility(req, 'intake.suggest');
    const id = await findOrderId(app.db, req.params.id);
    const o = id === null ? null : await loadOrder(app.db, id);
    if (!o) throw notFound();
    const catalog = await getCatalog(app.db);
    const hits = await findDuplicates(app.db, catalog, app.clock.now(), {
      title: o.title, description: o.description, territoryId: o.place.territoryId, lng: o.place.lng, lat: o.place.lat,
      excludeOrderId: o.id, days: req.query.days,
    });
    return { items: hits.map((d) => presentDuplicate(catalog, d)) };
  });

  api.get('/api/intake/search', {
    schema: {
      tags, summary: '知识检索 Search the knowledge base and closed orders\' replies',
      description: 'Full-text search in Chinese, ranked (title words weigh more). `kind=article` for knowledge articles, `kind=reply` for how closed orders were answered (the id is the order\'s). Unit handlers search knowledge articles only.',
      querystring: S.SearchQuery,
    },
  }, async (req) => {
    const user = requireAbility(req, 'intake.search');
    const replies = can(user, 'intake.search.replies');
    const kinds = !replies ? ['article' as const] : req.query.kind ? [req.query.kind] : undefined;
    if (!replies && req.query.kind === 'reply') throw new AppError(403, 'forbidden', '承办单位只能检索知识库', 'Unit handlers search knowledge articles only');
    const catalog = await getCatalog(app.db);
    const r = await searchKnowledge(app.db, req.query.q, { kinds, limit: req.query.limit });
    return { terms: r.terms, items: r.hits.map((h) => presentHit(catalog, h)) };
  });

  api.get('/api/intake/hot-issues', {
    schema: {
      tags, summary: '热点诉求 Hot issues: clusters of similar requests in a time window',
      description: 'Requests accepted in [from, to) (default: the last 7 days), clustered by text and place; each cluster is named by its most central request and its top terms, with its count and its trend against the window of the same length before. Dates alone are days in China (UTC+8).',
      querystring: S.HotIssuesQuery,
    },
  }, async (req) => {
    requireAbility(req, 'intake.hotIssues');
    const now = app.clock.now();
    const to = req.query.to ?? new Date(now.getTime() + 1); // up to and including now
    const from = req.query.from ?? new Date(to.getTime() - 7 * 86_400_000);
    if (from >= to) throw invalid([field('query.from', '开始时间须早于结束时间', 'from must be before to')]);
    if (to.getTime() - from.getTime() > 366 * 86_400_000) throw invalid([field('query.from', '时间范围不能超过一年', 'The window must be at most one year')]);
    const catalog = await getCatalog(app.db);
    checkTerritory(catalog, req.query.territoryId ?? null, 'query.territoryId');
    const issues = await hotIssues(app.db, catalog, { from, to, territoryId: req.query.territoryId, limit: req.query.limit, now });
    return {
      from: from.toISOString(), to: to.toISOString(),
      items: issues.map((h) => ({
        ...h,
        territories: h.territoryIds.map((t) => territoryRef(catalog, t)).filter(Boolean),
        categories: h.categoryIds.map((c) => categoryRef(catalog, c)).filter(Boolean),
      })),
    };
  });

  api.post('/api/intake/reply-check', {
    schema: {
      tags, summary: '回复检查 Does a reply address the request?',
      description: 'Before a unit submits a reply: warnings (off_topic, template, too_short, copies_request) with a message in Chinese and English, and a score (0-1) of how much the reply has to do with the request. `ok` is false when there is any warning. The reply is not saved.',
      body: S.ReplyCheckBody,
    },
  }, async (req) => {
    const user = requireAbility(req, 'intake.replyCheck');
    return checkOrderReply(app, user, req.body.orderId, req.body.result);
  });

  api.post('/api/intake/segment', {
    schema: { tags, summary: '分词 The text pipeline\'s words for a text', body: S.SegmentBody },
  }, async (req) => {
    requireAbility(req, 'intake.segment');
    return { normalized: normalize(req.body.text), words: words(req.body.text) };
  });

  api.get('/api/intake/model', {
    schema: { tags, summary: '分类模型 The category classifier: current and recent versions' },
  }, async (req) => {
    requireAbility(req, 'intake.model.read');
    const rows = await modelHistory(app.db);
    return {
      current: rows.find((r) => r.status === 'ready') ?? null,
      training: training(app.db) !== null || rows[0]?.status === 'training',
      versions: rows,
    };
  });

  api.post('/api/intake/model/retrain', {
    schema: {
      tags, summary: '重新训练 Train a new version of the classifier now',
      description: 'Starts training in the background (202) from the closed orders and imported texts; GET /api/intake/model shows when it is ready. 409 when a training is already running.',
    },
  }, async (req, reply) => {
    requireAbility(req, 'intake.model.train');
    const version = await startRetrainIfDue(app, app.clock.now(), true);
    if (version === null) throw new AppError(409, 'training_running', '模型正在训练，请稍后再试', 'A training is already running');
    reply.status(202);
    return { version, status: 'training' };
  });

  api.post('/api/intake/training-texts', {
    schema: {
      tags, summary: '导入训练文本 Import labelled texts (CSV id,text,label) for the classifier',
      description: 'The label is a category code, a category name (when unique) or its path (环境保护/噪声污染/施工噪声). Rows with an unknown or ambiguous label are listed in `rejected` (line numbers count the header as line 1); the next retraining uses the rest.',
      body: S.TrainingCsvBody,
    },
  }, async (req, reply) => {
    const user = requireAbility(req, 'intake.model.train');
    const r = await importTrainingCsv(app, user, req.body.csv);
    reply.status(201);
    return r;
  });
}
