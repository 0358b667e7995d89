import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/harness';
import { MIN_LEASE_MS, renewLease, startScheduler, tryLease } from './jobs';

const quietLog = { error: () => {}, warn: () => {} };

for (const dialect of DIALECTS) {
  describe(`[${dialect}] jobs.scheduler`, () => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await testDb.drop();
    });

    it('never runs a job twice at once when a run outlasts its period and its lease, on one or two instances', async () => {
      const db = testDb.database.db;
      const name = 'slow-job';
      let inFlight = 0;
      let maxInFlight = 0;
      const runs: { holder: string; start: number; end?: number }[] = [];
      const slowJob = (holder: string) => ({
        name,
        everyMs: 100, // ticks ten times a second …
        async run() {
          const r: { holder: string; start: number; end?: number } = { holder, start: Date.now() };
          runs.push(r);
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(MIN_LEASE_MS * 2.5); // … and runs for two and a half lease lengths
          inFlight--;
          r.end = Date.now();
        },
      });
      const stopA = startScheduler(db, [slowJob('a')], quietLog, { holder: 'a' });
      const stopB = startScheduler(db, [slowJob('b')], quietLog, { holder: 'b' });
      await sleep(MIN_LEASE_MS * 2.5 + 400);
      await Promise.all([stopA(), stopB()]);

      expect(maxInFlight).toBe(1);
      expect(runs).toHaveLength(1);
      const [run] = runs;
      const lease = await db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      expect(lease.holder).toBe(run?.holder);
      // renewed while it ran: the lease now ends well after the first one would have (start + 1 s)
      expect(Date.parse(lease.until)).toBeGreaterThan((run?.start ?? 0) + MIN_LEASE_MS * 2);
    });

    it('runs the job again after a slow run once its lease lapses, each run after the previous ended', async () => {
      const db = testDb.database.db;
      const runs: { start: number; end: number }[] = [];
      const stop = startScheduler(
        db,
        [
          {
            name: 'again-job',
            everyMs: 100,
            async run() {
              const start = Date.now();
              await sleep(600);
              runs.push({ start, end: Date.now() });
            },
          },
        ],
        quietLog,
        { holder: 'solo' },
      );
      // each run takes 0.6 s and leaves a lease of at most 1 s after it: two or three runs in 3.2 s
      await sleep(3200);
      await stop();
      expect(runs.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < runs.length; i++) {
        const prev = runs[i - 1] as { end: number };
        expect((runs[i] as { start: number }).start).toBeGreaterThanOrEqual(prev.end);
      }
    });

    it('stop waits for the run in progress, so the database is not closed under it', async () => {
      const db = testDb.database.db;
      let finished = false;
      const stop = startScheduler(
        db,
        [
          {
            name: 'stop-job',
            everyMs: 50,
            async run() {
              await sleep(500);
              finished = true;
            },
          },
        ],
        quietLog,
        { holder: 'stopper' },
      );
      await sleep(200); // the first tick has started the run
      await stop();
      expect(finished).toBe(true);
    });

    it('renews only a lease its holder still has', async () => {
      const db = testDb.database.db;
      expect(await tryLease(db, 'renew-job', 60_000, 'first')).toBe(true);
      expect(await renewLease(db, 'renew-job', 120_000, 'second')).toBe(false);
      expect(await renewLease(db, 'renew-job', 120_000, 'first')).toBe(true);
      const lease = await db.selectFrom('job_leases').selectAll().where('name', '=', 'renew-job').executeTakeFirstOrThrow();
      expect(lease.holder).toBe('first');
      expect(Date.parse(lease.until) - Date.now()).toBeGreaterThan(60_000);
    });
  });
}
