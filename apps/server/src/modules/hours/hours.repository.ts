import { type Kysely, sql, type Transaction } from 'kysely';
import type { VolunteerHoursTable } from '../../db/foundation.tables';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

export type HoursEntry = Omit<VolunteerHoursTable, 'id' | 'created_at'>;

export interface LedgerFilter {
  /** The subtree (a node path) whose compounds' entries are read. */
  path: string;
  personId?: string;
  team?: string;
  from?: string;
  to?: string;
}

/**
 * The volunteer hours ledger (志愿服务记录). One entry per volunteer per source record: crediting
 * the same order, visit, duty or event twice is a no-op, so retries are safe. Entries are never
 * edited: a correction is a new manual entry with its reason in hours_corrections.
 */
export function createHoursRepository(db: Kysely<DB>) {
  function ledgerQuery(f: LedgerFilter) {
    let q = db
      .selectFrom('volunteer_hours')
      .innerJoin('nodes', 'nodes.id', 'volunteer_hours.compound_id')
      .innerJoin('people', 'people.id', 'volunteer_hours.person_id')
      .where('nodes.path', 'like', `${f.path}%`);
    if (f.personId) q = q.where('volunteer_hours.person_id', '=', f.personId);
    if (f.team) q = q.where('volunteer_hours.team', '=', f.team);
    if (f.from) q = q.where('volunteer_hours.served_on', '>=', f.from);
    if (f.to) q = q.where('volunteer_hours.served_on', '<=', f.to);
    return q;
  }

  return {
    async credit(entry: HoursEntry, trx?: Transaction<DB>): Promise<void> {
      await (trx ?? db)
        .insertInto('volunteer_hours')
        .values({ ...entry, id: newId(), created_at: nowIso() })
        .onConflict((oc) => oc.columns(['source_type', 'source_id', 'person_id']).doNothing())
        .execute();
    },

    async totalMinutes(personId: string): Promise<number> {
      const r = await db
        .selectFrom('volunteer_hours')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('minutes'), eb.lit(0)).as('m'))
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(r?.m ?? 0);
    },

    listFor(personId: string, limit = 200) {
      return db
        .selectFrom('volunteer_hours')
        .leftJoin('hours_corrections', 'hours_corrections.hours_id', 'volunteer_hours.id')
        .selectAll('volunteer_hours')
        .select(['hours_corrections.reason', 'hours_corrections.corrects_id'])
        .where('person_id', '=', personId)
        .orderBy('served_on', 'desc')
        .orderBy('volunteer_hours.created_at', 'desc')
        .limit(limit)
        .execute();
    },

    findEntry(id: string) {
      return db.selectFrom('volunteer_hours').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Entries under a subtree with the volunteer's name, newest first. */
    ledger(f: LedgerFilter, limit = 500) {
      return ledgerQuery(f)
        .leftJoin('hours_corrections', 'hours_corrections.hours_id', 'volunteer_hours.id')
        .selectAll('volunteer_hours')
        .select(['people.name', 'hours_corrections.reason'])
        .orderBy('volunteer_hours.served_on', 'desc')
        .orderBy('volunteer_hours.created_at', 'desc')
        .limit(limit)
        .execute();
    },

    /** Totals by volunteer, by team, by month and by compound under a subtree. */
    async summary(f: LedgerFilter) {
      const byVolunteer = await ledgerQuery(f)
        .select([
          'volunteer_hours.person_id',
          'people.name',
          (eb) => eb.fn.sum<number>('volunteer_hours.minutes').as('minutes'),
          (eb) => eb.fn.count<number>('volunteer_hours.id').as('entries'),
        ])
        .groupBy(['volunteer_hours.person_id', 'people.name'])
        .orderBy('minutes', 'desc')
        .limit(500)
        .execute();
      const byTeam = await ledgerQuery(f)
        .select([
          'volunteer_hours.team',
          (eb) => eb.fn.sum<number>('volunteer_hours.minutes').as('minutes'),
          (eb) => eb.fn.count<number>('volunteer_hours.id').as('entries'),
        ])
        .groupBy('volunteer_hours.team')
        .execute();
      const month = sql<string>`substr(volunteer_hours.served_on, 1, 7)`;
      const byMonth = await ledgerQuery(f)
        .select([month.as('month'), (eb) => eb.fn.sum<number>('volunteer_hours.minutes').as('minutes')])
        .groupBy(month)
        .orderBy(month)
        .execute();
      const byCompound = await ledgerQuery(f)
        .select(['nodes.id', 'nodes.name', (eb) => eb.fn.sum<number>('volunteer_hours.minutes').as('minutes')])
        .groupBy(['nodes.id', 'nodes.name'])
        .execute();
      return { byVolunteer, byTeam, byMonth, byCompound };
    },

    async minutesByTeam(compoundId: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('volunteer_hours')
        .select(['team', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
        .where('compound_id', '=', compoundId)
        .where('team', 'is not', null)
        .groupBy('team')
        .execute();
      return new Map(rows.map((r) => [r.team ?? '', Number(r.minutes)]));
    },

    /** A staff correction: a new manual entry (minutes may be negative) and its reason. */
    async correct(
      entry: Omit<HoursEntry, 'source_type' | 'source_id'>,
      why: { reason: string; correctsId: string | null; byAccount: string },
      trx: Transaction<DB>,
    ) {
      const id = newId();
      const created_at = nowIso();
      await trx
        .insertInto('volunteer_hours')
        .values({ ...entry, id, source_type: 'manual', source_id: id, created_at })
        .execute();
      await trx
        .insertInto('hours_corrections')
        .values({ hours_id: id, corrects_id: why.correctsId, reason: why.reason, by_account: why.byAccount, created_at })
        .execute();
      return id;
    },

    /**
     * What a certificate may state: the person's minutes in the period recorded by one compound
     * (谁组织谁记录，谁记录谁证明), the distinct services and the organisers.
     */
    async forCertificate(personId: string, compoundId: string, from: string, to: string, trx?: Transaction<DB>) {
      const rows = await (trx ?? db)
        .selectFrom('volunteer_hours')
        .select(['activity', 'organiser', 'minutes', 'source_type'])
        .where('person_id', '=', personId)
        .where('compound_id', '=', compoundId)
        .where('served_on', '>=', from)
        .where('served_on', '<=', to)
        .execute();
      const minutes = rows.reduce((s, r) => s + r.minutes, 0);
      return {
        minutes,
        entries: rows.length,
        sources: [...new Set(rows.map((r) => r.source_type))],
        activities: [...new Set(rows.map((r) => r.activity))],
        organisers: [...new Set(rows.map((r) => r.organiser))],
      };
    },
  };
}

export type HoursRepository = ReturnType<typeof createHoursRepository>;
