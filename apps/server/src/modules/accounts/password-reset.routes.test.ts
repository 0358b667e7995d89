import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { createMemorySmsProvider } from './sms';

const RESIDENT = '19900000001'; // 万玉清, 80, living alone, resident of 五星社区安置小区
const WORKER = '19900000005'; // community worker of 五星社区
const OUTSIDER = '19900000004'; // committee member of another compound

describeEachDialect('accounts: forgot password by SMS code; staff reset for an elder', (h) => {
  it('an SMS code lets the resident choose a new password; other sessions end; a wrong code changes nothing', async () => {
    const sms = createMemorySmsProvider();
    h().ctx.sms = sms;
    const before = await h().login(RESIDENT);
    await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone: RESIDENT } });
    const code = sms.lastCode(RESIDENT) as string;
    const wrong = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { phone: RESIDENT, code: code === '000000' ? '111111' : '000000', next: 'wanyuqing-new-1' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('LOGIN_CODE_FAILED');
    const short = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { phone: RESIDENT, code, next: 'short' },
    });
    expect(short.statusCode).toBe(400);
    const ok = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { phone: RESIDENT, code, next: 'wanyuqing-new-1' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await h().as(before, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    await h().login(RESIDENT, 'wanyuqing-new-1');
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'channel'])
      .where('action', 'like', 'auth.password_reset%')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'auth.password_reset_failed', channel: null },
      { action: 'auth.password_reset', channel: 'sms_code' },
    ]);
  });

  it('a community worker resets it for her on a home visit: one-time password, changed at next sign-in, audited with the channel', async () => {
    const worker = await h().login(WORKER);
    const person = (await h().login(RESIDENT, 'wanyuqing-new-1')).personId;
    const outsider = await h().login(OUTSIDER);
    expect(
      (
        await h().as(outsider, {
          method: 'POST',
          url: `/api/v1/people/${person}/password-reset`,
          payload: { channel: 'home_visit' },
        })
      ).statusCode,
    ).toBe(403);
    const bad = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/people/${person}/password-reset`,
      payload: { channel: 'telepathy' },
    });
    expect(bad.statusCode).toBe(400);
    const res = await h().as(worker, {
      method: 'POST',
      url: `/api/v1/people/${person}/password-reset`,
      payload: { channel: 'home_visit' },
    });
    expect(res.statusCode).toBe(200);
    const oneTime = res.json().oneTimePassword as string;
    expect(oneTime).toMatch(/^[A-Za-z2-9]{14}$/);
    const s = await h().login(RESIDENT, oneTime);
    expect((await h().as(s, { method: 'GET', url: '/api/v1/auth/me' })).json().mustChangePassword).toBe(true);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'channel', 'actor_account_id', 'on_behalf_of'])
      .where('action', '=', 'auth.password_reset_by_staff')
      .execute();
    expect(audit).toEqual([
      { action: 'auth.password_reset_by_staff', channel: 'home_visit', actor_account_id: worker.accountId, on_behalf_of: person },
    ]);
  });
});
