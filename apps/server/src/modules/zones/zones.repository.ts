import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { SitePlansTable, ZoneDutiesTable, ZonesTable } from './zones.tables';

type Q = Kysely<DB> | Transaction<DB>;

/** Site plans, zones, claims, duties, reports and clean-ups. All SQL of the zones module lives here. */
export function createZonesRepository(db: Kysely<DB>) {
  return {
    plan(compoundId: string, q: Q = db) {
      return q.selectFrom('site_plans').selectAll().where('compound_id', '=', compoundId).executeTakeFirst();
    },

    /** One plan per compound: a new upload replaces the old (zones keep their coordinates). */
    async savePlan(row: Omit<SitePlansTable, 'id' | 'created_at'>, q: Q = db) {
      const id = newId();
      const created_at = nowIso();
      await q
        .insertInto('site_plans')
        .values({ ...row, id, created_at })
        .onConflict((oc) =>
          oc.column('compound_id').doUpdateSet({
            mime: row.mime,
            width: row.width,
            height: row.height,
            storage_key: row.storage_key,
            uploaded_by: row.uploaded_by,
            created_at,
          }),
        )
        .execute();
    },

    /** A zone with its compound's path and name, for reach checks and hours. */
    find(id: string, q: Q = db) {
      return q
        .selectFrom('zones')
        .innerJoin('nodes', 'nodes.id', 'zones.compound_id')
        .selectAll('zones')
        .select(['nodes.path as compound_path', 'nodes.name as compound_name'])
        .where('zones.id', '=', id)
        .where('zones.archived_at', 'is', null)
        .executeTakeFirst();
    },

    list(compoundId: string) {
      return db
        .selectFrom('zones')
        .selectAll()
        .where('compound_id', '=', compoundId)
        .where('archived_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async insert(row: Omit<ZonesTable, 'id' | 'created_at' | 'archived_at' | 'active_claims' | 'version'>, q: Q = db) {
      const id = newId();
      await q
        .insertInto('zones')
        .values({ ...row, id, active_claims: 0, archived_at: null, created_at: nowIso() })
        .execute();
      return id;
    },

    /**
     * Writes a zone's form fields if it is still at `version` (ADR 0002), raising the version;
     * false when it changed no row (gone, edited meanwhile, or places below the claims held).
     */
    async update(
      id: string,
      version: number,
      set: Partial<Pick<ZonesTable, 'name' | 'type' | 'polygon' | 'max_claims'>>,
      q: Q = db,
    ) {
      let u = q
        .updateTable('zones')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', version)
        .where('archived_at', 'is', null);
      // Lowering the places below the claims already held would break the count.
      if (set.max_claims !== undefined) u = u.where('active_claims', '<=', set.max_claims);
      const r = await u.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async archive(id: string, q: Q = db) {
      const r = await q
        .updateTable('zones')
        .set({ archived_at: nowIso() })
        .where('id', '=', id)
        .where('archived_at', 'is', null)
        .where('active_claims', '=', 0)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Open claims on the given zones, with the claimant's name. */
    openClaims(zoneIds: string[]) {
      if (zoneIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('zone_claims')
        .leftJoin('people', 'people.id', 'zone_claims.person_id')
        .select([
          'zone_claims.id',
          'zone_claims.zone_id',
          'zone_claims.person_id',
          'zone_claims.team',
          'zone_claims.claimed_at',
          'people.name as person_name',
        ])
        .where('zone_claims.zone_id', 'in', zoneIds)
        .where('zone_claims.released_at', 'is', null)
        .orderBy('zone_claims.claimed_at')
        .execute();
    },

    /** A claim by id, open or released (a second release must be told it is already released). */
    findClaim(claimId: string, q: Q = db) {
      return q.selectFrom('zone_claims').selectAll().where('id', '=', claimId).executeTakeFirst();
    },

    /** An open claim on the zone by this person or this team, if any. */
    openClaimBy(zoneId: string, who: { personId?: string; team?: string }, q: Q = db) {
      let s = q.selectFrom('zone_claims').select('id').where('zone_id', '=', zoneId).where('released_at', 'is', null);
      s = who.team ? s.where('team', '=', who.team) : s.where('person_id', '=', who.personId ?? '');
      return s.executeTakeFirst();
    },

    /**
     * Takes one claim place on the zone. A single conditional UPDATE: of any number of
     * simultaneous claims for the last place, exactly one sees a row updated.
     */
    async takePlace(zoneId: string, q: Q = db) {
      const r = await q
        .updateTable('zones')
        .set((eb) => ({ active_claims: eb('active_claims', '+', 1) }))
        .where('id', '=', zoneId)
        .where('archived_at', 'is', null)
        .where((eb) => eb('active_claims', '<', eb.ref('max_claims')))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async insertClaim(row: { zone_id: string; person_id: string | null; team: string | null; claimed_by: string }, q: Q = db) {
      const id = newId();
      await q
        .insertInto('zone_claims')
        .values({ ...row, id, claimed_at: nowIso(), released_at: null })
        .execute();
      return id;
    },

    /** Releases an open claim and gives its place back; false when it was released already. */
    async release(claimId: string, zoneId: string, q: Q = db) {
      const r = await q
        .updateTable('zone_claims')
        .set({ released_at: nowIso() })
        .where('id', '=', claimId)
        .where('released_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await q
        .updateTable('zones')
        .set((eb) => ({ active_claims: eb('active_claims', '-', 1) }))
        .where('id', '=', zoneId)
        .execute();
      return true;
    },

    /** Zones a person looks after: their own claims, and their team's claims in their own compound. */
    claimsOf(personId: string, team: { name: string; compoundId: string } | null) {
      return db
        .selectFrom('zone_claims')
        .innerJoin('zones', 'zones.id', 'zone_claims.zone_id')
        .select([
          'zone_claims.id as claim_id',
          'zone_claims.team',
          'zone_claims.person_id',
          'zone_claims.claimed_at',
          'zones.id',
          'zones.name',
          'zones.type',
          'zones.compound_id',
        ])
        .where('zone_claims.released_at', 'is', null)
        .where('zones.archived_at', 'is', null)
        .where((eb) =>
          team
            ? eb.or([
                eb('zone_claims.person_id', '=', personId),
                // A team is a team of one compound: 党员 of another compound is another team.
                eb.and([eb('zone_claims.team', '=', team.name), eb('zones.compound_id', '=', team.compoundId)]),
              ])
            : eb('zone_claims.person_id', '=', personId),
        )
        .orderBy('zones.name')
        .execute();
    },

    async insertDuty(row: Omit<ZoneDutiesTable, 'id' | 'created_at'>, q: Q = db) {
      const id = newId();
      await q
        .insertInto('zone_duties')
        .values({ ...row, id, created_at: nowIso() })
        .execute();
      return id;
    },

    duties(zoneId: string, limit = 50) {
      return db
        .selectFrom('zone_duties')
        .innerJoin('people', 'people.id', 'zone_duties.person_id')
        .select([
          'zone_duties.id',
          'zone_duties.done_on',
          'zone_duties.minutes',
          'zone_duties.what',
          'zone_duties.photo_key',
          'people.name',
        ])
        .where('zone_duties.zone_id', '=', zoneId)
        .orderBy('zone_duties.done_on', 'desc')
        .orderBy('zone_duties.created_at', 'desc')
        .limit(limit)
        .execute();
    },

    async insertReport(
      row: { zone_id: string; x: number | null; y: number | null; text: string; reported_by: string },
      q: Q = db,
    ) {
      const id = newId();
      await q
        .insertInto('zone_reports')
        .values({ ...row, id, council_issue_id: null, created_at: nowIso() })
        .execute();
      return id;
    },

    async linkReport(reportId: string, issueId: string, q: Q = db) {
      await q.updateTable('zone_reports').set({ council_issue_id: issueId }).where('id', '=', reportId).execute();
    },

    reports(zoneId: string, limit = 50) {
      return db
        .selectFrom('zone_reports')
        .selectAll()
        .where('zone_id', '=', zoneId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },

    async insertCleanup(
      row: {
        compound_id: string;
        held_on: string;
        title: string;
        organiser: string;
        zone_ids: string[];
        created_by: string | null;
      },
      attendees: Array<{ personId: string; minutes: number }>,
      q: Q = db,
    ) {
      const id = newId();
      await q
        .insertInto('cleanups')
        .values({ ...row, zone_ids: JSON.stringify(row.zone_ids), id, created_at: nowIso() })
        .execute();
      if (attendees.length) {
        await q
          .insertInto('cleanup_attendance')
          .values(attendees.map((a) => ({ cleanup_id: id, person_id: a.personId, minutes: a.minutes })))
          .execute();
      }
      return id;
    },

    cleanups(compoundId: string, limit = 24) {
      return db
        .selectFrom('cleanups')
        .leftJoin('cleanup_attendance', 'cleanup_attendance.cleanup_id', 'cleanups.id')
        .select([
          'cleanups.id',
          'cleanups.held_on',
          'cleanups.title',
          'cleanups.organiser',
          'cleanups.zone_ids',
          (eb) => eb.fn.count<number>('cleanup_attendance.person_id').as('attendees'),
          (eb) => eb.fn.coalesce(eb.fn.sum<number>('cleanup_attendance.minutes'), eb.lit(0)).as('minutes'),
        ])
        .where('cleanups.compound_id', '=', compoundId)
        .groupBy(['cleanups.id', 'cleanups.held_on', 'cleanups.title', 'cleanups.organiser', 'cleanups.zone_ids'])
        .orderBy('cleanups.held_on', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type ZonesRepository = ReturnType<typeof createZonesRepository>;
export type ZoneRow = NonNullable<Awaited<ReturnType<ZonesRepository['find']>>>;
