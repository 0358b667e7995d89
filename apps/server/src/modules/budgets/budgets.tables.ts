import type { BudgetStatus, ProposalStatus } from '@lianxin/shared';

/** A node's yearly 自治金 pot. */
export interface BudgetsTable {
  id: string;
  node_id: string;
  year: number;
  title: string;
  pot_fen: number;
  status: BudgetStatus;
  voting_closes_at: string | null;
  /** JSON BudgetResultOut, written once in the transaction that closes the vote. */
  result: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

export interface BudgetProposalsTable {
  id: string;
  budget_id: string;
  /** Submission order within the budget (1, 2, …): the last tie-break of the allocation. */
  seq: number;
  title: string;
  description: string;
  cost_fen: number;
  compound_id: string | null;
  plan_x: number | null;
  plan_y: number | null;
  zone_id: string | null;
  status: ProposalStatus;
  refusal_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  submitted_by_person_id: string;
  submitted_by_account_id: string;
  /** Set when staff submitted it for a resident (phone_call, walk_in, home_visit). */
  channel: string | null;
  /** The project a funded proposal became. */
  project_id: string | null;
  created_at: string;
}

/** One approval ballot per household (unit) and budget. */
export interface BudgetBallotsTable {
  id: string;
  budget_id: string;
  unit_id: string;
  /** JSON array of proposal ids. */
  choices: string;
  cost_fen: number;
  channel: string;
  /** Null for a paper ballot (keyed by staff, cast by no account-holding person). */
  cast_by_person_id: string | null;
  entered_by_account_id: string | null;
  receipt_hash: string;
  created_at: string;
}

export interface BudgetsTables {
  budgets: BudgetsTable;
  budget_proposals: BudgetProposalsTable;
  budget_ballots: BudgetBallotsTable;
}
