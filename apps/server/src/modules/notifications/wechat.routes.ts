import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { requireAuth } from '../accounts/policy';

const tags = ['notifications'];

/**
 * Binding a resident's WeChat by web authorisation (snsapi_base): the app asks for the
 * authorisation address, WeChat's browser comes back to the callback with a code, the server
 * exchanges it for the openid. The resident binds their own WeChat — no one types an openid,
 * and staff never handle it. The callback answers with a redirect to 消息 → 提醒方式, whose
 * `wechat` query parameter says how it went (bound, expired, failed).
 */
export function registerWechatRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const configured = () => {
    if (!ctx.wechat) throw new AppError('WECHAT_NOT_CONFIGURED');
    return ctx.wechat;
  };

  r.post(
    '/api/v1/notifications/wechat/authorize',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Start binding my WeChat: the authorisation address to open in WeChat (valid 10 minutes)',
        response: { 200: z.object({ url: z.string() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const w = configured();
      const state = randomBytes(16).toString('hex');
      await ctx.wechatBindings.start(auth.personId, state);
      return { url: w.authorizeUrl(state) };
    },
  );

  r.get(
    '/api/v1/notifications/wechat/callback',
    {
      // A browser navigation, not an API call: signed out, it is sent to sign in, not given JSON.
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Where WeChat’s authorisation comes back: binds the openid, then redirects to the settings',
        querystring: z.object({ code: z.string().max(200).optional(), state: z.string().max(64).optional() }),
      },
    },
    async (req, reply) => {
      if (!req.auth) return reply.redirect('/login?next=%2Fnotifications', 302);
      const auth = req.auth;
      const w = configured();
      const back = (outcome: 'bound' | 'expired' | 'failed') => reply.redirect(`/notifications?wechat=${outcome}`, 302);
      const { code, state } = req.query;
      // No code: the resident declined in WeChat. A state of someone else: not this person's round trip.
      if (!state || !(await ctx.wechatBindings.takeState(auth.personId, state))) return back('expired');
      if (!code) return back('failed');
      let openid: string;
      try {
        openid = await w.openidOf(code);
      } catch (err) {
        req.log.warn({ err }, 'WeChat authorisation code exchange failed');
        return back('failed');
      }
      await ctx.wechatBindings.bind(auth.personId, openid);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'notifications.wechat_bound',
        targetType: 'person',
        targetId: auth.personId,
      });
      return back('bound');
    },
  );

  r.delete(
    '/api/v1/notifications/wechat',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Unbind my WeChat (and stop WeChat messages)',
        response: { 200: z.object({ bound: z.boolean() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      if (!(await ctx.wechatBindings.unbind(auth.personId))) throw notFound('wechat');
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'notifications.wechat_unbound',
        targetType: 'person',
        targetId: auth.personId,
      });
      return { bound: false };
    },
  );
}
