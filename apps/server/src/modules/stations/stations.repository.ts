import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/** SQL of the 五小驿站: stations, slots and bookings. */
export function createStationsRepository(db: Kysely<DB>) {
  return {
    listByCompound(compoundId: string) {
      return db.selectFrom('stations').selectAll().where('compound_id', '=', compoundId).orderBy('type').execute();
    },
    find(id: string) {
      return db
        .selectFrom('stations')
        .innerJoin('nodes', 'nodes.id', 'stations.compound_id')
        .selectAll('stations')
        .select(['nodes.path as compound_path', 'nodes.name as compound_name'])
        .where('stations.id', '=', id)
        .executeTakeFirst();
    },
    async update(
      id: string,
      set: Partial<{ name: string; place: string; hours: string; services: string; contacts: string }>,
      trx: Db = db,
    ) {
      if (Object.keys(set).length) await trx.updateTable('stations').set(set).where('id', '=', id).execute();
    },
    slots(stationId: string, from: string, to: string) {
      return db
        .selectFrom('station_slots')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('starts_at', '>=', from)
        .where('starts_at', '<', to)
        .orderBy('starts_at')
        .execute();
    },
    findSlot(id: string, trx: Db = db) {
      return trx
        .selectFrom('station_slots')
        .innerJoin('stations', 'stations.id', 'station_slots.station_id')
        .innerJoin('nodes', 'nodes.id', 'stations.compound_id')
        .selectAll('station_slots')
        .select(['nodes.path as compound_path', 'stations.name as station_name', 'stations.compound_id'])
        .where('station_slots.id', '=', id)
        .executeTakeFirst();
    },
    async createSlot(v: { stationId: string; startsAt: string; endsAt: string; capacity: number }, trx: Db = db) {
      const id = newId();
      await trx
        .insertInto('station_slots')
        .values({
          id,
          station_id: v.stationId,
          starts_at: v.startsAt,
          ends_at: v.endsAt,
          capacity: v.capacity,
          booked: 0,
          created_at: nowIso(),
        })
        .execute();
      return id;
    },
    /** Takes one place if any is left: one conditional UPDATE, so racing bookings never overfill. */
    async takePlace(slotId: string, trx: Db) {
      const r = await trx
        .updateTable('station_slots')
        .set({ booked: sql`booked + 1` })
        .where('id', '=', slotId)
        .where(sql<boolean>`booked < capacity`)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async releasePlace(slotId: string, trx: Db) {
      await trx
        .updateTable('station_slots')
        .set({ booked: sql`booked - 1` })
        .where('id', '=', slotId)
        .where('booked', '>', 0)
        .execute();
    },
    activeBooking(slotId: string, personId: string, trx: Db = db) {
      return trx
        .selectFrom('station_bookings')
        .select('id')
        .where('slot_id', '=', slotId)
        .where('person_id', '=', personId)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
    },
    async book(v: { slotId: string; personId: string; note: string; bookedBy: string | null }, trx: Db) {
      const id = newId();
      await trx
        .insertInto('station_bookings')
        .values({
          id,
          slot_id: v.slotId,
          person_id: v.personId,
          note: v.note,
          booked_by: v.bookedBy,
          created_at: nowIso(),
          cancelled_at: null,
        })
        .execute();
      return id;
    },
    findBooking(id: string) {
      return db
        .selectFrom('station_bookings')
        .innerJoin('station_slots', 'station_slots.id', 'station_bookings.slot_id')
        .innerJoin('stations', 'stations.id', 'station_slots.station_id')
        .innerJoin('nodes', 'nodes.id', 'stations.compound_id')
        .selectAll('station_bookings')
        .select(['nodes.path as compound_path'])
        .where('station_bookings.id', '=', id)
        .executeTakeFirst();
    },
    /** Cancels if still active; true for exactly one of racing cancellations. */
    async cancel(id: string, trx: Db) {
      const r = await trx
        .updateTable('station_bookings')
        .set({ cancelled_at: nowIso() })
        .where('id', '=', id)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** A day's active bookings at a station, with who booked. */
    dayBookings(stationId: string, from: string, to: string) {
      return db
        .selectFrom('station_bookings')
        .innerJoin('station_slots', 'station_slots.id', 'station_bookings.slot_id')
        .innerJoin('people', 'people.id', 'station_bookings.person_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select([
          'station_bookings.id',
          'station_bookings.note',
          'station_bookings.created_at',
          'station_slots.starts_at',
          'station_slots.ends_at',
          'people.id as person_id',
          'people.name',
          'people.phone',
          'units.stairwell',
          'units.door',
          'b.name as building_name',
        ])
        .where('station_slots.station_id', '=', stationId)
        .where('station_slots.starts_at', '>=', from)
        .where('station_slots.starts_at', '<', to)
        .where('station_bookings.cancelled_at', 'is', null)
        .orderBy('station_slots.starts_at')
        .orderBy('station_bookings.created_at')
        .execute();
    },
    myBookings(personId: string, from: string) {
      return db
        .selectFrom('station_bookings')
        .innerJoin('station_slots', 'station_slots.id', 'station_bookings.slot_id')
        .innerJoin('stations', 'stations.id', 'station_slots.station_id')
        .select([
          'station_bookings.id',
          'station_slots.starts_at',
          'station_slots.ends_at',
          'stations.id as station_id',
          'stations.name as station_name',
          'stations.place',
        ])
        .where('station_bookings.person_id', '=', personId)
        .where('station_bookings.cancelled_at', 'is', null)
        .where('station_slots.ends_at', '>=', from)
        .orderBy('station_slots.starts_at')
        .execute();
    },
  };
}

export type StationsRepository = ReturnType<typeof createStationsRepository>;
