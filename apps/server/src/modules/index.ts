import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerAccountRoutes } from './accounts/accounts.routes';
import { registerAuditViewerRoutes } from './audit/audit-viewer.routes';
import { registerLogRoutes } from './audit/log.routes';
import { registerBoardRoutes } from './boards/boards.routes';
import { registerBudgetRoutes } from './budgets/budgets.routes';
import { registerCalendarRoutes } from './calendar/calendar.routes';
import { registerCouncilRoutes } from './council/council.routes';
import { registerDashboardRoutes } from './dashboard/dashboard.routes';
import { registerDaycareRoutes } from './daycare/daycare.routes';
import { registerDemoRoutes } from './demo/demo.routes';
import { registerDiscussionRoutes } from './discussion/discussion.routes';
import { registerEventRoutes } from './events/events.routes';
import { registerGroupRoutes } from './groups/groups.routes';
import { registerHealthRoutes } from './health/health.routes';
import { registerLiveRoutes } from './live/live.routes';
import { registerNoticeRoutes } from './notices/notices.routes';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { registerOpen311Routes } from './open311/open311.routes';
import { registerOrderRoutes } from './orders/orders.routes';
import { registerPollRoutes } from './polls/polls.routes';
import { registerPrivacyRoutes } from './privacy/privacy.routes';
import { registerProjectRoutes } from './projects/projects.routes';
import { registerRegistryRoutes } from './registry/registry.routes';
import { registerSearchRoutes } from './search/search.routes';
import { registerStationRoutes } from './stations/stations.routes';
import { registerSystemRoutes } from './system/system.routes';
import { registerVolunteerWorkRoutes } from './volunteers/volunteers.module';
import { registerVoteRoutes } from './votes/votes.routes';

/** Every module's routes, registered in this order. A new module adds one line. */
export const moduleRoutes: Array<(app: FastifyInstance, ctx: AppContext) => void> = [
  registerSystemRoutes,
  registerAccountRoutes,
  registerPrivacyRoutes,
  registerDemoRoutes,
  registerCouncilRoutes,
  registerOpen311Routes,
  registerDiscussionRoutes,
  registerGroupRoutes,
  registerEventRoutes,
  registerHealthRoutes,
  registerDaycareRoutes,
  registerCalendarRoutes,
  registerOrderRoutes,
  registerNotificationRoutes,
  registerLiveRoutes,
  registerVoteRoutes,
  registerProjectRoutes,
  registerBudgetRoutes,
  registerPollRoutes,
  registerNoticeRoutes,
  registerDashboardRoutes,
  registerVolunteerWorkRoutes,
  registerRegistryRoutes,
  registerBoardRoutes,
  registerStationRoutes,
  registerLogRoutes,
  registerSearchRoutes,
  registerAuditViewerRoutes,
];
