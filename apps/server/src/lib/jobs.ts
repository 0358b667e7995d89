import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** This process's identity as a lease holder. */
export const HOLDER = `${process.pid}-${randomBytes(4).toString('hex')}`;

/** The shortest lease the scheduler takes: renewals must have time to land before it lapses. */
export const MIN_LEASE_MS = 1000;

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

/**
 * Extends a lease this holder still has to `ttlMs` from now. False when it has lapsed and another
 * holder took it (the conditional UPDATE then touches no row), so the caller knows it lost it.
 */
export async function renewLease(db: Kysely<DB>, name: string, ttlMs: number, holder = HOLDER): Promise<boolean> {
  const until = new Date(Date.now() + ttlMs).toISOString();
  const res = await db
    .updateTable('job_leases')
    .set({ until })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface SchedulerLog {
  error(o: object, m: string): void;
  warn?(o: object, m: string): void;
}

export interface SchedulerOptions {
  /** The lease holder's name (this process by default; tests run several "instances" in one). */
  holder?: string;
}

/**
 * Runs each job every `everyMs`, on exactly one instance per period: the instance that takes the
 * lease runs it, the others skip. While a job runs its lease is renewed (every third of its
 * length), so a run that outlasts its period keeps the lease and no other instance starts a second
 * copy; a tick on the same instance while the job still runs is skipped. Returns a stop function
 * (called on shutdown) that stops the timers and waits for the runs in progress to finish, so the
 * database is not closed under them.
 */
export function startScheduler(
  db: Kysely<DB>,
  jobs: ScheduledJob[],
  log: SchedulerLog,
  opts: SchedulerOptions = {},
): () => Promise<void> {
  const holder = opts.holder ?? HOLDER;
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const runOnce = async (job: ScheduledJob) => {
    const ttl = Math.max(MIN_LEASE_MS, job.everyMs - 500);
    if (!(await tryLease(db, job.name, ttl, holder))) return;
    let renewing: Promise<unknown> = Promise.resolve();
    const renewer = setInterval(
      () => {
        renewing = renewLease(db, job.name, ttl, holder).then(
          (kept) => {
            if (!kept) (log.warn ?? log.error)({ job: job.name }, 'scheduled job lost its lease while running');
          },
          (err) => log.error({ err, job: job.name }, 'scheduled job lease renewal failed'),
        );
      },
      Math.max(100, Math.floor(ttl / 3)),
    );
    renewer.unref();
    try {
      await job.run();
    } finally {
      clearInterval(renewer);
      await renewing;
    }
  };

  const timers = jobs.map((job) =>
    setInterval(() => {
      if (stopped || running.has(job.name)) return; // the previous run is still going: never two at once
      const p = runOnce(job)
        .catch((err) => log.error({ err, job: job.name }, 'scheduled job failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, p);
    }, job.everyMs).unref(),
  );
  return async () => {
    stopped = true;
    for (const t of timers) clearInterval(t);
    await Promise.all(running.values());
  };
}
