import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AccountsRepository } from '../modules/accounts/accounts.repository';
import { GRANTING_ROLES } from '../modules/accounts/grants.policy';
import { PHONES } from '../modules/orders/orders.test-helpers';
import { describeEachDialect, type Session } from '../test/harness';
import { registerAuth } from './auth';

// Guards of the CSRF and access plugin (issue #21): an unsafe request of a signed-in caller
// carries exactly its session's token; any other token, however plausible, is refused.

describeEachDialect('auth plugin: CSRF and declared access', (h) => {
  let resident: Session;
  let other: Session;
  const prefs = (cookie: string, headers: Record<string, string> = {}) =>
    h().app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/preferences',
      headers: { cookie, ...headers },
      payload: { largeText: false },
    });
  const code = (r: { statusCode: number; body: string }) => [r.statusCode, JSON.parse(r.body || '{}').error?.code ?? null];

  it('refuses an unsafe request without the token, with another session’s, with any other string; takes only its own', async () => {
    resident = await h().login(PHONES.resident);
    other = await h().login(PHONES.volunteer);
    const wrong: Array<Record<string, string>> = [
      {},
      { 'x-csrf-token': '' },
      { 'x-csrf-token': 'x' },
      { 'x-csrf-token': other.csrf },
      { 'x-csrf-token': `${resident.csrf}x` },
      { 'x-csrf-token': resident.csrf.slice(0, -1) },
      {
        'x-csrf-token': resident.csrf.toUpperCase() === resident.csrf ? resident.csrf.toLowerCase() : resident.csrf.toUpperCase(),
      },
    ];
    const answers = [];
    for (const headers of wrong) answers.push(code(await prefs(resident.cookie, headers)));
    expect(answers).toEqual(wrong.map(() => [403, 'CSRF_FAILED']));
    expect(code(await prefs(resident.cookie, { 'x-csrf-token': resident.csrf }))).toEqual([200, null]);
  });

  it('checks the token on every unsafe method, and never on a read', async () => {
    // an unknown URL: no schema or handler of its own answers first, only the 404 after the hooks
    const probe = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET', headers: Record<string, string> = {}) =>
      h().app.inject({ method, url: '/api/v1/no-such-route', headers: { cookie: resident.cookie, ...headers } });
    const unsafe = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
    const refused = [];
    for (const m of unsafe) refused.push(code(await probe(m)));
    expect(refused).toEqual(unsafe.map(() => [403, 'CSRF_FAILED']));
    const passed = [];
    for (const m of unsafe) passed.push(code(await probe(m, { 'x-csrf-token': resident.csrf })));
    expect(passed).toEqual(unsafe.map(() => [404, 'NOT_FOUND']));
    expect(code(await probe('GET'))).toEqual([404, 'NOT_FOUND']);
  });

  it('needs no token to read, and refuses a wrong one on a public unsafe route of a signed-in caller', async () => {
    const me = await h().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: resident.cookie } });
    expect(me.statusCode).toBe(200);
    const redeem = (headers: Record<string, string>) =>
      h().app.inject({
        method: 'POST',
        url: '/api/v1/invitations/redeem',
        headers: { cookie: resident.cookie, ...headers },
        payload: { code: 'AAAAAAAAAA' },
      });
    expect(code(await redeem({ 'x-csrf-token': 'forged' }))).toEqual([403, 'CSRF_FAILED']);
    expect(code(await redeem({}))).toEqual([403, 'CSRF_FAILED']);
    // with its own token the request reaches the route, which answers for the unknown code
    expect(code(await redeem({ 'x-csrf-token': resident.csrf }))).toEqual([404, 'INVITATION_INVALID']);
    // nobody signed in: no session, so no token to check
    const anon = await h().app.inject({ method: 'POST', url: '/api/v1/invitations/redeem', payload: { code: 'AAAAAAAAAA' } });
    expect(code(anon)).toEqual([404, 'INVITATION_INVALID']);
  });

  it('answers 401 to nobody signed in and to an unknown or overlong session cookie, 403 to a role outside the route’s', async () => {
    const anon = await h().app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(code(anon)).toEqual([401, 'UNAUTHENTICATED']);
    const unknown = await h().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'lx_session=nope' } });
    expect(code(unknown)).toEqual([401, 'UNAUTHENTICATED']);
    const token = resident.cookie.slice('lx_session='.length);
    const long = await h().app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `lx_session=${token}${'a'.repeat(101 - token.length)}` },
    });
    expect(code(long)).toEqual([401, 'UNAUTHENTICATED']);
    // nobody signed in on a staff-only route: 401, not 403
    expect(code(await h().app.inject({ method: 'GET', url: '/api/v1/admin/grants' }))).toEqual([401, 'UNAUTHENTICATED']);
    // a resident on a staff-only route
    const staffOnly = await h().as(resident, { method: 'GET', url: '/api/v1/admin/grants' });
    expect(code(staffOnly)).toEqual([403, 'FORBIDDEN']);
  });

  it('carries the session’s language and large-text setting into every request', async () => {
    const me = async () => (await h().as(other, { method: 'GET', url: '/api/v1/auth/me' })).json();
    expect([(await me()).lang, (await me()).largeText]).toEqual(['zh-CN', false]);
    await h().as(other, { method: 'PATCH', url: '/api/v1/auth/preferences', payload: { lang: 'en', largeText: true } });
    expect([(await me()).lang, (await me()).largeText]).toEqual(['en', true]);
    const refused = await prefs(other.cookie, { 'x-csrf-token': 'forged' });
    expect(refused.json().error).toEqual({ code: 'CSRF_FAILED', message: 'The page expired, please reload and retry' });
    await h().as(other, { method: 'PATCH', url: '/api/v1/auth/preferences', payload: { lang: 'zh-CN', largeText: false } });
    expect([(await me()).lang, (await me()).largeText]).toEqual(['zh-CN', false]);
  });

  it('records every /api route’s declared access, and a route that declares none cannot be registered', async () => {
    expect(h().app.routeAccess.get('PATCH /api/v1/auth/preferences')).toBe('authenticated');
    expect(h().app.routeAccess.get('POST /api/v1/invitations/redeem')).toBe('public');
    expect(h().app.routeAccess.get('POST /api/v1/auth/login')).toBe('public');
    expect(h().app.routeAccess.get('GET /open311/v2/services.json')).toBe('public');
    expect(h().app.routeAccess.get('GET /api/v1/admin/grants')).toEqual(GRANTING_ROLES);
    // only /api/v1 and /open311 routes are in the matrix
    expect(h().app.routeAccess.has('GET /healthz')).toBe(false);
  });
});

describe('auth plugin: every route declares its access', () => {
  it('refuses to register an /api/v1 or /open311 route without an access policy, and records the others', async () => {
    const app = Fastify();
    registerAuth(app, {} as AccountsRepository);
    const plain = async () => ({});
    expect(() => app.get('/api/v1/undeclared', plain)).toThrowError('route GET /api/v1/undeclared declares no access policy');
    expect(() => app.post('/open311/v2/undeclared', plain)).toThrowError(
      'route POST /open311/v2/undeclared declares no access policy',
    );
    app.get('/elsewhere', plain);
    app.route({ method: ['GET', 'HEAD'], url: '/api/v1/both', config: { access: ['volunteer'] }, handler: plain });
    expect([...app.routeAccess]).toEqual([
      ['GET /api/v1/both', ['volunteer']],
      ['HEAD /api/v1/both', ['volunteer']],
    ]);
    await app.close();
  });
});
