import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Harness, type Session } from '../../test/harness';

const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区 (wuxingaz)
const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区
const RESIDENT = '19900000001'; // 万玉清, p-19900000001
const VOLUNTEER = '19900000002';

/**
 * 55 entries of a test record type in wuxingaz on three Beijing days, two in a sibling compound
 * whose path begins the same way ("wuxingaz2"), one with no node.
 */
async function seed(h: Harness, secretary: Session) {
  const db = h.ctx.db;
  const home = await db.selectFrom('nodes').select(['path', 'parent_id']).where('id', '=', 'wuxingaz').executeTakeFirstOrThrow();
  await db
    .insertInto('nodes')
    .values({
      id: 'wuxingaz2',
      parent_id: home.parent_id,
      kind: 'compound',
      name: '相邻小区',
      path: `${home.path.slice(0, -1)}2/`,
      created_at: '2026-01-01T00:00:00.000Z',
    })
    .execute();
  const rows = [];
  for (let i = 0; i < 55; i++) {
    // 2026-03-01 (Beijing) begins at 2026-02-28T16:00Z: i < 20 fall on 02-28, 20..39 on 03-01, the rest on 03-02.
    const at = new Date(Date.parse('2026-02-28T15:00:00.000Z') + (i < 20 ? 0 : i < 40 ? 2 : 26) * 3_600_000 + i * 1000);
    rows.push({
      at: at.toISOString(),
      actor_account_id: secretary.accountId,
      on_behalf_of: i === 7 ? 'p-19900000001' : null,
      channel: i === 7 ? 'phone_call' : i === 3 ? '=HYPERLINK("x")' : null,
      action: i % 5 === 0 ? 'testrec.deleted' : 'testrec.changed',
      target_type: 'testrec',
      target_id: `r${i}`,
      node_id: 'wuxingaz',
      details: i === 3 ? JSON.stringify({ note: '=SUM(A1)' }) : null,
    });
  }
  for (const node of ['wuxingaz2', null])
    rows.push({
      at: '2026-03-01T01:00:00.000Z',
      actor_account_id: secretary.accountId,
      on_behalf_of: null,
      channel: null,
      action: 'testrec.changed',
      target_type: 'testrec',
      target_id: `elsewhere-${node}`,
      node_id: node,
      details: null,
    });
  await db.insertInto('audit_log').values(rows).execute();
}

describeEachDialect('audit viewer: the log of a subtree, filtered, paged, as CSV', (h) => {
  let secretary: Session;
  beforeAll(async () => {
    secretary = await h().login(SECRETARY);
    await seed(h(), secretary);
  });
  const get = (s: Session, qs: string) => h().as(s, { url: `/api/v1/audit?${qs}` });

  it('pages the subtree’s entries newest first, 50 a page, never the sibling compound’s', async () => {
    const first = (await get(secretary, 'targetType=testrec')).json();
    expect(first.total).toBe(55);
    expect(first.pageSize).toBe(50);
    expect(first.entries.map((e: { targetId: string }) => e.targetId)).toEqual(
      Array.from({ length: 50 }, (_, k) => `r${54 - k}`),
    );
    const second = (await get(secretary, 'targetType=testrec&page=2')).json();
    expect(second.entries.map((e: { targetId: string }) => e.targetId)).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
    expect(second.entries[1]).toEqual({
      seq: second.entries[1].seq,
      at: '2026-02-28T15:00:03.000Z',
      action: 'testrec.changed',
      actor: { personId: secretary.personId, name: '李建国' },
      onBehalfOf: null,
      channel: '=HYPERLINK("x")',
      targetType: 'testrec',
      targetId: 'r3',
      place: '五星社区安置小区',
      details: { note: '=SUM(A1)' },
      inLog: false,
    });
    // The community worker reaches both compounds of the community; still not the entry without a node.
    const worker = await h().login(WORKER);
    expect((await get(worker, 'targetType=testrec')).json().total).toBe(56);
  });

  it('filters by Beijing date range, action family, record and person', async () => {
    const day = (await get(secretary, 'targetType=testrec&from=2026-03-01&to=2026-03-01')).json();
    expect(day.total).toBe(20);
    expect(day.entries.at(-1).targetId).toBe('r20');
    expect(day.entries[0].targetId).toBe('r39');
    const deleted = (await get(secretary, 'targetType=testrec&action=testrec.deleted')).json();
    expect(deleted.entries.map((e: { targetId: string }) => e.targetId)).toEqual([
      'r50',
      'r45',
      'r40',
      'r35',
      'r30',
      'r25',
      'r20',
      'r15',
      'r10',
      'r5',
      'r0',
    ]);
    expect((await get(secretary, 'targetType=testrec&action=testrec.')).json().total).toBe(55);
    const one = (await get(secretary, 'targetType=testrec&targetId=r9')).json();
    expect(one.entries.map((e: { targetId: string }) => e.targetId)).toEqual(['r9']);
    const forResident = (await get(secretary, 'targetType=testrec&personId=p-19900000001')).json();
    expect(forResident.person).toEqual({ id: 'p-19900000001', name: '万玉清' });
    expect(
      forResident.entries.map((e: { targetId: string; onBehalfOf: string; channel: string }) => [
        e.targetId,
        e.onBehalfOf,
        e.channel,
      ]),
    ).toEqual([['r7', '万玉清', 'phone_call']]);
  });

  it('exports the filtered entries as CSV (formulas neutralised) and audits the export', async () => {
    const res = await h().as(secretary, {
      url: '/api/v1/audit/export.csv?targetType=testrec&from=2026-02-28&to=2026-02-28&action=testrec.changed',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines.length).toBe(1 + 16);
    expect(lines[0]).toBe('"序号","时间（北京）","操作","操作人","代办对象","渠道","记录类型","记录编号","地点","详情"');
    const r3 = lines.find((l) => l.includes('"r3"'));
    expect(r3?.split('","').slice(1)).toEqual([
      '2026-02-28 23:00:03',
      'testrec.changed',
      '李建国',
      '',
      `'=HYPERLINK(""x"")`,
      'testrec',
      'r3',
      '五星社区安置小区',
      '{""note"":""=SUM(A1)""}"',
    ]);
    const exported = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'node_id', 'details'])
      .where('action', '=', 'audit.exported')
      .execute();
    expect(exported).toEqual([
      {
        actor_account_id: secretary.accountId,
        node_id: 'wuxingaz',
        details: JSON.stringify({
          rows: 16,
          filter: { targetType: 'testrec', action: 'testrec.changed', from: '2026-02-28', to: '2026-02-28' },
        }),
      },
    ]);
  });

  it('refuses a range that ends before it starts, bad filters with 400; residents and volunteers 403', async () => {
    const bad = await get(secretary, 'from=2026-03-02&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'to', reason: 'before_from' }] },
    });
    expect((await get(secretary, 'action=DROP%20TABLE')).statusCode).toBe(400);
    expect((await get(secretary, 'page=0')).statusCode).toBe(400);
    expect((await get(await h().login(RESIDENT), '')).statusCode).toBe(403);
    expect((await get(await h().login(VOLUNTEER), '')).statusCode).toBe(403);
  });
});
