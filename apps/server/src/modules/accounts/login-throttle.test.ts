import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../test/harness';
import { createLoginThrottle, DEFAULT_THROTTLE, phoneKey } from './login-throttle';
import { type AttemptStore, createRedisAttemptStore } from './login-throttle.repository';

const PHONE = '19900000003'; // 李建国, a demo account
const NO_ACCOUNT = '13800005616';

function login(h: () => Harness, phone: string, password: string, ip = '10.9.9.9') {
  return h().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { phone, password } });
}

describeEachDialect('accounts: brute-force protection on login', (h) => {
  it('slows, then refuses a phone after repeated failures, the same way whether or not it has an account', async () => {
    const s = h().ctx.loginThrottle.settings;
    Object.assign(s, { baseDelayMs: 5, maxDelayMs: 10, phoneLockAfter: 4, slowAfter: 2 });
    const answers: Record<string, number[]> = { [PHONE]: [], [NO_ACCOUNT]: [] };
    for (const phone of [PHONE, NO_ACCOUNT]) {
      for (let i = 0; i < 5; i++) answers[phone]?.push((await login(h, phone, `wrong-${i}`, '10.1.1.1')).statusCode);
    }
    expect(answers[PHONE]).toEqual([401, 401, 401, 401, 429]);
    expect(answers[NO_ACCOUNT]).toEqual(answers[PHONE]);
    // Locked: even the right password is refused, with the same code and a Retry-After.
    const right = await login(h, PHONE, 'lianxin2026', '10.1.1.2');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('LOGIN_THROTTLED');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    const wrongUnknown = await login(h, NO_ACCOUNT, 'x', '10.1.1.2');
    // Same code and words for an unknown phone (only the seconds left may differ by the clock).
    expect(wrongUnknown.json().error.code).toBe(right.json().error.code);
    expect(wrongUnknown.json().error.message).toBe(right.json().error.message);
    // Counters hold no phone in clear.
    const keys = (await h().ctx.db.selectFrom('login_attempts').select('key').execute()).map((r) => r.key);
    expect(keys.join(' ')).not.toContain(PHONE);
    Object.assign(s, DEFAULT_THROTTLE);
  });

  it('refuses an IP that tries many phones, and lets a good login forgive its phone', async () => {
    const s = h().ctx.loginThrottle.settings;
    Object.assign(s, { baseDelayMs: 1, maxDelayMs: 2, ipSlowAfter: 2, ipLockAfter: 6 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(h, `1380000${String(1000 + i)}`, 'nope', '10.2.2.2')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    // Another address is not affected.
    expect((await login(h, '19900000002', 'lianxin2026', '10.3.3.3')).statusCode).toBe(200);
    Object.assign(s, DEFAULT_THROTTLE);
  });

  it('counts every one of many simultaneous failures', async () => {
    await Promise.all(Array.from({ length: 8 }, () => login(h, '19900000007', 'wrong', '10.4.4.4')));
    const [state] = await h().ctx.loginThrottle.store.get(['ip:10.4.4.4'], Date.now(), DEFAULT_THROTTLE.windowMs);
    expect(state?.failures).toBe(8);
  });
});

let attempt = 0;
function loginVia(h: () => Harness, socket: string, forwardedFor: string) {
  attempt++;
  return h().app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: socket,
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { phone: `1380000${String(2000 + attempt)}`, password: 'nope' },
  });
}

describeEachDialect('accounts: the client address with no trusted proxy (TRUST_PROXY unset)', (h) => {
  it('ignores X-Forwarded-For: a client that sends a new one on each attempt is still refused at the limit', async () => {
    const s = h().ctx.loginThrottle.settings;
    Object.assign(s, { baseDelayMs: 1, maxDelayMs: 2, ipSlowAfter: 2, ipLockAfter: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await loginVia(h, '10.6.6.6', `203.0.113.${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const [state] = await h().ctx.loginThrottle.store.get(['ip:10.6.6.6'], Date.now(), DEFAULT_THROTTLE.windowMs);
    expect(state?.failures).toBe(5);
    Object.assign(s, DEFAULT_THROTTLE);
  });
});

describeEachDialect(
  'accounts: the client address behind a trusted proxy (TRUST_PROXY=127.0.0.1)',
  (h) => {
    it('takes the address the proxy forwards, and ignores the header from anyone else', async () => {
      const s = h().ctx.loginThrottle.settings;
      Object.assign(s, { baseDelayMs: 1, maxDelayMs: 2, ipSlowAfter: 2, ipLockAfter: 3 });
      // Through the proxy: each forwarded client is counted apart, and the same one is locked.
      expect((await loginVia(h, '127.0.0.1', '198.51.100.1')).statusCode).toBe(401);
      expect((await loginVia(h, '127.0.0.1', '198.51.100.2')).statusCode).toBe(401);
      const same: number[] = [];
      for (let i = 0; i < 4; i++) same.push((await loginVia(h, '127.0.0.1', '198.51.100.3')).statusCode);
      expect(same).toEqual([401, 401, 401, 429]);
      // A header the client wrote is kept by the proxy to the left of what it adds: only the right-most counts.
      const chained: number[] = [];
      for (let i = 0; i < 4; i++) chained.push((await loginVia(h, '127.0.0.1', `192.0.2.${i}, 198.51.100.4`)).statusCode);
      expect(chained).toEqual([401, 401, 401, 429]);
      // Straight from an untrusted address the header is ignored.
      const direct: number[] = [];
      for (let i = 0; i < 4; i++) direct.push((await loginVia(h, '10.7.7.7', `192.0.2.${i}`)).statusCode);
      expect(direct).toEqual([401, 401, 401, 429]);
      const keys = (
        await h().ctx.loginThrottle.store.get(
          ['ip:198.51.100.1', 'ip:198.51.100.3', 'ip:198.51.100.4', 'ip:10.7.7.7', 'ip:127.0.0.1', 'ip:192.0.2.0'],
          Date.now(),
          DEFAULT_THROTTLE.windowMs,
        )
      ).map((r) => r?.failures ?? 0);
      expect(keys).toEqual([1, 3, 3, 3, 0, 0]);
      Object.assign(s, DEFAULT_THROTTLE);
    });
  },
  { config: { trustProxy: ['127.0.0.1'] } },
);

describeEachDialect('accounts: throttles beyond the sign-in form', (h) => {
  it('limits guessing the current password at password change, on the sign-in counters', async () => {
    const s = h().ctx.loginThrottle.settings;
    Object.assign(s, { baseDelayMs: 1, maxDelayMs: 2, slowAfter: 1, phoneLockAfter: 3 });
    const me = await h().login('19900000002'); // 黄园
    const change = (current: string) =>
      h().as(me, {
        method: 'POST',
        url: '/api/v1/auth/password',
        remoteAddress: '10.11.0.1',
        payload: { current, next: 'a-new-password-2026' },
      });
    const answers: number[] = [];
    for (const guess of ['guess-1', 'guess-2', 'guess-3', 'lianxin2026']) answers.push((await change(guess)).statusCode);
    expect(answers).toEqual([401, 401, 401, 429]);
    const refused = await change('lianxin2026');
    expect(refused.json().error.code).toBe('LOGIN_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The password did not change: the old one is still the one (once the lock is lifted).
    await h().ctx.loginThrottle.store.clear(phoneKey('19900000002'));
    expect((await change('lianxin2026')).statusCode).toBe(204);
    Object.assign(s, DEFAULT_THROTTLE);
  });

  it('limits invitation-code look-ups and redemptions per client address', async () => {
    const s = h().ctx.loginThrottle.settings;
    Object.assign(s, { baseDelayMs: 1, maxDelayMs: 2, ipSlowAfter: 1, ipLockAfter: 4 });
    const lookUp = (code: string, ip: string) => h().app.inject({ url: `/api/v1/invitations/${code}`, remoteAddress: ip });
    const redeem = (code: string, ip: string) =>
      h().app.inject({ method: 'POST', url: '/api/v1/invitations/redeem', remoteAddress: ip, payload: { code } });
    const answers = [
      (await lookUp('AAAAAAAAA1', '10.12.0.1')).statusCode,
      (await lookUp('AAAAAAAAA2', '10.12.0.1')).statusCode,
      (await redeem('AAAAAAAAA3', '10.12.0.1')).statusCode,
      (await lookUp('AAAAAAAAA4', '10.12.0.1')).statusCode,
      (await lookUp('AAAAAAAAA5', '10.12.0.1')).statusCode,
      (await redeem('AAAAAAAAA6', '10.12.0.1')).statusCode,
    ];
    expect(answers).toEqual([404, 404, 404, 404, 429, 429]);
    // Another address is not affected, and sign-in counters are apart.
    expect((await lookUp('AAAAAAAAA7', '10.12.0.2')).json().error.code).toBe('INVITATION_INVALID');
    const [signIn] = await h().ctx.loginThrottle.store.get(['ip:10.12.0.1'], Date.now(), DEFAULT_THROTTLE.windowMs);
    expect(signIn?.failures).toBe(0);
    Object.assign(s, DEFAULT_THROTTLE);
  });
});

describe('login throttle decisions', () => {
  function memoryStore(): AttemptStore {
    const m = new Map<string, { failures: number; until: number | null }>();
    return {
      async get(keys) {
        return keys.map((k) => ({ failures: m.get(k)?.failures ?? 0, lockedUntilMs: m.get(k)?.until ?? null }));
      },
      async fail(key, now, _w, lockAfter, lockMs) {
        const e = m.get(key) ?? { failures: 0, until: null };
        e.failures++;
        if (e.failures >= lockAfter) e.until = now + lockMs;
        m.set(key, e);
        return { failures: e.failures, lockedUntilMs: e.until };
      },
      async clear(key) {
        m.delete(key);
      },
      async close() {},
    };
  }
  it('doubles the delay from the third failure up to the cap, then locks for the lock time', async () => {
    const t = createLoginThrottle(memoryStore());
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const d = await t.check(PHONE, '1.1.1.1', 1000);
      delays.push(d.refused ? -1 : d.delayMs);
      await t.fail(PHONE, '1.1.1.1', 1000);
    }
    expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 2000, 2000, 2000]);
    expect(await t.check(PHONE, '1.1.1.1', 1000)).toEqual({ refused: true, retryAfterSeconds: 900 });
  });
});

function redisUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(6379, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe.runIf(await redisUp())('login throttle counters in Redis', () => {
  const store = createRedisAttemptStore('redis://127.0.0.1:6379', `lx:test:${Date.now()}:`);
  afterAll(() => store.close());
  it('counts failures across instances and locks at the limit', async () => {
    const t1 = createLoginThrottle(store, { ...DEFAULT_THROTTLE, phoneLockAfter: 3 });
    const t2 = createLoginThrottle(store, { ...DEFAULT_THROTTLE, phoneLockAfter: 3 });
    await Promise.all([t1.fail(PHONE, '9.9.9.9'), t2.fail(PHONE, '9.9.9.9')]);
    expect((await t1.check(PHONE, '9.9.9.9')).refused).toBe(false);
    await t2.fail(PHONE, '9.9.9.9');
    const d = await t1.check(PHONE, '9.9.9.9');
    expect(d.refused).toBe(true);
  });
});
