import { langSchema, maskPhone, passwordSchema, phoneSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { SESSION_COOKIE } from '../../plugins/auth';
import { SESSION_TTL_MS } from './accounts.repository';
import { hashPassword, verifyPassword } from './passwords';
import { requireAuth } from './policy';

const meSchema = z.object({
  accountId: z.string(),
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  lang: langSchema,
  largeText: z.boolean(),
  csrfToken: z.string(),
  roles: z.array(z.object({ role: z.string(), nodeId: z.string(), nodeName: z.string(), nodeKind: z.string() })),
  actingFor: z.object({ personId: z.string(), name: z.string(), channel: z.string() }).nullable(),
});

/** Login, logout, the current account and its preferences. */
export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = ctx.config.cookieSecure === 'true' || (ctx.config.cookieSecure === 'auto' && ctx.config.production);

  async function me(auth: NonNullable<ReturnType<typeof requireAuth>>) {
    const person = await ctx.db
      .selectFrom('people')
      .select(['name', 'phone'])
      .where('id', '=', auth.personId)
      .executeTakeFirstOrThrow();
    const nodes = await ctx.db
      .selectFrom('role_grants')
      .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
      .select(['role_grants.role', 'nodes.id', 'nodes.name', 'nodes.kind'])
      .where('role_grants.account_id', '=', auth.accountId)
      .where('role_grants.revoked_at', 'is', null)
      .execute();
    let actingFor = null;
    if (auth.actingFor) {
      const p = await ctx.db.selectFrom('people').select('name').where('id', '=', auth.actingFor.personId).executeTakeFirst();
      actingFor = { personId: auth.actingFor.personId, name: p?.name ?? '', channel: auth.actingFor.channel };
    }
    return {
      accountId: auth.accountId,
      personId: auth.personId,
      name: person.name,
      phone: maskPhone(person.phone),
      lang: auth.lang,
      largeText: auth.largeText,
      csrfToken: auth.csrfToken,
      roles: nodes.map((n) => ({ role: n.role, nodeId: n.id, nodeName: n.name, nodeKind: n.kind })),
      actingFor,
    };
  }

  r.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with phone and password',
        body: z.strictObject({ phone: phoneSchema, password: z.string().min(1).max(128) }),
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { phone, password } = req.body;
      const account = await ctx.accounts.findByPhone(phone);
      const ok = await verifyPassword(password, account?.password_hash ?? null);
      if (!account || !ok || account.disabled) {
        await ctx.audit.append({ actorAccountId: null, action: 'auth.login_failed', details: null });
        throw new AppError('LOGIN_FAILED');
      }
      const { token } = await ctx.accounts.createSession(account.id);
      await ctx.audit.append({ actorAccountId: account.id, action: 'auth.login', targetType: 'account', targetId: account.id });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      const s = await ctx.accounts.findSession(token);
      if (!s) throw new AppError('INTERNAL');
      return me({
        accountId: account.id,
        personId: account.person_id,
        sessionId: s.sessionId,
        csrfToken: s.csrf_token,
        lang: account.lang === 'en' ? 'en' : 'zh-CN',
        largeText: account.large_text === 1,
        grants: [],
        actingFor: null,
      });
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
    async (req) => me(requireAuth(req.auth)),
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
      return me({
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
      if (!account || !(await verifyPassword(req.body.current, account.password_hash))) {
        throw new AppError('LOGIN_FAILED');
      }
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
}
