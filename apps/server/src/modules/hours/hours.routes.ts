import { dateSchema, idSchema, teamSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { fieldError, notFound } from '../../lib/errors';
import { loadReachableNode, requireAuth } from '../accounts/policy';
import { todayInChina } from '../volunteers/dates';
import { isStaffOver, loadCompound, nodePath, VOLUNTEER_STAFF } from '../volunteers/scope';

const entrySchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string().optional(),
  sourceType: z.enum(['order', 'visit', 'duty', 'event', 'manual']),
  activity: z.string(),
  servedOn: z.string(),
  place: z.string(),
  minutes: z.number(),
  organiser: z.string(),
  team: z.string().nullable(),
  /** Set on a staff correction: why it was made. */
  reason: z.string().nullable(),
});

interface EntryRow {
  id: string;
  person_id: string;
  name?: string;
  source_type: 'order' | 'visit' | 'duty' | 'event' | 'manual';
  activity: string;
  served_on: string;
  place: string;
  minutes: number;
  organiser: string;
  team: string | null;
  reason: string | null;
}

function presentEntry(e: EntryRow) {
  return {
    id: e.id,
    personId: e.person_id,
    ...(e.name === undefined ? {} : { name: e.name }),
    sourceType: e.source_type,
    activity: e.activity,
    servedOn: e.served_on,
    place: e.place,
    minutes: e.minutes,
    organiser: e.organiser,
    team: e.team,
    reason: e.reason,
  };
}

const nodeParams = z.strictObject({ nodeId: idSchema });
const ledgerQuery = z.strictObject({
  personId: idSchema.optional(),
  team: teamSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});

/** The hours ledger: my entries, a subtree's entries and totals, staff corrections. */
export function registerHoursRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/hours/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['hours'],
        summary: 'My hours: every entry (activity, date, place, minutes, organiser) and the total',
        response: { 200: z.object({ totalMinutes: z.number(), entries: z.array(entrySchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const rows = await ctx.hours.listFor(auth.personId);
      return { totalMinutes: await ctx.hours.totalMinutes(auth.personId), entries: rows.map(presentEntry) };
    },
  );

  r.get(
    '/api/v1/nodes/:nodeId/hours',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['hours'],
        summary: 'The ledger under a node, by volunteer or team, with totals by volunteer, team, month and compound',
        params: nodeParams,
        querystring: ledgerQuery,
        response: {
          200: z.object({
            entries: z.array(entrySchema),
            byVolunteer: z.array(z.object({ personId: z.string(), name: z.string(), minutes: z.number(), entries: z.number() })),
            byTeam: z.array(z.object({ team: z.string().nullable(), minutes: z.number(), entries: z.number() })),
            byMonth: z.array(z.object({ month: z.string(), minutes: z.number() })),
            byCompound: z.array(z.object({ compoundId: z.string(), name: z.string(), minutes: z.number() })),
          }),
        },
      },
    },
    async (req) => {
      const node = await loadReachableNode(ctx.db, req.auth, req.params.nodeId, VOLUNTEER_STAFF);
      const f = { path: node.path, ...req.query };
      const [entries, s] = await Promise.all([ctx.hours.ledger(f), ctx.hours.summary(f)]);
      return {
        entries: entries.map(presentEntry),
        byVolunteer: s.byVolunteer.map((v) => ({
          personId: v.person_id,
          name: v.name,
          minutes: Number(v.minutes),
          entries: Number(v.entries),
        })),
        byTeam: s.byTeam.map((t) => ({ team: t.team, minutes: Number(t.minutes), entries: Number(t.entries) })),
        byMonth: s.byMonth.map((m) => ({ month: m.month, minutes: Number(m.minutes) })),
        byCompound: s.byCompound.map((c) => ({ compoundId: c.id, name: c.name, minutes: Number(c.minutes) })),
      };
    },
  );

  r.post(
    '/api/v1/compounds/:compoundId/hours/corrections',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['hours'],
        summary: 'Correct the ledger with a new, reasoned entry (entries are never edited in place)',
        params: z.strictObject({ compoundId: idSchema }),
        body: z.strictObject({
          personId: idSchema,
          minutes: z
            .number()
            .int()
            .min(-720)
            .max(720)
            .refine((m) => m !== 0, { message: 'not_zero' }),
          servedOn: dateSchema,
          activity: z.string().trim().min(1).max(200),
          reason: z.string().trim().min(2).max(500),
          correctsId: idSchema.optional(),
        }),
        response: { 201: entrySchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, VOLUNTEER_STAFF);
      const b = req.body;
      if (b.servedOn > todayInChina()) throw fieldError('servedOn', 'in_future');
      if (!(await ctx.volunteers.personInSubtree(b.personId, compound.path))) throw fieldError('personId', 'unknown_person');
      if (b.correctsId) {
        const e = await ctx.hours.findEntry(b.correctsId);
        if (!e || e.person_id !== b.personId || e.compound_id !== compound.id) throw fieldError('correctsId', 'unknown_entry');
      }
      const profile = await ctx.volunteers.find(b.personId);
      const id = await ctx.db.transaction().execute(async (trx) => {
        const id = await ctx.hours.correct(
          {
            person_id: b.personId,
            compound_id: compound.id,
            activity: `更正：${b.activity}`,
            served_on: b.servedOn,
            place: compound.name,
            minutes: b.minutes,
            organiser: `${compound.name}党支部`,
            team: profile?.team ?? null,
          },
          { reason: b.reason, correctsId: b.correctsId ?? null, byAccount: auth.accountId },
          trx,
        );
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'hours.corrected',
            targetType: 'person',
            targetId: b.personId,
            nodeId: compound.id,
            details: { hoursId: id, minutes: b.minutes, correctsId: b.correctsId ?? null },
          },
          trx,
        );
        return id;
      });
      const row = (await ctx.hours.listFor(b.personId, 1000)).find((e) => e.id === id);
      if (!row) throw notFound('entry');
      return reply.status(201).send(presentEntry(row));
    },
  );

  r.get(
    '/api/v1/volunteers/:personId/hours',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['hours'],
        summary: "One volunteer's ledger (staff over the volunteer's compound)",
        params: z.strictObject({ personId: idSchema }),
        response: { 200: z.object({ name: z.string(), totalMinutes: z.number(), entries: z.array(entrySchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const p = await ctx.volunteers.find(req.params.personId);
      const path = p ? await nodePath(ctx.db, p.compound_id) : null;
      if (!p || !path || !isStaffOver(auth, path)) throw notFound('volunteer');
      const rows = await ctx.hours.listFor(p.person_id, 1000);
      return { name: p.name, totalMinutes: await ctx.hours.totalMinutes(p.person_id), entries: rows.map(presentEntry) };
    },
  );
}
