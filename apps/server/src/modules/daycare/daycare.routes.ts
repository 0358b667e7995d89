import { DAYCARE_MIN_AGE, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { requestLang } from '../../plugins/errors';
import { type AuthContext, reaches, requireAuth } from '../accounts/policy';
import { localDay } from '../calendar/rrule';

const dayRe = /^\d{4}-\d{2}-\d{2}$/;

/** The day-care centre (日间照料中心): today's elders and a one-tap check-in by staff. */
export function registerDaycareRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['daycare'];

  /** Staff of the place, or leaders of its day-care group. 404 outside. */
  async function centreNode(auth: AuthContext, nodeId: string) {
    const n = await ctx.events.nodeName(nodeId);
    if (!n) throw notFound('node');
    if (reaches(auth, n.path, STAFF_ROLES)) return { id: nodeId, ...n };
    const groups = await ctx.groups.listRelated(n.path);
    for (const g of groups) {
      if (g.kind === 'daycare' && g.node_id === nodeId && (await ctx.groups.membership(g.id, auth.personId))?.role === 'leader')
        return { id: nodeId, ...n };
    }
    throw notFound('node');
  }

  r.get(
    '/api/v1/daycare',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Day-care centres I can check elders in at',
        response: {
          200: z.object({ centres: z.array(z.object({ nodeId: z.string(), nodeName: z.string(), groupName: z.string() })) }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const seen = new Map<string, { nodeId: string; nodeName: string; groupName: string }>();
      const anchors = auth.grants.map((g) => g.path);
      for (const a of anchors) {
        for (const g of await ctx.groups.listRelated(a)) {
          if (g.kind !== 'daycare' || seen.has(g.node_id)) continue;
          const staff = reaches(auth, g.node_path, STAFF_ROLES);
          const leads = !staff && (await ctx.groups.membership(g.id, auth.personId))?.role === 'leader';
          if (staff || leads) seen.set(g.node_id, { nodeId: g.node_id, nodeName: g.node_name, groupName: g.name });
        }
      }
      return { centres: [...seen.values()] };
    },
  );

  r.get(
    '/api/v1/daycare/:nodeId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Elders (60 and over) of the compound with their check-in for a day',
        params: z.object({ nodeId: z.string().min(1).max(40) }),
        querystring: z.strictObject({ day: z.string().regex(dayRe).optional() }),
        response: {
          200: z.object({
            nodeName: z.string(),
            day: z.string(),
            present: z.number(),
            elders: z.array(
              z.object({ personId: z.string(), name: z.string(), age: z.number(), checkedInAt: z.string().nullable() }),
            ),
            recent: z.array(z.object({ day: z.string(), count: z.number() })),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const n = await centreNode(auth, req.params.nodeId);
      const day = req.query.day ?? localDay(new Date());
      const year = Number(day.slice(0, 4));
      const rows = await ctx.daycare.eldersWithAttendance(n.path, n.id, year - DAYCARE_MIN_AGE, day);
      const since = localDay(new Date(Date.parse(`${day}T00:00:00+08:00`) - 13 * 86400_000));
      const recent = await ctx.daycare.perDay(n.id, since);
      return {
        nodeName: n.name,
        day,
        present: rows.filter((x) => x.checked_in_at).length,
        elders: rows.map((x) => ({
          personId: x.id,
          name: x.name,
          age: year - (x.birth_year ?? year),
          checkedInAt: x.checked_in_at ?? null,
        })),
        recent: recent.map((x) => ({ day: x.day, count: Number(x.count) })),
      };
    },
  );

  r.post(
    '/api/v1/daycare/:nodeId/checkins',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Check an elder in for today (once a day; a second answers 409 with the time)',
        params: z.object({ nodeId: z.string().min(1).max(40) }),
        body: z.strictObject({ personId: z.string().min(1).max(40) }),
        response: { 201: z.object({ checkedInAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const n = await centreNode(auth, req.params.nodeId);
      const p = await ctx.events.personWithNode(req.body.personId);
      const day = localDay(new Date());
      if (!p || p.erased_at || !p.path.startsWith(n.path)) throw notFound('person');
      if (p.birth_year === null || Number(day.slice(0, 4)) - p.birth_year < DAYCARE_MIN_AGE) {
        throw new AppError('AUDIENCE_REFUSED', {
          reasons: [
            requestLang(req) === 'en'
              ? `The day-care centre serves those aged ${DAYCARE_MIN_AGE} and over.`
              : `日间照料中心服务 ${DAYCARE_MIN_AGE} 岁及以上的老人。`,
          ],
        });
      }
      const at = await ctx.daycare.checkIn({ node_id: n.id, person_id: p.id, day, checked_in_by: auth.accountId }, (trx) =>
        ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'daycare.checkin',
            targetType: 'person',
            targetId: p.id,
            nodeId: n.id,
            details: { day },
          },
          trx,
        ),
      );
      if (!at)
        throw new AppError('TICKET_ALREADY_USED', {
          checkedInAt: (await ctx.daycare.findCheckIn(n.id, p.id, day))?.checked_in_at ?? null,
        });
      return reply.status(201).send({ checkedInAt: at });
    },
  );
}
