import { maskPhone, PROXY_CHANNELS } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { fieldError, notFound } from '../../lib/errors';
import { loadMe, meSchema } from './me';
import { canActFor, PROXY_ROLES, proxyPaths, requireAuth } from './policy';

/** The roles that can reach the acting-for routes at all; volunteers then need `canProxy`. */
const PROXY_ACCESS = [...PROXY_ROLES, 'volunteer'] as const;

const historyItem = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  channel: z.string().nullable(),
  actorName: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
});

/** Acting for a resident (proxy): pick a person, start with a channel, stop; the resident's history. */
export function registerProxyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/proxy/people',
    {
      config: { access: PROXY_ACCESS },
      schema: {
        tags: ['accounts'],
        summary: 'People the caller may act for (by name); phones masked',
        querystring: z.strictObject({ q: z.string().trim().max(40).optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                phone: z.string().nullable(),
                birthYear: z.number().nullable(),
                tags: z.array(z.string()),
                place: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const rows = await ctx.proxy.search(proxyPaths(auth), req.query.q ?? '', 50);
      return {
        items: rows
          .filter((p) => p.id !== auth.personId)
          .map((p) => ({
            id: p.id,
            name: p.name,
            phone: maskPhone(p.phone),
            birthYear: p.birth_year,
            tags: parseTags(p.tags),
            place: p.node_name,
          })),
      };
    },
  );

  r.post(
    '/api/v1/auth/acting-for',
    {
      config: { access: PROXY_ACCESS },
      schema: {
        tags: ['accounts'],
        summary: 'Start acting for a resident through a channel (phone call, walk-in, home visit)',
        body: z.strictObject({ personId: z.string().min(1).max(40), channel: z.enum(PROXY_CHANNELS) }),
        response: { 200: meSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const person = await ctx.proxy.findPerson(req.body.personId);
      if (!person || person.erased_at || !canActFor(auth, person.path)) throw notFound('person');
      if (person.id === auth.personId) throw fieldError('personId', 'self');
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.accounts.setActingFor(auth.sessionId, person.id, req.body.channel, trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            onBehalfOf: person.id,
            channel: req.body.channel,
            action: 'proxy.start',
            targetType: 'person',
            targetId: person.id,
            nodeId: person.node_id,
          },
          trx,
        );
      });
      return loadMe(ctx, { ...auth, actingFor: { personId: person.id, channel: req.body.channel } });
    },
  );

  r.delete(
    '/api/v1/auth/acting-for',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['accounts'], summary: 'Stop acting for a resident', response: { 200: meSchema } },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const acting = auth.actingFor;
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.accounts.setActingFor(auth.sessionId, null, null, trx);
        if (acting) {
          await ctx.audit.append(
            {
              actorAccountId: auth.accountId,
              onBehalfOf: acting.personId,
              channel: acting.channel,
              action: 'proxy.stop',
              targetType: 'person',
              targetId: acting.personId,
            },
            trx,
          );
        }
      });
      return loadMe(ctx, { ...auth, actingFor: null });
    },
  );

  r.get(
    '/api/v1/me/proxy-history',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: 'What others did for me while acting for me (代办记录), newest first',
        response: { 200: z.object({ items: z.array(historyItem) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const rows = await ctx.audit.listOnBehalfOf(auth.personId);
      return {
        items: rows.map((x) => ({
          seq: x.seq,
          at: x.at,
          action: x.action,
          channel: x.channel,
          actorName: x.actor_name ?? null,
          targetType: x.target_type,
          targetId: x.target_id,
        })),
      };
    },
  );
}

function parseTags(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
