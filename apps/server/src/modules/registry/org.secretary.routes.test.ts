import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区: may grant branch_secretary
const DISTRICT = '19900000008';
const URL = '/api/v1/registry/compounds/wuxingaz';

/**
 * The branch secretary is one fact: the branch_secretary role at the compound. The organisation
 * page, the person page and the roles page read it; choosing a secretary on the organisation page
 * moves the role; granting the role on the roles page changes the organisation page.
 */
describeEachDialect('registry.branch secretary', (h) => {
  it('shows the role holder as secretary and moves the role when another is chosen', async () => {
    const worker = await h().login(WORKER);
    const get = async (url: string) => (await h().as(worker, { url })).json();
    const holders = async () =>
      (await get('/api/v1/admin/grants?nodeId=wuxingaz')).items
        .filter((g: { role: string }) => g.role === 'branch_secretary')
        .map((g: { personName: string; phone: string }) => [g.personName, g.phone]);
    expect((await get(`${URL}/organisations`)).branch.secretary).toEqual({ id: 'p-19900000003', name: '李建国' });
    expect(await holders()).toEqual([['李建国', '199****0003']]);

    const branch = (await get(`${URL}/organisations`)).branch;
    const body = { name: branch.name, foundedOn: branch.foundedOn, demonstration: branch.demonstration };
    // 黄园 (a party member with an account) becomes secretary: the role moves to her.
    const put = await h().as(worker, {
      method: 'PUT',
      url: `${URL}/branch`,
      payload: { ...body, secretaryPersonId: 'p-19900000002' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get(`${URL}/organisations`)).branch.secretary).toEqual({ id: 'p-19900000002', name: '黄园' });
    expect(await holders()).toEqual([['黄园', '199****0002']]);
    expect((await get('/api/v1/registry/people/p-19900000002')).branch.secretary).toBe(true);
    expect((await get('/api/v1/registry/people/p-19900000003')).branch.secretary).toBe(false);
    // 李建国 signs in without the role now; 黄园 with it.
    const li = await h().login('19900000003');
    expect((await h().as(li, { url: '/api/v1/auth/me' })).json().roles.map((r: { role: string }) => r.role)).not.toContain(
      'branch_secretary',
    );

    // Someone with no account cannot hold the role: refused, nothing changes.
    const noAccount = (await get(`${URL}/organisations`)).branch.members.find((m: { id: string }) => !m.id.startsWith('p-1990'))
      .id as string;
    const refused = await h().as(worker, {
      method: 'PUT',
      url: `${URL}/branch`,
      payload: { ...body, secretaryPersonId: noAccount },
    });
    expect([refused.statusCode, refused.json().error]).toEqual([
      422,
      {
        code: 'SECRETARY_NO_ACCOUNT',
        message: '这位党员还没有账号，不能担任支部书记；请先邀请其开通账号',
        details: { fields: [{ path: 'secretaryPersonId', reason: 'no_account', message: '此号码没有账号' }] },
      },
    ]);
    expect(await holders()).toEqual([['黄园', '199****0002']]);

    // The roles page grants the role to 李建国 again: the organisation page follows.
    const admin = await h().login(DISTRICT);
    const grant = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/admin/grants',
      payload: { phone: '19900000003', role: 'branch_secretary', nodeId: 'wuxingaz' },
    });
    expect(grant.statusCode, grant.body).toBe(201);
    expect((await get(`${URL}/organisations`)).branch.secretary).toEqual({ id: 'p-19900000003', name: '李建国' });
    // Saving the branch with him as secretary leaves him the only holder.
    await h().as(worker, { method: 'PUT', url: `${URL}/branch`, payload: { ...body, secretaryPersonId: 'p-19900000003' } });
    expect(await holders()).toEqual([['李建国', '199****0003']]);
    expect((await h().ctx.audit.verify()).ok).toBe(true);
  });
});
