import type { Generated } from 'kysely';

/** Table types of the council, Open311 and discussion modules (migration 2026-11-27T0401-council). */
export interface CouncilIssuesTable {
  id: string;
  compound_id: string;
  building_id: string | null;
  plan_x: number | null;
  plan_y: number | null;
  zone_id: string | null;
  title: string;
  description: string;
  category: string;
  status: string;
  source: string;
  raised_by_person_id: string | null;
  raised_by_account_id: string | null;
  on_behalf_of: string | null;
  channel: string | null;
  reporter_name: string | null;
  reporter_contact: string | null;
  location_text: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  answer: string | null;
  support_count: number;
  hidden: number;
  hidden_reason: string | null;
  merged_into_id: string | null;
  open311_key_id: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  reminded_at: string | null;
  /** 1 while the raiser's consent to show the photos publicly is in force (migration 2026-11-27T0810). */
  photo_consent: number;
  /** When the consent was last given or withdrawn, by which account, through which channel (proxy). */
  photo_consent_at: string | null;
  photo_consent_by: string | null;
  photo_consent_channel: string | null;
  /** Set when staff withdrew publication: the raiser cannot give consent again. */
  photo_withdrawn_reason: string | null;
}

export interface CouncilSupportsTable {
  issue_id: string;
  person_id: string;
  created_at: string;
}

export interface CouncilCommentsTable {
  id: string;
  issue_id: string;
  person_id: string;
  author_role: string;
  body: string;
  hidden: number;
  hidden_reason: string | null;
  created_at: string;
}

export interface CouncilEventsTable {
  id: string;
  issue_id: string;
  at: string;
  kind: string;
  actor_role: string;
  note: string | null;
  meeting_id: string | null;
  decision_id: string | null;
}

export interface CouncilMembersTable {
  id: string;
  compound_id: string;
  person_id: string;
  name: string;
  kind: string;
  title: string | null;
  created_at: string;
  removed_at: string | null;
}

export interface CouncilMeetingsTable {
  id: string;
  compound_id: string;
  kind: string;
  title: string;
  scheduled_at: string;
  place: string;
  status: string;
  minutes: string;
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
  /** Raised by every write of the form's fields; an edit names the one it was made against (ADR 0002). */
  version: Generated<number>;
}

export interface CouncilAgendaItemsTable {
  id: string;
  meeting_id: string;
  issue_id: string | null;
  title: string;
  position: number;
  created_at: string;
}

export interface CouncilAttendanceTable {
  meeting_id: string;
  member_id: string;
  present: number;
}

export interface CouncilDecisionsTable {
  id: string;
  meeting_id: string;
  compound_id: string;
  issue_id: string | null;
  text: string;
  votes_for: number;
  votes_against: number;
  votes_abstain: number;
  adopted: number;
  responsible_member_id: string | null;
  responsible_label: string;
  deadline: string;
  notice_from: string;
  notice_until: string;
  created_at: string;
  /** The quorum figures the decision was taken with (null before they were recorded). */
  members_total: number | null;
  members_present: number | null;
  quorum_required: number | null;
}

export interface CouncilActionsTable {
  id: string;
  decision_id: string;
  title: string;
  owner_label: string;
  due_on: string;
  status: string;
  done_note: string | null;
  done_at: string | null;
  created_at: string;
}

export interface Open311KeysTable {
  id: string;
  node_id: string;
  key_hash: string;
  label: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** A GeoReport v2 token answered by POST requests; GET tokens/{token} resolves it to the issue. */
export interface Open311TokensTable {
  token: string;
  issue_id: string;
  created_at: string;
}

export interface DiscussionTopicsTable {
  id: string;
  compound_id: string;
  person_id: string;
  author_role: string;
  title: string;
  body: string;
  hidden: number;
  hidden_reason: string | null;
  reply_count: number;
  last_activity_at: string;
  created_at: string;
}

export interface DiscussionRepliesTable {
  id: string;
  topic_id: string;
  person_id: string;
  author_role: string;
  body: string;
  hidden: number;
  hidden_reason: string | null;
  created_at: string;
}

export interface CouncilSettingsTable {
  compound_id: string;
  remind_after_days: number;
  updated_at: string;
  /** Members who must be present for a decision; null: more than half of the members. */
  quorum: number | null;
  /** Percentage of the compound's households whose support puts an issue on the next agenda (null: off). */
  support_threshold_percent?: number | null;
}

export interface CouncilTables {
  council_settings: CouncilSettingsTable;
  council_issues: CouncilIssuesTable;
  council_supports: CouncilSupportsTable;
  council_comments: CouncilCommentsTable;
  council_events: CouncilEventsTable;
  council_members: CouncilMembersTable;
  council_meetings: CouncilMeetingsTable;
  council_agenda_items: CouncilAgendaItemsTable;
  council_attendance: CouncilAttendanceTable;
  council_decisions: CouncilDecisionsTable;
  council_actions: CouncilActionsTable;
  open311_keys: Open311KeysTable;
  open311_tokens: Open311TokensTable;
  discussion_topics: DiscussionTopicsTable;
  discussion_replies: DiscussionRepliesTable;
}
