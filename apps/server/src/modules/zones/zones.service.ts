import type { TeamName, ZoneTypeName } from '@lianxin/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { checkVersion, refusal } from '../../db/versioned';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { claimImages } from '../../lib/uploads';
import { type AuthContext, reaches } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { HoursRepository } from '../hours/hours.repository';
import { branchOf } from '../pairing/pairing.service';
import { todayInChina } from '../volunteers/dates';
import { isStaffOver, MEMBER_ROLES } from '../volunteers/scope';
import type { VolunteersRepository } from '../volunteers/volunteers.repository';
import { centroid, normalise, type Point, polygonProblem } from './geometry';
import type { ZoneRow, ZonesRepository } from './zones.repository';

/** A problem seen in a zone, handed to the council (党群议事会) as a resident's issue. */
export interface ZoneProblem {
  compoundId: string;
  zoneId: string;
  zoneName: string;
  zoneType: ZoneTypeName;
  text: string;
  point: { x: number; y: number } | null;
  auth: AuthContext;
}

/**
 * The hook to the council module: raises an issue and returns its id, or null while no council
 * module is wired (the report is kept on the zone either way).
 */
export type ReportToCouncil = (problem: ZoneProblem) => Promise<string | null>;

export interface ZonesDeps {
  db: Kysely<DB>;
  zones: ZonesRepository;
  volunteers: Pick<VolunteersRepository, 'find' | 'personInSubtree'>;
  hours: Pick<HoursRepository, 'credit'>;
  audit: Pick<AuditRepository, 'append'>;
  reportToCouncil: ReportToCouncil;
  clock?: () => Date;
}

/** 400 on maxClaims, naming how many claims are held so the form can say "at least n". */
function belowClaims(activeClaims: number): AppError {
  return new AppError('VALIDATION_FAILED', {
    fields: [{ path: 'maxClaims', reason: 'below_active_claims', min: activeClaims }],
  });
}

/** Zones on the plan (认领式服务): drawing, claiming, duties, problem reports, clean-ups. */
export function createZonesService(deps: ZonesDeps) {
  const today = () => todayInChina(deps.clock?.() ?? new Date());

  /** A zone the caller may see (any member of its compound's subtree); else 404. */
  async function loadVisible(auth: AuthContext, zoneId: string, q?: Transaction<DB>): Promise<ZoneRow> {
    const z = await deps.zones.find(zoneId, q);
    if (!z || !reaches(auth, z.compound_path, MEMBER_ROLES)) throw notFound('zone');
    return z;
  }

  async function checkedPolygon(compoundId: string, polygon: readonly Point[]): Promise<string> {
    const plan = await deps.zones.plan(compoundId);
    if (!plan) throw new AppError('INVALID_TRANSITION', { reason: 'no_site_plan' });
    const points = normalise(polygon);
    const problem = polygonProblem(points, plan.width, plan.height);
    if (problem) throw fieldError('polygon', problem);
    return JSON.stringify(points);
  }

  /** The active volunteer profile of the caller in the zone's compound, or 403. */
  async function activeVolunteer(auth: AuthContext, compoundId: string) {
    const profile = await deps.volunteers.find(auth.personId);
    if (profile?.status !== 'active' || profile.compound_id !== compoundId) throw new AppError('FORBIDDEN');
    return profile;
  }

  return {
    loadVisible,

    async createZone(
      auth: AuthContext,
      compound: { id: string },
      input: { name: string; type: ZoneTypeName; polygon: Point[]; maxClaims: number },
    ) {
      const polygon = await checkedPolygon(compound.id, input.polygon);
      return deps.db.transaction().execute(async (trx) => {
        const id = await deps.zones.insert(
          {
            compound_id: compound.id,
            name: input.name,
            type: input.type,
            polygon,
            max_claims: input.maxClaims,
            created_by: auth.accountId,
          },
          trx,
        );
        await deps.audit.append(
          { actorAccountId: auth.accountId, action: 'zone.created', targetType: 'zone', targetId: id, nodeId: compound.id },
          trx,
        );
        return id;
      });
    },

    /**
     * Renames, retypes, redraws a zone or changes its claim places. Only what differs is written,
     * and the audit entry keeps each changed field's old and new value (the old outline too, so a
     * bad redraw can be put back). Places cannot drop below the claims held: checked here for a
     * clear answer, and again by the conditional UPDATE against a claim landing meanwhile. With
     * `expectedVersion` (the web always sends it) an edit made against an older version of the zone
     * is refused with 409 EDIT_CONFLICT, atomically: nothing is written or audited.
     */
    async updateZone(
      auth: AuthContext,
      zoneId: string,
      input: { name?: string; type?: ZoneTypeName; polygon?: Point[]; maxClaims?: number; expectedVersion?: number },
    ) {
      const z = await loadVisible(auth, zoneId);
      if (!isStaffOver(auth, z.compound_path)) throw notFound('zone');
      const polygon = input.polygon ? await checkedPolygon(z.compound_id, input.polygon) : undefined;
      await deps.db.transaction().execute(async (trx) => {
        const before = await deps.zones.find(z.id, trx);
        if (!before) throw notFound('zone');
        checkVersion(before, input.expectedVersion);
        const set: Parameters<ZonesRepository['update']>[2] = {};
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (input.name !== undefined && input.name !== before.name) {
          set.name = input.name;
          changes.name = { from: before.name, to: input.name };
        }
        if (input.type !== undefined && input.type !== before.type) {
          set.type = input.type;
          changes.type = { from: before.type, to: input.type };
        }
        if (polygon !== undefined && polygon !== before.polygon) {
          set.polygon = polygon;
          changes.polygon = { from: JSON.parse(before.polygon), to: JSON.parse(polygon) };
        }
        if (input.maxClaims !== undefined && input.maxClaims !== before.max_claims) {
          if (input.maxClaims < before.active_claims) throw belowClaims(before.active_claims);
          set.max_claims = input.maxClaims;
          changes.maxClaims = { from: before.max_claims, to: input.maxClaims };
        }
        // Saving the form unchanged is not a change: nothing to write, nothing to audit.
        if (Object.keys(changes).length === 0) return;
        if (!(await deps.zones.update(z.id, before.version, set, trx))) {
          const now = await deps.zones.find(z.id, trx);
          throw refusal(now, before.version, 'zone') ?? belowClaims(now?.active_claims ?? 0);
        }
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.updated',
            targetType: 'zone',
            targetId: z.id,
            nodeId: z.compound_id,
            details: { changes },
          },
          trx,
        );
      });
    },

    async archiveZone(auth: AuthContext, zoneId: string) {
      const z = await loadVisible(auth, zoneId);
      if (!isStaffOver(auth, z.compound_path)) throw notFound('zone');
      await deps.db.transaction().execute(async (trx) => {
        if (!(await deps.zones.archive(z.id, trx))) {
          // Archived by someone else just now, or claimed: the conditional UPDATE does not say which.
          if (!(await deps.zones.find(z.id, trx))) throw notFound('zone');
          throw new AppError('INVALID_TRANSITION', { reason: 'zone_claimed' });
        }
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.archived',
            targetType: 'zone',
            targetId: z.id,
            nodeId: z.compound_id,
            details: { name: z.name, type: z.type },
          },
          trx,
        );
      });
    },

    /**
     * Claims the zone for the caller, or for a team (the team's leader, or staff). One place per
     * claim; when the places are gone the answer is 409 ZONE_FULL, for exactly all but one of
     * several simultaneous claims on the last place.
     */
    async claim(auth: AuthContext, zoneId: string, input: { team?: TeamName }) {
      const z = await loadVisible(auth, zoneId);
      const staff = isStaffOver(auth, z.compound_path);
      if (input.team) {
        if (!staff) {
          const p = await activeVolunteer(auth, z.compound_id);
          if (p.team !== input.team || p.team_leader !== 1) throw new AppError('FORBIDDEN');
        }
      } else {
        await activeVolunteer(auth, z.compound_id);
      }
      const who = input.team ? { team: input.team } : { personId: auth.personId };
      return deps.db.transaction().execute(async (trx) => {
        if (await deps.zones.openClaimBy(z.id, who, trx)) throw new AppError('DUPLICATE');
        if (!(await deps.zones.takePlace(z.id, trx))) throw new AppError('ZONE_FULL');
        const claimId = await deps.zones.insertClaim(
          { zone_id: z.id, person_id: input.team ? null : auth.personId, team: input.team ?? null, claimed_by: auth.personId },
          trx,
        );
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.claimed',
            targetType: 'zone',
            targetId: z.id,
            nodeId: z.compound_id,
            details: { claimId, team: input.team ?? null },
          },
          trx,
        );
        return claimId;
      });
    },

    /** Releases a claim: the claimant, the claiming team's leader, or staff. */
    async release(auth: AuthContext, zoneId: string, claimId: string) {
      const z = await loadVisible(auth, zoneId);
      // Read whether open or not: a release that lost a race to another (two taps, two tabs) is told
      // 409, whichever of them reads first, never 404.
      const claim = await deps.zones.findClaim(claimId);
      if (!claim || claim.zone_id !== z.id) throw notFound('claim');
      let allowed = isStaffOver(auth, z.compound_path) || claim.person_id === auth.personId;
      if (!allowed && claim.team) {
        const p = await deps.volunteers.find(auth.personId);
        allowed = !!p && p.status === 'active' && p.compound_id === z.compound_id && p.team === claim.team && p.team_leader === 1;
      }
      if (!allowed) throw new AppError('FORBIDDEN');
      if (claim.released_at) throw new AppError('INVALID_TRANSITION');
      await deps.db.transaction().execute(async (trx) => {
        if (!(await deps.zones.release(claim.id, z.id, trx))) throw new AppError('INVALID_TRANSITION');
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.released',
            targetType: 'zone',
            targetId: z.id,
            nodeId: z.compound_id,
            details: { claimId },
          },
          trx,
        );
      });
    },

    /** A duty done in a zone the caller looks after (own claim or their team's); credits hours. */
    async logDuty(auth: AuthContext, zoneId: string, input: { doneOn: string; minutes: number; what: string; photoId?: string }) {
      const z = await loadVisible(auth, zoneId);
      const profile = await activeVolunteer(auth, z.compound_id);
      if (input.doneOn > today()) throw fieldError('doneOn', 'in_future');
      const mine = await deps.zones.openClaimBy(z.id, { personId: auth.personId });
      const teams = profile.team ? await deps.zones.openClaimBy(z.id, { team: profile.team }) : undefined;
      if (!mine && !teams) throw new AppError('FORBIDDEN', { reason: 'not_your_zone' });
      return deps.db.transaction().execute(async (trx) => {
        const dutyId = await deps.zones.insertDuty(
          {
            zone_id: z.id,
            person_id: auth.personId,
            done_on: input.doneOn,
            minutes: input.minutes,
            what: input.what,
            photo_key: input.photoId ?? null,
            photo_mime: null,
          },
          trx,
        );
        if (input.photoId) {
          await claimImages(
            trx,
            [input.photoId],
            { accountId: auth.accountId, nodeId: z.compound_id, ownerType: 'zone_duty', ownerId: dutyId },
            'photoId',
          );
        }
        await deps.hours.credit(
          {
            person_id: auth.personId,
            compound_id: z.compound_id,
            source_type: 'duty',
            source_id: dutyId,
            activity: `片区包干（${z.name}）：${input.what}`,
            served_on: input.doneOn,
            place: `${z.compound_name} · ${z.name}`,
            minutes: input.minutes,
            organiser: branchOf(z.compound_name),
            team: profile.team,
          },
          trx,
        );
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.duty_logged',
            targetType: 'zone',
            targetId: z.id,
            nodeId: z.compound_id,
            details: { dutyId },
          },
          trx,
        );
        return dutyId;
      });
    },

    /**
     * A problem seen in the zone: handed to the council first (it runs its own transaction and
     * checks the reporter belongs to the compound), then kept on the zone with the issue's id.
     */
    async report(auth: AuthContext, zoneId: string, input: { text: string; x?: number; y?: number }) {
      const z = await loadVisible(auth, zoneId);
      // Without a tapped point the problem is placed at the zone's middle, so the council sees where.
      const point =
        input.x !== undefined && input.y !== undefined
          ? { x: Math.round(input.x), y: Math.round(input.y) }
          : centroid(JSON.parse(z.polygon) as Point[]);
      const issueId = await deps.reportToCouncil({
        compoundId: z.compound_id,
        zoneId: z.id,
        zoneName: z.name,
        zoneType: z.type,
        text: input.text,
        point,
        auth,
      });
      return deps.db.transaction().execute(async (trx) => {
        const reportId = await deps.zones.insertReport(
          { zone_id: z.id, x: point?.x ?? null, y: point?.y ?? null, text: input.text, reported_by: auth.personId },
          trx,
        );
        if (issueId) await deps.zones.linkReport(reportId, issueId, trx);
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.problem_reported',
            targetType: 'zone',
            targetId: z.id,
            nodeId: z.compound_id,
            details: { reportId, issueId },
          },
          trx,
        );
        return { reportId, issueId };
      });
    },

    /** The monthly clean-up (家园美化清洁行动) against zones; each attendee's minutes are credited. */
    async recordCleanup(
      auth: AuthContext,
      compound: { id: string; path: string; name: string },
      input: { heldOn: string; title: string; zoneIds: string[]; attendees: Array<{ personId: string; minutes: number }> },
    ) {
      if (input.heldOn > today()) throw fieldError('heldOn', 'in_future');
      const zoneIds = [...new Set(input.zoneIds)];
      for (const id of zoneIds) {
        const z = await deps.zones.find(id);
        if (!z || z.compound_id !== compound.id) throw fieldError('zoneIds', 'unknown_zone');
      }
      const seen = new Set<string>();
      for (const a of input.attendees) {
        if (seen.has(a.personId)) throw fieldError('attendees', 'duplicate_person');
        seen.add(a.personId);
        if (!(await deps.volunteers.personInSubtree(a.personId, compound.path))) throw fieldError('attendees', 'unknown_person');
      }
      const organiser = branchOf(compound.name);
      return deps.db.transaction().execute(async (trx) => {
        const id = await deps.zones.insertCleanup(
          {
            compound_id: compound.id,
            held_on: input.heldOn,
            title: input.title,
            organiser,
            zone_ids: zoneIds,
            created_by: auth.accountId,
          },
          input.attendees,
          trx,
        );
        for (const a of input.attendees) {
          const p = await deps.volunteers.find(a.personId, trx);
          await deps.hours.credit(
            {
              person_id: a.personId,
              compound_id: compound.id,
              source_type: 'event',
              source_id: `cleanup:${id}`,
              activity: input.title,
              served_on: input.heldOn,
              place: compound.name,
              minutes: a.minutes,
              organiser,
              team: p?.team ?? null,
            },
            trx,
          );
        }
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'zone.cleanup_recorded',
            targetType: 'cleanup',
            targetId: id,
            nodeId: compound.id,
          },
          trx,
        );
        return id;
      });
    },
  };
}

export type ZonesService = ReturnType<typeof createZonesService>;
