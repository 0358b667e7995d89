import { BOARD_PROMISES, maskPhone, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { requireAuth } from '../accounts/policy';
import { ensureReach, REGISTRY_EDITORS } from '../registry/registry.policy';
import { addressLabel } from '../registry/registry.repository';
import { latestConsent } from './boards.repository';
import { registerPledgeRoutes } from './pledges.routes';

const idParam = z.strictObject({ id: z.string().min(1).max(60) });
const tags = ['boards'];

const publicBoard = z.object({
  building: z.object({ id: z.string(), name: z.string() }),
  compound: z.object({ id: z.string(), name: z.string() }).nullable(),
  promises: z.array(z.string()),
  helpLink: z.string(),
  members: z.array(z.object({ door: z.string(), name: z.string().nullable(), phone: z.string().nullable() })),
});

const consentView = z.object({
  members: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      door: z.string(),
      phone: z.string().nullable(),
      consent: z.boolean(),
      history: z.array(z.object({ given: z.boolean(), recordedAt: z.string(), note: z.string() })),
    }),
  ),
});

/**
 * 党员承诺牌: the public board of a building (names and phones only with recorded consent,
 * else the door alone), its QR code for "ask for help", and the consent register for staff.
 */
export function registerBoardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  registerPledgeRoutes(app, ctx);

  async function building(id: string) {
    const node = await ctx.registry.findNode(id);
    if (node?.kind !== 'building') throw notFound('building');
    return node;
  }

  r.get(
    '/api/v1/boards/buildings/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'A building’s public commitment board', params: idParam, response: { 200: publicBoard } },
    },
    async (req) => {
      const b = await building(req.params.id);
      const compound = b.parent_id ? await ctx.registry.findNode(b.parent_id) : undefined;
      const members = await ctx.boards.membersOfBuilding(b.id);
      const consent = latestConsent(await ctx.boards.history(members.map((m) => m.id)));
      return {
        building: { id: b.id, name: b.name },
        compound: compound ? { id: compound.id, name: compound.name } : null,
        promises: [...BOARD_PROMISES],
        helpLink: `/orders/new?building=${encodeURIComponent(b.id)}`,
        members: members.map((m) => {
          // Publication only with the member's consent in force (PIPL art. 25); else the door alone.
          const ok = consent.get(m.id)?.given === 1;
          return { door: addressLabel(b.name, m.stairwell, m.door), name: ok ? m.name : null, phone: ok ? m.phone : null };
        }),
      };
    },
  );

  r.get(
    '/api/v1/boards/buildings/:id/qr.svg',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'QR code (SVG) opening “ask for help” for the building', params: idParam },
    },
    async (req, reply) => {
      const b = await building(req.params.id);
      const url = `${req.protocol}://${req.host}/orders/new?building=${encodeURIComponent(b.id)}`;
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(svg);
    },
  );

  r.get(
    '/api/v1/boards/compounds/:id/buildings',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Buildings of a compound with their boards',
        params: idParam,
        response: {
          200: z.object({
            compound: z.object({ id: z.string(), name: z.string() }),
            buildings: z.array(z.object({ id: z.string(), name: z.string(), members: z.number() })),
          }),
        },
      },
    },
    async (req) => {
      const c = await ctx.registry.findNode(req.params.id);
      if (c?.kind !== 'compound') throw notFound('compound');
      const rows = await ctx.boards.buildingsWithMembers(c.id);
      return {
        compound: { id: c.id, name: c.name },
        buildings: rows.map((x) => ({ id: x.id, name: x.name, members: Number(x.members) })),
      };
    },
  );

  r.get(
    '/api/v1/boards/buildings/:id/consents',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: 'Consent register of a building’s party members',
        params: idParam,
        response: { 200: consentView },
      },
    },
    async (req) => {
      const node = await ctx.registry.findNode(req.params.id);
      ensureReach(req.auth, node?.kind === 'building' ? node.path : null, STAFF_ROLES, 'building');
      const b = node as NonNullable<typeof node>;
      const members = await ctx.boards.membersOfBuilding(b.id);
      const hist = await ctx.boards.history(members.map((m) => m.id));
      const latest = latestConsent(hist);
      return {
        members: members.map((m) => ({
          personId: m.id,
          name: m.name,
          door: addressLabel(b.name, m.stairwell, m.door),
          phone: maskPhone(m.phone),
          consent: latest.get(m.id)?.given === 1,
          history: hist
            .filter((x) => x.person_id === m.id)
            .map((x) => ({ given: x.given === 1, recordedAt: x.recorded_at, note: x.note })),
        })),
      };
    },
  );

  r.post(
    '/api/v1/boards/consents',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Record a member’s consent (given or withdrawn): staff for a member of their subtree, or the member themself',
        body: z.strictObject({
          personId: z.string().min(1).max(60),
          given: z.boolean(),
          note: z.string().trim().max(200).default(''),
        }),
        response: { 201: z.object({ id: z.string(), recordedAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const person = await ctx.registry.findPerson(req.body.personId);
      const self = person?.id === auth.personId;
      if (!self) ensureReach(auth, person?.node_path, REGISTRY_EDITORS, 'person');
      const p = person as NonNullable<typeof person>;
      if (!p.tags.includes('"党员"')) throw fieldError('personId', 'not_party_member');
      if (!p.unit_id) throw new AppError('CONFLICT', { fields: [{ path: 'personId', reason: 'no_home' }] });
      const out = await ctx.db.transaction().execute(async (trx) => {
        const rec = await ctx.boards.record(
          { personId: p.id, given: req.body.given, recordedBy: auth.accountId, note: req.body.note },
          trx,
        );
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: req.body.given ? 'boards.consent_given' : 'boards.consent_withdrawn',
            targetType: 'person',
            targetId: p.id,
            nodeId: p.node_id,
          },
          trx,
        );
        return rec;
      });
      return reply.status(201).send(out);
    },
  );
}
