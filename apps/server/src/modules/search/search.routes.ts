import { maskPhone, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireAuth, scopePaths } from '../accounts/policy';
import { createSearchRepository, parseTerm } from './search.repository';

const query = z.strictObject({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const place = z.string();
const response = z.object({
  /** How the query was read: phone, door or text. */
  kind: z.enum(['phone', 'door', 'text']),
  people: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      place,
    }),
  ),
  orders: z.array(
    z.object({ id: z.string(), category: z.string(), status: z.string(), createdAt: z.string(), resident: z.string(), place }),
  ),
  issues: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), createdAt: z.string(), place })),
  events: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), startsAt: z.string(), place })),
  projects: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), progress: z.number(), place })),
});

/**
 * One search box for staff across people, orders, council issues, events and projects, within
 * the caller's subtree. Phones are shown masked; a search by a full phone is a read of that
 * phone (it confirms whose it is), so it is audited, without the number itself in the entry.
 */
export function registerSearchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = createSearchRepository(ctx.db, ctx.dialect);
  r.get(
    '/api/v1/search',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['search'],
        summary: 'Search people, orders, issues, events and projects in my subtree',
        querystring: query,
        response: { 200: response },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const scope = await repo.scope(scopePaths(auth, STAFF_ROLES));
      const { q, limit } = req.query;
      const term = parseTerm(q);
      const found = await repo.people(scope, term, limit);
      const people = found.map((p) => ({
        id: p.id,
        name: p.name,
        phone: maskPhone(p.phone),
        address: p.door ? `${p.building ?? ''}${p.stairwell}单元${p.door}` : null,
        place: p.place,
      }));
      if (term.kind === 'phone')
        await ctx.audit.append({
          actorAccountId: auth.accountId,
          action: 'search.phone',
          targetType: found.length === 1 ? 'person' : null,
          targetId: found.length === 1 ? (found[0]?.id ?? null) : null,
          // The found person's node, else the searcher's own: the entry shows in the audit viewer there.
          nodeId:
            found.length === 1
              ? (found[0]?.node_id ?? null)
              : (auth.grants.find((g) => STAFF_ROLES.includes(g.role))?.nodeId ?? null),
          details: { results: found.length },
        });
      const text = term.kind === 'text' ? term.text : null;
      const [orders, issues, events, projects] = await Promise.all([
        repo.orders(
          scope,
          found.map((p) => p.id),
          text,
          limit,
        ),
        text ? repo.issues(scope, text, limit) : [],
        text ? repo.events(scope, text, limit) : [],
        text ? repo.projects(scope, text, limit) : [],
      ]);
      return {
        kind: term.kind,
        people,
        orders: orders.map((o) => ({
          id: o.id,
          category: o.category,
          status: o.status,
          createdAt: o.created_at,
          resident: o.resident,
          place: o.place,
        })),
        issues: issues.map((i) => ({ id: i.id, title: i.title, status: i.status, createdAt: i.created_at, place: i.place })),
        events: events.map((e) => ({ id: e.id, title: e.title, kind: e.kind, startsAt: e.starts_at, place: e.place })),
        projects: projects.map((p) => ({
          id: p.id,
          title: p.title,
          status: p.status,
          progress: Number(p.progress),
          place: p.place,
        })),
      };
    },
  );
}
