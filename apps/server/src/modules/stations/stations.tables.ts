/** The five stations (五小驿站) of a compound. */
export interface StationsTable {
  id: string;
  compound_id: string;
  type: string;
  name: string;
  place: string;
  hours: string;
  /** JSON array of strings */
  services: string;
  /** JSON array of {name, phone} */
  contacts: string;
  created_at: string;
}

export interface StationSlotsTable {
  id: string;
  station_id: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  /** Kept by conditional updates so concurrent bookings never exceed capacity. */
  booked: number;
  created_at: string;
}

export interface StationBookingsTable {
  id: string;
  slot_id: string;
  person_id: string;
  note: string;
  booked_by: string | null;
  created_at: string;
  cancelled_at: string | null;
  /** When the person was reminded of the booking (once, a few hours before). */
  reminded_at?: string | null;
}

export interface StationsTables {
  stations: StationsTable;
  station_slots: StationSlotsTable;
  station_bookings: StationBookingsTable;
}
