import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';
import { requireAuth } from '../accounts/policy';
import type { EventRow } from '../events/events.repository';
import { toFeedEvents } from './feed';
import { buildCalendar } from './ical';

/**
 * iCalendar feeds: per group and per compound (public: titles, places and times only, which the
 * notice boards show anyway), and per person behind a private, revocable token URL.
 */
export function registerCalendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];

  async function send(reply: FastifyReply, name: string, events: EventRow[]) {
    const occ = await ctx.events.occurrencesOf(events.map((e) => e.id));
    reply.header('cache-control', 'private, max-age=300');
    return reply.type('text/calendar; charset=utf-8').send(buildCalendar(name, toFeedEvents(events, occ)));
  }

  r.get(
    '/api/v1/calendar/groups/:id/feed.ics',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'iCalendar feed of a group', params: z.object({ id: z.string().min(1).max(40) }) },
    },
    async (req, reply) => {
      const g = await ctx.groups.find(req.params.id);
      if (!g) throw notFound('group');
      return send(reply, `${g.name} · ${g.node_name}`, await ctx.events.listEvents({ groupId: g.id }));
    },
  );

  r.get(
    '/api/v1/calendar/nodes/:id/feed.ics',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'iCalendar feed of a compound (its events and those of the community above)',
        params: z.object({ id: z.string().min(1).max(40) }),
      },
    },
    async (req, reply) => {
      const n = await ctx.events.nodeName(req.params.id);
      if (!n) throw notFound('node');
      return send(reply, n.name, await ctx.events.listEvents({ anchorPath: n.path }));
    },
  );

  r.get(
    '/api/v1/calendar/people/feed.ics',
    {
      config: { access: 'public' },
      // The token rides in the query string, which the request log never writes (only "?…").
      schema: {
        tags,
        summary: 'A person’s private feed (token URL, revocable)',
        querystring: z.object({ token: z.string().min(10).max(64) }),
      },
    },
    async (req, reply) => {
      const personId = await ctx.calendar.personOf(req.query.token);
      if (!personId) throw notFound('feed');
      const ids = await ctx.calendar.eventIdsOf(personId);
      return send(reply, '我的活动 · 连心桥', await ctx.events.listEvents({ ids }));
    },
  );

  r.get(
    '/api/v1/me/calendar',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Whether I have a private feed URL',
        response: { 200: z.object({ active: z.boolean(), createdAt: z.string().nullable() }) },
      },
    },
    async (req) => {
      const a = await ctx.calendar.active(requireAuth(req.auth).personId);
      return { active: !!a, createdAt: a?.created_at ?? null };
    },
  );

  r.post(
    '/api/v1/me/calendar',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Make a new private feed URL (the old one stops working)',
        response: { 201: z.object({ path: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const token = await ctx.calendar.issue(auth.personId);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'calendar.token_issue',
        targetType: 'person',
        targetId: auth.personId,
      });
      return reply.status(201).send({ path: `/api/v1/calendar/people/feed.ics?token=${token}` });
    },
  );

  r.post(
    '/api/v1/me/calendar/revoke',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'Revoke my private feed URL' } },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      await ctx.calendar.revoke(auth.personId);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'calendar.token_revoke',
        targetType: 'person',
        targetId: auth.personId,
      });
      return reply.status(204).send();
    },
  );
}
