import { z } from 'zod';
import { login, logout, SESSION_HOURS } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { ROLE_ZH } from '../../domain/types.ts';
import { bi } from '../validation.ts';
import { requireUser, SESSION_COOKIE, type App } from '../server.ts';
import { AppError } from '../../app/errors.ts';
import { fail, guard, LIMITS } from '../../app/throttle.ts';

const LoginBody = z.strictObject({
  username: z.string().trim().min(1, bi('请填写用户名', 'Username is required')).max(50),
  password: z.string().min(1, bi('请填写密码', 'Password is required')).max(200),
});

export function authRoutes(api: App, app: AppContext) {
  api.post('/api/auth/login', { schema: { tags: ['auth'], summary: '登录 Log in', body: LoginBody, security: [] } }, async (req, reply) => {
    // Wrong passwords are throttled per username and per address (a successful log-in counts nothing).
    const now = app.clock.now();
    const username = req.body.username.toLowerCase();
    await guard(app.db, LIMITS.wrongPasswordsPerUser, username, now);
    await guard(app.db, LIMITS.wrongPasswordsPerAddress, req.ip, now);
    const { token, user, expiresAt } = await login(app.db, req.body.username, req.body.password, now).catch(async (e: unknown) => {
      if (e instanceof AppError && e.code === 'bad_credentials') {
        await fail(app.db, LIMITS.wrongPasswordsPerUser, username, now);
        await fail(app.db, LIMITS.wrongPasswordsPerAddress, req.ip, now);
      }
      throw e;
    });
    reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}`);
    return { token, expiresAt: expiresAt.toISOString(), user: { ...user, roleZh: ROLE_ZH[user.role] } };
  });
  api.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out' } }, async (req, reply) => {
    requireUser(req);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? req.headers.cookie?.match(/ms_session=([^;]+)/)?.[1];
    if (token) await logout(app.db, token);
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0`);
    return { ok: true };
  });
  api.get('/api/me', { schema: { tags: ['auth'], summary: '当前用户 Current user' } }, async (req) => {
    const u = requireUser(req);
    return { ...u, roleZh: ROLE_ZH[u.role] };
  });
}
