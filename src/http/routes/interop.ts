// Routes of issue 6: interoperability. Administrators manage Open311 API keys, links with other
// platforms (a higher or lower 12345 centre, the police platform 110), webhooks and the delivery
// log; linked platforms post signed messages; staff hand a police matter over to 110 or an order
// back to the upper centre; any filtered list exports to CSV or Excel; history imports from CSV or
// Excel. Open311 GeoReport v2 lives at /open311 (src/interop/open311/routes.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { AppError, invalid, notFound } from '../../app/errors.ts';
import { presentWithTimeline } from '../../app/orders/queries.ts';
import { getCatalog } from '../../store/catalog.ts';
import { findOrderId } from '../../store/orders.ts';
import { allLinks, linkByCode } from '../../store/links.ts';
import { allWebhooks } from '../../store/webhooks.ts';
import { exportOrders } from '../../interop/exporter.ts';
import { importOrders, type ImportInput } from '../../interop/importer/import.ts';
import { ACCEPTS, createLink, linkSecret, presentLink, receiveCentreMessage, sideOf, updateLink } from '../../interop/links.ts';
import { getDelivery, listDeliveries, resendDelivery } from '../../interop/outbox.ts';
import { receiveTransfer, type PoliceTransfer } from '../../interop/police.ts';
import { SIGNATURE_HEADER, verify } from '../../interop/signing.ts';
import { createWebhook, presentWebhook, updateWebhook, WEBHOOK_EVENTS, WEBHOOK_EVENT_ZH } from '../../interop/webhooks.ts';
import { issueKey, listKeys, revokeKey } from '../../interop/open311/keys.ts';
import { open311Plugin } from '../../interop/open311/routes.ts';
import { IdParam, NumericId } from '../schemas/common.ts';
import * as S from '../schemas/interop.ts';
import { requireAbility, type App } from '../server.ts';
import { toFieldErrors } from '../validation.ts';

function parse<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) throw invalid(toFieldErrors(r.error.issues as never, prefix));
  return r.data;
}

/** A body these routes read as text themselves (signed messages, imports), as JSON. */
function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError(400, 'bad_json', '请求体不是有效的 JSON', 'The request body is not valid JSON');
  }
}

export function interopRoutes(api: App, app: AppContext): void {
  const tags = ['interop'];

  // ---- Open311 API keys ----
  api.get('/api/interop/api-keys', { schema: { tags, summary: 'Open311 API key 列表 API keys' } }, async (req) => {
    requireAbility(req, 'interop.manage');
    return { items: await listKeys(app.db) };
  });
  api.post('/api/interop/api-keys', {
    schema: { tags, summary: '签发 Open311 API key Issue a key (shown once)', body: S.ApiKeyBody },
  }, async (req, reply) => {
    const user = requireAbility(req, 'interop.manage');
    reply.status(201);
    return issueKey(app, user, req.body.name);
  });
  api.delete('/api/interop/api-keys/:id', { schema: { tags, summary: '撤销 API key Revoke a key', params: NumericId } }, async (req) => {
    const user = requireAbility(req, 'interop.manage');
    return revokeKey(app, user, req.params.id);
  });

  // ---- links ----
  api.get('/api/interop/links', { schema: { tags, summary: '联动配置 Links with other platforms' } }, async (req) => {
    requireAbility(req, 'interop.manage');
    const catalog = await getCatalog(app.db);
    return { items: (await allLinks(app.db)).map((l) => presentLink(l, catalog)) };
  });
  api.post('/api/interop/links', { schema: { tags, summary: '新建联动 Create a link', body: S.LinkBody } }, async (req, reply) => {
    const user = requireAbility(req, 'interop.manage');
    const l = await createLink(app, user, req.body);
    reply.status(201);
    return presentLink(l, await getCatalog(app.db));
  });
  api.patch('/api/interop/links/:id', { schema: { tags, summary: '修改联动 Update a link', params: NumericId, body: S.LinkPatch } }, async (req) => {
    const user = requireAbility(req, 'interop.manage');
    return presentLink(await updateLink(app, user, req.params.id, req.body), await getCatalog(app.db));
  });

  // ---- webhooks ----
  api.get('/api/interop/webhooks', { schema: { tags, summary: 'Webhook 订阅 Webhook subscriptions' } }, async (req) => {
    requireAbility(req, 'interop.manage');
    const catalog = await getCatalog(app.db);
    return { events: WEBHOOK_EVENTS.map((e) => ({ event: e, zh: WEBHOOK_EVENT_ZH[e] })), items: (await allWebhooks(app.db)).map((w) => presentWebhook(w, catalog)) };
  });
  api.post('/api/interop/webhooks', { schema: { tags, summary: '新建订阅 Subscribe a URL (the signing secret is shown once)', body: S.WebhookBody } }, async (req, reply) => {
    const user = requireAbility(req, 'interop.manage');
    const { webhook, secret } = await createWebhook(app, user, req.body);
    reply.status(201);
    return { ...presentWebhook(webhook, await getCatalog(app.db)), secret };
  });
  api.patch('/api/interop/webhooks/:id', { schema: { tags, summary: '修改订阅 Update a subscription', params: NumericId, body: S.WebhookPatch } }, async (req) => {
    const user = requireAbility(req, 'interop.manage');
    const { webhook, secret } = await updateWebhook(app, user, req.params.id, req.body);
    return { ...presentWebhook(webhook, await getCatalog(app.db)), ...(secret ? { secret } : {}) };
  });
  api.delete('/api/interop/webhooks/:id', { schema: { tags, summary: '停用订阅 Disable a subscription', params: NumericId } }, async (req) => {
    const user = requireAbility(req, 'interop.manage');
    const { webhook } = await updateWebhook(app, user, req.params.id, { active: false });
    return presentWebhook(webhook, await getCatalog(app.db));
  });

  // ---- the delivery log ----
  api.get('/api/interop/deliveries', { schema: { tags, summary: '投递记录 Deliveries (webhooks and link messages)', querystring: S.DeliveryQuery } }, async (req) => {
    requireAbility(req, 'interop.manage');
    return listDeliveries(app.db, req.query);
  });
  api.get('/api/interop/deliveries/:id', { schema: { tags, summary: '一次投递及其尝试记录 One delivery with its attempts', params: NumericId } }, async (req) => {
    requireAbility(req, 'interop.manage');
    return getDelivery(app.db, req.params.id);
  });
  api.post('/api/interop/deliveries/:id/resend', { schema: { tags, summary: '重发 Resend a failed delivery', params: NumericId } }, async (req) => {
    const user = requireAbility(req, 'interop.manage');
    return resendDelivery(app, user, req.params.id);
  });

  // ---- export ----
  api.get('/api/orders/export', {
    schema: { tags: ['orders'], summary: '导出工单 Export the filtered list (CSV or Excel)', description: 'The filters of GET /api/orders, without paging; at most 50,000 rows.', querystring: S.ExportQuery },
  }, async (req, reply) => {
    const user = requireAbility(req, 'order.export');
    const { format, ...filter } = req.query;
    const f = await exportOrders(app, user, filter, format);
    return reply
      .type(f.contentType)
      .header('content-disposition', `attachment; filename="orders.${format}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-total-count', String(f.rows))
      .send(f.body);
  });

  // Routes that read their own bodies: signed messages (the signature is over the raw bytes) and imports (CSV, Excel or JSON).
  void api.register(async (f: FastifyInstance) => {
    f.removeContentTypeParser('application/json');
    f.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, { raw: body as string }));
    f.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, { text: body as string }));
    f.addContentTypeParser('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', { parseAs: 'buffer' }, (_req, body, done) => done(null, { bytes: body as Buffer }));

    f.post('/api/interop/links/:code/messages', {
      schema: {
        tags, summary: '联动消息 A signed message from a linked platform', security: [],
        description: `Body: {id, type, sentAt, data}; header ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the shared secret>. Types: ${Object.entries(ACCEPTS).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ')}.`,
      },
    }, async (req, reply) => {
      const { code } = parse(S.LinkCodeParam, req.params, 'path.');
      const raw = (req.body as { raw?: string } | undefined)?.raw;
      if (typeof raw !== 'string') throw new AppError(415, 'unsupported_media_type', '请以 JSON 提交（Content-Type: application/json）', 'Send JSON (Content-Type: application/json)');
      const link = await linkByCode(app.db, code);
      if (!link || !link.active) throw new AppError(404, 'no_link', `没有这个联动：${code}`, `No such link: ${code}`);
      const secret = linkSecret(link);
      if (!secret) throw new AppError(401, 'no_secret', '该联动未配置共享密钥', 'This link has no shared secret configured');
      const sig = req.headers[SIGNATURE_HEADER];
      const v = verify(secret, raw, Array.isArray(sig) ? sig[0] : sig);
      if (!v.ok) throw new AppError(401, 'bad_signature', `签名校验失败：${v.zh}`, `Signature check failed: ${v.en}`);
      const msg = parse(S.Envelope, parseJson(raw));
      const side = sideOf(link);
      if (!ACCEPTS[side].includes(msg.type)) {
        throw invalid([{ field: 'type', message: `该联动不接受“${msg.type}”消息（可接受：${ACCEPTS[side].join('、')}）`, messageEn: `This link does not accept ${msg.type} (it accepts ${ACCEPTS[side].join(', ')})` }]);
      }
      const data = parse(S.MESSAGE_DATA[msg.type]!, msg.data, 'data.') as Record<string, unknown>;
      const m = { ...msg, data };
      const r = side === 'police' ? await receiveTransfer(app, link, m, data as unknown as PoliceTransfer) : await receiveCentreMessage(app, link, m);
      return reply.status(r.status).send(r.body);
    });

    f.post('/api/import/orders', {
      schema: {
        tags: ['orders'], summary: '导入历史工单 Import historical orders (CSV or Excel), all or nothing, with a validation report',
        description: 'JSON {profile: minsheng|nyc311, format: csv|xlsx, encoding: text|base64, content, fileName, dryRun}; or the file itself as text/csv or the .xlsx content type, with ?profile=&dryRun=&fileName=. A dry run only reports.',
      },
    }, async (req, reply) => {
      const user = requireAbility(req, 'order.import');
      const input = importInput(req);
      const r = await importOrders(app, user, input);
      return reply.status(r.status).send(r.body);
    });
  });

  void api.register(open311Plugin(app), { prefix: '/open311' });
}

function importInput(req: FastifyRequest): ImportInput {
  const b = req.body as { raw?: string; text?: string; bytes?: Buffer } | undefined;
  if (b?.raw !== undefined) {
    const x = parse(S.ImportBody, parseJson(b.raw));
    let content: string | Uint8Array = x.content;
    if (x.encoding === 'base64') {
      if (!/^[A-Za-z0-9+/=\s_-]+$/.test(x.content)) throw invalid([{ field: 'content', message: '不是有效的 base64', messageEn: 'Not valid base64' }]);
      content = new Uint8Array(Buffer.from(x.content, 'base64'));
    } else if (x.format === 'xlsx') {
      throw invalid([{ field: 'encoding', message: 'Excel 文件须以 base64 提交（encoding: base64）', messageEn: 'Send an Excel file as base64 (encoding: base64)' }]);
    }
    return { profile: x.profile, format: x.format, content, fileName: x.fileName, dryRun: x.dryRun };
  }
  const q = parse(S.ImportQuery, req.query, 'query.');
  if (b?.text !== undefined) return { profile: q.profile, format: 'csv', content: b.text, fileName: q.fileName ?? null, dryRun: q.dryRun };
  if (b?.bytes !== undefined) return { profile: q.profile, format: 'xlsx', content: new Uint8Array(b.bytes), fileName: q.fileName ?? null, dryRun: q.dryRun };
  throw new AppError(415, 'unsupported_media_type', '请以 JSON、text/csv 或 .xlsx 文件提交', 'Send JSON, text/csv or an .xlsx file');
}
