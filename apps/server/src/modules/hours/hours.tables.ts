export interface HoursCorrectionsTable {
  /** The manual ledger entry that makes the correction. */
  hours_id: string;
  /** The entry it corrects, when it corrects one. */
  corrects_id: string | null;
  reason: string;
  by_account: string;
  created_at: string;
}

export interface CertificatesTable {
  id: string;
  number: string | null;
  person_id: string;
  compound_id: string;
  status: 'requested' | 'issued' | 'rejected';
  period_from: string;
  period_to: string;
  note: string;
  issuer_node_id: string | null;
  issuer_name: string | null;
  title: string | null;
  minutes: number | null;
  /** JSON array of activities (服务内容). */
  services: string | null;
  /** JSON array of organisers: 谁组织谁记录，谁记录谁证明. */
  organisers: string | null;
  issued_on: string | null;
  issued_by: string | null;
  requested_at: string;
}

export interface HoursTables {
  hours_corrections: HoursCorrectionsTable;
  certificates: CertificatesTable;
}
