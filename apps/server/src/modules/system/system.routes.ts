import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { ping } from '../../db/database';

/** Liveness and readiness probes for the reverse proxy and the orchestrator. */
export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const ok = await ping(ctx.db);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unavailable', database: ctx.dialect });
  });
}
