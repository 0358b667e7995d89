import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';

const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区 (wuxingaz, wuxinghy)
const VOLUNTEER_ZC = '19900000010'; // 王淑芬, volunteer in 轴承生活小区
const SECRETARY = '19900000003'; // 李建国, branch secretary of wuxingaz

describeEachDialect('registry routes', (h) => {
  let worker: Session;
  let volunteer: Session;
  let secretary: Session;
  const get = (s: Session | null, url: string) => h().as(s, { method: 'GET', url });
  const send = (s: Session | null, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    h().as(s, { method, url, payload: payload as object });

  it('signs in the demo staff', async () => {
    worker = await h().login(WORKER);
    volunteer = await h().login(VOLUNTEER_ZC);
    secretary = await h().login(SECRETARY);
  });

  it('shows a building with its units, owners and masked phones', async () => {
    const res = await get(worker, '/api/v1/registry/buildings/wuxingaz-b5');
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.name).toBe('5栋');
    const wan = b.units.find((u: { label: string }) => u.label === '5栋2单元402');
    expect(wan.residents[0].name).toBe('万玉清');
    expect(wan.residents[0].phone).toBe('199****0001');
    expect(JSON.stringify(b)).not.toContain('"19900000001"');
  });

  it('answers 404, not 403, for a building of another community, and 403 for a volunteer', async () => {
    expect((await get(worker, '/api/v1/registry/buildings/zhoucheng-b1')).statusCode).toBe(404);
    expect((await get(worker, '/api/v1/registry/buildings/no-such')).statusCode).toBe(404);
    expect((await get(volunteer, '/api/v1/registry/buildings/zhoucheng-b1')).statusCode).toBe(403);
    expect((await get(null, '/api/v1/registry/buildings/zhoucheng-b1')).statusCode).toBe(401);
  });

  it('searches by name, door number and phone suffix, with masked phones, inside the caller’s subtree only', async () => {
    const byName = (await get(worker, `/api/v1/registry/search?q=${encodeURIComponent('万玉清')}`)).json().results;
    expect(byName).toHaveLength(1);
    expect(byName[0].address).toBe('5栋2单元402');
    expect(byName[0].phone).toBe('199****0001');
    const bySuffix = (await get(worker, '/api/v1/registry/search?q=0001')).json().results;
    expect(bySuffix.some((r: { name: string }) => r.name === '万玉清')).toBe(true);
    const byDoor = (await get(worker, `/api/v1/registry/search?q=${encodeURIComponent('5-2-402')}`)).json().results;
    expect(byDoor.map((r: { name: string }) => r.name)).toContain('万玉清');
    const outside = (await get(worker, `/api/v1/registry/search?q=${encodeURIComponent('王淑芬')}`)).json().results;
    expect(outside).toHaveLength(0);
  });

  it('reveals a full phone only on request and audits the read', async () => {
    const res = await get(worker, '/api/v1/registry/people/p-19900000001/phone');
    expect(res.json().phone).toBe('19900000001');
    const entry = await h()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'registry.phone_read')
      .where('target_id', '=', 'p-19900000001')
      .executeTakeFirst();
    expect(entry).toBeTruthy();
  });

  it('creates a unit with an exact area and refuses a door taken in the same 单元 (naming the field)', async () => {
    const ok = await send(worker, 'POST', '/api/v1/registry/units', {
      buildingId: 'wuxinghy-b1',
      stairwell: '1',
      door: '601',
      area: '89.5',
    });
    expect(ok.statusCode).toBe(201);
    const unit = await h().ctx.db.selectFrom('units').selectAll().where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(unit.area_hundredths).toBe(8950);
    const again = await send(worker, 'POST', '/api/v1/registry/units', {
      buildingId: 'wuxinghy-b1',
      stairwell: '1',
      door: '601',
      area: '90',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.fields[0].path).toBe('door');
    // The same door number in the next 单元 is another home.
    expect(
      (
        await send(worker, 'POST', '/api/v1/registry/units', {
          buildingId: 'wuxinghy-b1',
          stairwell: '2',
          door: '601',
          area: '90',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('gives exactly one winner when two staff add the same door at once', async () => {
    const body = { buildingId: 'wuxinghy-b1', stairwell: '1', door: '701', area: '70.00' };
    const [a, b] = await Promise.all([
      send(worker, 'POST', '/api/v1/registry/units', body),
      send(secretary, 'POST', '/api/v1/registry/units', { ...body, buildingId: 'wuxinghy-b1' }),
    ]);
    // The secretary of wuxingaz does not reach 五星花园: 404. The worker wins alone.
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 404]);
    const [c, d] = await Promise.all([
      send(worker, 'POST', '/api/v1/registry/units', { ...body, door: '702' }),
      send(worker, 'POST', '/api/v1/registry/units', { ...body, door: '702' }),
    ]);
    expect([c.statusCode, d.statusCode].sort()).toEqual([201, 409]);
  });

  it('refuses bad areas, unknown fields and wrong types with the field named', async () => {
    const three = await send(worker, 'POST', '/api/v1/registry/units', {
      buildingId: 'wuxinghy-b1',
      stairwell: '1',
      door: '801',
      area: '89.505',
    });
    expect(three.statusCode).toBe(400);
    expect(three.json().error.details.fields[0].path).toBe('area');
    const neg = await send(worker, 'POST', '/api/v1/registry/units', {
      buildingId: 'wuxinghy-b1',
      stairwell: '1',
      door: '801',
      area: '-3',
    });
    expect(neg.json().error.details.fields[0].path).toBe('area');
    expect(
      (
        await send(worker, 'POST', '/api/v1/registry/units', {
          buildingId: 'wuxinghy-b1',
          stairwell: '1',
          door: '801',
          area: '80',
          owner: 'x',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await send(worker, 'POST', '/api/v1/registry/units', { buildingId: 'wuxinghy-b1', stairwell: 1, door: '801', area: '80' }))
        .statusCode,
    ).toBe(400);
  });

  it('creates and edits a person, checking the phone and that the unit is in the caller’s subtree', async () => {
    const bad = await send(worker, 'POST', '/api/v1/registry/people', {
      unitId: 'u-wuxingaz-1-1-101',
      name: '测试',
      phone: '12345',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('phone');
    const outside = await send(worker, 'POST', '/api/v1/registry/people', { unitId: 'u-zhoucheng-1-1-101', name: '测试' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details.fields[0].path).toBe('unitId');
    const html = '<b>张三</b>';
    const ok = await send(worker, 'POST', '/api/v1/registry/people', {
      unitId: 'u-wuxingaz-1-1-101',
      name: html,
      phone: '13800005616',
      birthYear: 1970,
      tags: ['党员'],
    });
    expect(ok.statusCode).toBe(201);
    const page = (await get(worker, `/api/v1/registry/people/${ok.json().id}`)).json();
    expect(page.name).toBe(html);
    expect(page.phone).toBe('138****5616');
    expect(page.address.label).toBe('1栋1单元101');
    const patched = await send(worker, 'PATCH', `/api/v1/registry/people/${ok.json().id}`, {
      tags: ['党员', '志愿者'],
      birthYear: 1971,
    });
    expect(patched.statusCode).toBe(200);
  });

  it('manages the tree within the caller’s subtree: add a building, rename it, delete it while empty', async () => {
    const add = await send(worker, 'POST', '/api/v1/registry/nodes', { parentId: 'wuxinghy', name: '2栋' });
    expect(add.statusCode).toBe(201);
    expect(add.json().kind).toBe('building');
    expect((await send(worker, 'PATCH', `/api/v1/registry/nodes/${add.json().id}`, { name: '二栋' })).json().name).toBe('二栋');
    expect((await send(worker, 'POST', '/api/v1/registry/nodes', { parentId: 'zhoucheng', name: 'x' })).statusCode).toBe(404);
    expect((await send(worker, 'DELETE', '/api/v1/registry/nodes/wuxinghy-b1')).statusCode).toBe(409);
    expect((await send(worker, 'DELETE', `/api/v1/registry/nodes/${add.json().id}`)).statusCode).toBe(204);
  });

  it('shows the 龙升 branch and committee: cross-membership derived, warnings for a committee against the law', async () => {
    const admin = await h().login('19900000008');
    const ls = (await get(admin, '/api/v1/registry/compounds/longshengaz/organisations')).json();
    expect(ls.branch.members).toHaveLength(46);
    expect(ls.committee.chair.id).toBe(ls.branch.secretary.id);
    expect(ls.committee.members.filter((m: { alsoBranchMember: boolean }) => m.alsoBranchMember).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(ls.committee.warnings).toEqual([]);
    const jl = (await get(admin, '/api/v1/registry/compounds/jinlong/organisations')).json();
    expect(jl.committee.warnings).toEqual(expect.arrayContaining(['too_few_members', 'even_members', 'term_too_long']));
  });

  it('edits the branch: a secretary from another compound is refused, the 示范点 flag is kept', async () => {
    const res = await send(worker, 'PUT', '/api/v1/registry/compounds/wuxingaz/branch', {
      name: '安置小区党支部',
      secretaryPersonId: 'p-zhoucheng-0001',
      foundedOn: '2019-03-20',
      demonstration: true,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('secretaryPersonId');
    const ok = await send(worker, 'PUT', '/api/v1/registry/compounds/wuxingaz/branch', {
      name: '五星社区安置小区党支部',
      secretaryPersonId: 'p-19900000003',
      foundedOn: '2019-03-20',
      demonstration: true,
    });
    expect(ok.statusCode).toBe(200);
  });
  it('adds and removes branch and committee members, and keeps the committee term checked', async () => {
    const admin = await h().login('19900000008');
    const url = '/api/v1/registry/compounds/longshengaz';
    const org = async () => (await get(admin, `${url}/organisations`)).json();
    const ids = (xs: Array<{ id: string }>) => xs.map((m) => m.id);
    const before = await org();
    const taken = new Set([...ids(before.branch.members), ...ids(before.committee.members)]);
    const found = (await get(admin, `/api/v1/registry/search?q=${encodeURIComponent('王')}&nodeId=longshengaz`)).json().results;
    // An owner of a unit here: only owners may sit on the 业委会.
    const person = found.find((r: { id: string; owner: boolean }) => !taken.has(r.id) && r.owner)?.id as string;
    expect(person).toBeTruthy();
    expect((await send(admin, 'POST', `${url}/branch/members`, { personId: person })).statusCode).toBe(204);
    expect(ids((await org()).branch.members)).toContain(person);
    expect((await send(admin, 'POST', `${url}/branch/members`, { personId: '' })).statusCode).toBe(400);
    expect((await send(admin, 'DELETE', `${url}/branch/members/${person}`)).statusCode).toBe(204);
    expect(ids((await org()).branch.members)).not.toContain(person);

    expect((await send(admin, 'PUT', `${url}/committee/members/${person}`, { position: 'member' })).statusCode).toBe(204);
    expect(ids((await org()).committee.members)).toContain(person);
    expect((await send(admin, 'PUT', `${url}/committee/members/${person}`, { position: 'king' })).statusCode).toBe(400);
    expect((await send(admin, 'DELETE', `${url}/committee/members/${person}`)).statusCode).toBe(204);
    expect(ids((await org()).committee.members)).not.toContain(person);

    // Someone of the compound who owns no unit in it is refused, for a seat and for the chair.
    const tenant = found.find((r: { id: string; owner: boolean }) => !taken.has(r.id) && !r.owner)?.id as string;
    expect(tenant).toBeTruthy();
    const refused = await send(admin, 'PUT', `${url}/committee/members/${tenant}`, { position: 'member' });
    expect([refused.statusCode, refused.json().error]).toEqual([
      422,
      {
        code: 'COMMITTEE_NOT_OWNER',
        message: '业委会成员必须是本小区的业主',
        details: { fields: [{ path: 'personId', reason: 'not_owner', message: '不是本小区的业主' }] },
      },
    ]);
    expect(ids((await org()).committee.members)).toEqual(ids(before.committee.members));

    const c = before.committee;
    const chairRefused = await send(admin, 'PUT', `${url}/committee`, {
      name: c.name,
      chairPersonId: tenant,
      foundedOn: c.foundedOn,
      termStart: c.termStart,
      termEnd: c.termEnd,
    });
    expect([chairRefused.statusCode, chairRefused.json().error.code]).toEqual([422, 'COMMITTEE_NOT_OWNER']);
    expect((await org()).committee.chair).toEqual(before.committee.chair);
    const term = { name: c.name, chairPersonId: c.chair?.id ?? null, foundedOn: c.foundedOn, termStart: c.termStart };
    const bad = await send(admin, 'PUT', `${url}/committee`, { ...term, termEnd: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('termEnd');
    const ok = await send(admin, 'PUT', `${url}/committee`, { ...term, termEnd: c.termEnd });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().id).toBe(c.id);
  });
});
