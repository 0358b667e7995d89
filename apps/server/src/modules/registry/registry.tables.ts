/** 小区党支部: one per compound. */
export interface BranchesTable {
  id: string;
  compound_id: string;
  name: string;
  /*
   * `secretary_person_id` is still a column (migration 2026-12-07T0402 moved what it held into
   * role grants) but nothing reads or writes it: the branch secretary is whoever holds the
   * branch_secretary role at the compound — one fact (org.repository.secretaryOf).
   */
  /** YYYY-MM-DD */
  founded_on: string | null;
  /** 示范点 (demonstration site): 0/1 */
  demonstration: number;
  created_at: string;
}

export interface BranchMembersTable {
  branch_id: string;
  person_id: string;
  joined_on: string | null;
}

/** 业委会: one per compound. */
export interface CommitteesTable {
  id: string;
  compound_id: string;
  name: string;
  chair_person_id: string | null;
  founded_on: string | null;
  term_start: string;
  term_end: string;
  created_at: string;
}

export interface CommitteeMembersTable {
  committee_id: string;
  person_id: string;
  position: 'chair' | 'vice_chair' | 'member';
}

/** A household import: the row the web page polls for its progress bar. */
export interface ImportJobsTable {
  id: string;
  compound_id: string;
  account_id: string | null;
  file_name: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  /** JSON: {units, people} on success, {error} on failure. */
  result: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface RegistryTables {
  branches: BranchesTable;
  branch_members: BranchMembersTable;
  committees: CommitteesTable;
  committee_members: CommitteeMembersTable;
  import_jobs: ImportJobsTable;
}
