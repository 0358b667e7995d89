import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

const RESIDENT = '19900000001'; // 万玉清 at 五星社区安置小区
const WORKER = '19900000005'; // community worker at 五星社区
const FAR_VOLUNTEER = '19900000010'; // 轴承生活小区
const COMMITTEE_FAR = '19900000004'; // committee member at 龙升社区安置小区
const VOLUNTEER = '19900000002'; // 黄园, volunteer at 五星社区安置小区

describeEachDialect('privacy: full phone, export, erasure', (h) => {
  it('shows a full phone to staff of the subtree and audits the read; 404 to staff elsewhere', async () => {
    const worker = await h().login(WORKER);
    const res = await h().as(worker, { url: `/api/v1/privacy/people/p-${RESIDENT}/phone` });
    expect(res.json()).toEqual({ phone: RESIDENT });
    const audit = await h().ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'privacy.phone_read').execute();
    expect(audit.at(-1)).toMatchObject({ actor_account_id: worker.accountId, target_id: `p-${RESIDENT}` });
    const far = await h().login(COMMITTEE_FAR);
    expect((await h().as(far, { url: `/api/v1/privacy/people/p-${RESIDENT}/phone` })).statusCode).toBe(404);
    const vol = await h().login(VOLUNTEER);
    expect((await h().as(vol, { url: `/api/v1/privacy/people/p-${RESIDENT}/phone` })).statusCode).toBe(404);
  });

  it('exports a person’s data as JSON to themself, without the password hash', async () => {
    const resident = await h().login(RESIDENT);
    const res = await h().as(resident, { url: `/api/v1/privacy/people/${resident.personId}/export` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const body = res.json();
    expect(body.person.name).toBe('万玉清');
    expect(body.data.account.phone).toBe(RESIDENT);
    expect(JSON.stringify(body)).not.toContain('scrypt$');
    expect(Array.isArray(body.data.auditLog)).toBe(true);
    const far = await h().login(FAR_VOLUNTEER);
    expect((await h().as(far, { url: `/api/v1/privacy/people/${resident.personId}/export` })).statusCode).toBe(404);
  });

  it('erases a person once: name replaced, phone gone, account closed, statistics rows kept', async () => {
    const volunteer = await h().login(VOLUNTEER);
    await h().ctx.hours.credit({
      person_id: volunteer.personId,
      compound_id: 'wuxingaz',
      source_type: 'manual',
      source_id: 'erase-test',
      activity: '测试',
      served_on: '2026-11-01',
      place: '五星社区',
      minutes: 60,
      organiser: '五星社区',
      team: null,
    });
    const hoursBefore = await h()
      .ctx.db.selectFrom('volunteer_hours')
      .select('id')
      .where('person_id', '=', volunteer.personId)
      .execute();
    // Ways of reaching them, to be gone after the erasure.
    await h().ctx.notifications.subscribe(volunteer.personId, {
      endpoint: 'https://push.example/erase-test',
      p256dh: 'BPcD',
      auth: 'aaaa',
      userAgent: null,
    });
    await h().ctx.notifications.saveChannelPrefs(volunteer.personId, { council: ['sms'] });
    await h()
      .ctx.db.insertInto('notification_outbox')
      .values({
        id: 'erase-test-outbox',
        person_id: volunteer.personId,
        notification_id: null,
        channel: 'sms',
        kind: 'order.new',
        title: '新求助',
        body: '',
        link: null,
        urgent: 0,
        digest: 1,
        due_at: '2099-01-01T00:00:00.000Z',
        sent_at: null,
        attempts: 0,
        last_error: null,
        created_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    const worker = await h().login(WORKER);
    const bad = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/privacy/people/${volunteer.personId}/erase`,
      payload: { confirm: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        h().as(worker, { method: 'POST', url: `/api/v1/privacy/people/${volunteer.personId}/erase`, payload: { confirm: true } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const person = await h()
      .ctx.db.selectFrom('people')
      .selectAll()
      .where('id', '=', volunteer.personId)
      .executeTakeFirstOrThrow();
    expect(person.name).not.toContain('黄园');
    expect(person.phone).toBeNull();
    expect(person.id_number).toBeNull();
    expect(person.erased_at).not.toBeNull();
    for (const table of ['push_subscriptions', 'notification_channel_prefs', 'notification_outbox', 'notifications'] as const) {
      const left = await h().ctx.db.selectFrom(table).select('person_id').where('person_id', '=', volunteer.personId).execute();
      expect(left, table).toEqual([]);
    }
    const hoursAfter = await h()
      .ctx.db.selectFrom('volunteer_hours')
      .select('id')
      .where('person_id', '=', volunteer.personId)
      .execute();
    expect(hoursBefore.length).toBeGreaterThan(0);
    expect(hoursAfter.length).toBe(hoursBefore.length);
    // The old session no longer works and the phone cannot sign in.
    expect((await h().as(volunteer, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const login = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: '19900000002', password: 'lianxin2026' },
    });
    expect(login.statusCode).toBe(401);
    expect((await h().ctx.audit.verify()).ok).toBe(true);
  });

  it('replaces an erased person’s name with 已注销居民 on member lists, issues and minutes; the log keeps ids only', async () => {
    const resident = await h().login(RESIDENT);
    const db = h().ctx.db;
    const at = new Date(0).toISOString();
    await db
      .insertInto('council_members')
      .values({
        id: 'erase-member',
        compound_id: 'wuxingaz',
        person_id: resident.personId,
        name: '万玉清',
        kind: 'member',
        title: null,
        created_at: at,
        removed_at: null,
      })
      .execute();
    const meeting = { id: 'erase-meeting' };
    await db
      .insertInto('council_meetings')
      .values({
        id: meeting.id,
        compound_id: 'wuxingaz',
        kind: 'council',
        title: '议事会',
        scheduled_at: at,
        place: '党群服务站',
        status: 'closed',
        minutes: '万玉清提议修路；万玉清、李建国同意。',
        created_at: at,
        opened_at: at,
        closed_at: at,
      })
      .execute();
    await db.insertInto('council_attendance').values({ meeting_id: meeting.id, member_id: 'erase-member', present: 1 }).execute();
    const worker = await h().login(WORKER);
    const res = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/privacy/people/${resident.personId}/erase`,
      payload: { confirm: true },
    });
    expect([res.statusCode, res.json().name]).toEqual([200, '已注销居民']);
    const member = await db
      .selectFrom('council_members')
      .select('name')
      .where('id', '=', 'erase-member')
      .executeTakeFirstOrThrow();
    const minutes = await db
      .selectFrom('council_meetings')
      .select('minutes')
      .where('id', '=', meeting.id)
      .executeTakeFirstOrThrow();
    const person = await db.selectFrom('people').select('name').where('id', '=', resident.personId).executeTakeFirstOrThrow();
    // Attendance shows the member's name from the member list.
    const attendance = await db
      .selectFrom('council_attendance')
      .innerJoin('council_members', 'council_members.id', 'council_attendance.member_id')
      .select('council_members.name')
      .where('council_attendance.meeting_id', '=', meeting.id)
      .execute();
    expect(attendance).toEqual([{ name: '已注销居民' }]);
    expect([person.name, member.name, minutes.minutes]).toEqual([
      '已注销居民',
      '已注销居民',
      '已注销居民提议修路；已注销居民、李建国同意。',
    ]);
    const reporters = await db
      .selectFrom('council_issues')
      .select('reporter_name')
      .where('raised_by_person_id', '=', resident.personId)
      .where('reporter_name', 'is not', null)
      .execute();
    expect(reporters.every((r) => r.reporter_name === '已注销居民')).toBe(true);
    // The erasure entry is in the log with ids; no leaf of the log holds the name.
    expect((await h().ctx.audit.verify()).ok).toBe(true);
    const named = await db
      .selectFrom('audit_log')
      .select('seq')
      .where((eb) => eb.or([eb('details', 'like', '%万玉清%'), eb('target_id', 'like', '%万玉清%')]))
      .execute();
    expect(named).toEqual([]);
    const erased = await db
      .selectFrom('audit_log')
      .select(['target_type', 'target_id'])
      .where('action', '=', 'privacy.erased')
      .where('target_id', '=', resident.personId)
      .execute();
    expect(erased).toEqual([{ target_type: 'person', target_id: resident.personId }]);
  });
});
