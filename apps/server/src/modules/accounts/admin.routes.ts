import { maskPhone, phoneSchema, ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { nowIso } from '../../lib/ids';
import { createAdminRepository } from './admin.repository';
import { GRANTING_ROLES, grantableAt, grantPaths, mayGrant } from './grants.policy';
import { requireAuth } from './policy';

const grantItem = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  nodeId: z.string(),
  nodeName: z.string(),
  personName: z.string(),
  phone: z.string().nullable(),
  canProxy: z.boolean(),
  createdAt: z.string(),
  revocable: z.boolean(),
});

/** Staff grant and revoke roles at nodes of their subtree (outside it: 404). */
export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = createAdminRepository(ctx.db);

  r.get(
    '/api/v1/admin/nodes',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Nodes where the caller may grant roles, with the roles grantable there',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.string(), name: z.string(), kind: z.string(), depth: z.number(), roles: z.array(z.enum(ROLES)) }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const nodes = await admin.nodesIn(grantPaths(auth));
      return {
        items: nodes.map((n) => ({
          id: n.id,
          name: n.name,
          kind: n.kind,
          depth: n.path.split('/').length - 3,
          roles: grantableAt(auth, n.path),
        })),
      };
    },
  );

  r.get(
    '/api/v1/admin/grants',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Role grants in the caller’s subtree (phones masked)',
        querystring: z.strictObject({ nodeId: z.string().max(40).optional() }),
        response: { 200: z.object({ items: z.array(grantItem) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const paths = grantPaths(auth);
      let nodePath: string | undefined;
      if (req.query.nodeId) {
        const node = await admin.node(req.query.nodeId);
        if (!node || !paths.some((p) => node.path.startsWith(p))) throw notFound('node');
        nodePath = node.path;
      }
      const rows = await admin.grantsIn(paths, nodePath);
      return {
        items: rows.map((g) => ({
          id: g.id,
          role: g.role as (typeof ROLES)[number],
          nodeId: g.node_id,
          nodeName: g.node_name,
          personName: g.person_name,
          phone: maskPhone(g.phone),
          canProxy: g.can_proxy === 1,
          createdAt: g.created_at,
          revocable: g.account_id !== auth.accountId && mayGrant(auth, g.role as (typeof ROLES)[number], g.path),
        })),
      };
    },
  );

  r.post(
    '/api/v1/admin/grants',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Grant a role at a node of the caller’s subtree to the account with this phone',
        body: z.strictObject({
          phone: phoneSchema,
          role: z.enum(ROLES),
          nodeId: z.string().min(1).max(40),
          canProxy: z.boolean().optional(),
        }),
        response: { 201: z.object({ id: z.string(), created: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const { phone, role, nodeId } = req.body;
      const node = await admin.node(nodeId);
      if (!node || !grantPaths(auth).some((p) => node.path.startsWith(p))) throw notFound('node');
      if (!mayGrant(auth, role, node.path)) throw new AppError('FORBIDDEN');
      const canProxy = role === 'volunteer' && req.body.canProxy === true;
      const account = await ctx.accounts.findByPhone(phone);
      if (!account) throw fieldError('phone', 'no_account');
      const result = await ctx.db.transaction().execute(async (trx) => {
        const g = await admin.insertGrant(trx, {
          accountId: account.id,
          role,
          nodeId,
          grantedBy: auth.accountId,
          canProxy,
          nowIso: nowIso(),
        });
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'role.granted',
            targetType: 'account',
            targetId: account.id,
            nodeId,
            details: { role, canProxy, grantId: g.id },
          },
          trx,
        );
        return g;
      });
      return reply.status(201).send(result);
    },
  );

  r.delete(
    '/api/v1/admin/grants/:grantId',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Revoke a role grant in the caller’s subtree',
        params: z.strictObject({ grantId: z.string().min(1).max(40) }),
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const g = await admin.grantWithPath(req.params.grantId);
      if (!g || g.revoked_at || !mayGrant(auth, g.role as (typeof ROLES)[number], g.path)) throw notFound('grant');
      if (g.account_id === auth.accountId) throw fieldError('grantId', 'own_grant');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await admin.revokeGrant(trx, g.id, nowIso()))) throw notFound('grant');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'role.revoked',
            targetType: 'account',
            targetId: g.account_id,
            nodeId: g.node_id,
            details: { role: g.role, grantId: g.id },
          },
          trx,
        );
      });
      return reply.status(204).send();
    },
  );
}
