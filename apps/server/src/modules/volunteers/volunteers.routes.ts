import { idSchema, maskPhone, teamSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { requireAuth } from '../accounts/policy';
import { isStaffOver, loadCompound, nodePath, VOLUNTEER_STAFF, volunteerCompoundOf } from './scope';
import type { VolunteersRepository } from './volunteers.repository';

const profileSchema = z.object({
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  compoundId: z.string(),
  skills: z.array(z.string()),
  availability: z.string(),
  team: z.string().nullable(),
  teamLeader: z.boolean(),
  status: z.enum(['active', 'left']),
  joinedAt: z.string(),
  leftAt: z.string().nullable(),
  minutes: z.number(),
  /** Whether the resident whose order this volunteer holds may see their number (一键呼叫). */
  sharePhone: z.boolean(),
});

type ProfileRow = NonNullable<Awaited<ReturnType<VolunteersRepository['find']>>> & { minutes?: number | null };

function present(r: ProfileRow) {
  return {
    personId: r.person_id,
    name: r.name,
    phone: maskPhone(r.phone),
    compoundId: r.compound_id,
    skills: JSON.parse(r.skills) as string[],
    availability: r.availability,
    team: r.team,
    teamLeader: r.team_leader === 1,
    status: r.status,
    joinedAt: r.joined_at,
    leftAt: r.left_at,
    minutes: Number(r.minutes ?? 0),
    sharePhone: r.share_phone === 1,
  };
}

const skillsSchema = z.array(z.string().trim().min(1).max(20)).max(20);
const compoundParams = z.strictObject({ compoundId: idSchema });
const personParams = z.strictObject({ personId: idSchema });

/** Volunteer profiles and the 党团妇 teams: enrolling, joining and leaving a team, leaders. */
export function registerVolunteerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = ctx.volunteers;

  async function withMinutes(personId: string) {
    const row = await repo.find(personId);
    if (!row) throw notFound('volunteer');
    return present({ ...row, minutes: await ctx.hours.totalMinutes(personId) });
  }

  /** Staff over the profile's compound may change it; a profile elsewhere is 404. */
  async function loadForStaff(auth: ReturnType<typeof requireAuth>, personId: string) {
    const row = await repo.find(personId);
    const path = row ? await nodePath(ctx.db, row.compound_id) : null;
    if (!row || !path || !isStaffOver(auth, path)) throw notFound('volunteer');
    return row;
  }

  r.get(
    '/api/v1/volunteers/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['volunteers'],
        summary: 'My volunteer profile',
        response: { 200: z.object({ profile: profileSchema.nullable() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const row = await repo.find(auth.personId);
      return { profile: row ? await withMinutes(auth.personId) : null };
    },
  );

  r.put(
    '/api/v1/volunteers/me',
    {
      config: { access: ['volunteer'] },
      schema: {
        tags: ['volunteers'],
        summary: 'Join as a volunteer, or update my skills and availability',
        body: z.strictObject({
          skills: skillsSchema,
          availability: z.string().trim().max(200),
          sharePhone: z.boolean().optional(),
        }),
        response: { 200: profileSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const compound = await volunteerCompoundOf(ctx.db, auth);
      const existing = await repo.find(auth.personId);
      await ctx.db.transaction().execute(async (trx) => {
        await repo.upsert(auth.personId, existing?.compound_id ?? compound.id, req.body, trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: existing?.status === 'active' ? 'volunteer.profile_updated' : 'volunteer.joined',
            targetType: 'person',
            targetId: auth.personId,
            nodeId: compound.id,
            ...(req.body.sharePhone !== undefined ? { details: { sharePhone: req.body.sharePhone } } : {}),
          },
          trx,
        );
      });
      return withMinutes(auth.personId);
    },
  );

  r.get(
    '/api/v1/compounds/:compoundId/volunteers',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['volunteers'],
        summary: "A compound's volunteers with their hours",
        params: compoundParams,
        querystring: z.strictObject({ team: teamSchema.optional(), status: z.enum(['active', 'left']).optional() }),
        response: { 200: z.object({ volunteers: z.array(profileSchema) }) },
      },
    },
    async (req) => {
      await loadCompound(ctx.db, req.auth, req.params.compoundId, VOLUNTEER_STAFF);
      const rows = await repo.listByCompound(req.params.compoundId, req.query);
      return { volunteers: rows.map(present) };
    },
  );

  r.post(
    '/api/v1/compounds/:compoundId/volunteers',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['volunteers'],
        summary: 'Enrol a resident of the compound as a volunteer',
        params: compoundParams,
        body: z.strictObject({
          personId: idSchema,
          skills: skillsSchema.optional(),
          availability: z.string().trim().max(200).optional(),
          team: teamSchema.nullable().optional(),
        }),
        response: { 201: profileSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, VOLUNTEER_STAFF);
      const person = await repo.personInSubtree(req.body.personId, compound.path);
      if (!person) throw fieldError('personId', 'unknown_person');
      const existing = await repo.find(person.id);
      if (existing?.status === 'active') throw new AppError('DUPLICATE');
      if (existing && existing.compound_id !== compound.id) throw fieldError('personId', 'other_compound');
      await ctx.db.transaction().execute(async (trx) => {
        await repo.upsert(person.id, compound.id, req.body, trx);
        if (req.body.team !== undefined)
          await repo.update(
            person.id,
            { team: req.body.team, team_joined_at: req.body.team ? new Date().toISOString() : null },
            trx,
          );
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'volunteer.enrolled',
            targetType: 'person',
            targetId: person.id,
            nodeId: compound.id,
          },
          trx,
        );
      });
      return reply.status(201).send(await withMinutes(person.id));
    },
  );

  r.patch(
    '/api/v1/volunteers/:personId',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['volunteers'],
        summary: 'Move a volunteer into or out of a team, make or unmake a team leader',
        params: personParams,
        body: z.strictObject({
          team: teamSchema.nullable().optional(),
          teamLeader: z.boolean().optional(),
          skills: skillsSchema.optional(),
          availability: z.string().trim().max(200).optional(),
        }),
        response: { 200: profileSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const row = await loadForStaff(auth, req.params.personId);
      if (row.status !== 'active') throw new AppError('INVALID_TRANSITION');
      const b = req.body;
      const team = b.team === undefined ? row.team : b.team;
      if (b.teamLeader && !team) throw fieldError('teamLeader', 'no_team');
      const set: Parameters<VolunteersRepository['update']>[1] = {};
      if (b.team !== undefined && b.team !== row.team) {
        set.team = b.team;
        set.team_joined_at = b.team ? new Date().toISOString() : null;
        set.team_leader = 0; // a leader of one team is not the leader of the next
      }
      if (b.teamLeader !== undefined) set.team_leader = b.teamLeader && team ? 1 : 0;
      if (b.skills) set.skills = JSON.stringify(b.skills);
      if (b.availability !== undefined) set.availability = b.availability;
      await ctx.db.transaction().execute(async (trx) => {
        await repo.update(row.person_id, set, trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'volunteer.updated',
            targetType: 'person',
            targetId: row.person_id,
            nodeId: row.compound_id,
            details: {
              from: { team: row.team, leader: row.team_leader === 1 },
              to: { team, leader: set.team_leader ?? row.team_leader },
            },
          },
          trx,
        );
      });
      return withMinutes(row.person_id);
    },
  );

  r.post(
    '/api/v1/volunteers/:personId/leave',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['volunteers'],
        summary: 'Leave volunteering (the volunteer themself or staff); hours stay on record',
        params: personParams,
        response: { 200: profileSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const own = req.params.personId === auth.personId;
      const row = own ? await repo.find(auth.personId) : await loadForStaff(auth, req.params.personId);
      if (!row) throw notFound('volunteer');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.leave(row.person_id, trx))) throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'volunteer.left',
            targetType: 'person',
            targetId: row.person_id,
            nodeId: row.compound_id,
          },
          trx,
        );
      });
      return withMinutes(row.person_id);
    },
  );

  r.get(
    '/api/v1/compounds/:compoundId/teams',
    {
      config: { access: ['volunteer', ...VOLUNTEER_STAFF] },
      schema: {
        tags: ['volunteers'],
        summary: 'The 党团妇 teams of a compound: members, leaders and hours',
        params: compoundParams,
        response: {
          200: z.object({
            teams: z.array(
              z.object({ team: z.string(), members: z.number(), leaders: z.array(z.string()), minutes: z.number() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      await loadCompound(ctx.db, req.auth, req.params.compoundId, ['volunteer', ...VOLUNTEER_STAFF]);
      const rows = await repo.teams(req.params.compoundId);
      const minutes = await ctx.hours.minutesByTeam(req.params.compoundId);
      const teams = ['党员', '团员', '妇联'].map((team) => {
        const members = rows.filter((x) => x.team === team);
        return {
          team,
          members: members.length,
          leaders: members.filter((m) => m.team_leader === 1).map((m) => m.name),
          minutes: minutes.get(team) ?? 0,
        };
      });
      return { teams };
    },
  );
}
