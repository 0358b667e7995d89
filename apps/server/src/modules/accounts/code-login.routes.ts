import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { passwordSchema, phoneSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { createLoginCodesRepository } from './login-codes.repository';
import { phoneKey } from './login-throttle';
import { meSchema } from './me';
import { hashPassword } from './passwords';
import { createRegistryLinkRepository } from './registry-link.repository';
import { startSession, throttleLogin } from './session-cookie';

const CODE_TTL_MS = 5 * 60_000;
const RESEND_AFTER_MS = 60_000;
const MAX_CODE_ATTEMPTS = 5;
/** Send limits: codes to one phone per day, and codes asked for from one address per hour. */
export const CODES_PER_PHONE_PER_DAY = 10;
export const CODES_PER_IP_PER_HOUR = 30;

function codeHash(phoneHash: string, code: string): string {
  return createHash('sha256').update(`${phoneHash}:${code}`).digest('hex');
}

/**
 * Login by one-time SMS code through the provider interface (ctx.sms). Asking for a code always
 * answers the same, whether or not the phone has an account.
 */
export function registerCodeLoginRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const codes = createLoginCodesRepository(ctx.db);
  const link = createRegistryLinkRepository(ctx.db);
  /** The phone's live code and whether the given one matches it (compared in constant time). */
  async function matchCode(phone: string, code: string) {
    const ph = phoneKey(phone);
    const nowIso = new Date().toISOString();
    const live = await codes.live(ph, nowIso, MAX_CODE_ATTEMPTS);
    const expected = Buffer.from(live?.code_hash ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(codeHash(ph, code), 'hex');
    return { live, matches: !!live && expected.length === given.length && timingSafeEqual(expected, given), nowIso };
  }
  /** The registry person a phone without an account signs in as: registered at a compound, oldest first. */
  const registryPerson = async (phone: string) => (await link.unlinkedByPhone(phone)).find((p) => p.kind === 'compound');

  r.post(
    '/api/v1/auth/code/request',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['accounts'],
        summary: 'Send a one-time login code by SMS (same answer for unknown phones)',
        body: z.strictObject({ phone: phoneSchema }),
        response: { 202: z.object({ sent: z.literal(true), expiresInSeconds: z.number() }) },
      },
    },
    async (req, reply) => {
      const { phone } = req.body;
      await throttleLogin(ctx, req, reply, phone);
      const ph = phoneKey(phone);
      const now = Date.now();
      const recent = await codes.latestSince(ph, new Date(now - RESEND_AFTER_MS).toISOString());
      const account = await ctx.accounts.findByPhone(phone);
      // A phone the registry holds may sign in before it has an account: one person, one record.
      const known = account ? !account.disabled : !!(await registryPerson(phone));
      const ipHash = createHash('sha256').update(`ip:${req.ip}`).digest('hex');
      const sent = await codes.sentSince(ph, ipHash, {
        phone: new Date(now - 24 * 3600_000).toISOString(),
        ip: new Date(now - 3600_000).toISOString(),
      });
      // Too many from one address is refused openly (it says nothing about any phone); too many to
      // one phone is skipped silently, so the answer stays the same for every phone.
      if (sent.ip >= CODES_PER_IP_PER_HOUR) {
        reply.header('retry-after', '3600');
        throw new AppError('RATE_LIMITED');
      }
      if (!recent && known && sent.phone < CODES_PER_PHONE_PER_DAY) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        await codes.create({
          phoneHash: ph,
          codeHash: codeHash(ph, code),
          nowIso: new Date(now).toISOString(),
          expiresIso: new Date(now + CODE_TTL_MS).toISOString(),
          ipHash,
        });
        await ctx.sms.send(phone, `【连心桥】登录验证码 ${code}，5 分钟内有效。Your Lianxin code: ${code}`, { code });
      }
      return reply.status(202).send({ sent: true, expiresInSeconds: CODE_TTL_MS / 1000 });
    },
  );

  r.post(
    '/api/v1/auth/code/verify',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with the one-time code',
        body: z.strictObject({ phone: phoneSchema, code: z.string().regex(/^\d{6}$/) }),
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { phone, code } = req.body;
      await throttleLogin(ctx, req, reply, phone);
      const { live, matches, nowIso } = await matchCode(phone, code);
      let account = matches ? await ctx.accounts.findByPhone(phone) : undefined;
      const person = matches && !account ? await registryPerson(phone) : undefined;
      if (!live || !matches || (!account && !person) || account?.disabled || !(await codes.use(live.id, nowIso))) {
        if (live && !matches) await codes.countAttempt(live.id);
        await ctx.loginThrottle.fail(phone, req.ip);
        await ctx.audit.append({ actorAccountId: null, action: 'auth.code_login_failed', details: null });
        throw new AppError('LOGIN_CODE_FAILED');
      }
      if (!account && person) {
        // The first sign-in of a registry person creates their account, a resident of their
        // compound; owner rights need nothing more, since ballots follow the registry's owners.
        const accountId = await ctx.db.transaction().execute(async (trx) => {
          const id = await link.createAccountFor(trx, {
            personId: person.id,
            phone,
            nodeId: person.node_id,
            role: 'resident',
            grantedBy: null,
          });
          await ctx.audit.append(
            {
              actorAccountId: id,
              action: 'accounts.created_from_registry',
              targetType: 'person',
              targetId: person.id,
              nodeId: person.node_id,
              details: { method: 'sms_code' },
            },
            trx,
          );
          return id;
        });
        account = await ctx.accounts.findById(accountId);
      }
      if (!account) throw new AppError('LOGIN_CODE_FAILED');
      await ctx.loginThrottle.succeed(phone);
      await ctx.audit.append({
        actorAccountId: account.id,
        action: 'auth.login',
        targetType: 'account',
        targetId: account.id,
        details: { method: 'sms_code' },
      });
      return startSession(ctx, reply, account);
    },
  );

  r.post(
    '/api/v1/auth/password/reset',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['accounts'],
        summary: 'Forgot password: choose a new one with an SMS code (ask for it at /auth/code/request); signs out everywhere',
        body: z.strictObject({ phone: phoneSchema, code: z.string().regex(/^\d{6}$/), next: passwordSchema }),
      },
    },
    async (req, reply) => {
      const { phone, code, next } = req.body;
      await throttleLogin(ctx, req, reply, phone);
      const { live, matches, nowIso } = await matchCode(phone, code);
      const account = matches ? await ctx.accounts.findByPhone(phone) : undefined;
      if (!live || !matches || !account || account.disabled || !(await codes.use(live.id, nowIso))) {
        if (live && !matches) await codes.countAttempt(live.id);
        await ctx.loginThrottle.fail(phone, req.ip);
        await ctx.audit.append({ actorAccountId: null, action: 'auth.password_reset_failed', details: null });
        throw new AppError('LOGIN_CODE_FAILED');
      }
      await ctx.loginThrottle.succeed(phone);
      await ctx.accounts.setPassword(account.id, await hashPassword(next));
      await ctx.accounts.revokeAllSessions(account.id);
      await ctx.audit.append({
        actorAccountId: account.id,
        channel: 'sms_code',
        action: 'auth.password_reset',
        targetType: 'account',
        targetId: account.id,
      });
      return reply.status(204).send();
    },
  );
}
