import { groupInputSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requestLang } from '../../plugins/errors';
import { actorOf, requireAuth } from '../accounts/policy';
import { localDay } from '../calendar/rrule';
import { parseTags } from '../events/audience';
import { occurrenceSchema } from '../events/events.schemas';
import type { GroupRow } from './groups.repository';

const groupSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  kind: z.string(),
  name: z.string(),
  description: z.string(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  tags: z.array(z.string()),
  memberCount: z.number(),
});
const idParams = z.object({ id: z.string().min(1).max(40) });

function out(g: GroupRow) {
  return {
    id: g.id,
    nodeId: g.node_id,
    nodeName: g.node_name,
    kind: g.kind,
    name: g.name,
    description: g.description,
    minAge: g.min_age,
    maxAge: g.max_age,
    tags: parseTags(g.tags),
    memberCount: Number(g.member_count ?? 0),
  };
}

/** Groups: list, page with members and upcoming events, join and leave, appoint leaders. */
export function registerGroupRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.groupsService;
  const tags = ['groups'];

  r.get(
    '/api/v1/groups',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Groups of my compound (or a node I reach)',
        querystring: z.strictObject({ node: z.string().min(1).max(40).optional() }),
        response: { 200: z.object({ groups: z.array(groupSchema.extend({ member: z.boolean() })) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const list = await svc.list(auth, req.query.node);
      const mine = new Set(await ctx.groups.groupIdsOf(actorOf(auth).subjectPersonId));
      return { groups: list.map((g) => ({ ...out(g), member: mine.has(g.id) })) };
    },
  );

  r.post(
    '/api/v1/groups',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Create a group (staff)',
        body: groupInputSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.create(requireAuth(req.auth), req.body) }),
  );

  r.get(
    '/api/v1/groups/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A group page: who it is for, leaders, members (for leaders and staff), upcoming events',
        params: idParams,
        response: {
          200: z.object({
            group: groupSchema,
            myRole: z.enum(['member', 'leader']).nullable(),
            canLead: z.boolean(),
            leaders: z.array(z.string()),
            members: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string() })).nullable(),
            upcoming: z.array(occurrenceSchema),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const subject = actorOf(auth).subjectPersonId;
      const g = await svc.visible(auth, req.params.id, subject);
      const lead = await svc.canLead(auth, g);
      const members = await ctx.groups.members(g.id);
      const mine = members.find((m) => m.person_id === subject);
      const from = new Date(`${localDay(new Date())}T00:00:00+08:00`);
      const events = await ctx.events.listEvents({ groupId: g.id });
      const upcoming = (await ctx.eventsService.occurrencesIn(events, from, new Date(from.getTime() + 14 * 86400_000))).slice(
        0,
        30,
      );
      return {
        group: out(g),
        myRole: mine ? mine.role : null,
        canLead: lead,
        leaders: members.filter((m) => m.role === 'leader').map((m) => m.name),
        members: lead ? members.map((m) => ({ personId: m.person_id, name: m.name, role: m.role })) : null,
        upcoming,
      };
    },
  );

  r.post(
    '/api/v1/groups/:id/join',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Join (oneself, or the resident staff act for)', params: idParams },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      await svc.join(auth, actorOf(auth), req.params.id, requestLang(req));
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/groups/:id/leave',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Leave (oneself, or the resident staff act for)', params: idParams },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      await svc.leave(auth, actorOf(auth), req.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/groups/:id/members',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Appoint a leader or add a member (staff)',
        params: idParams,
        body: z.strictObject({ personId: z.string().min(1).max(40), role: z.enum(['member', 'leader']) }),
      },
    },
    async (req, reply) => {
      await svc.appoint(requireAuth(req.auth), req.params.id, req.body.personId, req.body.role);
      return reply.status(204).send();
    },
  );
}
