import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { EventOccurrencesTable, EventsTable } from './events.tables';
import { createSignupsRepository, type OccurrenceInit } from './signups.repository';

export type { SignupRow } from './signups.repository';

export type EventRow = EventsTable & { node_path: string; node_name: string };
export type OccurrenceRow = EventOccurrencesTable;
type Db = Kysely<DB> | Transaction<DB>;

/** Events whose node is the anchor, inside it, or above it (a community's event shows in its compounds). */
function relatedTo(anchor: string) {
  return sql<boolean>`(nodes.path like ${`${anchor}%`} or ${anchor} like nodes.path || '%')`;
}

/** Events, their materialised occurrences and sign-ups. All SQL of the events module lives here. */
export function createEventsRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  const eventSelect = (q: Db) =>
    q
      .selectFrom('events')
      .innerJoin('nodes', 'nodes.id', 'events.node_id')
      .selectAll('events')
      .select(['nodes.path as node_path', 'nodes.name as node_name']);

  /** Inserts the occurrence row if missing and returns it, locked on PostgreSQL for this transaction. */
  async function lockOccurrence(
    trx: Transaction<DB>,
    init: Omit<OccurrenceRow, 'id' | 'updated_at' | 'taken' | 'status' | 'changed' | 'title' | 'place'>,
  ) {
    await trx
      .insertInto('event_occurrences')
      .values({ ...init, id: newId(), title: null, place: null, status: 'scheduled', taken: 0, changed: 0, updated_at: nowIso() })
      .onConflict((oc) => oc.columns(['event_id', 'occ_key']).doNothing())
      .execute();
    let q = trx
      .selectFrom('event_occurrences')
      .selectAll()
      .where('event_id', '=', init.event_id)
      .where('occ_key', '=', init.occ_key);
    if (dialect === 'postgres') q = q.forUpdate();
    return q.executeTakeFirstOrThrow();
  }

  return {
    ...createSignupsRepository(db, dialect, lockOccurrence),
    lockOccurrence,

    async insertEvent(
      row: Omit<EventsTable, 'id' | 'created_at' | 'updated_at' | 'sequence' | 'cancelled_at'>,
      after?: (trx: Transaction<DB>, id: string) => Promise<void>,
    ) {
      const id = newId();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('events')
          .values({ ...row, id, created_at: now, updated_at: now, sequence: 0, cancelled_at: null })
          .execute();
        if (after) await after(trx, id);
      });
      return id;
    },

    findEvent(id: string): Promise<EventRow | undefined> {
      return eventSelect(db).where('events.id', '=', id).executeTakeFirst();
    },

    /** Events related to the anchor node path, optionally of one group or kind. */
    listEvents(filter: { anchorPath?: string; groupId?: string; kind?: string; ids?: string[] }): Promise<EventRow[]> {
      let q = eventSelect(db).where('events.cancelled_at', 'is', null);
      if (filter.anchorPath) q = q.where(relatedTo(filter.anchorPath));
      if (filter.groupId) q = q.where('events.group_id', '=', filter.groupId);
      if (filter.kind) q = q.where('events.kind', '=', filter.kind as EventsTable['kind']);
      if (filter.ids) {
        if (!filter.ids.length) return Promise.resolve([]);
        q = q.where('events.id', 'in', filter.ids);
      }
      return q.orderBy('events.starts_at').limit(500).execute();
    },

    occurrencesOf(eventIds: string[]): Promise<OccurrenceRow[]> {
      if (!eventIds.length) return Promise.resolve([]);
      return db.selectFrom('event_occurrences').selectAll().where('event_id', 'in', eventIds).execute();
    },

    findOccurrenceById(id: string) {
      return db.selectFrom('event_occurrences').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findOccurrence(eventId: string, occKey: string) {
      return db
        .selectFrom('event_occurrences')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('occ_key', '=', occKey)
        .executeTakeFirst();
    },

    /** Changes or cancels one occurrence (a RECURRENCE-ID override / an EXDATE) and bumps the series' SEQUENCE. */
    async changeOccurrence(
      init: OccurrenceInit,
      change: Partial<Pick<OccurrenceRow, 'starts_at' | 'ends_at' | 'title' | 'place' | 'status'>>,
      after: (trx: Transaction<DB>, occ: OccurrenceRow) => Promise<void>,
    ) {
      return db.transaction().execute(async (trx) => {
        const occ = await lockOccurrence(trx, init);
        const moved =
          change.starts_at !== undefined ||
          change.ends_at !== undefined ||
          change.title !== undefined ||
          change.place !== undefined;
        await trx
          .updateTable('event_occurrences')
          .set({ ...change, ...(moved ? { changed: 1 } : {}), updated_at: nowIso() })
          .where('id', '=', occ.id)
          .execute();
        await trx
          .updateTable('events')
          .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: nowIso() }))
          .where('id', '=', init.event_id)
          .execute();
        const updated = await trx.selectFrom('event_occurrences').selectAll().where('id', '=', occ.id).executeTakeFirstOrThrow();
        await after(trx, updated);
        return updated;
      });
    },

    /** Changes the series and bumps its SEQUENCE (calendar clients then take the new version). */
    async updateEvent(
      id: string,
      set: Partial<
        Pick<
          EventsTable,
          'title' | 'place' | 'description' | 'capacity' | 'min_age' | 'max_age' | 'signup_opens_hours' | 'signup_closes_min'
        >
      >,
      after: (trx: Transaction<DB>) => Promise<void>,
    ) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('events')
          .set((eb) => ({ ...set, sequence: eb('sequence', '+', 1), updated_at: nowIso() }))
          .where('id', '=', id)
          .where('cancelled_at', 'is', null)
          .execute();
        await after(trx);
      });
    },

    /** Cancels the whole series once; returns false when it was already cancelled. */
    async cancelEvent(id: string, after: (trx: Transaction<DB>) => Promise<void>) {
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('events')
          .set((eb) => ({ cancelled_at: nowIso(), sequence: eb('sequence', '+', 1), updated_at: nowIso() }))
          .where('id', '=', id)
          .where('cancelled_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await after(trx);
        return true;
      });
    },

    isLeaderOf(groupId: string, personId: string) {
      return db
        .selectFrom('group_members')
        .select('person_id')
        .where('group_id', '=', groupId)
        .where('person_id', '=', personId)
        .where('role', '=', 'leader')
        .where('left_at', 'is', null)
        .executeTakeFirst()
        .then(Boolean);
    },

    async personWithNode(personId: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select([
          'people.id',
          'people.name',
          'people.birth_year',
          'people.tags',
          'people.node_id',
          'nodes.path',
          'people.erased_at',
        ])
        .where('people.id', '=', personId)
        .executeTakeFirst();
    },

    async hasVolunteerGrant(personId: string) {
      const r = await db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .select('role_grants.id')
        .where('accounts.person_id', '=', personId)
        .where('role_grants.role', '=', 'volunteer')
        .where('role_grants.revoked_at', 'is', null)
        .executeTakeFirst();
      return !!r;
    },

    /** Each person's account language (zh-CN when they have no account), for notices in their words. */
    /** Scheduled occurrences starting in (from, until] whose people were not reminded yet. */
    occurrencesToRemind(from: string, until: string) {
      return db
        .selectFrom('event_occurrences')
        .innerJoin('events', 'events.id', 'event_occurrences.event_id')
        .select([
          'event_occurrences.id',
          'event_occurrences.title',
          'event_occurrences.place',
          'event_occurrences.starts_at',
          'events.title as event_title',
          'events.place as event_place',
        ])
        .where('event_occurrences.status', '=', 'scheduled')
        .where('events.cancelled_at', 'is', null)
        .where('event_occurrences.reminded_at', 'is', null)
        .where('event_occurrences.starts_at', '>', from)
        .where('event_occurrences.starts_at', '<=', until)
        .limit(500)
        .execute();
    },

    /** Marks an occurrence reminded, once: false when another run did it first. */
    async markOccurrenceReminded(id: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('event_occurrences')
        .set({ reminded_at: at })
        .where('id', '=', id)
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** People holding a confirmed place in an occurrence. */
    async confirmedPeople(occurrenceId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('event_signups')
        .select('person_id')
        .where('occurrence_id', '=', occurrenceId)
        .where('status', '=', 'confirmed')
        .execute();
      return [...new Set(rows.map((r) => r.person_id))];
    },

    async langsOf(personIds: string[]): Promise<Map<string, 'zh-CN' | 'en'>> {
      const out = new Map<string, 'zh-CN' | 'en'>(personIds.map((id) => [id, 'zh-CN']));
      if (!personIds.length) return out;
      const rows = await db.selectFrom('accounts').select(['person_id', 'lang']).where('person_id', 'in', personIds).execute();
      for (const r of rows) out.set(r.person_id, r.lang === 'en' ? 'en' : 'zh-CN');
      return out;
    },

    /** People living under a node (demo data and pickers): names, birth years and tags only. */
    peopleUnder(path: string, limit = 2000) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'people.birth_year', 'people.tags'])
        .where('nodes.path', 'like', `${path}%`)
        .where('people.erased_at', 'is', null)
        .orderBy('people.id')
        .limit(limit)
        .execute();
    },

    /** The compound (or nearest node) name for the hours ledger. */
    nodeName(id: string) {
      return db.selectFrom('nodes').select(['name', 'path']).where('id', '=', id).executeTakeFirst();
    },
  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;
