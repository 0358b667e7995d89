import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { createMemorySmsProvider } from './sms';

const WORKER = '19900000005'; // 邹晓敏, community_worker at 五星社区
const SUBDISTRICT = '19900000007'; // 黄闻, subdistrict_admin at 云田镇
const SECRETARY = '19900000003'; // 李建国, branch_secretary at 五星社区安置小区
const RESIDENT = '19900000001';
const FAR_VOLUNTEER = '19900000010'; // 王淑芬, volunteer at 轴承生活小区

describeEachDialect('accounts: granting and revoking roles', (h) => {
  it('grants a role inside the subtree and revokes it; the grantee gains and loses it', async () => {
    const admin = await h().login(SUBDISTRICT);
    const nodes = (await h().as(admin, { url: '/api/v1/admin/nodes' })).json().items;
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['yuntian', 'wuxing', 'wuxingaz']));
    expect(nodes.map((n: { id: string }) => n.id)).not.toContain('zhoucheng');
    const res = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/admin/grants',
      payload: { phone: RESIDENT, role: 'volunteer', nodeId: 'wuxingaz', canProxy: true },
    });
    expect(res.statusCode).toBe(201);
    const resident = await h().login(RESIDENT);
    const me = (await h().as(resident, { url: '/api/v1/auth/me' })).json();
    expect(me.roles).toEqual(
      expect.arrayContaining([expect.objectContaining({ role: 'volunteer', nodeId: 'wuxingaz', canProxy: true })]),
    );
    expect(me.canActForOthers).toBe(true);
    const list = (await h().as(admin, { url: '/api/v1/admin/grants?nodeId=wuxingaz' })).json().items;
    const g = list.find((x: { id: string }) => x.id === res.json().id);
    expect(g.phone).toBe('199****0001');
    const del = await h().as(admin, { method: 'DELETE', url: `/api/v1/admin/grants/${g.id}` });
    expect(del.statusCode).toBe(204);
    const again = await h().as(admin, { method: 'DELETE', url: `/api/v1/admin/grants/${g.id}` });
    expect(again.statusCode).toBe(404);
    const after = (await h().as(resident, { url: '/api/v1/auth/me' })).json();
    expect(after.roles.map((r: { role: string }) => r.role)).toEqual(['resident']);
  });

  it('answers 404 for a node or a grant outside the subtree, and 403 for a role the caller may not grant', async () => {
    const worker = await h().login(WORKER);
    const outside = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/admin/grants',
      payload: { phone: RESIDENT, role: 'volunteer', nodeId: 'zhoucheng' },
    });
    expect(outside.statusCode).toBe(404);
    const tooHigh = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/admin/grants',
      payload: { phone: RESIDENT, role: 'district_admin', nodeId: 'wuxing' },
    });
    expect(tooHigh.statusCode).toBe(403);
    const far = await h().login(FAR_VOLUNTEER);
    const farGrant = (await h().ctx.accounts.grantsOf(far.accountId))[0];
    expect(farGrant).toBeDefined();
    const row = await h()
      .ctx.db.selectFrom('role_grants')
      .select('id')
      .where('account_id', '=', far.accountId)
      .executeTakeFirstOrThrow();
    const revokeFar = await h().as(worker, { method: 'DELETE', url: `/api/v1/admin/grants/${row.id}` });
    expect(revokeFar.statusCode).toBe(404);
    const stillThere = await h()
      .ctx.db.selectFrom('role_grants')
      .select('revoked_at')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stillThere.revoked_at).toBeNull();
    const resident = await h().login(RESIDENT);
    expect((await h().as(resident, { url: '/api/v1/admin/grants' })).statusCode).toBe(403);
  });

  it('revokes a grant exactly once under simultaneous revocations', async () => {
    const admin = await h().login(SUBDISTRICT);
    const created = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/admin/grants',
      payload: { phone: '19900000002', role: 'committee_member', nodeId: 'wuxingaz' },
    });
    const id = created.json().id;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => h().as(admin, { method: 'DELETE', url: `/api/v1/admin/grants/${id}` })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 404, 404, 404, 404, 404]);
    const audits = await h().ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'role.revoked').execute();
    expect(audits.filter((a) => a.details?.includes(id)).length).toBe(1);
    expect((await h().ctx.audit.verify()).ok).toBe(true);
  });
});

describeEachDialect('accounts: invitations', (h) => {
  it('creates an invitation that a newcomer redeems once to create an account with the role', async () => {
    const secretary = await h().login(SECRETARY);
    const created = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { role: 'volunteer', nodeId: 'wuxingaz', note: '<b>党员</b>' },
    });
    expect(created.statusCode).toBe(201);
    const { code, link } = created.json();
    expect(link).toBe(`/invite/${code}`);
    const info = await h().app.inject({ url: `/api/v1/invitations/${code}` });
    expect(info.json()).toMatchObject({ role: 'volunteer', nodeName: '五星社区安置小区' });
    const payload = { code, name: '新志愿者', phone: '13812345678', password: 'a-long-password' };
    const results = await Promise.all(
      [1, 2, 3].map(() => h().app.inject({ method: 'POST', url: '/api/v1/invitations/redeem', payload })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 404 || s === 409)).toBe(true);
    const ok = results.find((r) => r.statusCode === 200);
    expect(ok?.json().roles).toEqual([expect.objectContaining({ role: 'volunteer', nodeId: 'wuxingaz' })]);
    expect(ok?.json().phone).toBe('138****5678');
    expect((await h().app.inject({ url: `/api/v1/invitations/${code}` })).statusCode).toBe(404);
    const list = (await h().as(secretary, { url: '/api/v1/admin/invitations' })).json().items;
    expect(list[0]).toMatchObject({ status: 'redeemed', note: '<b>党员</b>' });
    const accounts = await h().ctx.db.selectFrom('accounts').select('id').where('phone', '=', '13812345678').execute();
    expect(accounts.length).toBe(1);
  });

  it('adds the role to a signed-in account, refuses nodes outside the subtree and roles above the caller', async () => {
    const secretary = await h().login(SECRETARY);
    expect(
      (
        await h().as(secretary, {
          method: 'POST',
          url: '/api/v1/admin/invitations',
          payload: { role: 'volunteer', nodeId: 'zhoucheng' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await h().as(secretary, {
          method: 'POST',
          url: '/api/v1/admin/invitations',
          payload: { role: 'community_worker', nodeId: 'wuxingaz' },
        })
      ).statusCode,
    ).toBe(403);
    const { code } = (
      await h().as(secretary, {
        method: 'POST',
        url: '/api/v1/admin/invitations',
        payload: { role: 'volunteer', nodeId: 'wuxingaz', canProxy: true },
      })
    ).json();
    const resident = await h().login(RESIDENT);
    const res = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/invitations/redeem',
      payload: { code: code.toLowerCase() },
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .roles.map((r: { role: string }) => r.role)
        .sort(),
    ).toEqual(['resident', 'volunteer']);
    expect(res.json().canActForOthers).toBe(true);
    const bad = await h().app.inject({
      method: 'POST',
      url: '/api/v1/invitations/redeem',
      payload: { code: 'AAAAAAAAAA', name: 'x', phone: '13800000000', password: 'longenough' },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.code).toBe('INVITATION_INVALID');
  });
});

describeEachDialect('accounts: SMS code login', (h) => {
  it('sends a code through the provider and signs in with it once; unknown phones get the same answer', async () => {
    const sms = createMemorySmsProvider();
    h().ctx.sms = sms;
    const ask = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone: RESIDENT } });
    expect(ask.statusCode).toBe(202);
    const unknown = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone: '13900001111' } });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(ask.json());
    expect(sms.sent.map((m) => m.phone)).toEqual([RESIDENT]);
    const code = sms.lastCode(RESIDENT) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/code/verify',
      payload: { phone: RESIDENT, code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('LOGIN_CODE_FAILED');
    const ok = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/verify', payload: { phone: RESIDENT, code } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe('万玉清');
    const reuse = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/verify', payload: { phone: RESIDENT, code } });
    expect(reuse.statusCode).toBe(401);
  });

  it('prints the code with the phone masked on the console provider', async () => {
    const { createConsoleSmsProvider } = await import('./sms');
    const lines: string[] = [];
    await createConsoleSmsProvider((l) => lines.push(l)).send('13800005616', 'code 123456');
    expect(lines).toEqual(['[sms to 138****5616] code 123456']);
  });
});
