import { dashboardQuerySchema, dashboardSchema, idSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { startScheduler } from '../../lib/jobs';
import { requestLang } from '../../plugins/errors';
import { loadReachableNode } from '../accounts/policy';
import { toCsv, toXlsx } from './dashboard.export';
import { createDashboardService, DASHBOARD_ROLES } from './dashboard.service';
import { createDashboardListsRepository, LISTED_FIGURES } from './dashboard-lists.repository';
import { createRollup } from './rollup';

const nodeParams = z.strictObject({ nodeId: idSchema });
const tags = ['dashboard'];
/** How often the rollup job runs (on one instance per period, under a lease). */
export const ROLLUP_EVERY_MS = 60_000;

/** The dashboard, its exports, a manual refresh, and the rollup job's schedule. */
export function registerDashboardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = createDashboardService({ db: ctx.db, dashboard: ctx.dashboard });
  const rollup = createRollup(ctx.dashboard);
  const access = { access: DASHBOARD_ROLES };

  const lists = createDashboardListsRepository(ctx.db);
  r.get(
    '/api/v1/dashboard/:nodeId/lists/:figure',
    {
      config: access,
      schema: {
        tags,
        summary: 'The rows behind a current figure (open issues, volunteers, …), 50 a page',
        params: z.strictObject({ nodeId: idSchema, figure: z.enum(LISTED_FIGURES) }),
        querystring: z.strictObject({ page: z.coerce.number().int().min(1).max(100_000).default(1) }),
        response: {
          200: z.object({
            node: z.object({ id: z.string(), name: z.string() }),
            figure: z.enum(LISTED_FIGURES),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
            rows: z.array(
              z.object({ id: z.string(), title: z.string(), detail: z.string(), place: z.string(), link: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const node = await loadReachableNode(ctx.db, req.auth, req.params.nodeId, DASHBOARD_ROLES);
      const { total, rows } = await lists.page(req.params.figure, node.path, (req.query.page - 1) * 50, 50);
      return {
        node: { id: node.id, name: node.name },
        figure: req.params.figure,
        total,
        page: req.query.page,
        pageSize: 50,
        rows,
      };
    },
  );

  let stop: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stop = startScheduler(ctx.db, [{ name: 'dashboard.rollup', everyMs: ROLLUP_EVERY_MS, run: () => rollup.runOnce() }], app.log);
  });
  app.addHook('onClose', async () => stop?.());

  r.get(
    '/api/v1/dashboard/:nodeId',
    {
      config: access,
      schema: {
        tags,
        summary: 'Figures of a node: current, by month, and the level below',
        params: nodeParams,
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (req) => svc.view(req.auth, req.params.nodeId, req.query),
  );

  r.get(
    '/api/v1/dashboard/:nodeId/export.xlsx',
    {
      config: access,
      schema: { tags, summary: 'The same figures as an Excel workbook', params: nodeParams, querystring: dashboardQuerySchema },
    },
    async (req, reply) => {
      const d = await svc.view(req.auth, req.params.nodeId, req.query);
      const buf = await toXlsx(d, req.query.lang ?? requestLang(req));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="dashboard-${d.node.id}.xlsx"`)
        .send(buf);
    },
  );

  r.get(
    '/api/v1/dashboard/:nodeId/export.csv',
    {
      config: access,
      schema: {
        tags,
        summary: 'The same figures as CSV (UTF-8 with BOM)',
        params: nodeParams,
        querystring: dashboardQuerySchema,
      },
    },
    async (req, reply) => {
      const d = await svc.view(req.auth, req.params.nodeId, req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dashboard-${d.node.id}.csv"`)
        .send(toCsv(d, req.query.lang ?? requestLang(req)));
    },
  );

  r.post(
    '/api/v1/dashboard/refresh',
    {
      config: { access: ['district_admin', 'platform_admin'] },
      schema: {
        tags,
        summary: 'Run the rollup now (it also runs every minute)',
        response: { 200: z.object({ mode: z.enum(['full', 'incremental']), keys: z.number(), ms: z.number() }) },
      },
    },
    async () => rollup.runOnce(),
  );
}
