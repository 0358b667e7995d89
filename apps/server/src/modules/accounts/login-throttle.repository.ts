import { Redis } from 'ioredis';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';

/** One counter's state: failures in the current window and, when locked, until when. */
export interface AttemptState {
  failures: number;
  lockedUntilMs: number | null;
}

/**
 * Where login failure counters live. The database by default; Redis when REDIS_URL is set, so the
 * limits hold across app instances either way (nothing is kept in one process's memory).
 */
export interface AttemptStore {
  get(keys: string[], nowMs: number, windowMs: number): Promise<AttemptState[]>;
  /** Counts one failure atomically; locks the key for lockMs once failures reach lockAfter. */
  fail(key: string, nowMs: number, windowMs: number, lockAfter: number, lockMs: number): Promise<AttemptState>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Counters in the login_attempts table: one upsert per failure, so concurrent failures all count. */
export function createDbAttemptStore(db: Kysely<DB>): AttemptStore {
  return {
    async get(keys, nowMs, windowMs) {
      if (keys.length === 0) return [];
      const rows = await db.selectFrom('login_attempts').selectAll().where('key', 'in', keys).execute();
      const cutoff = new Date(nowMs - windowMs).toISOString();
      return keys.map((k) => {
        const r = rows.find((x) => x.key === k);
        if (!r) return { failures: 0, lockedUntilMs: null };
        const locked = r.locked_until ? Date.parse(r.locked_until) : null;
        return {
          failures: r.window_started_at < cutoff ? 0 : r.failures,
          lockedUntilMs: locked !== null && locked > nowMs ? locked : null,
        };
      });
    },

    async fail(key, nowMs, windowMs, lockAfter, lockMs) {
      const now = new Date(nowMs).toISOString();
      const cutoff = new Date(nowMs - windowMs).toISOString();
      const row = await db
        .insertInto('login_attempts')
        .values({ key, failures: 1, window_started_at: now, locked_until: null, updated_at: now })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when login_attempts.window_started_at < ${cutoff} then 1 else login_attempts.failures + 1 end`,
            window_started_at: sql<string>`case when login_attempts.window_started_at < ${cutoff} then ${now} else login_attempts.window_started_at end`,
            updated_at: now,
          }),
        )
        .returning(['failures', 'locked_until'])
        .executeTakeFirstOrThrow();
      let lockedUntil = row.locked_until ? Date.parse(row.locked_until) : null;
      if (row.failures >= lockAfter && (lockedUntil === null || lockedUntil <= nowMs)) {
        lockedUntil = nowMs + lockMs;
        await db
          .updateTable('login_attempts')
          .set({ locked_until: new Date(lockedUntil).toISOString() })
          .where('key', '=', key)
          .execute();
      }
      return { failures: row.failures, lockedUntilMs: lockedUntil !== null && lockedUntil > nowMs ? lockedUntil : null };
    },

    async clear(key) {
      await db.deleteFrom('login_attempts').where('key', '=', key).execute();
    },

    async close() {},
  };
}

/** Counters in Redis: INCR with an expiry for the window, a separate key for the lock. */
export function createRedisAttemptStore(url: string, prefix = 'lx:login:'): AttemptStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  return {
    async get(keys) {
      if (keys.length === 0) return [];
      const counts = await redis.mget(...keys.map((k) => `${prefix}n:${k}`));
      const ttls = await Promise.all(keys.map((k) => redis.pttl(`${prefix}lock:${k}`)));
      const now = Date.now();
      return keys.map((_, i) => ({
        failures: Number(counts[i] ?? 0),
        lockedUntilMs: (ttls[i] ?? -2) > 0 ? now + (ttls[i] ?? 0) : null,
      }));
    },

    async fail(key, nowMs, windowMs, lockAfter, lockMs) {
      const n = `${prefix}n:${key}`;
      const [[, failures]] = (await redis.multi().incr(n).pexpire(n, windowMs, 'NX').exec()) as [[unknown, number]];
      const lock = `${prefix}lock:${key}`;
      if (failures >= lockAfter) await redis.set(lock, '1', 'PX', lockMs, 'NX');
      const ttl = await redis.pttl(lock);
      return { failures, lockedUntilMs: ttl > 0 ? nowMs + ttl : null };
    },

    async clear(key) {
      await redis.del(`${prefix}n:${key}`);
    },

    async close() {
      redis.disconnect();
    },
  };
}
