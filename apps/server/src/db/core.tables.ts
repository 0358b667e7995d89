import type { Generated } from 'kysely';

export interface NodesTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  /** Materialised path of ids, e.g. "/d1/s1/c1/p1/": a subtree is a prefix. */
  path: string;
  created_at: string;
}

export interface PeopleTable {
  id: string;
  node_id: string;
  name: string;
  phone: string | null;
  birth_year: number | null;
  /** JSON array of tags: 独居老人, 残疾, 党员, 团员, 妇联 … */
  tags: Generated<string>;
  id_number: string | null;
  created_at: string;
  erased_at: string | null;
  /** Raised by every write of the form's fields; an edit names the one it was made against (ADR 0002). */
  version: Generated<number>;
  /** The unit they live in, when known. */
  unit_id?: string | null;
  /** Set on the tombstone of a merged record: the person who now holds everything (migration 2026-12-07T0101). */
  merged_into?: string | null;
  merged_at?: string | null;
}

export interface AccountsTable {
  id: string;
  person_id: string;
  phone: string;
  password_hash: string | null;
  lang: Generated<string>;
  large_text: Generated<number>;
  disabled: Generated<number>;
  created_at: string;
  /** 1 after a one-time password (first administrator, staff reset): the next sign-in must choose one. */
  must_change_password: Generated<number>;
}

export interface RoleGrantsTable {
  id: string;
  account_id: string;
  role: string;
  node_id: string;
  granted_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  csrf_token: string;
  acting_for_person_id: string | null;
  acting_channel: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuditLogTable {
  /** Insertion id (not the log order): numbered by the database, with no lock. */
  seq: Generated<number>;
  at: string;
  actor_account_id: string | null;
  on_behalf_of: string | null;
  channel: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  node_id: string | null;
  details: string | null;
  /** The entry's place in the Merkle tree, given by the sequencer; null until then. */
  leaf_index: number | null;
}

/** A node of a complete subtree of the log's Merkle tree (leaves at level 0), hex SHA-256. */
export interface LogNodesTable {
  level: number;
  idx: number;
  hash: string;
}

/** A signed statement of the log's size and root at a time (one per sequencer batch). */
export interface LogCheckpointsTable {
  tree_size: number;
  root_hash: string;
  at: string;
  key_id: string;
  /** Base64 Ed25519 signature of checkpointNote(). */
  signature: string;
}

export interface IdempotencyKeysTable {
  account_id: string;
  key: string;
  route: string;
  status: number;
  body: string;
  created_at: string;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  until: string;
  last_run_at: string | null;
}

export interface CoreTables {
  nodes: NodesTable;
  people: PeopleTable;
  accounts: AccountsTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  log_nodes: LogNodesTable;
  log_checkpoints: LogCheckpointsTable;
  idempotency_keys: IdempotencyKeysTable;
  job_leases: JobLeasesTable;
}
