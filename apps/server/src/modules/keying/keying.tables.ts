/** One keying of one paper item (a unit's ballot) by one staff member, in the slot it took. */
export interface PaperKeyingsTable {
  id: string;
  /** What is keyed: 'vote' (owners' ballots), and whatever reuses the module next. */
  kind: string;
  scope_id: string;
  item: string;
  /** 1 and 2: the blind pair; 3: the third keyer, who decides a mismatch. */
  slot: number;
  account_id: string;
  value: string;
  created_at: string;
}

export interface KeyingTables {
  paper_keyings: PaperKeyingsTable;
}
