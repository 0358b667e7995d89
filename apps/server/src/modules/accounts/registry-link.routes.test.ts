import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createMemorySmsProvider } from './sms';

const WORKER = '19900000005'; // community worker of 五星社区
const SECRETARY = '19900000003'; // branch secretary of 五星社区安置小区 (opens votes)
const OWNER = '13700000001';
const FAMILY = '13700000002';
const NEWCOMER = '13700000003';

function multipart(content: string) {
  const boundary = '----lianxin-link';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="h.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDialect('one person, one record: registry phones, invitations, join requests', (h) => {
  const sms = createMemorySmsProvider();
  let worker: Session;
  let ownerPersonId = '';

  async function codeLogin(phone: string) {
    h().ctx.sms = sms;
    const ask = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone } });
    expect(ask.statusCode).toBe(202);
    const code = sms.lastCode(phone);
    if (!code) return undefined;
    return h().app.inject({ method: 'POST', url: '/api/v1/auth/code/verify', payload: { phone, code } });
  }

  it('imports two households into 五星社区安置小区, one owner with a phone', async () => {
    worker = await h().login(WORKER);
    const sheet = [
      '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签',
      `1栋,9,901,95.00,是,郭明,${OWNER},1955,`,
      `1栋,9,901,,,郭小明,${FAMILY},1985,`,
      '1栋,9,902,80.00,,,,,',
    ].join('\n');
    const res = await h().as(worker, { method: 'POST', url: '/api/v1/registry/compounds/wuxingaz/import', ...multipart(sheet) });
    expect(JSON.parse(res.body.trim().split('\n').at(-1) as string)).toMatchObject({ type: 'done', ok: true });
    ownerPersonId = (await h().ctx.db.selectFrom('people').select('id').where('phone', '=', OWNER).executeTakeFirstOrThrow()).id;
  });

  it('an SMS code to a registry phone signs in as that very person, a resident of the compound; audited', async () => {
    const res = await codeLogin(OWNER);
    expect(res?.statusCode).toBe(200);
    const me = res?.json();
    expect(me.personId).toBe(ownerPersonId);
    expect(me.name).toBe('郭明');
    expect(me.roles).toEqual([
      { role: 'resident', nodeId: 'wuxingaz', nodeName: '五星社区安置小区', nodeKind: 'compound', canProxy: false },
    ]);
    const people = await h().ctx.db.selectFrom('people').select('id').where('phone', '=', OWNER).execute();
    expect(people).toEqual([{ id: ownerPersonId }]);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'accounts.created_from_registry')
      .execute();
    expect(audit).toEqual([{ action: 'accounts.created_from_registry', target_id: ownerPersonId }]);
    // A second sign-in uses the same account.
    const again = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone: OWNER } });
    expect(again.statusCode).toBe(202);
  });

  it('the owner of that sheet casts a ballot online', async () => {
    const secretary = await h().login(SECRETARY);
    const closesAt = new Date(Date.now() + 3600_000).toISOString();
    const vote = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/votes',
      payload: { compoundId: 'wuxingaz', kind: 'decision', matter: 4, title: '续聘物业', body: '是否续聘', closesAt },
    });
    expect(vote.statusCode).toBe(201);
    const cookie = (await codeLoginCookie(OWNER)) as { cookie: string; csrf: string };
    const cast = await h().app.inject({
      method: 'POST',
      url: `/api/v1/votes/${vote.json().id}/ballots`,
      payload: { choice: 'yes' },
      headers: { cookie: cookie.cookie, 'x-csrf-token': cookie.csrf },
    });
    expect(cast.statusCode).toBe(201);
    expect(cast.json().receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  async function codeLoginCookie(phone: string) {
    await new Promise((r) => setTimeout(r, 0));
    // The resend limit holds a minute: sign in with the password-less account through a fresh code row.
    await h().ctx.db.deleteFrom('login_codes').execute();
    const res = await codeLogin(phone);
    const c = res?.cookies.find((x) => x.name === 'lx_session');
    return res && c ? { cookie: `lx_session=${c.value}`, csrf: res.json().csrfToken as string } : undefined;
  }

  it('an unknown phone gets no code; its join request names a real door, or is refused with NO_SUCH_DOOR', async () => {
    expect(await codeLogin(NEWCOMER)).toBeUndefined();
    const bad = await h().app.inject({
      method: 'POST',
      url: '/api/v1/join',
      headers: { 'accept-language': 'zh-CN' },
      payload: {
        compoundId: 'wuxingaz',
        name: '何新',
        phone: NEWCOMER,
        building: '1栋',
        stairwell: '9',
        door: '999',
        relation: 'tenant',
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'NO_SUCH_DOOR', message: '这个小区没有这个门牌（楼栋-单元-门牌号），请核对' });
    expect(await h().ctx.db.selectFrom('join_requests').select('id').execute()).toEqual([]);
    const ok = await h().app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: {
        compoundId: 'wuxingaz',
        name: '何新',
        phone: NEWCOMER,
        building: '1',
        stairwell: '9单元',
        door: '902',
        relation: 'owner',
      },
    });
    expect(ok.statusCode).toBe(201);
    const twice = await h().app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: {
        compoundId: 'wuxingaz',
        name: '何新',
        phone: NEWCOMER,
        building: '1',
        stairwell: '9',
        door: '902',
        relation: 'owner',
      },
    });
    expect(twice.json().error.code).toBe('JOIN_PENDING');
  });

  it('a community worker sees it (phone masked) and approves it as a new person; the newcomer then signs in by code', async () => {
    const list = await h().as(worker, { method: 'GET', url: '/api/v1/registry/join-requests' });
    expect(list.json().requests).toEqual([
      {
        id: expect.any(String),
        name: '何新',
        phone: '137****0003',
        relation: 'owner',
        createdAt: expect.any(String),
        compoundId: 'wuxingaz',
        compoundName: '五星社区安置小区',
        address: '1栋-9-902',
        candidates: [],
      },
    ]);
    const id = list.json().requests[0].id;
    const outsider = await h().login('19900000004'); // committee member elsewhere: not an approver here
    expect(
      (await h().as(outsider, { method: 'POST', url: `/api/v1/registry/join-requests/${id}/approve`, payload: {} })).statusCode,
    ).toBe(403);
    const approved = await h().as(worker, { method: 'POST', url: `/api/v1/registry/join-requests/${id}/approve`, payload: {} });
    expect(approved.statusCode).toBe(200);
    const personId = approved.json().personId;
    const owners = await h()
      .ctx.db.selectFrom('unit_owners')
      .innerJoin('units', 'units.id', 'unit_owners.unit_id')
      .select(['unit_owners.person_id', 'unit_owners.representative'])
      .where('units.compound_id', '=', 'wuxingaz')
      .where('units.stairwell', '=', '9')
      .where('units.door', '=', '902')
      .execute();
    expect(owners).toEqual([{ person_id: personId, representative: 1 }]);
    const again = await h().as(worker, { method: 'POST', url: `/api/v1/registry/join-requests/${id}/approve`, payload: {} });
    expect(again.statusCode).toBe(409);
    const res = await codeLogin(NEWCOMER);
    expect(res?.json()).toMatchObject({ personId, name: '何新' });
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'join.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['join.requested', 'join.approved']);
  });

  it('a join request matched to the registry person of its door links to that person', async () => {
    const phone = '13700000004';
    // 郭小明 is registered at 1-9-901 with another phone; his wife 周兰 is registered without one.
    const person = await h()
      .ctx.db.selectFrom('people')
      .select(['id', 'unit_id'])
      .where('name', '=', '郭小明')
      .executeTakeFirstOrThrow();
    await h()
      .ctx.db.insertInto('people')
      .values({
        id: 'zhoulan-test',
        node_id: 'wuxingaz',
        unit_id: person.unit_id,
        name: '周兰',
        phone: null,
        birth_year: 1987,
        id_number: null,
        created_at: new Date().toISOString(),
        erased_at: null,
      })
      .execute();
    const ok = await h().app.inject({
      method: 'POST',
      url: '/api/v1/join',
      payload: { compoundId: 'wuxingaz', name: '周兰', phone, building: '1栋', stairwell: '9', door: '901', relation: 'family' },
    });
    const id = ok.json().id;
    const list = await h().as(worker, { method: 'GET', url: '/api/v1/registry/join-requests' });
    expect(
      list.json().requests[0].candidates.map((c: { name: string; hasAccount: boolean }) => `${c.name}:${c.hasAccount}`),
    ).toEqual(['周兰:false', '郭小明:false', '郭明:true']);
    const taken = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/registry/join-requests/${id}/approve`,
      payload: { personId: ownerPersonId },
    });
    expect(taken.json().error.code).toBe('PHONE_TAKEN');
    const approved = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/registry/join-requests/${id}/approve`,
      payload: { personId: 'zhoulan-test' },
    });
    expect(approved.json()).toEqual({ id, status: 'approved', personId: 'zhoulan-test' });
    expect(await h().ctx.db.selectFrom('people').select('phone').where('id', '=', 'zhoulan-test').execute()).toEqual([{ phone }]);
    expect(await h().ctx.db.selectFrom('people').select('id').where('name', '=', '周兰').execute()).toHaveLength(1);
  });

  it('an invitation redeemed with a registry phone links to that person instead of making a second one', async () => {
    // 郭小明 is registered at 1-9-901 with his phone and has no account yet.
    const person = await h().ctx.db.selectFrom('people').select('id').where('phone', '=', FAMILY).executeTakeFirstOrThrow();
    const secretary = await h().login(SECRETARY);
    const created = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { role: 'volunteer', nodeId: 'wuxingaz' },
    });
    const redeemed = await h().app.inject({
      method: 'POST',
      url: '/api/v1/invitations/redeem',
      payload: { code: created.json().code, name: '郭小明', phone: FAMILY, password: 'a-long-password' },
    });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json().personId).toBe(person.id);
    expect(await h().ctx.db.selectFrom('people').select('id').where('phone', '=', FAMILY).execute()).toEqual([{ id: person.id }]);
  });
});
