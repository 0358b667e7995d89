import type { Kysely, Transaction } from 'kysely';
import type { VolunteerHoursTable } from '../../db/foundation.tables';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

export type HoursEntry = Omit<VolunteerHoursTable, 'id' | 'created_at'>;

/**
 * The volunteer hours ledger (志愿服务记录). One entry per volunteer per source record: crediting
 * the same order, visit, duty or event twice is a no-op, so retries are safe.
 */
export function createHoursRepository(db: Kysely<DB>) {
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
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('served_on', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type HoursRepository = ReturnType<typeof createHoursRepository>;
