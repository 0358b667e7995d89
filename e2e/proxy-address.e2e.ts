import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../apps/server/src/db/database';
import { type Cluster, startCluster } from './lib/cluster';

/**
 * Through deploy/nginx.conf.template: a client cannot choose the address the sign-in throttle
 * counts by sending its own X-Forwarded-For (issue 18.1).
 */
describe('client address behind nginx', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(1, {});
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('counts failed sign-ins against the address nginx saw, whatever X-Forwarded-For the client sent', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${cluster.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` },
        body: JSON.stringify({ phone: `1380000${3000 + i}`, password: 'nope' }),
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401]);
    const instance = cluster.instances[0];
    if (!instance) throw new Error('no instance');
    const database = openDatabase({ sqliteFile: path.join(instance.dataDir, 'lianxin.db') });
    try {
      const rows = await database.db
        .selectFrom('login_attempts')
        .select(['key', 'failures'])
        .where('key', 'like', 'ip:%')
        .execute();
      expect(rows).toEqual([{ key: 'ip:127.0.0.1', failures: 3 }]);
    } finally {
      await database.close();
    }
  });
});
