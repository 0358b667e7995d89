import { langSchema, passwordSchema, phoneSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { SESSION_COOKIE } from '../../plugins/auth';
import { registerAdminRoutes } from './admin.routes';
import { registerCodeLoginRoutes } from './code-login.routes';
import { registerInvitationRoutes } from './invitations.routes';
import { registerJoinRoutes } from './join.routes';
import { loadMe, meSchema } from './me';
import { registerPasswordResetRoutes } from './password-reset.routes';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { requireAuth } from './policy';
import { registerProxyRoutes } from './proxy.routes';
import { startSession, throttleLogin } from './session-cookie';
import { registerSmsFailedRoutes } from './sms-failed.routes';

/** Login, logout, the current account and its preferences; then code login and acting-for. */
export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with phone and password (slowed, then refused with 429, after repeated failures)',
        body: z.strictObject({ phone: phoneSchema, password: z.string().min(1).max(128) }),
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { phone, password } = req.body;
      await throttleLogin(ctx, req, reply, phone);
      const account = await ctx.accounts.findByPhone(phone);
      const ok = await verifyPassword(password, account?.password_hash ?? null);
      if (!account || !ok || account.disabled) {
        await ctx.loginThrottle.fail(phone, req.ip);
        await ctx.audit.append({ actorAccountId: null, action: 'auth.login_failed', details: null });
        throw new AppError('LOGIN_FAILED');
      }
      await ctx.loginThrottle.succeed(phone);
      // A hash from before argon2id (scrypt) or at older parameters is replaced while the password is at hand.
      if (account.password_hash && needsRehash(account.password_hash)) {
        await ctx.accounts.setPassword(account.id, await hashPassword(password));
        await ctx.audit.append({
          actorAccountId: account.id,
          action: 'auth.password_rehashed',
          targetType: 'account',
          targetId: account.id,
        });
      }
      await ctx.audit.append({ actorAccountId: account.id, action: 'auth.login', targetType: 'account', targetId: account.id });
      return startSession(ctx, reply, account);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['accounts'], summary: 'Sign out' } },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      await ctx.accounts.revokeSession(auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: meSchema } },
    },
    async (req) => loadMe(ctx, requireAuth(req.auth)),
  );

  r.patch(
    '/api/v1/auth/preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: 'Language and large-text mode',
        body: z.strictObject({ lang: langSchema.optional(), largeText: z.boolean().optional() }),
        response: { 200: meSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      await ctx.accounts.setPreferences(auth.accountId, req.body);
      return loadMe(ctx, {
        ...auth,
        lang: req.body.lang ?? auth.lang,
        largeText: req.body.largeText ?? auth.largeText,
      });
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: 'Change password (other sessions are signed out)',
        body: z.strictObject({ current: z.string().min(1).max(128), next: passwordSchema }),
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const account = await ctx.accounts.findById(auth.accountId);
      if (!account) throw new AppError('UNAUTHENTICATED');
      // Guessing the current password from a (stolen) session meets the same limits as signing
      // in, on the same counters: the account's phone and the client address.
      await throttleLogin(ctx, req, reply, account.phone);
      if (!(await verifyPassword(req.body.current, account.password_hash))) {
        await ctx.loginThrottle.fail(account.phone, req.ip);
        throw new AppError('LOGIN_FAILED');
      }
      await ctx.loginThrottle.succeed(account.phone);
      await ctx.accounts.setPassword(auth.accountId, await hashPassword(req.body.next));
      await ctx.accounts.revokeAllSessions(auth.accountId, auth.sessionId);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'auth.password_changed',
        targetType: 'account',
        targetId: auth.accountId,
      });
      return reply.status(204).send();
    },
  );

  registerCodeLoginRoutes(app, ctx);
  registerProxyRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerInvitationRoutes(app, ctx);
  registerJoinRoutes(app, ctx);
  registerPasswordResetRoutes(app, ctx);
  registerSmsFailedRoutes(app, ctx);
}
