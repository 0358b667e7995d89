import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { type AuthContext, actorOf } from './policy';

const WORKER = '19900000005'; // 邹晓敏, community_worker at 五星社区
const RESIDENT = '19900000001'; // 万玉清, resident at 五星社区安置小区
const VOLUNTEER = '19900000002'; // 黄园, volunteer at 五星社区安置小区
const FAR_VOLUNTEER = '19900000010'; // 王淑芬, volunteer at 轴承生活小区
const ADMIN = '19900000008'; // 刘贞, district admin

describe('actorOf', () => {
  const base: AuthContext = {
    accountId: 'a1',
    personId: 'p1',
    sessionId: 's',
    csrfToken: 'c',
    lang: 'zh-CN',
    largeText: false,
    grants: [],
    actingFor: null,
  };
  it('records the caller as subject when nobody is acted for', () => {
    expect(actorOf(base)).toEqual({
      actorAccountId: 'a1',
      actorPersonId: 'p1',
      subjectPersonId: 'p1',
      onBehalfOf: null,
      channel: null,
    });
  });
  it('records the resident as subject and says who acted through which channel while acting for them', () => {
    expect(actorOf({ ...base, actingFor: { personId: 'p9', channel: 'walk_in' } })).toEqual({
      actorAccountId: 'a1',
      actorPersonId: 'p1',
      subjectPersonId: 'p9',
      onBehalfOf: 'p9',
      channel: 'walk_in',
    });
  });
  it('throws 401 without a session', () => {
    expect(() => actorOf(null)).toThrow('UNAUTHENTICATED');
  });
});

describeEachDialect('accounts: acting for a resident', (h) => {
  it('lets a community worker act for a resident of the subtree by phone call, and the resident sees it', async () => {
    const worker = await h().login(WORKER);
    const resident = await h().login(RESIDENT);
    const people = await h().as(worker, { url: '/api/v1/proxy/people?q=万玉' });
    expect(people.statusCode).toBe(200);
    const wan = people.json().items.find((p: { name: string }) => p.name === '万玉清');
    expect(wan.phone).toBe('199****0001');
    const start = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: wan.id, channel: 'phone_call' },
    });
    expect(start.statusCode).toBe(200);
    expect(start.json().actingFor).toEqual({ personId: wan.id, name: '万玉清', channel: 'phone_call' });
    const me = await h().as(worker, { url: '/api/v1/auth/me' });
    expect(me.json().actingFor.personId).toBe(wan.id);

    const history = await h().as(resident, { url: '/api/v1/me/proxy-history' });
    expect(history.statusCode).toBe(200);
    const first = history.json().items[0];
    expect(first).toMatchObject({ action: 'proxy.start', channel: 'phone_call', actorName: '邹晓敏' });

    const stop = await h().as(worker, { method: 'DELETE', url: '/api/v1/auth/acting-for' });
    expect(stop.statusCode).toBe(200);
    expect(stop.json().actingFor).toBeNull();
    const after = await h().as(resident, { url: '/api/v1/me/proxy-history' });
    expect(
      after
        .json()
        .items.map((i: { action: string }) => i.action)
        .slice(0, 2),
    ).toEqual(['proxy.stop', 'proxy.start']);
    expect((await h().ctx.audit.verify()).ok).toBe(true);
  });

  it('answers 404 for a person outside the subtree, the same as for one that does not exist', async () => {
    const far = await h().login(FAR_VOLUNTEER);
    await h().ctx.db.updateTable('role_grants').set({ can_proxy: 1 }).where('account_id', '=', far.accountId).execute();
    const outside = await h().as(far, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: `p-${RESIDENT}`, channel: 'home_visit' },
    });
    expect(outside.statusCode).toBe(404);
    const missing = await h().as(far, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: 'nobody', channel: 'home_visit' },
    });
    expect(missing.statusCode).toBe(404);
    expect(outside.json().error.code).toBe(missing.json().error.code);
    const list = await h().as(far, { url: '/api/v1/proxy/people' });
    expect(list.json().items.map((p: { name: string }) => p.name)).not.toContain('万玉清');
  });

  it('lets a volunteer act for residents only with the right on the grant', async () => {
    const vol = await h().login(VOLUNTEER);
    const body = { personId: `p-${RESIDENT}`, channel: 'home_visit' };
    const without = await h().as(vol, { method: 'POST', url: '/api/v1/auth/acting-for', payload: body });
    expect(without.statusCode).toBe(404);
    await h().ctx.db.updateTable('role_grants').set({ can_proxy: 1 }).where('account_id', '=', vol.accountId).execute();
    const withRight = await h().as(vol, { method: 'POST', url: '/api/v1/auth/acting-for', payload: body });
    expect(withRight.statusCode).toBe(200);
    // Revoking the right ends the acting-for at the next request.
    await h().ctx.db.updateTable('role_grants').set({ can_proxy: 0 }).where('account_id', '=', vol.accountId).execute();
    expect((await h().as(vol, { url: '/api/v1/auth/me' })).json().actingFor).toBeNull();
  });

  it('refuses admins (they oversee, not act) and bad input', async () => {
    const admin = await h().login(ADMIN);
    const res = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: `p-${RESIDENT}`, channel: 'phone_call' },
    });
    expect(res.statusCode).toBe(403);
    const worker = await h().login(WORKER);
    const badChannel = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: `p-${RESIDENT}`, channel: 'telepathy' },
    });
    expect(badChannel.statusCode).toBe(400);
    const extra = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: `p-${RESIDENT}`, channel: 'walk_in', admin: true },
    });
    expect(extra.statusCode).toBe(400);
    const noCsrf = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      headers: { cookie: worker.cookie },
      payload: { personId: `p-${RESIDENT}`, channel: 'walk_in' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
  });
});
