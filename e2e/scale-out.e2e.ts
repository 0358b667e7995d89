import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../apps/server/src/test/harness';
import { type Cluster, startCluster } from './lib/cluster';

/** docs/deploy.md's layout: two instances, PostgreSQL, Redis, nginx — one instance dies mid-way. */
describe('scale-out behind nginx', () => {
  let db: TestDatabase;
  let cluster: Cluster;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await db.database.close();
    cluster = await startCluster(2, { DATABASE_URL: db.url ?? '', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  });
  afterAll(async () => {
    await cluster?.stop();
    const { openDatabase } = await import('../apps/server/src/db/database');
    db.database = openDatabase({ databaseUrl: db.url });
    await db?.drop();
  });

  it('keeps a signed-in session working when the instance that served the login is killed', async () => {
    const login = await fetch(`${cluster.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '19900000001', password: 'lianxin2026' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${cluster.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    }
    await cluster.instances[0]?.stop('SIGKILL');
    for (let i = 0; i < 6; i++) {
      const me = await fetch(`${cluster.url}/api/v1/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect((await me.json()).name).toBe('万玉清');
    }
  });
});
