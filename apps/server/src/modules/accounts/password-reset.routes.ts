import { PROXY_CHANNELS } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';
import { oneTimePassword } from './admin.cli';
import { hashPassword } from './passwords';
import { PROXY_ROLES, reaches, requireAuth } from './policy';

/**
 * Staff acting for an elder who forgot her password (she phoned, walked in, or was visited): a
 * one-time password, shown once to the staff member to pass on, that the next sign-in replaces.
 * Every session of the account ends; audited with who did it and through which channel.
 */
export function registerPasswordResetRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/people/:personId/password-reset',
    {
      config: { access: PROXY_ROLES },
      schema: {
        tags: ['accounts'],
        summary: 'Reset a resident’s password for them (one-time password shown once; audited with the channel)',
        params: z.strictObject({ personId: z.string().min(1).max(60) }),
        body: z.strictObject({ channel: z.enum(PROXY_CHANNELS) }),
        response: { 200: z.object({ oneTimePassword: z.string() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const person = await ctx.proxy.findPerson(req.params.personId);
      if (!person || person.erased_at || !reaches(auth, person.path, PROXY_ROLES)) throw notFound('person');
      const account = await ctx.accounts.findByPerson(person.id);
      if (!account) throw notFound('account');
      const password = oneTimePassword();
      await ctx.accounts.setPassword(account.id, await hashPassword(password), true);
      await ctx.accounts.revokeAllSessions(account.id);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        onBehalfOf: person.id,
        channel: req.body.channel,
        action: 'auth.password_reset_by_staff',
        targetType: 'account',
        targetId: account.id,
        nodeId: person.node_id,
      });
      return { oneTimePassword: password };
    },
  );
}
