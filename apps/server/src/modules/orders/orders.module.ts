import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import type { AuditRepository } from '../audit/audit.repository';
import type { HoursRepository } from '../hours/hours.repository';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import { createHelpRepository } from './help.repository';
import { createEscalation, orderJobs } from './orders.jobs';
import { createOrderReader } from './orders.read';
import { createOrdersRepository } from './orders.repository';
import { createSeriesService } from './orders.series';
import { createOrderService } from './orders.service';

/** Wires the orders module from the shared repositories (one line in context.ts). */
export function createOrdersModule(deps: {
  db: Kysely<DB>;
  bus: Bus;
  audit: AuditRepository;
  hours: HoursRepository;
  notifications: NotificationsRepository;
  clock?: () => Date;
}) {
  const repo = createOrdersRepository(deps.db);
  const service = createOrderService({ ...deps, repo });
  const reader = createOrderReader({ repo, audit: deps.audit, service });
  const series = createSeriesService({ repo, audit: deps.audit, clock: deps.clock });
  const escalate = createEscalation({ repo, notifications: deps.notifications, bus: deps.bus, clock: deps.clock });
  const help = createHelpRepository(deps.db);
  return { repo, service, reader, series, escalate, help, jobs: () => orderJobs({ escalate, series }) };
}

export type OrdersModule = ReturnType<typeof createOrdersModule>;
