import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from '../budgets/budgets.fixture';
import { supportsNeeded } from './support-threshold';

const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

describe('supportsNeeded', () => {
  it('rounds the percentage of households up, exactly, and never below one', () => {
    expect([
      supportsNeeded(5, 216),
      supportsNeeded(5, 200),
      supportsNeeded(5, 201),
      supportsNeeded(50, 4),
      supportsNeeded(1, 3),
      supportsNeeded(100, 0),
    ]).toEqual([11, 10, 11, 2, 1, 1]);
  });
});

describeEachDialect('council support threshold', (h) => {
  const s: Record<string, Session> = {};
  const post = (who: Session, url: string, payload: object = {}) => h().as(who, { method: 'POST', url, payload });
  const settings = (who: Session, payload: object) =>
    h().as(who, { method: 'PUT', url: '/api/v1/council/compounds/st/settings', payload });
  const raise = async (who: Session, title: string) =>
    (
      await post(who, '/api/v1/council/issues', {
        compoundId: 'st',
        title,
        description: '请议事会商量',
        category: 'facility_repair',
      })
    ).json().id as string;
  const statusOf = async (id: string) =>
    (await h().ctx.db.selectFrom('council_issues').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const agenda = async (meetingId: string) =>
    (
      await h()
        .ctx.db.selectFrom('council_agenda_items')
        .select('title')
        .where('meeting_id', '=', meetingId)
        .orderBy('position')
        .execute()
    ).map((x) => x.title);
  const told = async (issueId: string) => {
    const rows = await h()
      .ctx.db.selectFrom('notifications')
      .innerJoin('people', 'people.id', 'notifications.person_id')
      .select(['people.name', 'notifications.title'])
      .where('notifications.link', '=', `/council/issues/${issueId}`)
      .where('notifications.kind', '=', 'council.auto_agenda')
      .execute();
    return rows.map((r) => `${r.name}: ${r.title}`).sort();
  };
  let first = '';
  let meetingId = '';

  beforeAll(async () => {
    const phones = await seedBudgetFixture(h().ctx, 'st');
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff = await h().login(STAFF);
  });

  it('is set by staff as a percentage of households, stored, and refused out of range or from residents', async () => {
    const res = await settings(s.staff as Session, { remindAfterDays: 7, supportThresholdPercent: 50 });
    expect(res.json()).toEqual({
      remindAfterDays: 7,
      isDefault: false,
      quorum: null,
      members: 0,
      quorumRequired: 1,
      supportThresholdPercent: 50,
      households: 4,
      supportsNeeded: 2,
    });
    for (const bad of [0, 101, 2.5, '50']) {
      const r = await settings(s.staff as Session, { remindAfterDays: 7, supportThresholdPercent: bad });
      expect([r.statusCode, r.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await settings(s.A as Session, { remindAfterDays: 7, supportThresholdPercent: 1 })).statusCode).toBe(403);
    // Saving the reminder alone keeps the threshold.
    expect((await settings(s.staff as Session, { remindAfterDays: 5 })).json().supportThresholdPercent).toBe(50);
    const got = await h().as(s.staff as Session, { method: 'GET', url: '/api/v1/council/compounds/st/settings' });
    expect(got.json()).toEqual({
      remindAfterDays: 5,
      isDefault: false,
      quorum: null,
      members: 0,
      quorumRequired: 1,
      supportThresholdPercent: 50,
      households: 4,
      supportsNeeded: 2,
    });
  });

  it('keeps an issue over the threshold waiting until a meeting is planned, then puts it on that agenda', async () => {
    first = await raise(s.A as Session, '楼道灯坏了');
    expect((await post(s.B as Session, `/api/v1/council/issues/${first}/support`)).json()).toEqual({ supportCount: 1 });
    expect((await post(s.C as Session, `/api/v1/council/issues/${first}/support`)).json()).toEqual({ supportCount: 2 });
    expect(await statusOf(first)).toBe('raised');
    const m = await post(s.staff as Session, '/api/v1/council/meetings', {
      compoundId: 'st',
      kind: 'monthly',
      title: '十二月议事会',
      scheduledAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(m.statusCode).toBe(201);
    meetingId = m.json().id;
    expect(await statusOf(first)).toBe('on_agenda');
    expect(await agenda(meetingId)).toEqual(['楼道灯坏了']);
    expect(await told(first)).toEqual([
      '居民A: 您支持的问题已达到支持门槛，自动列入议事会议程：楼道灯坏了',
      '居民B: 您支持的问题已达到支持门槛，自动列入议事会议程：楼道灯坏了',
      '居民C: 您支持的问题已达到支持门槛，自动列入议事会议程：楼道灯坏了',
    ]);
  });

  it('puts an issue on the next agenda the moment its support reaches the threshold, on the public timeline and in the log', async () => {
    const second = await raise(s.D as Session, '单元门禁失灵');
    await post(s.A as Session, `/api/v1/council/issues/${second}/support`);
    expect(await statusOf(second)).toBe('raised');
    await post(s.B as Session, `/api/v1/council/issues/${second}/support`);
    expect(await statusOf(second)).toBe('on_agenda');
    expect(await agenda(meetingId)).toEqual(['楼道灯坏了', '单元门禁失灵']);
    const ev = await h()
      .ctx.db.selectFrom('council_events')
      .select(['actor_role', 'note', 'meeting_id'])
      .where('issue_id', '=', second)
      .where('kind', '=', 'on_agenda')
      .execute();
    expect(ev).toEqual([
      { actor_role: 'support_threshold', note: '2 人支持（门槛 2 人，即 4 户的 50%）：十二月议事会', meeting_id: meetingId },
    ]);
    const log = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'details'])
      .where('action', '=', 'council.issue.auto_agenda')
      .where('target_id', '=', second)
      .executeTakeFirstOrThrow();
    expect([log.actor_account_id, JSON.parse(log.details ?? '{}')]).toEqual([
      null,
      { meetingId, supports: 2, needed: 2, percent: 50, households: 4 },
    ]);
    expect(await told(second)).toEqual([
      '居民A: 您支持的问题已达到支持门槛，自动列入议事会议程：单元门禁失灵',
      '居民B: 您支持的问题已达到支持门槛，自动列入议事会议程：单元门禁失灵',
      '居民D: 您支持的问题已达到支持门槛，自动列入议事会议程：单元门禁失灵',
    ]);
  });

  it('leaves an issue below the threshold, or with the threshold off, where it is', async () => {
    const third = await raise(s.C as Session, '花坛杂草');
    await post(s.D as Session, `/api/v1/council/issues/${third}/support`);
    expect(await statusOf(third)).toBe('raised');
    await settings(s.staff as Session, { remindAfterDays: 5, supportThresholdPercent: null });
    await post(s.A as Session, `/api/v1/council/issues/${third}/support`);
    expect(await statusOf(third)).toBe('raised');
    expect(await agenda(meetingId)).toEqual(['楼道灯坏了', '单元门禁失灵']);
  });
});
