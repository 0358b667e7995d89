export interface NoticesTable {
  id: string;
  node_id: string;
  /** The node's path when published: the notice reaches every compound under it. */
  node_path: string;
  title: string;
  body: string;
  publish_at: string;
  expires_at: string | null;
  created_by: string | null;
  created_at: string;
  withdrawn_at: string | null;
}

export interface NoticeReadsTable {
  notice_id: string;
  person_id: string;
  read_at: string;
}

export interface ConventionVersionsTable {
  id: string;
  node_id: string;
  version: number;
  title: string;
  body: string;
  note: string;
  created_by: string | null;
  published_at: string;
}

export interface ConventionAcksTable {
  version_id: string;
  person_id: string;
  acked_at: string;
}

export interface NoticesTables {
  notices: NoticesTable;
  notice_reads: NoticeReadsTable;
  convention_versions: ConventionVersionsTable;
  convention_acks: ConventionAcksTable;
}
