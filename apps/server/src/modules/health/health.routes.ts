import { HOME_VISIT_TAGS, healthResultInputSchema, homeVisitInputSchema, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { fieldError, notFound } from '../../lib/errors';
import { type AuthContext, reaches, requireAuth, scopePaths } from '../accounts/policy';
import { localDay } from '../calendar/rrule';
import { parseTags } from '../events/audience';
import type { EventRow } from '../events/events.repository';

const idParams = z.object({ id: z.string().min(1).max(40) });
const resultSchema = z.object({
  id: z.string(),
  eventTitle: z.string().nullable(),
  measuredOn: z.string(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  heartRate: z.number().nullable(),
  glucose: z.number().nullable(),
  note: z.string(),
});

/**
 * Health checks (PIPL sensitive data): the organiser's event list, the home-visit list of those
 * who cannot come, visit records, and results that only medical staff write and only they and
 * the resident read — each read audited as 'health.read'. Results never appear in any list.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['health'];
  const ORGANISERS = ['medical_staff', ...STAFF_ROLES] as const;

  async function healthEvent(auth: AuthContext, id: string): Promise<EventRow> {
    const e = await ctx.events.findEvent(id);
    if (e?.kind !== 'health_check' || !(await ctx.eventsService.canManage(auth, e))) throw notFound('event');
    return e;
  }

  r.get(
    '/api/v1/health/events',
    {
      config: { access: ORGANISERS },
      schema: {
        tags,
        summary: 'Health-check events I organise or oversee',
        response: {
          200: z.object({
            events: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                place: z.string(),
                nodeName: z.string(),
                rrule: z.string().nullable(),
                start: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const seen = new Map<string, EventRow>();
      for (const p of scopePaths(auth, ORGANISERS)) {
        for (const e of await ctx.events.listEvents({ anchorPath: p, kind: 'health_check' }))
          if (e.node_path.startsWith(p)) seen.set(e.id, e);
      }
      return {
        events: [...seen.values()].map((e) => ({
          id: e.id,
          title: e.title,
          place: e.place,
          nodeName: e.node_name,
          rrule: e.rrule,
          start: e.starts_at,
        })),
      };
    },
  );

  r.get(
    '/api/v1/health/events/:id/home-visits',
    {
      config: { access: ORGANISERS },
      schema: {
        tags,
        summary: 'Residents who may not be able to come (mobility tags), with their visit records',
        params: idParams,
        response: {
          200: z.object({
            people: z.array(
              z.object({
                personId: z.string(),
                name: z.string(),
                reasons: z.array(z.string()),
                signedUp: z.boolean(),
                visits: z.array(z.object({ id: z.string(), outcome: z.string(), visitedOn: z.string(), note: z.string() })),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const e = await healthEvent(auth, req.params.id);
      const people = await ctx.health.peopleWithTags(e.node_path, HOME_VISIT_TAGS);
      const visits = await ctx.health.visitsOf(e.id);
      const signed = new Set(await ctx.health.signedUpPeople(e.id));
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'health.home_visit_list',
        targetType: 'event',
        targetId: e.id,
        nodeId: e.node_id,
      });
      return {
        people: people.map((p) => ({
          personId: p.id,
          name: p.name,
          reasons: parseTags(p.tags).filter((t) => (HOME_VISIT_TAGS as readonly string[]).includes(t)),
          signedUp: signed.has(p.id),
          visits: visits
            .filter((v) => v.person_id === p.id)
            .map((v) => ({ id: v.id, outcome: v.outcome, visitedOn: v.visited_on, note: v.note })),
        })),
      };
    },
  );

  r.post(
    '/api/v1/health/events/:id/home-visits',
    {
      config: { access: ORGANISERS },
      schema: {
        tags,
        summary: 'Record a home visit',
        params: idParams,
        body: homeVisitInputSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const e = await healthEvent(auth, req.params.id);
      const p = await ctx.events.personWithNode(req.body.personId);
      if (!p?.path.startsWith(e.node_path)) throw notFound('person');
      const id = await ctx.health.addVisit(
        {
          event_id: e.id,
          person_id: p.id,
          outcome: req.body.outcome,
          visited_on: req.body.visitedOn,
          visitor_account_id: auth.accountId,
          note: req.body.note,
        },
        (trx, vid) =>
          ctx.audit.append(
            {
              actorAccountId: auth.accountId,
              action: 'health.visit',
              targetType: 'health_visit',
              targetId: vid,
              nodeId: e.node_id,
              details: { personId: p.id, outcome: req.body.outcome },
            },
            trx,
          ),
      );
      return reply.status(201).send({ id });
    },
  );

  r.get(
    '/api/v1/health/people',
    {
      config: { access: ['medical_staff'] },
      schema: {
        tags,
        summary: 'Find a walk-in by name, to record their result (medical staff; people they reach; no phones)',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(20) }),
        response: {
          200: z.object({
            people: z.array(
              z.object({
                personId: z.string(),
                name: z.string(),
                birthYear: z.number().nullable(),
                address: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const rows = await ctx.health.findByName(scopePaths(auth, ['medical_staff']), req.query.q);
      return {
        people: rows.map((p) => ({
          personId: p.id,
          name: p.name,
          birthYear: p.birth_year,
          address: p.building && p.door ? `${p.building} ${p.door}` : null,
        })),
      };
    },
  );

  r.post(
    '/api/v1/health/results',
    {
      config: { access: ['medical_staff'] },
      schema: {
        tags,
        summary: 'Record a health-check result (medical staff only)',
        body: healthResultInputSchema.extend({ eventId: z.string().min(1).max(40).nullable().default(null) }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const p = await ctx.events.personWithNode(req.body.personId);
      if (!p || p.erased_at || !reaches(auth, p.path, ['medical_staff'])) throw notFound('person');
      if (req.body.eventId) {
        const e = await ctx.events.findEvent(req.body.eventId);
        if (e?.kind !== 'health_check' || !reaches(auth, e.node_path, ['medical_staff']))
          throw fieldError('eventId', 'not a health check here');
      }
      if (req.body.measuredOn > localDay(new Date())) throw fieldError('measuredOn', 'in the future');
      const b = req.body;
      const id = await ctx.health.addResult(
        {
          event_id: b.eventId,
          person_id: p.id,
          node_id: p.node_id,
          measured_on: b.measuredOn,
          systolic: b.systolic,
          diastolic: b.diastolic,
          heart_rate: b.heartRate,
          glucose_tenths: b.glucose === null ? null : Math.round(b.glucose * 10),
          note: b.note,
          recorded_by: auth.accountId,
        },
        // The audit entry names the record, never its values.
        (trx, rid) =>
          ctx.audit.append(
            {
              actorAccountId: auth.accountId,
              action: 'health.record',
              targetType: 'health_result',
              targetId: rid,
              nodeId: p.node_id,
              details: { personId: p.id },
            },
            trx,
          ),
      );
      // Never the values: the message may go out by SMS or push.
      await ctx.notifications.notify([p.id], {
        kind: 'health.results',
        title: '您的健康检测结果已出',
        body: '请在连心桥「我的健康记录」查看',
        link: '/health/me',
      });
      return reply.status(201).send({ id });
    },
  );

  r.get(
    '/api/v1/health/results',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One person’s results: the resident themself, or medical staff reaching them. Every read is audited.',
        querystring: z.strictObject({ personId: z.string().min(1).max(40).optional() }),
        response: { 200: z.object({ name: z.string(), results: z.array(resultSchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const personId = req.query.personId ?? auth.personId;
      const p = await ctx.events.personWithNode(personId);
      // Only the resident (not staff acting for them) and medical staff of their place.
      const allowed = p && (personId === auth.personId || reaches(auth, p.path, ['medical_staff']));
      if (!p || !allowed) throw notFound('person');
      const rows = await ctx.health.resultsOf(personId, (trx) =>
        ctx.audit.append(
          { actorAccountId: auth.accountId, action: 'health.read', targetType: 'person', targetId: personId, nodeId: p.node_id },
          trx,
        ),
      );
      return {
        name: p.name,
        results: rows.map((x) => ({
          id: x.id,
          eventTitle: x.event_title,
          measuredOn: x.measured_on,
          systolic: x.systolic,
          diastolic: x.diastolic,
          heartRate: x.heart_rate,
          glucose: x.glucose_tenths === null ? null : x.glucose_tenths / 10,
          note: x.note,
        })),
      };
    },
  );
}
