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

export interface BoardsTables {
  board_consents: BoardConsentsTable;
}
