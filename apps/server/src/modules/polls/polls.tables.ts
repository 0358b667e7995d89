import type { PollKind } from '@lianxin/tally';

export type PollAudience = 'compound' | 'building' | 'group' | 'volunteers';

export interface PollsTable {
  id: string;
  compound_id: string;
  title: string;
  kind: PollKind;
  /** JSON [{ key, label }]; empty for yes/no. */
  options: string;
  audience: PollAudience;
  /** The building or group; null for the compound and its volunteers. */
  audience_id: string | null;
  anonymous: number;
  /** 'live': members see the count while it runs; 'at_close': only after closing (staff always). */
  results: 'live' | 'at_close';
  closes_at: string;
  /** JSON PollResult, written once, by the first read after closing. */
  result: string | null;
  created_by: string;
  created_at: string;
}

export interface PollVotersTable {
  poll_id: string;
  person_id: string;
  /** online, or the proxy channel (phone_call, walk_in, home_visit) when staff answered for them. */
  channel: string;
  entered_by_account_id: string | null;
  created_at: string;
}

export interface PollAnswersTable {
  id: string;
  poll_id: string;
  /** JSON array of option keys (ranked: in order of preference). */
  answer: string;
  person_id: string | null;
  created_at: string;
}

/** SMS replies already taken, by the vendor's sequence id (no number, no text). */
export interface SmsRepliesSeenTable {
  sequence_id: string;
  received_at: string;
}

export interface PollsTables {
  sms_replies_seen: SmsRepliesSeenTable;
  polls: PollsTable;
  poll_voters: PollVotersTable;
  poll_answers: PollAnswersTable;
}
