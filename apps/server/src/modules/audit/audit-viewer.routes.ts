import { STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { csvDocument } from '../../lib/csv';
import { fieldError } from '../../lib/errors';
import { type AuthContext, requireAuth, scopePaths } from '../accounts/policy';
import { type AuditFilter, createAuditViewerRepository } from './audit-viewer.repository';

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export carries; a narrower filter gets the rest. */
export const AUDIT_EXPORT_MAX = 10_000;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const filters = {
  personId: z.string().trim().min(1).max(60).optional(),
  targetType: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  targetId: z.string().trim().min(1).max(80).optional(),
  action: z
    .string()
    .regex(/^[a-z0-9_.]{1,60}$/)
    .optional(),
  from: day.optional(),
  to: day.optional(),
};
const listQuery = z.strictObject({ ...filters, page: z.coerce.number().int().min(1).max(100_000).default(1) });
const exportQuery = z.strictObject(filters);

const entry = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ personId: z.string(), name: z.string() }).nullable(),
  onBehalfOf: z.string().nullable(),
  channel: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  place: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  inLog: z.boolean(),
});

/** A Beijing calendar day's first instant, in UTC (China has kept UTC+8 all year since 1991). */
function beijingStart(d: string, plusDays = 0): string {
  const t = Date.parse(`${d}T00:00:00+08:00`);
  if (Number.isNaN(t)) throw fieldError('from', 'invalid_date');
  return new Date(t + plusDays * 86_400_000).toISOString();
}

function toFilter(auth: AuthContext, q: z.infer<typeof exportQuery>): AuditFilter {
  if (q.from && q.to && q.from > q.to) throw fieldError('to', 'before_from');
  return {
    paths: scopePaths(auth, STAFF_ROLES),
    personId: q.personId,
    targetType: q.targetType,
    targetId: q.targetId,
    action: q.action,
    from: q.from ? beijingStart(q.from) : undefined,
    until: q.to ? beijingStart(q.to, 1) : undefined,
  };
}

/**
 * The audit viewer for staff: the log's entries about their subtree, filtered by person, record,
 * action and Beijing date range, 50 a page, and the same as CSV (itself an audited read).
 */
export function registerAuditViewerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = createAuditViewerRepository(ctx.db);
  const staff = { access: STAFF_ROLES };

  type Row = Awaited<ReturnType<typeof repo.page>>[number];
  const present = (e: Row) => ({
    seq: Number(e.seq),
    at: e.at,
    action: e.action,
    actor: e.actor_person_id ? { personId: e.actor_person_id, name: e.actor_name ?? '' } : null,
    onBehalfOf: e.on_behalf_of_name,
    channel: e.channel,
    targetType: e.target_type,
    targetId: e.target_id,
    place: e.node_name,
    details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
    inLog: e.leaf_index !== null,
  });

  r.get(
    '/api/v1/audit',
    {
      config: staff,
      schema: {
        tags: ['audit'],
        summary: 'Audit entries about my subtree, newest first, 50 a page',
        querystring: listQuery,
        response: {
          200: z.object({
            entries: z.array(entry),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
            person: z.object({ id: z.string(), name: z.string() }).nullable(),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const f = toFilter(auth, req.query);
      const [total, rows, person] = await Promise.all([
        repo.count(f),
        repo.page(f, (req.query.page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE),
        f.personId ? repo.personIn(f.paths, f.personId) : undefined,
      ]);
      return { entries: rows.map(present), total, page: req.query.page, pageSize: AUDIT_PAGE_SIZE, person: person ?? null };
    },
  );

  r.get(
    '/api/v1/audit/export.csv',
    {
      config: staff,
      schema: {
        tags: ['audit'],
        summary: 'The same entries as CSV (at most 10,000; the export is audited)',
        querystring: exportQuery,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const f = toFilter(auth, req.query);
      const rows = (await repo.page(f, 0, AUDIT_EXPORT_MAX)).map(present);
      const grant = auth.grants.find((g) => STAFF_ROLES.includes(g.role));
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'audit.exported',
        nodeId: grant?.nodeId ?? null,
        details: { rows: rows.length, filter: req.query },
      });
      const head = ['序号', '时间（北京）', '操作', '操作人', '代办对象', '渠道', '记录类型', '记录编号', '地点', '详情'];
      const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      const body = csvDocument([
        head,
        ...rows.map((e) => [
          e.seq,
          beijing(e.at),
          e.action,
          e.actor?.name ?? '',
          e.onBehalfOf ?? '',
          e.channel ?? '',
          e.targetType ?? '',
          e.targetId ?? '',
          e.place,
          e.details ? JSON.stringify(e.details) : '',
        ]),
      ]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="lianxin-audit.csv"')
        .send(body);
    },
  );
}
