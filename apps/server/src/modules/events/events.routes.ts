import { eventInputSchema, eventPatchSchema, occurrenceChangeSchema, ticketCodeSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { fieldError, notFound } from '../../lib/errors';
import { requestLang } from '../../plugins/errors';
import { actorOf, loadReachablePerson, requireAuth } from '../accounts/policy';
import { fromLocal, localDay } from '../calendar/rrule';
import { parseTags } from './audience';
import { registerCheckinGraceRoutes } from './checkin-grace.routes';
import type { EventRow } from './events.repository';
import { eventSchema, idParams, keyParams, occurrenceSchema, signupSchema, ticketSchema } from './events.schemas';
import { occurrenceView } from './events.service';

const DAY = 24 * 3600 * 1000;

/** Events, occurrences, sign-up and the wait list, tickets and check-in at the door. */
export function registerEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.eventsService;
  const tags = ['events'];

  async function eventOut(e: EventRow, canManage: boolean) {
    const organiser = await ctx.events.personWithNode(e.organiser_person_id);
    return {
      id: e.id,
      nodeId: e.node_id,
      nodeName: e.node_name,
      groupId: e.group_id,
      kind: e.kind,
      title: e.title,
      place: e.place,
      description: e.description,
      start: e.starts_at,
      durationMin: e.duration_min,
      rrule: e.rrule,
      capacity: e.capacity,
      minAge: e.min_age,
      maxAge: e.max_age,
      tags: parseTags(e.tags),
      signupOpensHours: e.signup_opens_hours,
      signupClosesMin: e.signup_closes_min,
      organiserName: organiser?.name ?? '',
      canManage,
    };
  }

  r.get(
    '/api/v1/events/week',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "What's on: occurrences in seven days from a date, at the caller's compound (or a node they reach)",
        querystring: z.strictObject({
          node: z.string().min(1).max(40).optional(),
          from: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
          days: z.coerce.number().int().min(1).max(31).default(7),
        }),
        response: { 200: z.object({ from: z.string(), to: z.string(), occurrences: z.array(occurrenceSchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const anchors = await svc.anchorsOf(auth, actorOf(auth).subjectPersonId);
      let anchor = anchors[0];
      if (req.query.node) {
        const n = await ctx.events.nodeName(req.query.node);
        if (!n || !anchors.some((a) => a.startsWith(n.path) || n.path.startsWith(a))) throw notFound('node');
        anchor = n.path;
      }
      const fromDay = req.query.from ?? localDay(new Date());
      const from = fromLocal(new Date(`${fromDay}T00:00:00Z`));
      if (Number.isNaN(from.getTime())) throw fieldError('from', 'date');
      const to = new Date(from.getTime() + req.query.days * DAY);
      const events = anchor ? await ctx.events.listEvents({ anchorPath: anchor }) : [];
      return { from: from.toISOString(), to: to.toISOString(), occurrences: await svc.occurrencesIn(events, from, to) };
    },
  );

  r.post(
    '/api/v1/events',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Create an event (staff, medical staff for health checks, or group leaders)',
        body: eventInputSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const n = await ctx.events.nodeName(req.body.nodeId);
      if (!n) throw notFound('node');
      let groupNodeId: string | null = null;
      let leadsGroup = false;
      if (req.body.groupId) {
        const g = await ctx.groups.find(req.body.groupId);
        if (!g) throw notFound('group');
        groupNodeId = g.node_id;
        leadsGroup = (await ctx.groups.membership(g.id, auth.personId))?.role === 'leader';
      }
      // The organiser's name is shown on the event: only someone the caller reaches may be named.
      if (req.body.organiserPersonId) await loadReachablePerson(ctx.db, auth, req.body.organiserPersonId);
      const id = await svc.create(auth, req.body, { nodePath: n.path, groupNodeId, leadsGroup });
      return reply.status(201).send({ id });
    },
  );

  r.get(
    '/api/v1/events/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'An event (series)', params: idParams, response: { 200: eventSchema } },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const e = await svc.visibleEvent(auth, req.params.id);
      return eventOut(e, await svc.canManage(auth, e));
    },
  );

  r.patch(
    '/api/v1/events/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Edit a series (organisers): more places move the wait list up',
        params: idParams,
        body: eventPatchSchema,
        response: { 200: eventSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      await svc.updateSeries(auth, req.params.id, req.body);
      const e = await svc.visibleEvent(auth, req.params.id);
      return eventOut(e, true);
    },
  );

  r.post(
    '/api/v1/events/:id/cancel',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Cancel a whole series (organisers); the signed-up are told', params: idParams },
    },
    async (req, reply) => {
      await svc.cancelSeries(requireAuth(req.auth), req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/events/:id/occurrences/:key',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One occurrence with the caller’s sign-up, eligibility and, for organisers, the list',
        params: keyParams,
        response: {
          200: z.object({
            event: eventSchema,
            occurrence: occurrenceSchema,
            mySignup: signupSchema.nullable(),
            waitPosition: z.number().nullable(),
            refusals: z.array(z.string()),
            signupOpensAt: z.string().nullable(),
            signupClosesAt: z.string(),
            roster: z
              .array(z.object({ signupId: z.string(), name: z.string(), status: z.string(), checkedInAt: z.string().nullable() }))
              .nullable(),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const subject = actorOf(auth).subjectPersonId;
      const e = await svc.visibleEvent(auth, req.params.id);
      const at = svc.instanceStart(e, req.params.key);
      const row = await ctx.events.findOccurrence(e.id, req.params.key);
      const occ = occurrenceView(e, req.params.key, row);
      const manage = await svc.canManage(auth, e);
      const mine = row ? await ctx.events.mySignupFor(row.id, subject) : undefined;
      const list = row ? await ctx.events.roster(row.id) : [];
      const waitPosition =
        mine?.status === 'waitlisted'
          ? list.filter((x) => x.status === 'waitlisted').findIndex((x) => x.id === mine.id) + 1
          : null;
      const win = svc.signupWindow(e, new Date(row?.starts_at ?? at));
      return {
        event: await eventOut(e, manage),
        occurrence: occ,
        mySignup: mine
          ? { id: mine.id, status: mine.status, ticketCode: mine.ticket_code, checkedInAt: mine.checked_in_at }
          : null,
        waitPosition,
        refusals: await svc.eligibility(e, subject, requestLang(req)),
        signupOpensAt: win.opens?.toISOString() ?? null,
        signupClosesAt: win.closes.toISOString(),
        roster: manage
          ? list.map((x) => ({ signupId: x.id, name: x.name, status: x.status, checkedInAt: x.checked_in_at }))
          : null,
      };
    },
  );

  r.patch(
    '/api/v1/events/:id/occurrences/:key',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change or cancel one occurrence (organisers)',
        params: keyParams,
        body: occurrenceChangeSchema,
        response: { 200: occurrenceSchema },
      },
    },
    async (req) => svc.changeOccurrence(requireAuth(req.auth), req.params.id, req.params.key, req.body),
  );

  r.post(
    '/api/v1/events/:id/occurrences/:key/signups',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Sign up (or join the wait list) — for oneself or the resident staff act for',
        params: keyParams,
        response: { 201: signupSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const s = await svc.signUp(auth, actorOf(auth), req.params.id, req.params.key, requestLang(req));
      return reply.status(201).send({ id: s.id, status: s.status, ticketCode: s.ticket_code, checkedInAt: null });
    },
  );

  r.post(
    '/api/v1/signups/:id/cancel',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Cancel a sign-up; the first on the wait list moves up and is notified',
        params: idParams,
        response: { 200: z.object({ promoted: z.object({ signupId: z.string() }).nullable() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      return svc.cancelSignup(auth, actorOf(auth), req.params.id);
    },
  );

  r.get(
    '/api/v1/me/tickets',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My tickets (and wait-list places)',
        response: { 200: z.object({ tickets: z.array(ticketSchema), attended: z.number() }) },
      },
    },
    async (req) => {
      const subject = actorOf(requireAuth(req.auth)).subjectPersonId;
      const rows = await ctx.events.signupsOfPerson(subject);
      const att = await ctx.events.attendanceOfPerson(subject);
      return {
        attended: att.attended,
        tickets: rows.map((x) => ({
          id: x.id,
          status: x.status,
          ticketCode: x.ticket_code,
          checkedInAt: x.checked_in_at,
          eventId: x.event_id,
          occKey: x.occ_key,
          title: x.occ_title ?? x.title,
          place: x.occ_place ?? x.place,
          start: x.starts_at,
          end: x.ends_at,
          occurrenceStatus: x.occ_status,
        })),
      };
    },
  );

  r.post(
    '/api/v1/tickets/checkin',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          "Check a ticket in at the door (organisers), only within its occurrence's window (the grace of the event's kind at its node — else LIANXIN_CHECKIN_GRACE_MINUTES — before the start to as long after the end); a second check-in answers 409 with the time of the first",
        body: z.strictObject({ code: ticketCodeSchema }),
        response: {
          200: z.object({
            signupId: z.string(),
            name: z.string(),
            title: z.string(),
            start: z.string(),
            checkedInAt: z.string(),
            creditedHours: z.boolean(),
          }),
        },
      },
    },
    async (req) => svc.checkIn(requireAuth(req.auth), req.body.code, { defaultGraceMinutes: ctx.config.checkinGraceMinutes }),
  );

  r.get(
    '/api/v1/events/:id/attendance',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Attendance per occurrence (organisers)',
        params: idParams,
        response: {
          200: z.object({
            occurrences: z.array(
              z.object({
                occKey: z.string(),
                start: z.string(),
                confirmed: z.number(),
                waitlisted: z.number(),
                attended: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const e = await svc.managedEvent(requireAuth(req.auth), req.params.id);
      const rows = await ctx.events.attendanceByOccurrence(e.id);
      return {
        occurrences: rows.map((x) => ({
          occKey: x.occ_key,
          start: x.starts_at,
          confirmed: Number(x.confirmed),
          waitlisted: Number(x.waitlisted),
          attended: Number(x.attended),
        })),
      };
    },
  );

  registerCheckinGraceRoutes(app, ctx);
}
