import type { Config } from './config';
import type { Database } from './db/database';
import { type Bus, createLocalBus, createRedisBus } from './lib/bus';
import { createAccountsRepository } from './modules/accounts/accounts.repository';
import { createLoginThrottle } from './modules/accounts/login-throttle';
import { createDbAttemptStore, createRedisAttemptStore } from './modules/accounts/login-throttle.repository';
import { createProxyRepository } from './modules/accounts/proxy.repository';
import { createSmsProvider } from './modules/accounts/sms-provider';
import { createAuditRepository } from './modules/audit/audit.repository';
import { type LogSigner, loadSigner } from './modules/audit/log.keys';
import { createLogRepository } from './modules/audit/log.repository';
import { createBoardsRepository } from './modules/boards/boards.repository';
import { createBudgetsRepository } from './modules/budgets/budgets.repository';
import { createBudgetsService } from './modules/budgets/budgets.service';
import { createDashboardRepository } from './modules/dashboard/dashboard.repository';
import { createEventsModule } from './modules/events/events.module';
import { createHoursRepository } from './modules/hours/hours.repository';
import { createNoticesRepository } from './modules/notices/notices.repository';
import { createNotificationsRepository } from './modules/notifications/notifications.repository';
import { createWebPushSender } from './modules/notifications/push';
import { createWechatSender, type WechatSender } from './modules/notifications/wechat';
import { createWechatBindingsRepository } from './modules/notifications/wechat-bindings.repository';
import { createOrdersModule } from './modules/orders/orders.module';
import { createPollsRepository } from './modules/polls/polls.repository';
import { createPollsService } from './modules/polls/polls.service';
import { createProjectsRepository } from './modules/projects/projects.repository';
import { createRegistryRepository } from './modules/registry/registry.repository';
import { createStationsRepository } from './modules/stations/stations.repository';
import { createVolunteerWork } from './modules/volunteers/volunteers.module';
import { createVotesRepository } from './modules/votes/votes.repository';
import { createVotesService } from './modules/votes/votes.service';

/**
 * Everything a request handler may need, built once per process with plain factory functions
 * (no DI container). A module adds its repository or service here with one line.
 */
export function createContext(
  config: Config,
  database: Database,
  bus: Bus = config.redisUrl ? createRedisBus(config.redisUrl) : createLocalBus(),
) {
  const { db, dialect } = database;
  // Read (or made) on first use, so commands that never sign or publish need no key file.
  let signer: LogSigner | undefined;
  const logSigner = () => {
    signer ??= loadSigner(config.logKeyFile);
    return signer;
  };
  const log = createLogRepository(db, dialect, logSigner);
  // One notifications repository for every module: the channels read `ctx.sms` (`ctx.wechat`) when they send,
  // so a gateway (or a test's memory provider) set on the context later is the one used.
  const pushSender = config.vapid ? createWebPushSender(config.vapid) : null;
  const notifications = createNotificationsRepository(db, bus, undefined, {
    push: () => pushSender,
    sms: () => ctx.sms,
    wechat: () => ctx.wechat,
  });
  const ctx = {
    config,
    database,
    db,
    dialect,
    bus,
    audit: {
      ...createAuditRepository(db, dialect),
      /** Sequences whatever is pending, then checks the whole log (leaves, tree, checkpoints). */
      async verify() {
        await log.sequence(60_000);
        return log.verify(logSigner().publicKeyRaw);
      },
    },
    log,
    logSigner,
    accounts: createAccountsRepository(db),
    proxy: createProxyRepository(db),
    loginThrottle: createLoginThrottle(config.redisUrl ? createRedisAttemptStore(config.redisUrl) : createDbAttemptStore(db)),
    sms: createSmsProvider(config, db),
    /** WeChat template messages (one access_token cache per process), or null when not configured. */
    wechat: (config.wechat ? createWechatSender(config.wechat) : null) as WechatSender | null,
    wechatBindings: createWechatBindingsRepository(db),
    notifications,
    hours: createHoursRepository(db),
    stations: createStationsRepository(db),
    boards: createBoardsRepository(db),
    registry: createRegistryRepository(db),
    ...createEventsModule(db, dialect, bus, notifications),
    orders: createOrdersModule({
      db,
      bus,
      audit: createAuditRepository(db, dialect),
      hours: createHoursRepository(db),
      notifications,
    }),
    votes: createVotesService({
      db,
      votes: createVotesRepository(db, dialect),
      audit: createAuditRepository(db, dialect),
      notifications,
      log,
    }),
    projects: createProjectsRepository(db, dialect),
    budgets: createBudgetsService({
      db,
      budgets: createBudgetsRepository(db, dialect),
      projects: createProjectsRepository(db, dialect),
      audit: createAuditRepository(db, dialect),
    }),
    polls: createPollsService({ polls: createPollsRepository(db), audit: createAuditRepository(db, dialect), notifications }),
    notices: createNoticesRepository(db),
    dashboard: createDashboardRepository(db, dialect),
    ...createVolunteerWork({
      db,
      audit: createAuditRepository(db, dialect),
      hours: createHoursRepository(db),
      notifications,
    }),
  };
  return ctx;
}

export type AppContext = ReturnType<typeof createContext>;
