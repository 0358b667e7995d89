import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** This process's identity as a lease holder. */
export const HOLDER = `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Takes the named lease until `until` if nobody holds it now. Exactly one of several instances
 * racing for the same lease wins (an upsert with a condition, atomic on both databases).
 */
export async function tryLease(db: Kysely<DB>, name: string, ttlMs: number, holder = HOLDER): Promise<boolean> {
  const now = new Date();
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const row = await db
    .insertInto('job_leases')
    .values({ name, holder, until, last_run_at: now.toISOString() })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, until, last_run_at: now.toISOString() })
        .where('job_leases.until', '<', now.toISOString()),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each job every `everyMs`, on exactly one instance per period: the instance that takes the
 * lease runs it, the others skip. Returns a stop function (called on shutdown).
 */
export function startScheduler(db: Kysely<DB>, jobs: ScheduledJob[], log: { error(o: object, m: string): void }): () => void {
  const timers = jobs.map((job) =>
    setInterval(async () => {
      try {
        if (await tryLease(db, job.name, Math.max(1000, job.everyMs - 500))) await job.run();
      } catch (err) {
        log.error({ err, job: job.name }, 'scheduled job failed');
      }
    }, job.everyMs).unref(),
  );
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
