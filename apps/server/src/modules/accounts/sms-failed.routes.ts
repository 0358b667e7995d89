import { maskPhone, type Role } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';
import { requireAuth, scopePaths } from './policy';
import { createSmsFailedRepository } from './sms-failed.repository';

/** Who looks after messages that did not reach residents: the community's and the subdistrict's staff. */
export const SMS_STAFF: readonly Role[] = [
  'community_worker',
  'branch_secretary',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

const failedSms = z.object({
  id: z.string(),
  /** Masked (138****5616): the page never needs the number itself. */
  phone: z.string(),
  personName: z.string().nullable(),
  template: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
});

/**
 * Staff see the text messages the gateway kept refusing (`sms_outbox` rows left as `failed`) for
 * phones of people in their subtree, and send one again: a new round of attempts, the first at
 * once. The parameters (a login code, a notice's text) are never shown; the resend is audited.
 */
export function registerSmsFailedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = createSmsFailedRepository(ctx.db);
  const tags = ['sms'];

  r.get(
    '/api/v1/sms/failed',
    {
      config: { access: SMS_STAFF },
      schema: {
        tags,
        summary: 'Text messages that failed after every attempt, to phones of people in my subtree (masked)',
        response: { 200: z.object({ messages: z.array(failedSms) }) },
      },
    },
    async (req) => {
      const rows = await repo.listFailed(scopePaths(requireAuth(req.auth), SMS_STAFF));
      return {
        messages: rows.map((m) => ({
          id: m.id,
          phone: maskPhone(m.phone) ?? '',
          personName: m.person_name ?? null,
          template: m.template,
          attempts: m.attempts,
          lastError: m.last_error,
          createdAt: m.created_at,
          lastAttemptAt: m.last_attempt_at ?? null,
        })),
      };
    },
  );

  r.post(
    '/api/v1/sms/failed/:id/retry',
    {
      config: { access: SMS_STAFF },
      schema: {
        tags,
        summary: 'Send a failed text message again (a new round of attempts, the first now); audited',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: {
          200: z.object({
            status: z.enum(['pending', 'sent', 'failed']),
            attempts: z.number(),
            lastError: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const paths = scopePaths(auth, SMS_STAFF);
      const id = req.params.id;
      await ctx.db.transaction().execute(async (trx) => {
        const row = await repo.findFailed(id, paths, trx);
        if (!row || !(await repo.requeue(id, new Date().toISOString(), trx))) throw notFound('sms');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'sms.retry',
            targetType: 'sms',
            targetId: id,
            details: { template: row.template, attempts: row.attempts, lastError: row.last_error },
          },
          trx,
        );
      });
      // Through the gateway at once when one is configured; else the outbox job's next pass.
      await ctx.sms.sendNow?.(id);
      const s = await repo.state(id);
      return { status: s.status, attempts: s.attempts, lastError: s.last_error };
    },
  );
}
