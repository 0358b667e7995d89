import { checkinGraceSchema, EVENT_KINDS, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { loadReachableNode, requireAuth } from '../accounts/policy';

const perKind = <T extends z.ZodType>(t: T) =>
  z.object(Object.fromEntries(EVENT_KINDS.map((k) => [k, t])) as Record<(typeof EVENT_KINDS)[number], T>);
const graceResponse = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  /** The server's LIANXIN_CHECKIN_GRACE_MINUTES. */
  defaultMinutes: z.number(),
  /** Set on this node (null: taken from a parent node or the default). */
  own: perKind(z.number().nullable()),
  /** What applies to this node's events. */
  effective: perKind(z.number()),
});
const tags = ['events'];

/**
 * The check-in grace per event kind, set by the staff of a node (a compound, a community): how
 * long before the start and after the end a ticket opens the door. Subnodes inherit it.
 */
export function registerCheckinGraceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const view = async (node: { id: string; name: string; path: string }) => ({
    nodeId: node.id,
    nodeName: node.name,
    defaultMinutes: ctx.config.checkinGraceMinutes,
    ...(await ctx.checkinGrace.view(node.id, node.path, ctx.config.checkinGraceMinutes)),
  });

  r.get(
    '/api/v1/events/checkin-grace/:nodeId',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: 'The check-in grace per event kind at a node: its own, and what applies',
        params: z.strictObject({ nodeId: z.string().min(1).max(40) }),
        response: { 200: graceResponse },
      },
    },
    async (req) => view(await loadReachableNode(ctx.db, req.auth, req.params.nodeId, STAFF_ROLES)),
  );

  r.put(
    '/api/v1/events/checkin-grace/:nodeId',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: 'Set the check-in grace of some event kinds at a node (minutes, 0–1440; null: inherit)',
        params: z.strictObject({ nodeId: z.string().min(1).max(40) }),
        body: checkinGraceSchema,
        response: { 200: graceResponse },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const node = await loadReachableNode(ctx.db, auth, req.params.nodeId, STAFF_ROLES);
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.checkinGrace.save(node.id, req.body, auth.accountId, new Date().toISOString(), trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'event.checkin_grace_changed',
            targetType: 'node',
            targetId: node.id,
            nodeId: node.id,
            details: req.body,
          },
          trx,
        );
      });
      return view(node);
    },
  );
}
