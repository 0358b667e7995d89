import { createHash } from 'node:crypto';
import type { AttemptStore } from './login-throttle.repository';

/** Limits for login attempts. Mutable so tests can shorten delays without waiting. */
export interface ThrottleSettings {
  /** Failures are counted over this window. */
  windowMs: number;
  /** From this many failures on a phone, each attempt waits longer (doubling from baseDelayMs). */
  slowAfter: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** At this many failures the phone (or IP) is refused for lockMs. */
  phoneLockAfter: number;
  ipSlowAfter: number;
  ipLockAfter: number;
  lockMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  windowMs: 15 * 60_000,
  slowAfter: 3,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
  phoneLockAfter: 10,
  ipSlowAfter: 20,
  ipLockAfter: 50,
  lockMs: 15 * 60_000,
};

/** The decision before checking a password: refused (with when to retry), or go on after a delay. */
export type ThrottleDecision = { refused: true; retryAfterSeconds: number } | { refused: false; delayMs: number };

/** Phones are hashed in counter keys: the counters never hold a phone in clear. */
export function phoneKey(phone: string): string {
  return `phone:${createHash('sha256').update(`lianxin-login:${phone}`).digest('hex')}`;
}

export function ipKey(ip: string): string {
  return `ip:${ip}`;
}

function delayFor(failures: number, slowAfter: number, s: ThrottleSettings): number {
  if (failures < slowAfter) return 0;
  return Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** (failures - slowAfter));
}

/**
 * Brute-force protection for login (password and SMS code alike): per phone and per IP, failures
 * first slow the answer, then refuse it for a while. The same counters apply whether or not the
 * phone has an account, so the answer never reveals that.
 */
export function createLoginThrottle(store: AttemptStore, settings: ThrottleSettings = { ...DEFAULT_THROTTLE }) {
  return {
    settings,
    store,

    async check(phone: string, ip: string, nowMs = Date.now()): Promise<ThrottleDecision> {
      const [p, i] = await store.get([phoneKey(phone), ipKey(ip)], nowMs, settings.windowMs);
      const locked = Math.max(p?.lockedUntilMs ?? 0, i?.lockedUntilMs ?? 0);
      if (locked > nowMs) return { refused: true, retryAfterSeconds: Math.ceil((locked - nowMs) / 1000) };
      const delayMs = Math.max(
        delayFor(p?.failures ?? 0, settings.slowAfter, settings),
        delayFor(i?.failures ?? 0, settings.ipSlowAfter, settings),
      );
      return { refused: false, delayMs };
    },

    async fail(phone: string, ip: string, nowMs = Date.now()): Promise<void> {
      await store.fail(phoneKey(phone), nowMs, settings.windowMs, settings.phoneLockAfter, settings.lockMs);
      await store.fail(ipKey(ip), nowMs, settings.windowMs, settings.ipLockAfter, settings.lockMs);
    },

    /**
     * For guessing something other than a sign-in (an invitation code): per IP only, counted apart
     * from sign-ins under `scope`, with the IP limits. No per-target counter: the target is unknown.
     */
    async checkIp(scope: string, ip: string, nowMs = Date.now()): Promise<ThrottleDecision> {
      const [i] = await store.get([`${scope}:${ipKey(ip)}`], nowMs, settings.windowMs);
      const locked = i?.lockedUntilMs ?? 0;
      if (locked > nowMs) return { refused: true, retryAfterSeconds: Math.ceil((locked - nowMs) / 1000) };
      return { refused: false, delayMs: delayFor(i?.failures ?? 0, settings.ipSlowAfter, settings) };
    },

    async failIp(scope: string, ip: string, nowMs = Date.now()): Promise<void> {
      await store.fail(`${scope}:${ipKey(ip)}`, nowMs, settings.windowMs, settings.ipLockAfter, settings.lockMs);
    },

    /** A successful login forgives the phone's failures (the IP's stay: one IP may try many phones). */
    async succeed(phone: string): Promise<void> {
      await store.clear(phoneKey(phone));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
