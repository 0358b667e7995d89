import { buildApp } from './app';
import { loadConfig } from './config';
import { createContext } from './context';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { startScheduler } from './lib/jobs';
import { logSequencerJob } from './modules/audit/log.job';
import { councilJobs } from './modules/council/council.jobs';
import { createCouncilRepository } from './modules/council/council.repository';
import { createSmtpMailer } from './modules/notifications/email';
import { notificationJobs } from './modules/notifications/notifications.jobs';
import { stationJobs } from './modules/stations/stations.jobs';
import { votesCloseJob, votesRemindJob } from './modules/votes/votes.job';
import { maybeSeedDemo, moveLegacyData } from './startup';

/** Starts Lianxin: open the database, migrate, seed the demo on an empty embedded DB, listen. */
export async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  const applied = await migrateToLatest(database.db);
  const ctx = createContext(config, database);
  const app = await buildApp(ctx);
  app.log.info(
    { database: database.dialect, where: database.where, migrationsApplied: applied.length },
    `database: ${database.dialect} at ${database.where}`,
  );
  if (ctx.sms.name === 'console')
    app.log.warn(
      'SMS: NO GATEWAY CONFIGURED — login codes are only printed on this console (phone masked). ' +
        'Set SMS_PROVIDER=aliyun and ALIYUN_SMS_* before residents use SMS sign-in (docs/deploy.md).',
    );
  else app.log.info({ provider: ctx.sms.name }, `SMS: sending through ${ctx.sms.name}, with the outbox`);
  await moveLegacyData(ctx, app.log);
  await maybeSeedDemo(ctx, app.log);
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ readyMs: Math.round(performance.now() - started) }, `Lianxin ready on http://localhost:${config.port}`);
  // Scheduled work runs on every instance's timer, but each period only on the lease holder.
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : null;
  const stopJobs = startScheduler(
    ctx.db,
    [
      ...councilJobs({ council: createCouncilRepository(ctx.db), notifications: ctx.notifications }),
      ...ctx.orders.jobs(),
      ...ctx.volunteerJobs(),
      ...notificationJobs(ctx.notifications, mailer),
      votesCloseJob(ctx.votes),
      votesRemindJob(ctx.votes),
      ...stationJobs({ db: ctx.db, notifications: ctx.notifications }),
      { name: 'events.remind', everyMs: 10 * 60_000, run: () => ctx.eventsService.remindTomorrow() },
      ...(ctx.sms.job ? [ctx.sms.job()] : []),
      logSequencerJob(ctx.log),
    ],
    app.log,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing requests in flight');
    try {
      await stopJobs(); // waits for runs in progress before the database closes
      await app.close(); // stops accepting, waits for in-flight requests, runs onClose hooks
      mailer?.close();
      await ctx.bus.close();
      await database.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'unclean stop');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
