import type { Generated } from 'kysely';

export interface ProjectsTable {
  id: string;
  node_id: string;
  title: string;
  summary: Generated<string>;
  contractor: Generated<string>;
  status: 'planned' | 'in_progress' | 'completed';
  /** Percent complete, 0–100. */
  progress: Generated<number>;
  /** JSON [{ source, amountFen }]: where the money comes from. */
  funding: Generated<string>;
  started_on: string | null;
  finished_on: string | null;
  published: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Raised by every write of the form's fields; an edit names the one it was made against (ADR 0002). */
  version: Generated<number>;
}

export interface ProjectItemsTable {
  id: string;
  project_id: string;
  name: string;
  budget_fen: number;
  sort: Generated<number>;
  created_at: string;
}

export interface ProjectMilestonesTable {
  id: string;
  project_id: string;
  title: string;
  due_on: string;
  done_on: string | null;
  created_at: string;
}

export interface ProjectSpendingTable {
  id: string;
  project_id: string;
  item_id: string;
  amount_fen: number;
  spent_on: string;
  note: Generated<string>;
  voucher_upload_id: string | null;
  created_by: string | null;
  created_at: string;
  /** A reversing entry (negative amount) names the entry it corrects; null for an ordinary entry. */
  corrects_id: string | null;
  /** Why a correction was made (shown publicly with it); empty for an ordinary entry. */
  reason: Generated<string>;
}

/** A resident following a project: told of each milestone reached and of completion. */
export interface ProjectFollowsTable {
  project_id: string;
  person_id: string;
  created_at: string;
}

export interface ProjectPhotosTable {
  id: string;
  project_id: string;
  kind: 'before' | 'after' | 'contract' | 'invoice';
  upload_id: string;
  caption: Generated<string>;
  created_at: string;
  /** 1 when consent to publish it is recorded: only then is it on the public page. */
  public_consent: Generated<number>;
}

export interface ProjectsTables {
  projects: ProjectsTable;
  project_items: ProjectItemsTable;
  project_milestones: ProjectMilestonesTable;
  project_spending: ProjectSpendingTable;
  project_photos: ProjectPhotosTable;
  project_follows: ProjectFollowsTable;
}
