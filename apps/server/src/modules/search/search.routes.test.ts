import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../test/harness';
import { parseTerm } from './search.repository';

const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区 (wuxingaz)
const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches wuxingaz and its siblings)
const VOLUNTEER = '19900000002';
const AT = '2026-01-02T03:04:05.000Z';

/**
 * A sibling compound whose id begins with wuxingaz's ("wuxingaz2": its path starts the same way
 * up to the slash), holding a namesake of every record, so a leak across the subtree shows.
 */
async function seed(h: Harness) {
  const db = h.ctx.db;
  const home = await db.selectFrom('nodes').select(['path', 'parent_id']).where('id', '=', 'wuxingaz').executeTakeFirstOrThrow();
  const siblingPath = `${home.path.slice(0, -1)}2/`;
  await db
    .insertInto('nodes')
    .values([
      { id: 'wuxingaz2', parent_id: home.parent_id, kind: 'compound', name: '相邻小区', path: siblingPath, created_at: AT },
      { id: 'srch-b', parent_id: 'wuxingaz', kind: 'building', name: '88栋', path: `${home.path}srch-b/`, created_at: AT },
    ])
    .execute();
  await db
    .insertInto('units')
    .values({
      id: 'srch-u',
      compound_id: 'wuxingaz',
      building_id: 'srch-b',
      stairwell: '3',
      door: '9901',
      area_hundredths: 8000,
      area_source: 'registered',
      developer_held: 0,
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('people')
    .values([
      {
        id: 'srch-p1',
        node_id: 'wuxingaz',
        name: '检索甲',
        phone: '13800001111',
        birth_year: 1950,
        id_number: null,
        created_at: AT,
        erased_at: null,
        unit_id: 'srch-u',
      },
      {
        id: 'srch-p2',
        node_id: 'wuxingaz',
        name: '检索乙',
        phone: null,
        birth_year: 1960,
        id_number: null,
        created_at: AT,
        erased_at: null,
        unit_id: null,
      },
      {
        id: 'srch-p3',
        node_id: 'wuxingaz2',
        name: '检索丙',
        phone: '13800002222',
        birth_year: 1955,
        id_number: null,
        created_at: AT,
        erased_at: null,
        unit_id: null,
      },
      {
        id: 'srch-p4',
        node_id: 'wuxingaz',
        name: '检索丁',
        phone: null,
        birth_year: 1955,
        id_number: null,
        created_at: AT,
        erased_at: AT,
        unit_id: null,
      },
    ])
    .execute();
  const issue = (id: string, compound: string, title: string) => ({
    id,
    compound_id: compound,
    title,
    description: '…',
    category: '设施维修',
    status: 'raised',
    source: 'web',
    support_count: 0,
    hidden: 0,
    photo_consent: 0,
    created_at: AT,
    updated_at: AT,
  });
  await db
    .insertInto('council_issues')
    .values([issue('srch-i1', 'wuxingaz', '检索路灯不亮'), issue('srch-i2', 'wuxingaz2', '检索路灯坏了')])
    .execute();
  const event = (id: string, node: string, title: string) => ({
    id,
    node_id: node,
    group_id: null,
    kind: 'activity' as const,
    title,
    place: '广场',
    description: '',
    starts_at: AT,
    duration_min: 60,
    rrule: null,
    capacity: null,
    min_age: null,
    max_age: null,
    tags: '[]',
    signup_opens_hours: null,
    signup_closes_min: 0,
    organiser_person_id: 'srch-p2',
    sequence: 0,
    created_at: AT,
    updated_at: AT,
    cancelled_at: null,
  });
  await db
    .insertInto('events')
    .values([event('srch-e1', 'wuxingaz', '检索讲座'), event('srch-e2', 'wuxingaz2', '检索讲座')])
    .execute();
  const project = (id: string, node: string, title: string) => ({
    id,
    node_id: node,
    title,
    status: 'planned' as const,
    created_by: null,
    started_on: null,
    finished_on: null,
    created_at: AT,
    updated_at: AT,
  });
  await db
    .insertInto('projects')
    .values([project('srch-j1', 'wuxingaz', '检索管网改造'), project('srch-j2', 'wuxingaz2', '检索管网改造')])
    .execute();
  const order = (id: string, compound: string, path: string, person: string, created: string) => ({
    id,
    compound_id: compound,
    building_id: null,
    node_path: path,
    resident_person_id: person,
    channel: 'self',
    category: 'repair',
    description: '修水龙头',
    window_start: created,
    window_end: created,
    urgency: 'normal' as const,
    status: 'placed' as const,
    created_at: created,
    updated_at: created,
  });
  await db
    .insertInto('orders')
    .values([
      order('srch-o1', 'wuxingaz', home.path, 'srch-p1', '2026-01-01T00:00:00.000Z'),
      order('srch-o2', 'wuxingaz', home.path, 'srch-p1', '2026-01-03T00:00:00.000Z'),
      order('srch-o3', 'wuxingaz2', siblingPath, 'srch-p3', '2026-01-02T00:00:00.000Z'),
    ])
    .execute();
}

describe('search.parseTerm', () => {
  it('reads a full phone, a door in either form, a bare door number and text', () => {
    expect(parseTerm(' 13800001111 ')).toEqual({ kind: 'phone', phone: '13800001111' });
    expect(parseTerm('3-2-401')).toEqual({ kind: 'door', building: '3栋', stairwell: '2', door: '401' });
    expect(parseTerm('3栋2单元401室')).toEqual({ kind: 'door', building: '3栋', stairwell: '2', door: '401' });
    expect(parseTerm('401')).toEqual({ kind: 'door', building: null, stairwell: null, door: '401' });
    expect(parseTerm('1380000')).toEqual({ kind: 'text', text: '1380000' });
    expect(parseTerm('万玉')).toEqual({ kind: 'text', text: '万玉' });
  });
});

describeEachDialect('search: one box for staff, within the subtree', (h) => {
  beforeAll(async () => seed(h()));
  const search = async (phone: string, q: string) => {
    const s = await h().login(phone);
    return h().as(s, { url: `/api/v1/search?q=${encodeURIComponent(q)}` });
  };

  it('finds people by name prefix, their orders, issues by title: only in the secretary’s compound', async () => {
    const res = await search(SECRETARY, '检索');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'text',
      people: [
        // In code-point order of the names (乙 U+4E59 before 甲 U+7532), as the index reads them.
        { id: 'srch-p2', name: '检索乙', phone: null, address: null, place: '五星社区安置小区' },
        { id: 'srch-p1', name: '检索甲', phone: '138****1111', address: '88栋3单元9901', place: '五星社区安置小区' },
      ],
      orders: [
        {
          id: 'srch-o2',
          category: 'repair',
          status: 'placed',
          createdAt: '2026-01-03T00:00:00.000Z',
          resident: '检索甲',
          place: '五星社区安置小区',
        },
        {
          id: 'srch-o1',
          category: 'repair',
          status: 'placed',
          createdAt: '2026-01-01T00:00:00.000Z',
          resident: '检索甲',
          place: '五星社区安置小区',
        },
      ],
      issues: [{ id: 'srch-i1', title: '检索路灯不亮', status: 'raised', createdAt: AT, place: '五星社区安置小区' }],
      events: [{ id: 'srch-e1', title: '检索讲座', kind: 'activity', startsAt: AT, place: '五星社区安置小区' }],
      projects: [{ id: 'srch-j1', title: '检索管网改造', status: 'planned', progress: 0, place: '五星社区安置小区' }],
    });
  });

  it('gives the community worker both compounds of the community', async () => {
    const body = (await search(WORKER, '检索')).json();
    expect(body.people.map((p: { id: string }) => p.id)).toEqual(['srch-p3', 'srch-p2', 'srch-p1']);
    expect(body.orders.map((o: { id: string }) => o.id)).toEqual(['srch-o2', 'srch-o3', 'srch-o1']);
    expect(body.issues.map((i: { id: string }) => i.id).sort()).toEqual(['srch-i1', 'srch-i2']);
  });

  it('matches a phone only whole, shows it masked and audits the lookup without the number', async () => {
    const secretary = await h().login(SECRETARY);
    const before = await h().ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'search.phone').execute();
    const hit = await h().as(secretary, { url: '/api/v1/search?q=13800001111' });
    expect(hit.json().people).toEqual([
      { id: 'srch-p1', name: '检索甲', phone: '138****1111', address: '88栋3单元9901', place: '五星社区安置小区' },
    ]);
    expect(hit.body).not.toContain('13800001111');
    // The sibling compound's number: nothing, as for a number nobody has.
    const miss = await h().as(secretary, { url: '/api/v1/search?q=13800002222' });
    expect(miss.json().people).toEqual([]);
    const part = await h().as(secretary, { url: '/api/v1/search?q=1380000' });
    expect(part.json().people).toEqual([]);
    const entries = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'actor_account_id', 'target_type', 'target_id', 'details'])
      .where('action', '=', 'search.phone')
      .orderBy('seq')
      .execute();
    expect(entries.slice(before.length)).toEqual([
      {
        action: 'search.phone',
        actor_account_id: secretary.accountId,
        target_type: 'person',
        target_id: 'srch-p1',
        details: '{"results":1}',
      },
      {
        action: 'search.phone',
        actor_account_id: secretary.accountId,
        target_type: null,
        target_id: null,
        details: '{"results":0}',
      },
    ]);
  });

  it('finds a household by 楼栋-单元-门牌 in either form', async () => {
    for (const q of ['88-3-9901', '88栋3单元9901']) {
      const body = (await search(SECRETARY, q)).json();
      expect(body.kind).toBe('door');
      expect(body.people.map((p: { id: string }) => p.id)).toEqual(['srch-p1']);
    }
    expect((await search(SECRETARY, '88-4-9901')).json().people).toEqual([]);
  });

  it('treats LIKE wildcards as text', async () => {
    const body = (await search(SECRETARY, '%')).json();
    expect(body).toEqual({ kind: 'text', people: [], orders: [], issues: [], events: [], projects: [] });
  });

  it('refuses an empty or overlong query with 400 and a code; residents and volunteers get 403', async () => {
    const blank = await search(SECRETARY, '  ');
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.code).toBe('VALIDATION_FAILED');
    expect((await search(SECRETARY, 'x'.repeat(51))).statusCode).toBe(400);
    expect((await search(VOLUNTEER, '检索')).statusCode).toBe(403);
  });
});
