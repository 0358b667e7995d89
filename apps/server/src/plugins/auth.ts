import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors';
import type { AccountsRepository } from '../modules/accounts/accounts.repository';
import type { Access, AuthContext } from '../modules/accounts/policy';
import { canActFor, hasRole } from '../modules/accounts/policy';

export const SESSION_COOKIE = 'lx_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api route's declared access, keyed "METHOD /url/:param" (the access matrix reads it). */
    routeAccess: Map<string, Access>;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route. Every /api route must say; the policy layer enforces it. */
    access?: Access;
    /** Exempt from the CSRF header check (login, which has no session yet). */
    csrfExempt?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the session cookie into request.auth, then applies the route's declared access and
 * the CSRF check. Registered once, so every route goes through the same policy layer.
 */
export function registerAuth(app: FastifyInstance, accounts: AccountsRepository): void {
  app.decorateRequest('auth', null);
  const routeAccess = new Map<string, Access>();
  app.decorate('routeAccess', routeAccess);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith('/api/v1') && !url.startsWith('/open311')) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${route.method} ${url} declares no access policy`);
    for (const m of [route.method].flat()) routeAccess.set(`${m} ${url}`, access);
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    // One query: the session, its account and the account's grants.
    const s = await accounts.findSessionWithGrants(token);
    if (!s) return;
    const auth: AuthContext = {
      accountId: s.accountId,
      personId: s.person_id,
      sessionId: s.sessionId,
      csrfToken: s.csrf_token,
      lang: s.lang === 'en' ? 'en' : 'zh-CN',
      largeText: s.large_text === 1,
      grants: s.grants,
      actingFor: null,
    };
    // Acting for someone holds only while the right does: a revoked grant, a resident who moved
    // out of the subtree or was erased ends it at the next request.
    if (s.acting_for_person_id && s.acting_channel && s.acting_path && !s.acting_erased_at && canActFor(auth, s.acting_path)) {
      auth.actingFor = { personId: s.acting_for_person_id, channel: s.acting_channel };
    }
    req.auth = auth;
  });

  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config?.access;
    if (access === undefined || access === 'public') {
      if (req.auth && UNSAFE.has(req.method) && !req.routeOptions.config?.csrfExempt) checkCsrf(req);
      return;
    }
    if (!req.auth) throw new AppError('UNAUTHENTICATED');
    if (UNSAFE.has(req.method) && !req.routeOptions.config?.csrfExempt) checkCsrf(req);
    if (access !== 'authenticated' && !hasRole(req.auth, access)) throw new AppError('FORBIDDEN');
  });
}

function checkCsrf(req: FastifyRequest) {
  const header = req.headers['x-csrf-token'];
  if (typeof header !== 'string' || header !== req.auth?.csrfToken) throw new AppError('CSRF_FAILED');
}
