import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { CODES_PER_IP_PER_HOUR } from './code-login.routes';
import type { AliyunSmsConfig } from './sms-aliyun';
import { sendAliyunSms } from './sms-aliyun';
import { createOutboxSmsProvider, MAX_SMS_ATTEMPTS } from './sms-outbox';

const SECRET = 'testSecret-for-the-fake';
const RESIDENT = '19900000001';

/** RFC 3986 encoding written out character by character, independently of the provider's. */
function rfc3986(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

interface Received {
  params: Record<string, string>;
  signatureOk: boolean;
}

/**
 * A local fake of Dysmsapi: recomputes the RPC signature from the raw query with the secret and
 * answers like the real API — OK with a BizId, or an error code while `failNext` is above zero.
 */
function startFake() {
  const received: Received[] = [];
  const state = { failNext: 0 };
  const server = http.createServer((req, res) => {
    const raw = (req.url ?? '').split('?')[1] ?? '';
    const params: Record<string, string> = {};
    for (const part of raw.split('&')) {
      const [k, v = ''] = part.split('=');
      params[decodeURIComponent(k as string)] = decodeURIComponent(v);
    }
    const { Signature, ...rest } = params;
    const canonical = Object.keys(rest)
      .sort()
      .map((k) => `${rfc3986(k)}=${rfc3986(rest[k] as string)}`)
      .join('&');
    const expected = createHmac('sha1', `${SECRET}&`)
      .update(`GET&%2F&${rfc3986(canonical)}`)
      .digest('base64');
    const signatureOk = Signature === expected;
    received.push({ params: rest, signatureOk });
    res.setHeader('content-type', 'application/json');
    if (!signatureOk) return res.end(JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'bad signature' }));
    if (state.failNext > 0) {
      state.failNext--;
      return res.end(JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: 'flow control' }));
    }
    res.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: `biz-${received.length}`, RequestId: 'r' }));
  });
  return { server, received, state };
}

const fake = startFake();
let cfg: AliyunSmsConfig;

beforeAll(async () => {
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  cfg = {
    accessKeyId: 'LTAItestkey',
    accessKeySecret: SECRET,
    signName: '连心桥',
    templates: { login_code: 'SMS_100001', notice: 'SMS_100002' },
    endpoint: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`,
  };
});
afterAll(() => new Promise<void>((r) => fake.server.close(() => r())));

describeEachDialect('sms: Alibaba Cloud SMS through the outbox, send limits', (h) => {
  it('a login code goes to the gateway signed, with the template code, sign name and {"code"} parameter, and signs in', async () => {
    h().ctx.sms = createOutboxSmsProvider(h().ctx.db, (p, t, params) => sendAliyunSms(cfg, p, t, params), 'aliyun');
    const before = fake.received.length;
    const ask = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone: RESIDENT } });
    expect(ask.statusCode).toBe(202);
    const got = fake.received.slice(before);
    expect(got).toHaveLength(1);
    const msg = got[0] as Received;
    expect(msg.signatureOk).toBe(true);
    const code = JSON.parse(msg.params.TemplateParam as string).code as string;
    expect(Object.keys(JSON.parse(msg.params.TemplateParam as string))).toEqual(['code']);
    expect(code).toMatch(/^\d{6}$/);
    expect(msg.params).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      PhoneNumbers: RESIDENT,
      SignName: '连心桥',
      TemplateCode: 'SMS_100001',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: 'LTAItestkey',
    });
    const rows = await h().ctx.db.selectFrom('sms_outbox').select(['status', 'attempts', 'provider_id', 'template']).execute();
    expect(rows).toEqual([{ status: 'sent', attempts: 1, provider_id: `biz-${before + 1}`, template: 'login_code' }]);
    const ok = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/verify', payload: { phone: RESIDENT, code } });
    expect(ok.statusCode).toBe(200);
  });

  it('a refused message is recorded and retried with backoff until it goes; after the last attempt it stays as failed', async () => {
    let now = new Date(Date.parse('2030-01-01T08:00:00Z'));
    const outbox = createOutboxSmsProvider(
      h().ctx.db,
      (p, t, params) => sendAliyunSms(cfg, p, t, params),
      'aliyun',
      () => now,
    );
    fake.state.failNext = 2;
    await outbox.send('13800005616', '您的订单已被接单', { template: 'notice', params: { content: '您的订单已被接单' } });
    const row = () =>
      h()
        .ctx.db.selectFrom('sms_outbox')
        .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
        .where('phone', '=', '13800005616')
        .execute();
    expect(await row()).toEqual([
      {
        status: 'pending',
        attempts: 1,
        last_error: 'isv.BUSINESS_LIMIT_CONTROL: flow control',
        next_attempt_at: '2030-01-01T08:00:30.000Z',
      },
    ]);
    expect(await outbox.retryDue()).toBe(0); // not due yet
    now = new Date(Date.parse('2030-01-01T08:00:30Z'));
    expect(await outbox.retryDue()).toBe(0); // the second attempt is refused too
    expect((await row())[0]).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: '2030-01-01T08:01:30.000Z' });
    now = new Date(Date.parse('2030-01-01T08:01:30Z'));
    expect(await outbox.retryDue()).toBe(1);
    expect((await row())[0]).toMatchObject({ status: 'sent', attempts: 3, last_error: null });

    fake.state.failNext = MAX_SMS_ATTEMPTS;
    await outbox.send('13800005617', 'x', { template: 'notice', params: { content: 'x' } });
    for (let i = 1; i < MAX_SMS_ATTEMPTS; i++) {
      now = new Date(now.getTime() + 3600_000);
      await outbox.retryDue();
    }
    const failed = await h()
      .ctx.db.selectFrom('sms_outbox')
      .select(['status', 'attempts'])
      .where('phone', '=', '13800005617')
      .execute();
    expect(failed).toEqual([{ status: 'failed', attempts: MAX_SMS_ATTEMPTS }]);
  });

  it('a wrong secret is refused by the gateway and the message waits in the outbox', async () => {
    const bad = { ...cfg, accessKeySecret: 'wrong' };
    const r = await sendAliyunSms(bad, RESIDENT, 'notice', { content: 'x' });
    expect(r).toEqual({ ok: false, error: 'SignatureDoesNotMatch: bad signature' });
    expect(await sendAliyunSms(cfg, RESIDENT, 'unknown', {})).toEqual({
      ok: false,
      error: 'no template code configured for "unknown"',
    });
  });

  it(`refuses more than ${CODES_PER_IP_PER_HOUR} codes an hour from one address with 429`, async () => {
    const ipHash = createHash('sha256').update('ip:127.0.0.1').digest('hex');
    const at = new Date().toISOString();
    await h()
      .ctx.db.insertInto('login_codes')
      .values(
        Array.from({ length: CODES_PER_IP_PER_HOUR }, (_, i) => ({
          id: `limit-${i}`,
          phone_hash: `p${i}`,
          code_hash: 'x',
          attempts: 0,
          created_at: at,
          expires_at: at,
          used_at: null,
          ip_hash: ipHash,
        })),
      )
      .execute();
    const res = await h().app.inject({ method: 'POST', url: '/api/v1/auth/code/request', payload: { phone: '19900000002' } });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
  });
});
