import fs from 'node:fs';
import path from 'node:path';
import {
  dateSchema,
  dutyInputSchema,
  idSchema,
  minutesSchema,
  teamSchema,
  ZONE_TYPES,
  zoneInputSchema,
  zonePatchSchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { claimImages, uploadsDir } from '../../lib/uploads';
import { imageDimensions } from '../../lib/uploads-image';
import { requireAuth } from '../accounts/policy';
import { isStaffOver, loadCompound, MEMBER_ROLES, VOLUNTEER_STAFF } from '../volunteers/scope';
import type { Point } from './geometry';

const claimSchema = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  claimedAt: z.string(),
});
const zoneSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(ZONE_TYPES),
  polygon: z.array(z.tuple([z.number(), z.number()])),
  maxClaims: z.number(),
  activeClaims: z.number(),
  claims: z.array(claimSchema),
  /** Sent back as `expectedVersion` when editing (ADR 0002). */
  version: z.number(),
});
const planSchema = z.object({ uploadId: z.string(), width: z.number(), height: z.number() }).nullable();

const compoundParams = z.strictObject({ compoundId: idSchema });
const zoneParams = z.strictObject({ id: idSchema });

/** Site plans and zones: reading the map, drawing zones, claiming and releasing them. */
export function registerZoneRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.zonesService;
  const repo = ctx.zones;

  async function zonesOf(compoundId: string) {
    const zones = await repo.list(compoundId);
    const claims = await repo.openClaims(zones.map((z) => z.id));
    return zones.map((z) => ({
      id: z.id,
      name: z.name,
      type: z.type,
      polygon: JSON.parse(z.polygon) as Array<[number, number]>,
      maxClaims: z.max_claims,
      activeClaims: z.active_claims,
      version: z.version,
      claims: claims
        .filter((c) => c.zone_id === z.id)
        .map((c) => ({ id: c.id, personId: c.person_id, name: c.person_name, team: c.team, claimedAt: c.claimed_at })),
    }));
  }

  r.get(
    '/api/v1/compounds/:compoundId/site-plan',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['zones'],
        summary: "The compound's site plan with its zones and who claimed them",
        params: compoundParams,
        response: {
          200: z.object({
            compoundId: z.string(),
            compoundName: z.string(),
            plan: planSchema,
            zones: z.array(zoneSchema),
            canEdit: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, MEMBER_ROLES);
      const plan = await repo.plan(compound.id);
      return {
        compoundId: compound.id,
        compoundName: compound.name,
        plan: plan ? { uploadId: plan.storage_key, width: plan.width, height: plan.height } : null,
        zones: await zonesOf(compound.id),
        canEdit: isStaffOver(auth, compound.path),
      };
    },
  );

  r.put(
    '/api/v1/compounds/:compoundId/site-plan',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['zones'],
        summary: 'Set the site plan from an image uploaded to /api/v1/uploads (checked by content, metadata stripped)',
        params: compoundParams,
        body: z.strictObject({ uploadId: z.string().min(1).max(64) }),
        response: { 200: z.object({ plan: planSchema }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, VOLUNTEER_STAFF);
      const up = await ctx.db.selectFrom('uploads').select(['id', 'mime']).where('id', '=', req.body.uploadId).executeTakeFirst();
      if (!up) throw fieldError('uploadId', 'unknown_upload');
      const file = await fs.promises.readFile(path.join(uploadsDir(ctx.config), up.id)).catch(() => null);
      const size = file ? await imageDimensions(file) : null;
      if (!size || size.width < 50 || size.height < 50) throw fieldError('uploadId', 'unreadable_image');
      await ctx.db.transaction().execute(async (trx) => {
        await claimImages(
          trx,
          [up.id],
          { accountId: auth.accountId, nodeId: compound.id, ownerType: 'site_plan', ownerId: compound.id },
          'uploadId',
        );
        await repo.savePlan(
          {
            compound_id: compound.id,
            mime: up.mime,
            width: size.width,
            height: size.height,
            storage_key: up.id,
            uploaded_by: auth.accountId,
          },
          trx,
        );
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.plan_set',
            targetType: 'site_plan',
            targetId: compound.id,
            nodeId: compound.id,
          },
          trx,
        );
      });
      return { plan: { uploadId: up.id, width: size.width, height: size.height } };
    },
  );

  r.post(
    '/api/v1/compounds/:compoundId/zones',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['zones'],
        summary: 'Draw a zone on the plan (at least 3 points, inside the plan, edges not crossing)',
        params: compoundParams,
        body: zoneInputSchema,
        response: { 201: zoneSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, VOLUNTEER_STAFF);
      const id = await svc.createZone(auth, compound, { ...req.body, polygon: req.body.polygon as Point[] });
      const zone = (await zonesOf(compound.id)).find((z) => z.id === id);
      if (!zone) throw new AppError('INTERNAL');
      return reply.status(201).send(zone);
    },
  );

  r.patch(
    '/api/v1/zones/:id',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['zones'],
        summary:
          'Rename, retype, redraw a zone or change how many may claim it (never fewer than the claims held); audited. ' +
          'With expectedVersion, 409 EDIT_CONFLICT when the zone changed since that version',
        params: zoneParams,
        body: zonePatchSchema,
        response: { 200: zoneSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      await svc.updateZone(auth, req.params.id, { ...req.body, polygon: req.body.polygon as Point[] | undefined });
      const z = await svc.loadVisible(auth, req.params.id);
      const zone = (await zonesOf(z.compound_id)).find((x) => x.id === z.id);
      if (!zone) throw new AppError('INTERNAL');
      return zone;
    },
  );

  r.delete(
    '/api/v1/zones/:id',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['zones'],
        summary: 'Archive a zone nobody holds (409 while claimed); its duties and reports are kept',
        params: zoneParams,
      },
    },
    async (req, reply) => {
      await svc.archiveZone(requireAuth(req.auth), req.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/zones/:id/claims',
    {
      config: { access: ['volunteer', ...VOLUNTEER_STAFF] },
      schema: {
        tags: ['zones'],
        summary: 'Claim a zone for myself, or for my team (team leaders and staff)',
        params: zoneParams,
        body: z.strictObject({ team: teamSchema.optional() }),
        response: { 201: z.object({ claimId: z.string(), zone: zoneSchema }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const claimId = await svc.claim(auth, req.params.id, req.body);
      const z = await svc.loadVisible(auth, req.params.id);
      const zone = (await zonesOf(z.compound_id)).find((x) => x.id === z.id);
      if (!zone) throw new AppError('INTERNAL');
      return reply.status(201).send({ claimId, zone });
    },
  );

  r.post(
    '/api/v1/zones/:id/claims/:claimId/release',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['zones'],
        summary: 'Release a claim (the claimant, the team leader, or staff)',
        params: z.strictObject({ id: idSchema, claimId: idSchema }),
      },
    },
    async (req, reply) => {
      await svc.release(requireAuth(req.auth), req.params.id, req.params.claimId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/zones/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['zones'],
        summary: 'A zone with its claims, duty log and reported problems',
        params: zoneParams,
        response: {
          200: z.object({
            zone: zoneSchema,
            compoundId: z.string(),
            duties: z.array(
              z.object({
                id: z.string(),
                doneOn: z.string(),
                minutes: z.number(),
                what: z.string(),
                name: z.string(),
                photoId: z.string().nullable(),
              }),
            ),
            reports: z.array(
              z.object({ id: z.string(), text: z.string(), createdAt: z.string(), councilIssueId: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const z0 = await svc.loadVisible(requireAuth(req.auth), req.params.id);
      const zone = (await zonesOf(z0.compound_id)).find((x) => x.id === z0.id);
      if (!zone) throw new AppError('INTERNAL');
      const duties = await repo.duties(z0.id);
      const reports = await repo.reports(z0.id);
      return {
        zone,
        compoundId: z0.compound_id,
        duties: duties.map((d) => ({
          id: d.id,
          doneOn: d.done_on,
          minutes: d.minutes,
          what: d.what,
          name: d.name,
          photoId: d.photo_key,
        })),
        reports: reports.map((x) => ({ id: x.id, text: x.text, createdAt: x.created_at, councilIssueId: x.council_issue_id })),
      };
    },
  );

  r.post(
    '/api/v1/zones/:id/duties',
    {
      config: { access: ['volunteer'] },
      schema: {
        tags: ['zones'],
        summary: 'Log a duty done in my (or my team’s) zone; credits hours. Honours Idempotency-Key.',
        params: zoneParams,
        body: dutyInputSchema,
        response: { 201: z.object({ dutyId: z.string() }) },
      },
    },
    // Idempotency-Key: a duty recorded offline and sent again when the phone is back is one duty.
    async (req, reply) =>
      idempotent(ctx.db, req, reply, async () => ({
        status: 201,
        body: { dutyId: await svc.logDuty(requireAuth(req.auth), req.params.id, req.body) },
      })),
  );

  r.post(
    '/api/v1/zones/:id/reports',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['zones'],
        summary: 'Report a problem seen in the zone (handed to the council)',
        params: zoneParams,
        body: z.strictObject({
          text: z.string().trim().min(2).max(1000),
          x: z.number().finite().min(0).max(20000).optional(),
          y: z.number().finite().min(0).max(20000).optional(),
        }),
        response: { 201: z.object({ reportId: z.string(), issueId: z.string().nullable() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.report(requireAuth(req.auth), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/zones/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['zones'],
        summary: 'Zones I look after (my claims and my team’s)',
        response: {
          200: z.object({
            zones: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                type: z.string(),
                compoundId: z.string(),
                claimId: z.string(),
                team: z.string().nullable(),
                claimedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const p = await ctx.volunteers.find(auth.personId);
      const rows = await repo.claimsOf(
        auth.personId,
        p?.status === 'active' && p.team ? { name: p.team, compoundId: p.compound_id } : null,
      );
      return {
        zones: rows.map((x) => ({
          id: x.id,
          name: x.name,
          type: x.type,
          compoundId: x.compound_id,
          claimId: x.claim_id,
          team: x.team,
          claimedAt: x.claimed_at,
        })),
      };
    },
  );

  r.get(
    '/api/v1/compounds/:compoundId/cleanups',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['zones'],
        summary: 'The monthly clean-ups (家园美化清洁行动) of a compound',
        params: compoundParams,
        response: {
          200: z.object({
            cleanups: z.array(
              z.object({
                id: z.string(),
                heldOn: z.string(),
                title: z.string(),
                organiser: z.string(),
                zoneIds: z.array(z.string()),
                attendees: z.number(),
                minutes: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      await loadCompound(ctx.db, req.auth, req.params.compoundId, MEMBER_ROLES);
      const rows = await repo.cleanups(req.params.compoundId);
      return {
        cleanups: rows.map((c) => ({
          id: c.id,
          heldOn: c.held_on,
          title: c.title,
          organiser: c.organiser,
          zoneIds: JSON.parse(c.zone_ids) as string[],
          attendees: Number(c.attendees),
          minutes: Number(c.minutes),
        })),
      };
    },
  );

  r.post(
    '/api/v1/compounds/:compoundId/cleanups',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['zones'],
        summary: 'Record a clean-up against zones, with who came and for how long (credits hours)',
        params: compoundParams,
        body: z.strictObject({
          heldOn: dateSchema,
          title: z.string().trim().min(1).max(60).default('家园美化清洁行动'),
          zoneIds: z.array(idSchema).min(1).max(100),
          attendees: z.array(z.strictObject({ personId: idSchema, minutes: minutesSchema })).max(500),
        }),
        response: { 201: z.object({ cleanupId: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, VOLUNTEER_STAFF);
      const cleanupId = await svc.recordCleanup(auth, compound, req.body);
      return reply.status(201).send({ cleanupId });
    },
  );
}
