import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { constraintKind } from '../../lib/db-errors';
import { AppError } from '../../lib/errors';
import { newId, nowIso } from '../../lib/ids';
import type { EventOccurrencesTable, EventSignupsTable } from './events.tables';

export type SignupRow = EventSignupsTable;
export type OccurrenceInit = Pick<EventOccurrencesTable, 'event_id' | 'occ_key' | 'starts_at' | 'ends_at' | 'capacity'>;
export type LockOccurrence = (trx: Transaction<DB>, init: OccurrenceInit) => Promise<EventOccurrencesTable>;

function isUniqueViolation(err: unknown): boolean {
  return constraintKind(err) === 'unique';
}

/**
 * Sign-ups, the wait list, tickets and attendance. Every change that touches capacity runs in a
 * transaction on the occurrence row (locked on PostgreSQL; SQLite has one writer at a time).
 */
export function createSignupsRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres', lockOccurrence: LockOccurrence) {
  return {
    /**
     * Signs a person up: a confirmed place while `taken < capacity` (one atomic conditional update
     * on the locked occurrence row), else the wait list. Never more confirmed than capacity, on
     * either database, however many sign up at once.
     */
    async signUp(
      init: OccurrenceInit,
      s: { personId: string; ticketCode: string; actorAccountId: string; channel: string | null },
      after: (trx: Transaction<DB>, signup: SignupRow) => Promise<void>,
    ): Promise<SignupRow> {
      try {
        return await db.transaction().execute(async (trx) => {
          const occ = await lockOccurrence(trx, init);
          if (occ.status === 'cancelled') throw new AppError('OCCURRENCE_CANCELLED');
          const existing = await trx
            .selectFrom('event_signups')
            .select('id')
            .where('occurrence_id', '=', occ.id)
            .where('person_id', '=', s.personId)
            .where('status', '<>', 'cancelled')
            .executeTakeFirst();
          if (existing) throw new AppError('ALREADY_SIGNED_UP');
          const r = await trx
            .updateTable('event_occurrences')
            .set((eb) => ({ taken: eb('taken', '+', 1) }))
            .where('id', '=', occ.id)
            .where((eb) => eb.or([eb('capacity', 'is', null), eb('taken', '<', eb.ref('capacity'))]))
            .executeTakeFirst();
          const now = nowIso();
          const row: SignupRow = {
            id: newId(),
            occurrence_id: occ.id,
            event_id: init.event_id,
            person_id: s.personId,
            status: Number(r.numUpdatedRows) === 1 ? 'confirmed' : 'waitlisted',
            ticket_code: s.ticketCode,
            actor_account_id: s.actorAccountId,
            channel: s.channel,
            created_at: now,
            seq: `${now}|${newId()}`,
            cancelled_at: null,
            checked_in_at: null,
            checked_in_by: null,
          };
          await trx.insertInto('event_signups').values(row).execute();
          await after(trx, row);
          return row;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('ALREADY_SIGNED_UP');
        throw err;
      }
    },

    /**
     * Applies a new capacity to the occurrences still to come. More places move the wait list up
     * (first come, first served); fewer places never remove anyone already confirmed, they only
     * send new sign-ups to the wait list until enough cancel.
     */
    async resizeFuture(eventId: string, capacity: number | null, fromIso: string): Promise<SignupRow[]> {
      const promoted: SignupRow[] = [];
      const occ = await db
        .selectFrom('event_occurrences')
        .select('id')
        .where('event_id', '=', eventId)
        .where('starts_at', '>', fromIso)
        .where('status', '=', 'scheduled')
        .execute();
      for (const { id } of occ) {
        await db.transaction().execute(async (trx) => {
          let q = trx.selectFrom('event_occurrences').selectAll().where('id', '=', id);
          if (dialect === 'postgres') q = q.forUpdate();
          const o = await q.executeTakeFirstOrThrow();
          await trx.updateTable('event_occurrences').set({ capacity, updated_at: nowIso() }).where('id', '=', id).execute();
          const free = capacity === null ? Number.POSITIVE_INFINITY : capacity - o.taken;
          if (free <= 0) return;
          const waiting = await trx
            .selectFrom('event_signups')
            .selectAll()
            .where('occurrence_id', '=', id)
            .where('status', '=', 'waitlisted')
            .orderBy('seq')
            .limit(Number.isFinite(free) ? free : 10_000)
            .execute();
          for (const w of waiting) {
            const u = await trx
              .updateTable('event_signups')
              .set({ status: 'confirmed' })
              .where('id', '=', w.id)
              .where('status', '=', 'waitlisted')
              .executeTakeFirst();
            if (Number(u.numUpdatedRows) !== 1) continue;
            await trx
              .updateTable('event_occurrences')
              .set((eb) => ({ taken: eb('taken', '+', 1) }))
              .where('id', '=', id)
              .execute();
            promoted.push({ ...w, status: 'confirmed' });
          }
        });
      }
      return promoted;
    },

    /** People with a live sign-up for an occurrence still to come (to tell them of a cancellation). */
    async futureSignupPeople(eventId: string, fromIso: string) {
      const rows = await db
        .selectFrom('event_signups')
        .innerJoin('event_occurrences', 'event_occurrences.id', 'event_signups.occurrence_id')
        .select('event_signups.person_id')
        .distinct()
        .where('event_signups.event_id', '=', eventId)
        .where('event_signups.status', '<>', 'cancelled')
        .where('event_occurrences.starts_at', '>', fromIso)
        .execute();
      return rows.map((r) => r.person_id);
    },

    findSignup(id: string) {
      return db.selectFrom('event_signups').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findSignupByTicket(code: string) {
      return db.selectFrom('event_signups').selectAll().where('ticket_code', '=', code).executeTakeFirst();
    },

    /**
     * Cancels a sign-up. A confirmed place goes to the first on the wait list (conditional update,
     * so two cancellations never promote the same person); with nobody waiting the place is freed.
     */
    async cancelSignup(id: string, after: (trx: Transaction<DB>, promoted: SignupRow | null) => Promise<void>) {
      return db.transaction().execute(async (trx) => {
        const s = await trx.selectFrom('event_signups').selectAll().where('id', '=', id).executeTakeFirst();
        if (!s) throw new AppError('NOT_FOUND');
        let oq = trx.selectFrom('event_occurrences').selectAll().where('id', '=', s.occurrence_id);
        if (dialect === 'postgres') oq = oq.forUpdate();
        await oq.executeTakeFirstOrThrow();
        const r = await trx
          .updateTable('event_signups')
          .set({ status: 'cancelled', cancelled_at: nowIso() })
          .where('id', '=', id)
          .where('status', 'in', ['confirmed', 'waitlisted'])
          .where('checked_in_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new AppError('INVALID_TRANSITION');
        let promoted: SignupRow | null = null;
        if (s.status === 'confirmed') {
          const waiting = await trx
            .selectFrom('event_signups')
            .selectAll()
            .where('occurrence_id', '=', s.occurrence_id)
            .where('status', '=', 'waitlisted')
            .orderBy('seq')
            .limit(5)
            .execute();
          for (const w of waiting) {
            const u = await trx
              .updateTable('event_signups')
              .set({ status: 'confirmed' })
              .where('id', '=', w.id)
              .where('status', '=', 'waitlisted')
              .executeTakeFirst();
            if (Number(u.numUpdatedRows) === 1) {
              promoted = { ...w, status: 'confirmed' };
              break;
            }
          }
          if (!promoted) {
            await trx
              .updateTable('event_occurrences')
              .set((eb) => ({ taken: eb('taken', '-', 1) }))
              .where('id', '=', s.occurrence_id)
              .where('taken', '>', 0)
              .execute();
          }
        }
        await after(trx, promoted);
        return { signup: s, promoted };
      });
    },

    /** Checks a ticket in once: the conditional update has exactly one winner. */
    async checkIn(
      id: string,
      byAccountId: string,
      after: (trx: Transaction<DB>, at: string) => Promise<void>,
    ): Promise<string | null> {
      return db.transaction().execute(async (trx) => {
        const at = nowIso();
        const r = await trx
          .updateTable('event_signups')
          .set({ checked_in_at: at, checked_in_by: byAccountId })
          .where('id', '=', id)
          .where('status', '=', 'confirmed')
          .where('checked_in_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return null;
        await after(trx, at);
        return at;
      });
    },

    /** The live sign-ups of a person with their event, newest first. */
    signupsOfPerson(personId: string, limit = 100) {
      return db
        .selectFrom('event_signups')
        .innerJoin('event_occurrences', 'event_occurrences.id', 'event_signups.occurrence_id')
        .innerJoin('events', 'events.id', 'event_signups.event_id')
        .select([
          'event_signups.id',
          'event_signups.status',
          'event_signups.ticket_code',
          'event_signups.checked_in_at',
          'event_signups.created_at',
          'event_occurrences.occ_key',
          'event_occurrences.starts_at',
          'event_occurrences.ends_at',
          'event_occurrences.status as occ_status',
          'event_occurrences.title as occ_title',
          'event_occurrences.place as occ_place',
          'events.id as event_id',
          'events.title',
          'events.place',
        ])
        .where('event_signups.person_id', '=', personId)
        .where('event_signups.status', '<>', 'cancelled')
        .orderBy('event_occurrences.starts_at', 'desc')
        .limit(limit)
        .execute();
    },

    mySignupFor(occurrenceId: string, personId: string) {
      return db
        .selectFrom('event_signups')
        .selectAll()
        .where('occurrence_id', '=', occurrenceId)
        .where('person_id', '=', personId)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst();
    },

    /** Names on an occurrence's list (for its organiser): no phones. */
    roster(occurrenceId: string) {
      return db
        .selectFrom('event_signups')
        .innerJoin('people', 'people.id', 'event_signups.person_id')
        .select([
          'event_signups.id',
          'event_signups.status',
          'event_signups.checked_in_at',
          'event_signups.seq',
          'people.name',
          'people.id as person_id',
        ])
        .where('event_signups.occurrence_id', '=', occurrenceId)
        .where('event_signups.status', '<>', 'cancelled')
        .orderBy('event_signups.seq')
        .execute();
    },

    /** Attendance per occurrence of an event: confirmed, waiting, checked in. */
    async attendanceByOccurrence(eventId: string) {
      return db
        .selectFrom('event_signups')
        .innerJoin('event_occurrences', 'event_occurrences.id', 'event_signups.occurrence_id')
        .select((eb) => [
          'event_occurrences.occ_key',
          'event_occurrences.starts_at',
          eb.fn.sum<number>(eb.case().when('event_signups.status', '=', 'confirmed').then(1).else(0).end()).as('confirmed'),
          eb.fn.sum<number>(eb.case().when('event_signups.status', '=', 'waitlisted').then(1).else(0).end()).as('waitlisted'),
          eb.fn.count<number>('event_signups.checked_in_at').as('attended'),
        ])
        .where('event_signups.event_id', '=', eventId)
        .where('event_signups.status', '<>', 'cancelled')
        .groupBy(['event_occurrences.occ_key', 'event_occurrences.starts_at'])
        .orderBy('event_occurrences.starts_at', 'desc')
        .execute();
    },

    async attendanceOfPerson(personId: string) {
      const r = await db
        .selectFrom('event_signups')
        .select((eb) => [eb.fn.count<number>('checked_in_at').as('attended'), eb.fn.countAll<number>().as('signedUp')])
        .where('person_id', '=', personId)
        .where('status', '=', 'confirmed')
        .executeTakeFirst();
      return { attended: Number(r?.attended ?? 0), signedUp: Number(r?.signedUp ?? 0) };
    },
  };
}
