import { JOIN_RELATIONS, maskPhone, nameSchema, phoneSchema, type Role } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { buildingKey } from '../registry/import.validate';
import { reaches, requireAuth, scopePaths } from './policy';
import { createRegistryLinkRepository } from './registry-link.repository';
import { throttleLogin } from './session-cookie';

/** Who approves join requests: the staff who keep the registry. */
export const JOIN_APPROVERS: readonly Role[] = [
  'community_worker',
  'branch_secretary',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

const addressPart = z.string().trim().min(1).max(20);

/**
 * Joining as a newcomer whose phone the registry does not hold: the public join page (reached from
 * the compound's poster QR code) sends a request naming the door and the relation to it; a
 * community worker approves it — matched to a registry person of that door, or as a new one — and
 * the newcomer then signs in by SMS code as that person.
 */
export function registerJoinRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const link = createRegistryLinkRepository(ctx.db);

  r.get(
    '/api/v1/public/compounds/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'A compound’s name, for the join page and poster',
        params: z.strictObject({ id: z.string().min(1).max(60) }),
        response: { 200: z.object({ id: z.string(), name: z.string(), community: z.string().nullable() }) },
      },
    },
    async (req) => {
      const c = await link.compound(req.params.id);
      if (!c) throw notFound('compound');
      return { id: c.id, name: c.name, community: c.community };
    },
  );

  r.post(
    '/api/v1/join',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['accounts'],
        summary: 'Ask to join a compound (name, 楼栋-单元-门牌号, owner / tenant / family); a community worker approves',
        body: z.strictObject({
          compoundId: z.string().min(1).max(60),
          name: nameSchema,
          phone: phoneSchema,
          building: addressPart,
          stairwell: addressPart,
          door: addressPart,
          relation: z.enum(JOIN_RELATIONS),
        }),
        response: { 201: z.object({ id: z.string(), status: z.literal('pending') }) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await throttleLogin(ctx, req, reply, b.phone);
      const compound = await link.compound(b.compoundId);
      if (!compound) throw notFound('compound');
      const stairwell = b.stairwell.replace(/单元$/, '');
      const door = b.door.replace(/室$/, '');
      const unit = (await link.unitsAt(compound.id, stairwell, door)).find(
        (u) => buildingKey(u.building) === buildingKey(b.building),
      );
      if (!unit) throw new AppError('NO_SUCH_DOOR', { fields: [{ path: 'door', reason: 'no_such_door' }] });
      if (await link.pendingJoinByPhone(b.phone)) throw new AppError('JOIN_PENDING');
      const id = await link.insertJoin({
        compoundId: compound.id,
        unitId: unit.id,
        name: b.name,
        phone: b.phone,
        relation: b.relation,
      });
      // No phone or name in the log entry: the request row holds them for the approver.
      await ctx.audit.append({
        actorAccountId: null,
        action: 'join.requested',
        targetType: 'join_request',
        targetId: id,
        nodeId: compound.id,
      });
      return reply.status(201).send({ id, status: 'pending' as const });
    },
  );

  r.get(
    '/api/v1/registry/join-requests',
    {
      config: { access: JOIN_APPROVERS },
      schema: {
        tags: ['accounts'],
        summary: 'Pending join requests in the caller’s subtree, each with the registered people of its door',
        response: {
          200: z.object({
            requests: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                phone: z.string(),
                relation: z.enum(JOIN_RELATIONS),
                createdAt: z.string(),
                compoundId: z.string(),
                compoundName: z.string(),
                address: z.string(),
                candidates: z.array(
                  z.object({
                    id: z.string(),
                    name: z.string(),
                    phone: z.string().nullable(),
                    birthYear: z.number().nullable(),
                    hasAccount: z.boolean(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const rows = await link.pendingJoins(scopePaths(auth, JOIN_APPROVERS));
      const people = await link.peopleOfUnits([...new Set(rows.map((r) => r.unit_id))]);
      return {
        requests: rows.map((j) => ({
          id: j.id,
          name: j.name,
          phone: maskPhone(j.phone) ?? '',
          relation: j.relation,
          createdAt: j.created_at,
          compoundId: j.compound_id,
          compoundName: j.compound_name,
          address: `${j.building}-${j.stairwell}-${j.door}`,
          candidates: people
            .filter((p) => p.unit_id === j.unit_id)
            .map((p) => ({
              id: p.id,
              name: p.name,
              phone: maskPhone(p.phone),
              birthYear: p.birth_year,
              hasAccount: !!p.account_id,
            })),
        })),
      };
    },
  );

  const params = z.strictObject({ id: z.string().min(1).max(60) });

  r.post(
    '/api/v1/registry/join-requests/:id/approve',
    {
      config: { access: JOIN_APPROVERS },
      schema: {
        tags: ['accounts'],
        summary: 'Approve a join request: match it to a registry person of that door, or register a new one; the account follows',
        params,
        body: z.strictObject({ personId: z.string().min(1).max(60).nullable().default(null) }),
        response: { 200: z.object({ id: z.string(), status: z.literal('approved'), personId: z.string() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const j = await link.joinById(req.params.id);
      if (!j || !reaches(auth, j.compound_path, JOIN_APPROVERS)) throw notFound('join_request');
      if (j.status !== 'pending') throw new AppError('INVALID_TRANSITION');
      if (await ctx.accounts.findByPhone(j.phone)) throw new AppError('PHONE_TAKEN');
      const personId = await ctx.db.transaction().execute(async (trx) => {
        let id: string;
        if (req.body.personId) {
          const p = await link.personInUnit(req.body.personId, j.unit_id, trx);
          if (!p) throw notFound('person');
          if (p.account_id || (p.phone && p.phone !== j.phone)) throw new AppError('PHONE_TAKEN');
          id = p.id;
          if (!p.phone) await link.setPersonPhone(trx, id, j.phone);
        } else {
          id = await link.insertPerson(trx, { nodeId: j.compound_id, unitId: j.unit_id, name: j.name, phone: j.phone });
        }
        if (j.relation === 'owner') await link.addOwner(trx, j.unit_id, id);
        await link.createAccountFor(trx, {
          personId: id,
          phone: j.phone,
          nodeId: j.compound_id,
          role: 'resident',
          grantedBy: auth.accountId,
        });
        if (!(await link.decideJoin(trx, j.id, { status: 'approved', by: auth.accountId, personId: id })))
          throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'join.approved',
            targetType: 'join_request',
            targetId: j.id,
            nodeId: j.compound_id,
            details: { personId: id, matched: !!req.body.personId, relation: j.relation },
          },
          trx,
        );
        return id;
      });
      return { id: j.id, status: 'approved' as const, personId };
    },
  );

  r.post(
    '/api/v1/registry/join-requests/:id/reject',
    {
      config: { access: JOIN_APPROVERS },
      schema: {
        tags: ['accounts'],
        summary: 'Reject a join request',
        params,
        response: { 200: z.object({ id: z.string(), status: z.literal('rejected') }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const j = await link.joinById(req.params.id);
      if (!j || !reaches(auth, j.compound_path, JOIN_APPROVERS)) throw notFound('join_request');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await link.decideJoin(trx, j.id, { status: 'rejected', by: auth.accountId, personId: null })))
          throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'join.rejected',
            targetType: 'join_request',
            targetId: j.id,
            nodeId: j.compound_id,
          },
          trx,
        );
      });
      return { id: j.id, status: 'rejected' as const };
    },
  );
}
