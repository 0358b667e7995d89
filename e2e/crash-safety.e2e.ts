import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/context';
import { openDatabase } from '../apps/server/src/db/database';
import { integrityCheck } from '../apps/server/src/modules/ops/backup';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../apps/server/src/test/harness';
import { type RunningServer, startServer } from './lib/server';

/**
 * Runs a write load against the real server, kills it with SIGKILL at random moments several
 * times, restarts it, and checks that every write acknowledged with 2xx is there, that the
 * database passes its integrity checks, and that the audit chain verifies.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 3);
const WRITERS = 8;

interface Client {
  cookie: string;
  csrf: string;
}

async function login(url: string, phone: string): Promise<Client> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: 'lianxin2026' }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: (await res.json()).csrfToken };
}

/** Places orders until the server dies; returns the ids it acknowledged. */
async function writeUntilDead(url: string, c: Client, tag: string, stop: { dead: boolean }): Promise<string[]> {
  const acked: string[] = [];
  for (let i = 0; !stop.dead; i++) {
    const start = new Date(Date.now() + 3600_000);
    try {
      const res = await fetch(`${url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: c.cookie, 'x-csrf-token': c.csrf },
        body: JSON.stringify({
          category: 'shopping',
          description: `crash ${tag} ${i}`,
          windowStart: start.toISOString(),
          windowEnd: new Date(start.getTime() + 3600_000).toISOString(),
        }),
      });
      if (res.status >= 200 && res.status < 300) acked.push((await res.json()).id);
      else if (res.status >= 500) throw new Error(`server answered ${res.status}`);
    } catch (err) {
      if ((err as Error).message.startsWith('server answered')) throw err;
      return acked; // connection refused or reset: the server is gone
    }
  }
  return acked;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] crash safety`, () => {
    let db: TestDatabase;
    let server: RunningServer | undefined;
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await db?.drop();
    });

    it(`keeps every acknowledged order through ${KILLS} SIGKILLs, with integrity and the audit chain intact`, async () => {
      db = await createTestDatabase(dialect);
      await db.database.close();
      const env: Record<string, string> =
        dialect === 'postgres' ? { DATABASE_URL: db.url ?? '' } : { LIANXIN_DATA_DIR: db.dataDir };
      const acked: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        server = await startServer({ ...env, LIANXIN_DATA_DIR: db.dataDir, LIANXIN_DEMO: k === 0 ? 'on' : 'off' });
        const c = await login(server.url, '19900000001');
        const stop = { dead: false };
        const writers = Array.from({ length: WRITERS }, (_, w) => writeUntilDead(server!.url, c, `${k}-${w}`, stop));
        await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
        await server.stop('SIGKILL');
        stop.dead = true;
        for (const ids of await Promise.all(writers)) acked.push(...ids);
      }
      expect(acked.length).toBeGreaterThan(10);

      const reopened = openDatabase(dialect === 'postgres' ? { databaseUrl: db.url } : { sqliteFile: db.sqliteFile });
      db.database = reopened;
      const found = new Set<string>();
      for (let i = 0; i < acked.length; i += 500) {
        const rows = await reopened.db
          .selectFrom('orders' as never)
          .select('id' as never)
          .where('id' as never, 'in', acked.slice(i, i + 500) as never)
          .execute();
        for (const r of rows as Array<{ id: string }>) found.add(r.id);
      }
      expect(acked.filter((id) => !found.has(id))).toEqual([]);
      expect(await integrityCheck(reopened)).toEqual([]);
      // The server's own data dir: the log's checkpoints were signed with the key it keeps there.
      const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: db.dataDir }), reopened);
      expect(await ctx.audit.verify()).toMatchObject({ ok: true });
      await ctx.bus.close();
      console.log(`[${dialect}] crash safety: ${acked.length} acknowledged orders survived ${KILLS} SIGKILLs`);
    });
  });
}
