import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerAccountRoutes } from './accounts/accounts.routes';
import { registerDemoRoutes } from './demo/demo.routes';
import { registerSystemRoutes } from './system/system.routes';
import { registerOrderRoutes } from './orders/orders.routes';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { registerLiveRoutes } from './live/live.routes';

/** Every module's routes, registered in this order. A new module adds one line. */
export const moduleRoutes: Array<(app: FastifyInstance, ctx: AppContext) => void> = [
  registerSystemRoutes,
  registerAccountRoutes,
  registerDemoRoutes,
  registerOrderRoutes,
  registerNotificationRoutes,
  registerLiveRoutes,
];
