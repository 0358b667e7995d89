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
});
