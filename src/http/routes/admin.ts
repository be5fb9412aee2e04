// Configuration as data, edited by administrators: units, users, categories, territories,
// time-limit rules, routing rules, escalation policy, knowledge base. Reading the trees is open
// to every logged-in user (pickers); categories and territories also to the portal.
import { z } from 'zod';
import { configChange, hashPassword, insertTreeNode, moveTreeNode, uniqueOr409, updateRow } from '../../app/admin.ts';
import type { AppContext } from '../../app/context.ts';
import { field, invalid } from '../../app/errors.ts';
import { REQUEST_TYPES, ROLES, ROLE_ZH, TERRITORY_LEVELS, UNIT_KINDS } from '../../domain/types.ts';
import { DEFAULT_ESCALATION } from '../../domain/escalation.ts';
import { getCatalog } from '../../store/catalog.ts';
import { setEscalationSetting } from '../../store/config.ts';
import { insertArticle, listArticles } from '../../store/knowledge.ts';
import { allTimeLimitRules, bumpTimeLimitRuleVersion, insertRoutingRule, insertTimeLimitRule, routingRuleColumns, timeLimitRuleColumns } from '../../store/rules.ts';
import { deleteSessionsOf, insertUser, listUsers } from '../../store/users.ts';
import { NumericId } from '../schemas/common.ts';
import { phone, text } from '../../domain/fields.ts';
import { bi } from '../../domain/fields.ts';
import { requireAbility, type App } from '../server.ts';
import type { FastifyRequest } from 'fastify';

const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, bi('编码只能含字母、数字和 _ . -（最多 40 位）', 'A code has letters, digits, _ . - only (40 at most)'));
const parentId = z.number().int().positive().nullable();
const limit = z.strictObject({ value: z.number().positive().max(365), unit: z.enum(['workdays', 'hours']) });

const UnitBody = z.strictObject({
  code, name: text(100, '单位名称', 'Unit name'), kind: z.enum(UNIT_KINDS), parentId, tier: z.number().int().min(1).max(3),
  dutyPhone: phone.nullish().transform((v) => v ?? null), territoryId: z.number().int().positive().nullish().transform((v) => v ?? null),
});
const UnitPatch = UnitBody.omit({ code: true }).partial().extend({ active: z.boolean().optional() });
const UserBody = z.strictObject({
  username: code, name: text(50, '姓名', 'Name'), role: z.enum(ROLES), unitId: z.number().int().positive(),
  password: z.string().min(10, bi('密码至少 10 位', 'A password needs 10 characters or more')).max(200),
});
const UserPatch = UserBody.omit({ username: true }).partial().extend({ active: z.boolean().optional() });
const CategoryBody = z.strictObject({ code, name: text(50, '分类名称', 'Category name'), parentId });
const CategoryPatch = CategoryBody.omit({ code: true }).partial().extend({ active: z.boolean().optional() });
const TerritoryBody = z.strictObject({
  code, name: text(50, '区域名称', 'Territory name'), level: z.enum(TERRITORY_LEVELS), parentId,
  centerLng: z.number().min(-180).max(180).nullish().transform((v) => v ?? null), centerLat: z.number().min(-90).max(90).nullish().transform((v) => v ?? null),
});
const TimeLimitBody = z.strictObject({
  requestType: z.enum(REQUEST_TYPES).nullable(), categoryId: z.number().int().positive().nullable(),
  grade: z.number().int().min(1).max(4).nullable(), emergency: z.boolean().nullable(), signFor: limit, handle: limit,
});
const RoutingBody = z.strictObject({
  categoryId: z.number().int().positive(), territoryId: z.number().int().positive().nullable(),
  leadUnitId: z.number().int().positive(), assistUnitIds: z.array(z.number().int().positive()).max(10).default([]),
});
const EscalationBody = z.strictObject({
  warnBeforeHours: z.number().positive().max(240), warnFraction: z.number().positive().max(1), disciplineGraceWorkdays: z.number().int().min(0).max(30),
});
const ArticleBody = z.strictObject({ title: text(200, '标题', 'Title'), body: text(20000, '正文', 'Body'), categoryId: z.number().int().positive().nullable().default(null) });
const ArticlePatch = ArticleBody.partial().extend({ active: z.boolean().optional() });

export function adminRoutes(api: App, app: AppContext) {
  const admin = (req: FastifyRequest) => requireAbility(req, 'config.write');
  const userAdmin = (req: FastifyRequest) => requireAbility(req, 'users.manage');

  // ---- units ----
  api.get('/api/units', { schema: { tags: ['config'], summary: '单位 Units' } }, async (req) => {
    requireAbility(req, 'config.read');
    const c = await getCatalog(app.db);
    return { items: [...c.units.values()] };
  });
  api.post('/api/units', { schema: { tags: ['config'], summary: '新建单位 Create a unit', body: UnitBody } }, async (req, reply) => {
    const user = admin(req);
    const { parentId: p, dutyPhone, territoryId, ...b } = req.body;
    const id = await configChange(app, user, 'unit', 'create', async (tx) => {
      const id = await uniqueOr409(insertTreeNode(tx, 'units', { ...b, duty_phone: dutyPhone, territory_id: territoryId }, p), 'code');
      return { id, result: id, data: req.body };
    });
    reply.status(201);
    return { id };
  });
  api.patch('/api/units/:id', { schema: { tags: ['config'], summary: '修改单位 Update a unit', params: NumericId, body: UnitPatch } }, async (req) => {
    const user = admin(req);
    const { parentId: p, dutyPhone, territoryId, ...b } = req.body;
    await configChange(app, user, 'unit', 'update', async (tx) => {
      await updateRow(tx, 'units', req.params.id, { ...b, duty_phone: dutyPhone, territory_id: territoryId });
      if (p !== undefined) await moveTreeNode(tx, 'units', req.params.id, p);
      return { id: req.params.id, result: null, data: req.body };
    });
    return { id: req.params.id };
  });

  // ---- users ----
  api.get('/api/users', { schema: { tags: ['config'], summary: '用户 Users' } }, async (req) => {
    userAdmin(req);
    const users = await listUsers(app.db);
    return { items: users.map((u) => ({ ...u, roleZh: ROLE_ZH[u.role] })) };
  });
  api.post('/api/users', { schema: { tags: ['config'], summary: '新建用户 Create a user', body: UserBody } }, async (req, reply) => {
    const user = userAdmin(req);
    const { password, unitId, ...b } = req.body;
    const hash = await hashPassword(password);
    const id = await configChange(app, user, 'user', 'create', async (tx) => {
      const id = await uniqueOr409(insertUser(tx, { username: b.username, name: b.name, role: b.role, unitId, passwordHash: hash }), 'username');
      return { id, result: id, data: { ...b, unitId } };
    });
    reply.status(201);
    return { id };
  });
  api.patch('/api/users/:id', { schema: { tags: ['config'], summary: '修改用户 Update a user', params: NumericId, body: UserPatch } }, async (req) => {
    const user = userAdmin(req);
    const { password, unitId, ...b } = req.body;
    const hash = password ? await hashPassword(password) : undefined;
    await configChange(app, user, 'user', 'update', async (tx) => {
      await updateRow(tx, 'users', req.params.id, { ...b, unit_id: unitId, password_hash: hash });
      if (hash || b.active === false) await deleteSessionsOf(tx, req.params.id);
      return { id: req.params.id, result: null, data: { ...b, unitId, passwordChanged: !!hash } };
    });
    return { id: req.params.id };
  });

  // ---- categories and territories ----
  api.get('/api/categories', { schema: { tags: ['config'], summary: '诉求分类 Category tree', security: [] } }, async () => {
    const c = await getCatalog(app.db);
    return { items: [...c.categories.values()] };
  });
  api.post('/api/categories', { schema: { tags: ['config'], summary: '新建分类 Create a category', body: CategoryBody } }, async (req, reply) => {
    const user = admin(req);
    const { parentId: p, ...b } = req.body;
    const id = await configChange(app, user, 'category', 'create', async (tx) => {
      const id = await uniqueOr409(insertTreeNode(tx, 'categories', b, p), 'code');
      return { id, result: id, data: req.body };
    });
    reply.status(201);
    return { id };
  });
  api.patch('/api/categories/:id', { schema: { tags: ['config'], summary: '修改分类 Update a category', params: NumericId, body: CategoryPatch } }, async (req) => {
    const user = admin(req);
    const { parentId: p, ...b } = req.body;
    await configChange(app, user, 'category', 'update', async (tx) => {
      await updateRow(tx, 'categories', req.params.id, b);
      if (p !== undefined) await moveTreeNode(tx, 'categories', req.params.id, p);
      return { id: req.params.id, result: null, data: req.body };
    });
    return { id: req.params.id };
  });
  api.get('/api/territories', { schema: { tags: ['config'], summary: '行政区域与网格 Territory tree', security: [] } }, async () => {
    const c = await getCatalog(app.db);
    return { items: [...c.territories.values()] };
  });
  api.post('/api/territories', { schema: { tags: ['config'], summary: '新建区域 Create a territory', body: TerritoryBody } }, async (req, reply) => {
    const user = admin(req);
    const { parentId: p, centerLng, centerLat, ...b } = req.body;
    const id = await configChange(app, user, 'territory', 'create', async (tx) => {
      const id = await uniqueOr409(insertTreeNode(tx, 'territories', { ...b, center_lng: centerLng, center_lat: centerLat }, p), 'code');
      return { id, result: id, data: req.body };
    });
    reply.status(201);
    return { id };
  });

  // ---- time-limit rules ----
  api.get('/api/time-limit-rules', { schema: { tags: ['config'], summary: '办理时限规则 Time-limit rules' } }, async (req) => {
    requireAbility(req, 'config.read');
    return { items: await allTimeLimitRules(app.db) };
  });
  api.post('/api/time-limit-rules', { schema: { tags: ['config'], summary: '新建时限规则 Create a time-limit rule', body: TimeLimitBody } }, async (req, reply) => {
    const user = admin(req);
    const id = await configChange(app, user, 'time_limit_rule', 'create', async (tx) => {
      const id = await insertTimeLimitRule(tx, req.body);
      return { id, result: id, data: req.body };
    });
    reply.status(201);
    return { id };
  });
  api.put('/api/time-limit-rules/:id', {
    schema: { tags: ['config'], summary: '修改时限规则 Replace a time-limit rule (open orders under it are recomputed)', params: NumericId, body: TimeLimitBody },
  }, async (req) => {
    const user = admin(req);
    await configChange(app, user, 'time_limit_rule', 'update', async (tx) => {
      await updateRow(tx, 'time_limit_rules', req.params.id, timeLimitRuleColumns(req.body));
      await bumpTimeLimitRuleVersion(tx, req.params.id);
      return { id: req.params.id, result: null, data: req.body };
    });
    return { id: req.params.id };
  });
  api.delete('/api/time-limit-rules/:id', { schema: { tags: ['config'], summary: '停用时限规则 Disable a time-limit rule', params: NumericId } }, async (req) => {
    const user = admin(req);
    await configChange(app, user, 'time_limit_rule', 'disable', async (tx) => {
      await updateRow(tx, 'time_limit_rules', req.params.id, { active: false });
      return { id: req.params.id, result: null };
    });
    return { id: req.params.id };
  });

  // ---- routing rules ----
  api.get('/api/routing-rules', { schema: { tags: ['config'], summary: '派单规则 Routing rules' } }, async (req) => {
    requireAbility(req, 'config.read');
    const c = await getCatalog(app.db);
    return { items: c.routingRules };
  });
  const checkRouting = async (b: z.output<typeof RoutingBody>) => {
    const c = await getCatalog(app.db);
    const errors = [
      ...(c.categories.has(b.categoryId) ? [] : [field('categoryId', '分类不存在', 'No such category')]),
      ...(b.territoryId === null || c.territories.has(b.territoryId) ? [] : [field('territoryId', '区域不存在', 'No such territory')]),
      ...(c.units.has(b.leadUnitId) ? [] : [field('leadUnitId', '单位不存在', 'No such unit')]),
      ...b.assistUnitIds.flatMap((u, i) => (c.units.has(u) ? [] : [field(`assistUnitIds.${i}`, '单位不存在', 'No such unit')])),
    ];
    if (errors.length) throw invalid(errors);
  };
  api.post('/api/routing-rules', { schema: { tags: ['config'], summary: '新建派单规则 Create a routing rule', body: RoutingBody } }, async (req, reply) => {
    const user = admin(req);
    await checkRouting(req.body);
    const b = req.body;
    const id = await configChange(app, user, 'routing_rule', 'create', async (tx) => {
      const id = await insertRoutingRule(tx, b);
      return { id, result: id, data: b };
    });
    reply.status(201);
    return { id };
  });
  api.put('/api/routing-rules/:id', { schema: { tags: ['config'], summary: '修改派单规则 Replace a routing rule', params: NumericId, body: RoutingBody } }, async (req) => {
    const user = admin(req);
    await checkRouting(req.body);
    const b = req.body;
    await configChange(app, user, 'routing_rule', 'update', async (tx) => {
      await updateRow(tx, 'routing_rules', req.params.id, routingRuleColumns(b));
      return { id: req.params.id, result: null, data: b };
    });
    return { id: req.params.id };
  });
  api.delete('/api/routing-rules/:id', { schema: { tags: ['config'], summary: '停用派单规则 Disable a routing rule', params: NumericId } }, async (req) => {
    const user = admin(req);
    await configChange(app, user, 'routing_rule', 'disable', async (tx) => {
      await updateRow(tx, 'routing_rules', req.params.id, { active: false });
      return { id: req.params.id, result: null };
    });
    return { id: req.params.id };
  });

  // ---- escalation policy ----
  api.get('/api/settings/escalation', { schema: { tags: ['config'], summary: '超时预警与督办设置 Escalation policy' } }, async (req) => {
    requireAbility(req, 'config.read');
    return (await getCatalog(app.db)).escalation;
  });
  api.put('/api/settings/escalation', { schema: { tags: ['config'], summary: '修改超时预警与督办设置 Set the escalation policy', body: EscalationBody } }, async (req) => {
    const user = admin(req);
    await configChange(app, user, 'settings', 'escalation', async (tx) => {
      await setEscalationSetting(tx, req.body);
      return { id: 'escalation', result: null, data: req.body };
    });
    return { ...DEFAULT_ESCALATION, ...req.body };
  });

  // ---- knowledge base ----
  api.get('/api/knowledge', {
    schema: { tags: ['knowledge'], summary: '知识库 Knowledge-base articles', querystring: z.object({ q: z.string().trim().max(100).optional() }) },
  }, async (req) => {
    requireAbility(req, 'config.read');
    return { items: await listArticles(app.db, req.query.q) };
  });
  api.post('/api/knowledge', { schema: { tags: ['knowledge'], summary: '新建知识 Create an article', body: ArticleBody } }, async (req, reply) => {
    const user = admin(req);
    const b = req.body;
    const id = await configChange(app, user, 'knowledge_article', 'create', async (tx) => {
      const id = await insertArticle(tx, b);
      return { id, result: id, data: b };
    });
    reply.status(201);
    return { id };
  });
  api.patch('/api/knowledge/:id', { schema: { tags: ['knowledge'], summary: '修改知识 Update an article', params: NumericId, body: ArticlePatch } }, async (req) => {
    const user = admin(req);
    const { categoryId, ...b } = req.body;
    await configChange(app, user, 'knowledge_article', 'update', async (tx) => {
      await updateRow(tx, 'knowledge_articles', req.params.id, { ...b, category_id: categoryId, updated_at: app.clock.now() });
      return { id: req.params.id, result: null, data: req.body };
    });
    return { id: req.params.id };
  });
}

