import fs from 'node:fs';
import path from 'node:path';
import { BOARD_PROMISES, type Role, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import sharp from 'sharp';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { claimImages, sendImage, uploadsDir } from '../../lib/uploads';
import { type AuthContext, requireAuth } from '../accounts/policy';
import { ensureReach, REGISTRY_EDITORS } from '../registry/registry.policy';
import { addressLabel } from '../registry/registry.repository';
import { latestConsent } from './boards.repository';
import { renderPledgesPdf } from './pledges.pdf';

const tags = ['boards'];
/** What a pledge photo's upload is attached to. */
const OWNER_TYPE = 'board_pledge';
/** No markup and no control characters: the lines go onto a printed card and a web page. */
const NO_MARKUP = /^[^<>\p{Cc}]*$/u;

export const pledgeBody = z.strictObject({
  lines: z.array(z.string().trim().min(1).max(30).regex(NO_MARKUP, 'markup')).min(1).max(4),
  photoId: z.string().min(1).max(60).nullable().default(null),
});

const pledgeView = z.object({
  personId: z.string(),
  name: z.string(),
  /** The node the photo is uploaded to. */
  nodeId: z.string(),
  lines: z.array(z.string()),
  /** False while the member has not written their own: `lines` are then the four standard promises. */
  own: z.boolean(),
  photoId: z.string().nullable(),
  consent: z.boolean(),
  updatedAt: z.string().nullable(),
});

const compoundView = z.object({
  compound: z.object({ id: z.string(), name: z.string() }),
  members: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      branch: z.string().nullable(),
      door: z.string(),
      lines: z.array(z.string()),
      own: z.boolean(),
      hasPhoto: z.boolean(),
      consent: z.boolean(),
    }),
  ),
  /** Cards the PDF holds: members whose consent is in force. */
  printable: z.number(),
});

/**
 * 党员承诺牌, each member's own: the member (or staff acting for them) writes 1–4 lines and may add
 * a photo; staff print every card of a compound in one PDF. A card carries a name, so only members
 * whose consent is in force are printed (the others keep the door-only public board).
 */
export function registerPledgeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The party member, if the caller is that member or staff reaching them (else 404). */
  async function member(auth: AuthContext, personId: string, roles: readonly Role[]) {
    const person = await ctx.registry.findPerson(personId);
    if (person?.id !== auth.personId) ensureReach(auth, person?.node_path, roles, 'person');
    const p = person as NonNullable<typeof person>;
    if (!p.tags.includes('"党员"')) throw fieldError('personId', 'not_party_member');
    return p;
  }

  async function view(p: { id: string; name: string; node_id: string }) {
    const row = await ctx.boards.pledgeOf(p.id);
    const consent = latestConsent(await ctx.boards.history([p.id])).get(p.id)?.given === 1;
    return {
      personId: p.id,
      name: p.name,
      nodeId: p.node_id,
      lines: row ? (JSON.parse(row.lines) as string[]) : [...BOARD_PROMISES],
      own: !!row,
      photoId: row?.photo_id ?? null,
      consent,
      updatedAt: row?.updated_at ?? null,
    };
  }

  const personParam = z.strictObject({ personId: z.string().min(1).max(60) });

  r.get(
    '/api/v1/boards/pledges/:personId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A party member’s pledge (the member, or staff of their subtree)',
        params: personParam,
        response: { 200: pledgeView },
      },
    },
    async (req) => view(await member(requireAuth(req.auth), req.params.personId, STAFF_ROLES)),
  );

  r.put(
    '/api/v1/boards/pledges/:personId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Write a party member’s pledge: the member, or staff for a member of their subtree (recorded as acting for them)',
        params: personParam,
        body: pledgeBody,
        response: { 200: pledgeView },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const p = await member(auth, req.params.personId, REGISTRY_EDITORS);
      const self = p.id === auth.personId;
      const before = await ctx.boards.pledgeOf(p.id);
      const photoId = req.body.photoId;
      await ctx.db.transaction().execute(async (trx) => {
        if (photoId && photoId !== before?.photo_id) {
          await claimImages(
            trx,
            [photoId],
            { accountId: auth.accountId, nodeId: p.node_id, ownerType: OWNER_TYPE, ownerId: p.id, visibility: 'private' },
            'photoId',
          );
        }
        await ctx.boards.savePledge({ personId: p.id, lines: req.body.lines, photoId, updatedBy: auth.accountId }, trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            ...(self ? {} : { onBehalfOf: p.id, channel: 'staff' }),
            action: 'boards.pledge_written',
            targetType: 'person',
            targetId: p.id,
            nodeId: p.node_id,
            details: { lines: req.body.lines.length, photo: photoId !== null },
          },
          trx,
        );
      });
      return view(p);
    },
  );

  async function compound(auth: AuthContext, id: string) {
    const c = await ctx.registry.findNode(id);
    ensureReach(auth, c?.kind === 'compound' ? c.path : null, STAFF_ROLES, 'compound');
    return c as NonNullable<typeof c>;
  }

  async function cardsOf(compoundId: string) {
    const rows = await ctx.boards.pledgesOfCompound(compoundId);
    const consent = latestConsent(await ctx.boards.history(rows.map((m) => m.id)));
    return rows.map((m) => ({
      ...m,
      door: addressLabel(m.building, m.stairwell, m.door),
      pledge: m.lines ? (JSON.parse(m.lines) as string[]) : [...BOARD_PROMISES],
      consent: consent.get(m.id)?.given === 1,
    }));
  }

  const idParam = z.strictObject({ id: z.string().min(1).max(60) });

  r.get(
    '/api/v1/boards/compounds/:id/pledges',
    {
      config: { access: STAFF_ROLES },
      schema: { tags, summary: 'The pledge cards of a compound, for staff', params: idParam, response: { 200: compoundView } },
    },
    async (req) => {
      const c = await compound(requireAuth(req.auth), req.params.id);
      const cards = await cardsOf(c.id);
      return {
        compound: { id: c.id, name: c.name },
        members: cards.map((m) => ({
          personId: m.id,
          name: m.name,
          branch: m.branch,
          door: m.door,
          lines: m.pledge,
          own: m.lines !== null,
          hasPhoto: m.photo_id !== null,
          consent: m.consent,
        })),
        printable: cards.filter((m) => m.consent).length,
      };
    },
  );

  r.get(
    '/api/v1/boards/compounds/:id/pledges.pdf',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: 'Every pledge card of a compound in one PDF: one A4 page per member whose consent is in force',
        params: idParam,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const c = await compound(auth, req.params.id);
      const cards = (await cardsOf(c.id)).filter((m) => m.consent);
      if (cards.length === 0) throw new AppError('CONFLICT', { reason: 'no_consented_members' });
      const dir = uploadsDir(ctx.config);
      const pages = [];
      for (const m of cards) {
        // PDFKit takes PNG and JPEG only; the stored photo may be WebP.
        const raw = m.photo_id ? await fs.promises.readFile(path.join(dir, m.photo_id)).catch(() => null) : null;
        pages.push({
          name: m.name,
          branch: m.branch,
          door: m.door,
          lines: m.pledge,
          photo: raw ? await sharp(raw).png().toBuffer() : null,
          helpUrl: `${req.protocol}://${req.host}/orders/new?building=${encodeURIComponent(m.building_id)}`,
        });
      }
      const pdf = await renderPledgesPdf(c.name, pages);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'boards.pledges_printed',
        targetType: 'node',
        targetId: c.id,
        nodeId: c.id,
        details: { cards: cards.length },
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="pledges-${c.id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  // The member's photo, for the edit page: the member themself or staff of their subtree.
  r.get(
    '/api/v1/boards/pledges/:personId/photo',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The photo of a member’s pledge card', params: personParam },
    },
    async (req, reply) => {
      const p = await member(requireAuth(req.auth), req.params.personId, STAFF_ROLES);
      const row = await ctx.boards.pledgeOf(p.id);
      if (!row?.photo_id) throw notFound('photo');
      reply.header('cache-control', 'private, no-store');
      return sendImage({ db: ctx.db, config: ctx.config }, reply, row.photo_id);
    },
  );
}
