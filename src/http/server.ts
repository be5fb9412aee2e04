// The HTTP server: fastify with zod schemas (validation errors in Chinese and English), the
// OpenAPI document at /api/openapi.json and /api/docs, and the resources' routes.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate, type User } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { AppError, fromRejection, unauthenticated } from '../app/errors.ts';
import { authorize, type Ability } from '../policy/abilities.ts';
import { take, type Limit } from '../app/throttle.ts';
import type { TrustProxy } from '../config.ts';
import { ping } from '../store/system.ts';
import { validatorCompiler } from './validation.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { orderRoutes } from './routes/orders.ts';
import { operationRoutes } from './routes/operations.ts';
import { publicRoutes } from './routes/public.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { intakeRoutes } from './routes/intake.ts';
import { interopRoutes } from './routes/interop.ts';
import { measureRoutes } from './routes/measures.ts';
import { webRoutes } from './routes/web.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export type Server = FastifyInstance;
export type App = ReturnType<typeof typed>;
const typed = (f: FastifyInstance) => f.withTypeProvider<ZodTypeProvider>();

export const SESSION_COOKIE = 'ms_session';

export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(SESSION_COOKIE + '='));
  return cookie ? decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)) : null;
}

/** The logged-in user, or 401. */
export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw unauthenticated();
  return req.user;
}

/** The logged-in user (401) who holds the ability (403): src/policy/abilities.ts says who does. */
export function requireAbility(req: FastifyRequest, ability: Ability): User {
  const user = requireUser(req);
  const refused = authorize(user, ability);
  if (refused) throw fromRejection(refused);
  return user;
}

function sendError(reply: FastifyReply, e: AppError) {
  reply.headers(e.headers);
  return reply.status(e.status).send({
    error: e.code,
    message: e.zh,
    messageEn: e.en,
    ...(e.fields.length ? { fields: e.fields } : {}),
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Hits per client address (src/app/throttle.ts). */
    throttle?: Limit;
  }
}

export interface ServerOptions {
  logger?: boolean;
  trustProxy?: TrustProxy;
}

export async function buildServer(app: AppContext, opts: ServerOptions = {}): Promise<Server> {
  // Behind a load balancer, TRUST_PROXY lets the client's address come from X-Forwarded-For (for throttling).
  const f = Fastify({ logger: opts.logger ?? false, bodyLimit: 12 * 1024 * 1024, forceCloseConnections: true, trustProxy: opts.trustProxy ?? false });
  f.setValidatorCompiler(validatorCompiler);
  f.decorateRequest('user', null);

  // Routes anyone may call declare `config: { throttle }`: counted per address before anything else, the body included, is read.
  f.addHook('onRequest', async (req) => {
    const limit = req.routeOptions.config.throttle;
    if (limit) await take(app.db, limit, req.ip, app.clock.now());
  });
  // The session, for the API only: pages and their assets are the same for everyone.
  f.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = tokenOf(req);
    req.user = token ? await authenticate(app.db, token, app.clock.now()) : null;
  });

  f.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return sendError(reply, err);
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_LENGTH' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (e.statusCode === 400 && e.code?.startsWith('FST_ERR_CTP'))) {
      return sendError(reply, new AppError(400, 'bad_json', '请求体不是有效的 JSON', 'The request body is not valid JSON'));
    }
    if (e.statusCode === 400 && /JSON/i.test(e.message ?? '')) {
      return sendError(reply, new AppError(400, 'bad_json', '请求体不是有效的 JSON', 'The request body is not valid JSON'));
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, new AppError(415, 'unsupported_media_type', '请以 JSON 提交（Content-Type: application/json）', 'Send JSON (Content-Type: application/json)'));
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new AppError(413, 'too_large', '提交内容过大', 'The request body is too large'));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendError(reply, new AppError(e.statusCode, e.code ?? 'bad_request', '请求无效', e.message ?? 'Bad request'));
    }
    req.log.error(err);
    return sendError(reply, new AppError(500, 'internal', '服务器内部错误，请稍后重试', 'Internal server error; please retry'));
  });

  f.setNotFoundHandler((req, reply) => sendError(reply, new AppError(404, 'no_route', `没有这个接口：${req.method} ${req.url.split('?')[0]}`, `No such endpoint: ${req.method} ${req.url.split('?')[0]}`)));

  await f.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '民声 Minsheng API',
        description: '12345 政务服务便民热线工单平台接口 / Work-order platform of a 12345 citizen-service hotline centre. Log in at POST /api/auth/login and send `Authorization: Bearer <token>`.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await f.register(swaggerUi, { routePrefix: '/api/docs' });

  const api = typed(f);
  api.get('/api/health', { schema: { tags: ['meta'], summary: '健康检查 Health', security: [] } }, async () => {
    await ping(app.db);
    return { status: 'ok' };
  });
  api.get('/api/openapi.json', { schema: { hide: true } }, async () => f.swagger());

  authRoutes(api, app);
  orderRoutes(api, app);
  operationRoutes(api, app);
  publicRoutes(api, app);
  calendarRoutes(api, app);
  adminRoutes(api, app);
  attachmentRoutes(api, app);
  measureRoutes(api, app);
  intakeRoutes(api, app);
  interopRoutes(api, app);
  webRoutes(api, app);
  return f;
}
