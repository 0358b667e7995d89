import type { Generated } from 'kysely';

/** Tables of the accounts module beyond the core ones (see migration 2026-11-27T0100-accounts). */
export interface LoginAttemptsTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
  updated_at: string;
}

export interface LoginCodesTable {
  id: string;
  phone_hash: string;
  code_hash: string;
  attempts: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** SHA-256 of the address that asked for it (per-address send limit). */
  ip_hash?: string | null;
}

export interface InvitationsTable {
  id: string;
  code_hash: string;
  role: string;
  node_id: string;
  can_proxy: number;
  note: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
  redeemed_by: string | null;
  revoked_at: string | null;
}

/** The column this module adds to the core role_grants table: a volunteer's right to act for residents. */
export interface RoleGrantProxyColumn {
  can_proxy: Generated<number>;
}

/** A newcomer's request to join a compound, approved or rejected by a community worker. */
export interface JoinRequestsTable {
  id: string;
  compound_id: string;
  unit_id: string;
  name: string;
  phone: string;
  relation: 'owner' | 'tenant' | 'family';
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  person_id: string | null;
}

/** A text message on its way to the SMS gateway (see sms-outbox.ts). */
export interface SmsOutboxTable {
  id: string;
  phone: string;
  template: string;
  /** JSON object of the template's parameters. */
  params: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  provider_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** Migration 2026-12-07T0100; null on rows tried before it. */
  last_attempt_at?: string | null;
}

export interface AccountsTables {
  sms_outbox: SmsOutboxTable;
  join_requests: JoinRequestsTable;
  login_attempts: LoginAttemptsTable;
  login_codes: LoginCodesTable;
  invitations: InvitationsTable;
  role_grants: RoleGrantProxyColumn;
}
