import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness, Session } from '../../test/harness';
import { describeEachDialect } from '../../test/harness';
import { createOutboxSmsProvider } from './sms-outbox';

const RESIDENT = '19900000001'; // 万玉清, 五星安置小区
const COMMITTEE = '19900000004'; // 周桂兰, 龙升安置小区
const SECRETARY = '19900000003'; // branch secretary at 五星安置小区
const DISTRICT = '19900000008'; // district admin at the root

describeEachDialect('sms: failed messages for staff, with a retry', (h) => {
  let secretary: Session;
  let district: Session;
  const sent: Array<{ phone: string; template: string; params: Record<string, string> }> = [];
  const gateway = { fail: false };
  let original: Harness['ctx']['sms'];

  const row = (id: string, phone: string, template: string, params: object, status: 'failed' | 'sent', createdAt: string) => ({
    id,
    phone,
    template,
    params: JSON.stringify(params),
    status,
    attempts: status === 'failed' ? 6 : 1,
    next_attempt_at: createdAt,
    last_error: status === 'failed' ? 'isv.BUSINESS_LIMIT_CONTROL: flow control' : null,
    provider_id: null,
    created_at: createdAt,
    sent_at: null,
    last_attempt_at: status === 'failed' ? '2030-01-01T08:16:00.000Z' : null,
  });

  beforeAll(async () => {
    secretary = await h().login(SECRETARY);
    district = await h().login(DISTRICT);
    await h()
      .ctx.db.insertInto('sms_outbox')
      .values([
        row('sms-a', RESIDENT, 'notice', { content: '您的订单已被接单（私密内容）' }, 'failed', '2030-01-01T08:00:00.000Z'),
        row('sms-b', COMMITTEE, 'login_code', { code: '482913' }, 'failed', '2030-01-01T09:00:00.000Z'),
        row('sms-c', RESIDENT, 'notice', { content: '已送达' }, 'sent', '2030-01-01T10:00:00.000Z'),
        row('sms-d', '13700000000', 'login_code', { code: '111111' }, 'failed', '2030-01-01T11:00:00.000Z'),
      ])
      .execute();
    original = h().ctx.sms;
    h().ctx.sms = createOutboxSmsProvider(
      h().ctx.db,
      async (phone, template, params) => {
        sent.push({ phone, template, params });
        return gateway.fail
          ? { ok: false, error: 'isv.MOBILE_NUMBER_ILLEGAL: bad number' }
          : { ok: true, id: `biz-${sent.length}` };
      },
      'fake',
      () => new Date('2030-01-02T08:00:00.000Z'),
    );
  });
  afterAll(() => {
    h().ctx.sms = original;
  });

  const list = async (who: Session) => {
    const res = await h().as(who, { url: '/api/v1/sms/failed' });
    expect(res.statusCode).toBe(200);
    return res;
  };
  const retry = (who: Session, id: string) => h().as(who, { method: 'POST', url: `/api/v1/sms/failed/${id}/retry` });

  it('lists the failed messages to phones of people in my subtree, masked, without their text or code', async () => {
    const mine = await list(secretary);
    expect(mine.json().messages).toEqual([
      {
        id: 'sms-a',
        phone: '199****0001',
        personName: '万玉清',
        template: 'notice',
        attempts: 6,
        lastError: 'isv.BUSINESS_LIMIT_CONTROL: flow control',
        createdAt: '2030-01-01T08:00:00.000Z',
        lastAttemptAt: '2030-01-01T08:16:00.000Z',
      },
    ]);
    expect(mine.body).not.toContain(RESIDENT);
    expect(mine.body).not.toContain('私密内容');
    const all = await list(district);
    expect(
      all.json().messages.map((m: { id: string; phone: string; personName: string }) => [m.id, m.phone, m.personName]),
    ).toEqual([
      ['sms-b', '199****0004', '周桂兰'],
      ['sms-a', '199****0001', '万玉清'],
    ]);
    expect(all.body).not.toContain('482913');
    const resident = await h().login(RESIDENT);
    expect((await h().as(resident, { url: '/api/v1/sms/failed' })).statusCode).toBe(403);
    expect((await h().as(null, { url: '/api/v1/sms/failed' })).statusCode).toBe(401);
  });

  it('refuses with 404 a message outside my subtree, one that was sent and one that does not exist, changing nothing', async () => {
    for (const id of ['sms-b', 'sms-c', 'sms-d', 'sms-nope']) {
      const res = await retry(secretary, id);
      expect(res.statusCode, id).toBe(404);
    }
    const rows = await h().ctx.db.selectFrom('sms_outbox').select(['id', 'status', 'attempts']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'sms-a', status: 'failed', attempts: 6 },
      { id: 'sms-b', status: 'failed', attempts: 6 },
      { id: 'sms-c', status: 'sent', attempts: 1 },
      { id: 'sms-d', status: 'failed', attempts: 6 },
    ]);
    expect(sent).toEqual([]);
  });

  it('sends it again at once through the gateway, audited; a message that fails again waits for its next attempt', async () => {
    const ok = await retry(secretary, 'sms-a');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'sent', attempts: 1, lastError: null });
    expect(sent).toEqual([{ phone: RESIDENT, template: 'notice', params: { content: '您的订单已被接单（私密内容）' } }]);
    expect((await retry(secretary, 'sms-a')).statusCode).toBe(404);
    expect((await list(secretary)).json().messages).toEqual([]);

    gateway.fail = true;
    const again = await retry(district, 'sms-b');
    expect(again.json()).toEqual({ status: 'pending', attempts: 1, lastError: 'isv.MOBILE_NUMBER_ILLEGAL: bad number' });
    const b = await h()
      .ctx.db.selectFrom('sms_outbox')
      .select(['status', 'attempts', 'next_attempt_at', 'last_attempt_at'])
      .where('id', '=', 'sms-b')
      .executeTakeFirstOrThrow();
    expect(b).toEqual({
      status: 'pending',
      attempts: 1,
      next_attempt_at: '2030-01-02T08:00:30.000Z',
      last_attempt_at: '2030-01-02T08:00:00.000Z',
    });

    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'actor_account_id', 'target_type', 'target_id', 'details'])
      .where('action', '=', 'sms.retry')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => ({ ...a, details: typeof a.details === 'string' ? JSON.parse(a.details) : a.details }))).toEqual([
      {
        action: 'sms.retry',
        actor_account_id: secretary.accountId,
        target_type: 'sms',
        target_id: 'sms-a',
        details: { template: 'notice', attempts: 6, lastError: 'isv.BUSINESS_LIMIT_CONTROL: flow control' },
      },
      {
        action: 'sms.retry',
        actor_account_id: district.accountId,
        target_type: 'sms',
        target_id: 'sms-b',
        details: { template: 'login_code', attempts: 6, lastError: 'isv.BUSINESS_LIMIT_CONTROL: flow control' },
      },
    ]);
  });
});
