/**
 * 自治金 allocation: approval voting within a budget, counted greedily by support.
 *
 * The rule shown on every result (RULE_ZH / RULE_EN): proposals are ranked by the number of
 * ballots that approve them; going down that list, a proposal is funded when its cost still fits
 * in what is left of the pot, and skipped (not funded, the next one is tried) when it does not.
 * Ties are broken deterministically: fewer fen first (the cheaper proposal leaves more for the
 * others), then the earlier submission (lower `seq`), then the id. Exact integers throughout.
 */

export const BUDGET_RULE = 'greedy-by-approvals' as const;
export const BUDGET_RULE_ZH =
  '按赞成票数从多到少依次安排：剩余资金够就入选，不够就跳过、看下一项，直到资金用完。票数相同时，金额小的在前；再相同，先提交的在前。';
export const BUDGET_RULE_EN =
  'Going down the list by approvals, each proposal is funded if its cost still fits in what is left, otherwise skipped; ties go to the cheaper proposal, then the earlier one.';

export interface BudgetProposal {
  id: string;
  /** Estimated cost in fen (a positive integer). */
  costFen: number;
  /** Submission order: the lower, the earlier. */
  seq: number;
}

export interface BudgetRow {
  id: string;
  costFen: number;
  approvals: number;
  /** 1-based place in the list by support (ties already broken). */
  rank: number;
  funded: boolean;
  /** What was left of the pot when this proposal's turn came. */
  leftBeforeFen: number;
}

export interface BudgetResult {
  rule: typeof BUDGET_RULE;
  potFen: number;
  ballots: number;
  spentFen: number;
  leftFen: number;
  rows: BudgetRow[];
}

/** A ballot the count refuses: the message names the culprit (ballot index, proposal id). */
export class BudgetInputError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PROPOSAL' | 'DUPLICATE_CHOICE' | 'OVER_BUDGET' | 'BAD_PROPOSAL',
    message: string,
  ) {
    super(message);
  }
}

function isFen(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

/** Checks one approval ballot against the proposals and the pot: known, distinct, within budget. */
export function checkApprovalBallot(
  potFen: number,
  costs: ReadonlyMap<string, number>,
  choices: readonly string[],
  index = 0,
): number {
  const seen = new Set<string>();
  let total = 0;
  for (const id of choices) {
    const cost = costs.get(id);
    if (cost === undefined) throw new BudgetInputError('UNKNOWN_PROPOSAL', `ballot ${index}: unknown proposal ${id}`);
    if (seen.has(id)) throw new BudgetInputError('DUPLICATE_CHOICE', `ballot ${index}: proposal ${id} chosen twice`);
    seen.add(id);
    total += cost;
  }
  if (total > potFen) throw new BudgetInputError('OVER_BUDGET', `ballot ${index}: ${total} fen chosen, pot is ${potFen}`);
  return total;
}

/** Orders proposals by support, then the tie rule (cheaper, earlier, id). */
export function compareBySupport(
  a: { approvals: number; costFen: number; seq: number; id: string },
  b: { approvals: number; costFen: number; seq: number; id: string },
): number {
  return b.approvals - a.approvals || a.costFen - b.costFen || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Counts approval ballots (each an array of proposal ids) and allocates the pot. Every ballot is
 * checked (known proposals, each once, total within the pot); a bad one throws BudgetInputError.
 */
export function allocateBudget(input: {
  potFen: number;
  proposals: readonly BudgetProposal[];
  ballots: readonly (readonly string[])[];
}): BudgetResult {
  const { potFen, proposals, ballots } = input;
  if (!Number.isSafeInteger(potFen) || potFen < 0) throw new BudgetInputError('BAD_PROPOSAL', `pot ${potFen} is not whole fen`);
  const costs = new Map<string, number>();
  const approvals = new Map<string, number>();
  for (const p of proposals) {
    if (!isFen(p.costFen)) throw new BudgetInputError('BAD_PROPOSAL', `proposal ${p.id}: cost ${p.costFen} is not whole fen`);
    if (costs.has(p.id)) throw new BudgetInputError('BAD_PROPOSAL', `proposal ${p.id} listed twice`);
    costs.set(p.id, p.costFen);
    approvals.set(p.id, 0);
  }
  ballots.forEach((b, i) => {
    checkApprovalBallot(potFen, costs, b, i);
    for (const id of b) approvals.set(id, (approvals.get(id) ?? 0) + 1);
  });
  const ranked = proposals.map((p) => ({ ...p, approvals: approvals.get(p.id) ?? 0 })).sort(compareBySupport);
  let left = potFen;
  const rows = ranked.map((p, i): BudgetRow => {
    const leftBeforeFen = left;
    // A proposal nobody approved is never funded, however cheap.
    const funded = p.approvals > 0 && p.costFen <= left;
    if (funded) left -= p.costFen;
    return { id: p.id, costFen: p.costFen, approvals: p.approvals, rank: i + 1, funded, leftBeforeFen };
  });
  return { rule: BUDGET_RULE, potFen, ballots: ballots.length, spentFen: potFen - left, leftFen: left, rows };
}
