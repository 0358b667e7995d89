import { createHash, randomBytes } from 'node:crypto';
import { passwordSchema, phoneSchema, ROLES, type Role } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { newId, nowIso } from '../../lib/ids';
import { createAdminRepository } from './admin.repository';
import { GRANTING_ROLES, grantPaths, mayGrant } from './grants.policy';
import { loadMe, meSchema } from './me';
import { hashPassword } from './passwords';
import { requireAuth } from './policy';
import { createRegistryLinkRepository } from './registry-link.repository';
import { startSession, throttleGuess } from './session-cookie';

/** The throttle scope of invitation-code look-ups (per client address). */
const GUESS_SCOPE = 'invitation';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** Short enough to read out on the phone, long enough not to be guessed: 10 base32 characters. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{10}$/);

function newCode(): string {
  const bytes = randomBytes(10);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

function hashCode(code: string): string {
  return createHash('sha256').update(`lianxin-invite:${code}`).digest('hex');
}

const invitationItem = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  nodeId: z.string(),
  nodeName: z.string(),
  canProxy: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['open', 'redeemed', 'revoked', 'expired']),
});

/**
 * Invitations: staff create a one-time code (and link) for a role at a node of their subtree; the
 * invitee redeems it once, creating an account or adding the role to the one they are signed in to.
 */
export function registerInvitationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = createAdminRepository(ctx.db);

  r.post(
    '/api/v1/admin/invitations',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Create a one-time invitation for a role at a node (the code is shown once)',
        body: z.strictObject({
          role: z.enum(ROLES),
          nodeId: z.string().min(1).max(40),
          canProxy: z.boolean().optional(),
          note: z.string().trim().max(200).optional(),
        }),
        response: { 201: z.object({ id: z.string(), code: z.string(), link: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const { role, nodeId } = req.body;
      const node = await admin.node(nodeId);
      if (!node || !grantPaths(auth).some((p) => node.path.startsWith(p))) throw notFound('node');
      if (!mayGrant(auth, role, node.path)) throw new AppError('FORBIDDEN');
      const code = newCode();
      const now = Date.now();
      const expiresAt = new Date(now + INVITATION_TTL_MS).toISOString();
      const id = await ctx.db.transaction().execute(async (trx) => {
        const invId = await admin.createInvitation(trx, {
          codeHash: hashCode(code),
          role,
          nodeId,
          canProxy: role === 'volunteer' && req.body.canProxy === true,
          note: req.body.note || null,
          createdBy: auth.accountId,
          nowIso: new Date(now).toISOString(),
          expiresIso: expiresAt,
        });
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'invitation.created',
            targetType: 'invitation',
            targetId: invId,
            nodeId,
            details: { role },
          },
          trx,
        );
        return invId;
      });
      return reply.status(201).send({ id, code, link: `/invite/${code}`, expiresAt });
    },
  );

  r.get(
    '/api/v1/admin/invitations',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Invitations in the caller’s subtree',
        response: { 200: z.object({ items: z.array(invitationItem) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const rows = await admin.invitationsIn(grantPaths(auth));
      const now = nowIso();
      return {
        items: rows.map((i) => ({
          id: i.id,
          role: i.role as Role,
          nodeId: i.node_id,
          nodeName: i.node_name,
          canProxy: i.can_proxy === 1,
          note: i.note,
          createdAt: i.created_at,
          expiresAt: i.expires_at,
          status: i.redeemed_at
            ? ('redeemed' as const)
            : i.revoked_at
              ? ('revoked' as const)
              : i.expires_at <= now
                ? ('expired' as const)
                : ('open' as const),
        })),
      };
    },
  );

  r.delete(
    '/api/v1/admin/invitations/:invitationId',
    {
      config: { access: GRANTING_ROLES },
      schema: {
        tags: ['admin'],
        summary: 'Withdraw an open invitation',
        params: z.strictObject({ invitationId: z.string().min(1).max(40) }),
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const inv = await admin.invitationWithPath(req.params.invitationId);
      if (!inv || !mayGrant(auth, inv.role as Role, inv.path)) throw notFound('invitation');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await admin.revokeInvitation(trx, inv.id, nowIso()))) throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'invitation.revoked',
            targetType: 'invitation',
            targetId: inv.id,
            nodeId: inv.node_id,
          },
          trx,
        );
      });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/invitations/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'What an invitation code offers (role and place), while it is open',
        params: z.strictObject({ code: z.string().max(20) }),
        response: { 200: z.object({ role: z.enum(ROLES), nodeName: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req, reply) => {
      await throttleGuess(ctx, req, reply, GUESS_SCOPE);
      const parsed = codeSchema.safeParse(req.params.code);
      const inv = parsed.success ? await admin.invitationByCode(hashCode(parsed.data)) : undefined;
      if (!inv || inv.redeemed_at || inv.revoked_at || inv.expires_at <= nowIso()) {
        await ctx.loginThrottle.failIp(GUESS_SCOPE, req.ip);
        throw new AppError('INVITATION_INVALID');
      }
      return { role: inv.role as Role, nodeName: inv.node_name, expiresAt: inv.expires_at };
    },
  );

  r.post(
    '/api/v1/invitations/redeem',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Redeem an invitation once: signed in, adds the role; else creates the account',
        body: z.strictObject({
          code: codeSchema,
          name: z.string().trim().min(1).max(40).optional(),
          phone: phoneSchema.optional(),
          password: passwordSchema.optional(),
        }),
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { code } = req.body;
      await throttleGuess(ctx, req, reply, GUESS_SCOPE);
      const inv = await admin.invitationByCode(hashCode(code));
      const now = nowIso();
      if (!inv || inv.redeemed_at || inv.revoked_at || inv.expires_at <= now) {
        await ctx.loginThrottle.failIp(GUESS_SCOPE, req.ip);
        throw new AppError('INVITATION_INVALID');
      }
      const grant = { role: inv.role, nodeId: inv.node_id, canProxy: inv.can_proxy === 1, nowIso: now };
      if (req.auth) {
        const auth = req.auth;
        await ctx.db.transaction().execute(async (trx) => {
          if (!(await admin.redeemInvitation(trx, inv.id, auth.accountId, now))) throw new AppError('INVITATION_INVALID');
          await admin.insertGrant(trx, { ...grant, accountId: auth.accountId, grantedBy: null });
          await ctx.audit.append(
            {
              actorAccountId: auth.accountId,
              action: 'invitation.redeemed',
              targetType: 'invitation',
              targetId: inv.id,
              nodeId: inv.node_id,
              details: { role: inv.role },
            },
            trx,
          );
        });
        const account = await ctx.accounts.findById(auth.accountId);
        if (!account) throw new AppError('UNAUTHENTICATED');
        return loadMe(ctx, { ...auth, grants: await ctx.accounts.grantsOf(auth.accountId) });
      }
      const { name, phone, password } = req.body;
      if (!name || !phone || !password) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [
            ...(name ? [] : [{ path: 'name', reason: 'required' }]),
            ...(phone ? [] : [{ path: 'phone', reason: 'required' }]),
            ...(password ? [] : [{ path: 'password', reason: 'required' }]),
          ],
        });
      }
      // Only someone holding a valid code gets here, so saying the phone is taken reveals little.
      if (await ctx.accounts.findByPhone(phone))
        throw new AppError('DUPLICATE', { fields: [{ path: 'phone', reason: 'has_account' }] });
      const passwordHash = await hashPassword(password);
      const accountId = newId();
      // One person, one record: a phone the registry holds inside the invitation's subtree links
      // the new account to that person instead of making a second one.
      const link = createRegistryLinkRepository(ctx.db);
      const invPath = await link.nodePath(inv.node_id);
      const registered = (await link.unlinkedByPhone(phone)).find((p) => !!invPath && p.path.startsWith(invPath));
      const personId = registered?.id ?? newId();
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await admin.redeemInvitation(trx, inv.id, accountId, now))) throw new AppError('INVITATION_INVALID');
        if (registered) {
          await link.insertAccount(trx, { accountId, personId, phone, passwordHash });
        } else
          await admin.createPersonAndAccount(trx, {
            personId,
            accountId,
            nodeId: inv.node_id,
            name,
            phone,
            passwordHash,
            nowIso: now,
          });
        await admin.insertGrant(trx, { ...grant, accountId, grantedBy: null });
        await ctx.audit.append(
          {
            actorAccountId: accountId,
            action: 'invitation.redeemed',
            targetType: 'invitation',
            targetId: inv.id,
            nodeId: inv.node_id,
            details: { role: inv.role, newAccount: true, registryPerson: !!registered },
          },
          trx,
        );
      });
      const account = await ctx.accounts.findById(accountId);
      if (!account) throw new AppError('INTERNAL');
      return startSession(ctx, reply, account);
    },
  );
}
