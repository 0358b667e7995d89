/** One row per change of a member's consent to be named on the public board (PIPL art. 25). */
export interface BoardConsentsTable {
  id: string;
  person_id: string;
  /** 1 given, 0 withdrawn. The latest row is in force. */
  given: number;
  recorded_at: string;
  recorded_by: string | null;
  note: string;
}

/** A party member's own pledge for their printed card (one row per member, overwritten; audited). */
export interface BoardPledgesTable {
  person_id: string;
  /** JSON array of 1–4 lines, each at most 30 characters. */
  lines: string;
  /** An upload (owner_type 'board_pledge'); printed only with the member's consent in force. */
  photo_id: string | null;
  updated_at: string;
  /** The account that wrote it (the member, or staff acting for them). */
  updated_by: string | null;
}

export interface BoardsTables {
  board_consents: BoardConsentsTable;
  board_pledges: BoardPledgesTable;
}
