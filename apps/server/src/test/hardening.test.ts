import { expect, it } from 'vitest';
import { localIn, makePerson } from '../modules/events/events.test-helpers';
import { describeEachDialect, type Session } from './harness';

/**
 * Classes of defect found by an outside attack (issue 18): each answer here was a 500 or an
 * accepted bad write before the fix. One test per class, on both databases.
 */
const DISTRICT = '19900000008'; // 刘贞, district admin at yunlong
const RESIDENT = '19900000001'; // 万玉清

const project = {
  nodeId: 'zhoucheng',
  title: '加固围墙',
  contractor: '株洲某建设公司',
  status: 'in_progress',
  funding: [{ source: '区财政', amountFen: 10_000_000 }],
  items: [
    { name: '东墙', budgetFen: 3_000_000 },
    { name: '西墙', budgetFen: 4_000_000 },
  ],
  milestones: [],
};

describeEachDialect('hardening: database constraints answer 409, never 500', (h) => {
  let admin: Session;
  let id: string;
  let items: { id: string; name: string }[];

  it('renaming a work item to another item’s name is a 409 DUPLICATE, and nothing changes', async () => {
    admin = await h().login(DISTRICT);
    const created = await h().as(admin, { method: 'POST', url: '/api/v1/projects', payload: project });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    items = created.json().items;
    const east = items.find((i) => i.name === '东墙');
    const res = await h().as(admin, {
      method: 'PATCH',
      url: `/api/v1/projects/${id}/items/${east?.id}`,
      payload: { name: '西墙' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toEqual({ code: 'DUPLICATE', message: '记录已存在', details: { reason: 'unique' } });
    const after = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    expect(after.items.map((i: { name: string }) => i.name)).toEqual(['东墙', '西墙']);
  });

  it('two identical items added at the same moment: one is added, the other is a 409', async () => {
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() =>
        h().as(admin, { method: 'POST', url: `/api/v1/projects/${id}/items`, payload: { name: '南墙', budgetFen: 100 } }),
      ),
    );
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    for (const r of answers.filter((a) => a.statusCode === 409)) expect(r.json().error.code).toBe('DUPLICATE');
    const after = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    expect(after.items.map((i: { name: string }) => i.name)).toEqual(['东墙', '西墙', '南墙']);
  });

  it('refuses unpaired surrogates in any text field, so two different names are never stored as one', async () => {
    const res = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/items`,
      payload: { name: '北墙\uD800', budgetFen: 100 },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details).toEqual({
      in: 'body',
      fields: [{ path: 'name', reason: 'invalid_characters', message: '含有无法保存的字符' }],
    });
    const low = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/items`,
      payload: '{"name":"北墙\\udc01","budgetFen":100}',
      headers: { 'content-type': 'application/json' },
    });
    expect(low.statusCode, low.body).toBe(400);
    const query = await h().as(admin, { url: `/api/v1/projects/${id}?x=%ED%A0%80` });
    expect(query.statusCode).not.toBe(500);
    // A paired surrogate (a real character outside the BMP) is fine.
    const ok = await h().as(admin, {
      method: 'POST',
      url: `/api/v1/projects/${id}/items`,
      payload: { name: '北墙𠀀', budgetFen: 100 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await h().as(admin, { url: `/api/v1/projects/${id}` })).json();
    expect(after.items.map((i: { name: string }) => i.name)).toEqual(['东墙', '西墙', '南墙', '北墙𠀀']);
  });
});

describeEachDialect('hardening: booleans bound as query parameters', (h) => {
  it('an account left with no role grant gets an empty notices list, not a 500', async () => {
    const resident = await h().login(RESIDENT);
    await h()
      .ctx.db.updateTable('role_grants')
      .set({ revoked_at: '2026-01-01T00:00:00.000Z' })
      .where('account_id', '=', resident.accountId)
      .execute();
    const res = await h().as(resident, { url: '/api/v1/notices' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([]);
  });
});

describeEachDialect('hardening: ids named in a body must exist and be within reach', (h) => {
  it('an event organised by a person of another compound, or by nobody, is a 404 and nothing is written', async () => {
    const secretary = await makePerson(h(), { name: '五星书记', nodeId: 'wuxingaz', role: 'branch_secretary', birthYear: 1975 });
    const neighbour = await makePerson(h(), { name: '五星居民', nodeId: 'wuxingaz', birthYear: 1980 });
    const outsider = await makePerson(h(), { name: '龙升居民', nodeId: 'longshengaz', birthYear: 1950 });
    const count = async () =>
      Number(
        (
          await h()
            .ctx.db.selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const create = (extra: Record<string, unknown>) =>
      h().as(secretary, {
        method: 'POST',
        url: '/api/v1/events',
        payload: { nodeId: 'wuxingaz', title: '读书会', start: localIn(2, '10:00'), durationMin: 60, ...extra },
      });
    for (const [extra, resource] of [
      [{ organiserPersonId: outsider.personId }, 'person'],
      [{ organiserPersonId: 'p-does-not-exist' }, 'person'],
      [{ nodeId: 'no-such-node' }, 'node'],
      [{ groupId: 'no-such-group' }, 'group'],
    ] as const) {
      const res = await create(extra);
      expect(res.statusCode, `${JSON.stringify(extra)} ${res.body}`).toBe(404);
      expect(res.json().error).toEqual({ code: 'NOT_FOUND', message: '找不到该内容', details: { resource } });
    }
    expect(await count()).toBe(before);
    const ok = await create({ organiserPersonId: neighbour.personId });
    expect(ok.statusCode, ok.body).toBe(201);
    const shown = (await h().as(secretary, { url: `/api/v1/events/${ok.json().id}` })).json();
    expect(shown.organiserName).toBe('五星居民');
    expect(await count()).toBe(before + 1);
  });
});

describeEachDialect('hardening: a multipart body cut off mid-part', (h) => {
  const boundary = '----lianxin-cut';
  const cut = (filename: string, type: string, content: string) => ({
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });

  it('answers 400 on an upload and on an import, and stores nothing', async () => {
    const committee = await h().login('19900000004'); // committee member at longshengaz
    const worker = await h().login('19900000005'); // community worker at 五星
    const count = async (table: 'uploads' | 'people') =>
      Number(
        (
          await h()
            .ctx.db.selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [uploads, people] = [await count('uploads'), await count('people')];
    const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    const answers = [
      await h().as(committee, { method: 'POST', url: '/api/v1/uploads?nodeId=longshengaz', ...cut('a.png', 'image/png', png) }),
      await h().as(worker, {
        method: 'POST',
        url: '/api/v1/registry/compounds/wuxinghy/import?dryRun=true',
        ...cut('a.csv', 'text/csv', '楼栋,单元,门牌号\r\n1,1,101'),
      }),
      await h().as(worker, {
        method: 'POST',
        url: '/api/v1/registry/compounds/wuxinghy/import',
        ...cut('a.csv', 'text/csv', '楼栋,单元,门牌号\r\n1,1,101'),
      }),
    ];
    expect(answers.map((r) => [r.statusCode, r.json().error?.code])).toEqual([
      [400, 'MALFORMED_MULTIPART'],
      [400, 'MALFORMED_MULTIPART'],
      [400, 'MALFORMED_MULTIPART'],
    ]);
    expect(answers[0]?.json().error.message).toBe('上传的内容不完整，请重新上传');
    expect([await count('uploads'), await count('people')]).toEqual([uploads, people]);
  });
});

describeEachDialect('hardening: the convention diff is bounded', (h) => {
  it('answers the diff of two 25,000-line versions with nothing in common at once, exactly', async () => {
    const secretary = await h().login('19900000003'); // 李建国, branch secretary of 五星安置小区
    const resident = await h().login(RESIDENT);
    const base = ((await h().as(secretary, { url: '/api/v1/conventions/wuxingaz' })).json().current?.version ?? 0) as number;
    const a = Array.from({ length: 25_000 }, (_, i) => (i % 2 ? 'a' : 'b')).join('\n');
    const b = Array.from({ length: 25_000 }, (_, i) => (i % 3 ? 'c' : 'd')).join('\n');
    for (const [body, baseVersion] of [
      [a, base],
      [b, base + 1],
    ] as const) {
      const res = await h().as(secretary, {
        method: 'POST',
        url: '/api/v1/conventions/wuxingaz/versions',
        payload: { title: '居民公约', body, baseVersion },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const started = performance.now();
    const res = await h().as(resident, { url: `/api/v1/conventions/wuxingaz/diff?from=${base + 1}&to=${base + 2}` });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(res.statusCode).toBe(200);
    const lines = res.json().lines as { op: string; text: string }[];
    expect(lines.filter((l) => l.op === 'del').map((l) => l.text)).toEqual(a.split('\n'));
    expect(lines.filter((l) => l.op === 'add').map((l) => l.text)).toEqual(b.split('\n'));
    expect(lines.length).toBe(50_000);
  });
});
