/** A vote on an owners' decision (art. 278 matter) or a non-binding consultation. */
export interface VotesTable {
  id: string;
  compound_id: string;
  kind: 'decision' | 'consultation';
  /** Art. 278 matter 1–9; null for a consultation. */
  matter: number | null;
  title: string;
  body: string;
  /** JSON array of {key, label}; empty for a decision (yes / no / abstain). */
  options: string;
  opens_at: string;
  closes_at: string;
  status: 'open' | 'closed';
  total_owners: number;
  total_area_hundredths: number;
  /** JSON, written once in the same statement that closes the vote. */
  result: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  /** When owners who had not voted were reminded, 48 h before closing (once). */
  reminded_at?: string | null;
  /** 1 when the local rule recorded at opening puts the unit-by-unit list on the public 公示. */
  unit_list_public?: number;
}

/** One voting subject of a vote's frozen electorate. */
export interface VoteElectorateTable {
  vote_id: string;
  subject: string;
  /** JSON array of unit numbers. */
  units: string;
  area_hundredths: number;
  /** JSON array of the person ids who may cast this subject's one ballot. */
  voters: string;
  developer: number;
}

/** Unit → subject, so a paper ballot or an official CSV row can name a unit. */
export interface VoteUnitsTable {
  vote_id: string;
  unit: string;
  subject: string;
  area_hundredths: number;
  area_source: string;
}

/** Person → subject: who may cast online, and for whom. */
export interface VoteVotersTable {
  vote_id: string;
  person_id: string;
  subject: string;
}

export interface VoteBallotsTable {
  id: string;
  vote_id: string;
  subject: string;
  choice: string;
  channel: 'online' | 'paper';
  /** counted, or pending: a paper ballot entered but not yet confirmed by a second staff member. */
  status: 'counted' | 'pending';
  cast_by_person_id: string | null;
  entered_by: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  receipt_hash: string;
  created_at: string;
}

export interface VotesTables {
  votes: VotesTable;
  vote_electorate: VoteElectorateTable;
  vote_units: VoteUnitsTable;
  vote_voters: VoteVotersTable;
  vote_ballots: VoteBallotsTable;
}
