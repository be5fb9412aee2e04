import { z } from 'zod';
import { login, logout, SESSION_HOURS, sessionView } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { bi } from '../../domain/fields.ts';
import { requireUser, SESSION_COOKIE, tokenOf, type App } from '../server.ts';

const LoginBody = z.strictObject({
  username: z.string().trim().min(1, bi('请填写用户名', 'Username is required')).max(50),
  password: z.string().min(1, bi('请填写密码', 'Password is required')).max(200),
});

export function authRoutes(api: App, app: AppContext) {
  api.post('/api/auth/login', { schema: { tags: ['auth'], summary: '登录 Log in', body: LoginBody, security: [] } }, async (req, reply) => {
    const { token, user, expiresAt } = await login(app.db, req.body.username, req.body.password, app.clock.now(), req.ip);
    reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_HOURS * 3600}`);
    return { token, expiresAt: expiresAt.toISOString(), user: sessionView(user) };
  });
  api.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out' } }, async (req, reply) => {
    requireUser(req);
    const token = tokenOf(req);
    if (token) await logout(app.db, token);
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0`);
    return { ok: true };
  });
  api.get('/api/me', { schema: { tags: ['auth'], summary: '当前用户 Current user' } }, async (req) => {
    const u = requireUser(req);
    return sessionView(u);
  });
}
