import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** SQL of the station booking reminder (stations.jobs.ts). */
export function createStationRemindersRepository(db: Kysely<DB>) {
  return {
    /** Live bookings of slots starting in (from, until], not reminded yet. */
    due(from: string, until: string) {
      return db
        .selectFrom('station_bookings')
        .innerJoin('station_slots', 'station_slots.id', 'station_bookings.slot_id')
        .innerJoin('stations', 'stations.id', 'station_slots.station_id')
        .select([
          'station_bookings.id',
          'station_bookings.person_id',
          'station_bookings.created_at',
          'station_slots.starts_at',
          'stations.id as station_id',
          'stations.name',
          'stations.place',
        ])
        .where('station_bookings.cancelled_at', 'is', null)
        .where('station_bookings.reminded_at', 'is', null)
        .where('station_slots.starts_at', '>', from)
        .where('station_slots.starts_at', '<=', until)
        .limit(500)
        .execute();
    },

    /** Marks one booking reminded, once: false when another run did it first. */
    async markReminded(id: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('station_bookings')
        .set({ reminded_at: at })
        .where('id', '=', id)
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
