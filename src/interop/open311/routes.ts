// Open311 GeoReport v2 at /open311/v2, and its discovery document at /open311/discovery.{json,xml}.
// Every resource answers in JSON or XML by the URL's suffix (services.json, requests/…​.xml), or by
// the Accept header without one. Errors are the standard's list of {code, description}, never the
// platform's own error body. A POST takes the standard's form encoding or JSON.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import { idempotencyKey } from '../../http/routes/orders.ts';
import { getCatalog } from '../../store/catalog.ts';
import { badKey, checkKey, type Client } from './keys.ts';
import { fail, Open311Failure, sendErrors, sendResource, splitFormat, toXml, type Format } from './format.ts';
import { byToken, checkJurisdiction, findService, oneRequest, postRequest, queryRequests, serviceDefinition, serviceList, type PostParams, type RequestQuery } from './service.ts';

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-01-01T00:00:00+08:00';

function formatOf(req: FastifyRequest): Format {
  const path = req.url.split('?')[0]!;
  return splitFormat(path, req.headers.accept).format;
}

type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** Form fields and JSON alike: `attribute[code]=v` or {attribute: {code: v}}. */
function postParams(body: unknown, query: Query): { params: PostParams; apiKey: string | undefined; jurisdiction: string | undefined } {
  const flat: Record<string, string> = {};
  const attribute: Record<string, string> = {};
  const take = (k: string, v: unknown) => {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    const val = Array.isArray(v) ? v.map(String).join(',') : v === null || v === undefined ? '' : String(v);
    if (m) attribute[m[1]!] = val;
    else if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [ak, av] of Object.entries(v as Record<string, unknown>)) attribute[ak] = Array.isArray(av) ? av.map(String).join(',') : String(av);
    } else flat[k] = val;
  };
  for (const [k, v] of Object.entries(query)) take(k, v);
  if (body && typeof body === 'object' && !Array.isArray(body)) for (const [k, v] of Object.entries(body as Record<string, unknown>)) take(k, v);
  const { api_key: apiKey, jurisdiction_id: jurisdiction, ...rest } = flat;
  return { params: { ...(rest as Omit<PostParams, 'attribute'>), attribute }, apiKey, jurisdiction };
}

export function open311Plugin(app: AppContext) {
  return async function open311(f: FastifyInstance) {
    // Bodies: the standard's form encoding, or JSON; a bad body is an Open311 error too.
    f.removeContentTypeParser('application/json');
    f.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, body === '' ? {} : JSON.parse(body as string));
      } catch {
        done(fail(400, '请求体不是有效的 JSON', 'The request body is not valid JSON'), undefined);
      }
    });
    f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, out);
    });

    f.setErrorHandler((err, req, reply) => {
      const format = formatOf(req);
      if (err instanceof Open311Failure) return sendErrors(reply, format, err);
      if (err instanceof AppError) {
        const fields = err.fields.map((x) => `${x.field}: ${x.message} / ${x.messageEn}`).join('; ');
        return sendErrors(reply, format, fail(err.status, err.zh + (fields ? `（${fields}）` : ''), err.en));
      }
      const e = err as { statusCode?: number; message?: string };
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendErrors(reply, format, fail(e.statusCode, '请求无效', e.message ?? 'Bad request'));
      req.log.error(err);
      return sendErrors(reply, format, fail(500, '服务器内部错误，请稍后重试', 'Internal server error; please retry'));
    });

    const doc = (summary: string, hide = false) => ({ schema: { tags: ['open311'], summary, security: [], ...(hide ? { hide: true } : {}) } });
    const suffixes = ['', '.json', '.xml'];

    /** A key, when the client sent one: 403 for a wrong key. */
    const optionalClient = async (q: Query): Promise<Client | null> => {
      const key = one(q.api_key);
      if (!key) return null;
      const c = await checkKey(app, key);
      if (!c) throw fail(403, badKey().zh, badKey().en);
      return c;
    };

    // ---- discovery ----
    for (const s of suffixes) f.get(`/discovery${s}`, doc('Open311 发现文档 Discovery (.json or .xml)', s !== '.json'), async (req, reply) => sendDiscovery(req, reply));
    const sendDiscovery = (req: FastifyRequest, reply: FastifyReply) => {
      const base = (process.env.OPEN311_BASE_URL || `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
      const body = {
        changeset: CHANGESET,
        contact: process.env.OPEN311_CONTACT || '12345 政务服务便民热线中心 / 12345 citizen-service hotline centre',
        key_service: process.env.OPEN311_KEY_SERVICE || '请向热线中心管理员申请 API key / ask the centre\'s administrator for an API key',
        endpoints: [{ specification: SPEC, url: `${base}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
      };
      const format = formatOf(req);
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
      const xml = { ...body, endpoints: { endpoint: body.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } };
      return reply.type('text/xml; charset=utf-8').send(toXml('discovery', xml));
    };

    // ---- services ----
    for (const s of suffixes) {
      f.get(`/v2/services${s}`, doc('服务列表 Service list (our categories)', s !== '.json'), async (req, reply) => {
        checkJurisdiction(one((req.query as Query).jurisdiction_id));
        return sendResource(reply, formatOf(req), 'services', 'service', serviceList(await getCatalog(app.db)));
      });
    }
    f.get('/v2/services/:code', doc('服务定义 Service definition (services/{code}.json)'), async (req, reply) => {
      const { name, format } = splitFormat((req.params as { code: string }).code, req.headers.accept);
      checkJurisdiction(one((req.query as Query).jurisdiction_id));
      const catalog = await getCatalog(app.db);
      const c = findService(catalog, name);
      if (!c) throw fail(404, `没有这个 service_code：${name}`, `No such service_code: ${name}`);
      const def = serviceDefinition(catalog, c);
      if (format === 'json') return sendResource(reply, format, 'service_definition', null, def);
      const xml = {
        service_code: def.service_code,
        attributes: { attribute: def.attributes.map((a) => ({ ...a, ...('values' in a && a.values ? { values: { value: a.values } } : {}) })) },
      };
      return sendResource(reply, format, 'service_definition', null, xml);
    });

    // ---- requests ----
    for (const s of suffixes) {
      f.get(`/v2/requests${s}`, doc('查询服务请求 Service requests (service_request_id, service_code, start_date, end_date, status)', s !== '.json'), async (req, reply) => {
        const q = req.query as Query;
        checkJurisdiction(one(q.jurisdiction_id));
        const client = await optionalClient(q);
        const params = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, one(v)])) as RequestQuery;
        return sendResource(reply, formatOf(req), 'service_requests', 'request', await queryRequests(app, params, client !== null));
      });
      f.post(`/v2/requests${s}`, doc('提交服务请求 Post a service request (api_key required; an Idempotency-Key header makes a retry return the first request)', s !== '.json'), async (req, reply) => {
        const { params, apiKey, jurisdiction } = postParams(req.body, req.query as Query);
        checkJurisdiction(jurisdiction);
        if (!apiKey) throw fail(400, '缺少 api_key', 'api_key is required');
        const client = await checkKey(app, apiKey);
        if (!client) throw fail(403, badKey().zh, badKey().en);
        return sendResource(reply, formatOf(req), 'service_requests', 'request', await postRequest(app, client, params, idempotencyKey(req)), 201);
      });
    }
    f.get('/v2/requests/:id', doc('一个服务请求 One service request (requests/{id}.json)'), async (req, reply) => {
      const { name, format } = splitFormat((req.params as { id: string }).id, req.headers.accept);
      const q = req.query as Query;
      checkJurisdiction(one(q.jurisdiction_id));
      const client = await optionalClient(q);
      return sendResource(reply, format, 'service_requests', 'request', await oneRequest(app, name, client !== null));
    });
    f.get('/v2/tokens/:token', doc('由 token 查服务请求编号 Service request id from a token'), async (req, reply) => {
      const { name, format } = splitFormat((req.params as { token: string }).token, req.headers.accept);
      checkJurisdiction(one((req.query as Query).jurisdiction_id));
      return sendResource(reply, format, 'service_requests', 'request', await byToken(app, name));
    });

    // Anything else under /open311 answers in the standard's error format.
    f.all('/*', { schema: { hide: true } }, async (req) => {
      throw fail(404, `没有这个 Open311 资源：${req.method} ${req.url.split('?')[0]}`, `No such Open311 resource: ${req.method} ${req.url.split('?')[0]}`);
    });
  };
}
