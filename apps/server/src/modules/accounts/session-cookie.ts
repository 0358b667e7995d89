import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { SESSION_COOKIE } from '../../plugins/auth';
import { SESSION_TTL_MS } from './accounts.repository';
import type { ThrottleDecision } from './login-throttle';
import { loadMe, type MeBody } from './me';

/** Cookies get Secure in production (or when forced), HttpOnly and SameSite=Lax always. */
export function cookieSecure(ctx: Pick<AppContext, 'config'>): boolean {
  return ctx.config.cookieSecure === 'true' || (ctx.config.cookieSecure === 'auto' && ctx.config.production);
}

/** Opens a server-side session for an account, sets the cookie and answers with /auth/me. */
export async function startSession(
  ctx: Pick<AppContext, 'accounts' | 'config'>,
  reply: FastifyReply,
  account: { id: string; person_id: string; lang: string; large_text: number },
): Promise<MeBody> {
  const { token } = await ctx.accounts.createSession(account.id);
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(ctx),
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  const s = await ctx.accounts.findSessionWithGrants(token);
  if (!s) throw new AppError('INTERNAL');
  return loadMe(ctx, {
    accountId: account.id,
    personId: account.person_id,
    sessionId: s.sessionId,
    csrfToken: s.csrf_token,
    lang: account.lang === 'en' ? 'en' : 'zh-CN',
    largeText: account.large_text === 1,
    grants: [],
    actingFor: null,
  });
}

/**
 * Applies the brute-force limits before a credential is checked: refuses with 429 while locked,
 * else waits the growing delay. Same for every phone, registered or not.
 */
export async function throttleLogin(
  ctx: Pick<AppContext, 'loginThrottle'>,
  req: FastifyRequest,
  reply: FastifyReply,
  phone: string,
) {
  await apply(reply, await ctx.loginThrottle.check(phone, req.ip));
}

/** Refuses with 429 (and Retry-After) while a throttle decision says so, else waits its delay. */
async function apply(reply: FastifyReply, d: ThrottleDecision) {
  if (d.refused) {
    reply.header('retry-after', String(d.retryAfterSeconds));
    throw new AppError('LOGIN_THROTTLED', { retryAfterSeconds: d.retryAfterSeconds });
  }
  if (d.delayMs > 0) await new Promise((r) => setTimeout(r, d.delayMs));
}

/**
 * The per-IP limit on guessing codes (invitation codes): `scope` keeps its counters apart from
 * sign-ins. Call before looking the code up; count a miss with `loginThrottle.failIp(scope, ip)`.
 */
export async function throttleGuess(
  ctx: Pick<AppContext, 'loginThrottle'>,
  req: FastifyRequest,
  reply: FastifyReply,
  scope: string,
) {
  await apply(reply, await ctx.loginThrottle.checkIp(scope, req.ip));
}
