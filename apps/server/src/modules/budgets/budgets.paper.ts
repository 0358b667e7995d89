import type { BudgetPaperSheet, KeyingOutcome } from '@lianxin/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError } from '../../lib/errors';
import type { AuthContext } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { createPaperKeying } from '../keying/keying.service';
import { formatArea, unitNumber } from '../registry/electorate';
import { paperCheck, readPaperCode } from '../votes/votes.paper';
import type { BudgetsRepository } from './budgets.repository';
import type { BudgetRow, ProposalRow } from './budgets.service';

type Unit = { id: string; label: string; compoundName: string; area: string };
type Scope = BudgetRow & { nodeId: string; units: Unit[]; feasible: ProposalRow[] };

/** What the budgets service lends its paper ballots: the same checks and the same insert as online ballots. */
export interface BudgetBallotHelpers {
  staffBudget(auth: AuthContext | null, id: string): Promise<{ b: BudgetRow }>;
  feasibleOf(id: string, q?: Transaction<DB>): Promise<ProposalRow[]>;
  checkChoices(b: BudgetRow, feasible: ProposalRow[], choices: string[], field?: string): number;
  assertVoting(trx: Transaction<DB>, id: string): Promise<void>;
  recordBallot(trx: Transaction<DB>, b: BudgetRow, x: BallotRecord): Promise<{ receipt: string; ballotId: string }>;
}

/** A household's ballot as the budgets service inserts it, whichever way it came. */
export interface BallotRecord {
  unitId: string;
  choices: string[];
  costFen: number;
  channel: string;
  castByPersonId: string | null;
  enteredByAccountId: string | null;
  /** The refusal when the household already has a ballot. */
  onConflict: 'ALREADY_VOTED' | 'UNIT_ALREADY_VOTED';
}

/** "1,3": the keyed value, the ticked proposals' numbers in ascending order. */
const keyedValue = (numbers: number[]) => [...numbers].sort((x, y) => x - y).join(',');

/** The proposal ids a keyed value names (unknown numbers stay as they are, and are refused). */
function idsOf(s: Scope, value: string): string[] {
  const bySeq = new Map(s.feasible.map((p) => [String(p.seq), p.id]));
  return value.split(',').map((n) => bySeq.get(n) ?? `#${n}`);
}

/**
 * Paper 自治金 ballots: the household's printed code and the numbers of the ticked proposals, keyed
 * blind by two staff members through modules/keying; when they agree (or a third decides a
 * mismatch) the ballot goes in through the same household key and pot check as an online ballot.
 */
export function createBudgetPaper(
  deps: { db: Kysely<DB>; audit: Pick<AuditRepository, 'append'>; clock: () => Date; budgets: BudgetsRepository },
  h: BudgetBallotHelpers,
) {
  const { budgets } = deps;

  async function unitsOf(b: BudgetRow): Promise<Unit[]> {
    return (await budgets.unitsUnder(b.node_path)).map((u) => ({
      id: u.id,
      label: unitNumber(u.building ?? '', u.stairwell, u.door),
      compoundName: u.compound_name,
      area: formatArea(Number(u.area_hundredths)),
    }));
  }

  /** "1-1-101.K7QF3M": the unit's number and a check value over the budget and the unit's id. */
  const codeOf = (budgetId: string, u: Unit) => `${u.label}.${paperCheck(budgetId, u.id)}`;

  const keying = createPaperKeying<Scope, { receipt: string; ballotId: string }>(
    { db: deps.db, audit: deps.audit, clock: deps.clock },
    {
      kind: 'budget',
      async scope(a, id) {
        const { b } = await h.staffBudget(a, id);
        return { ...b, nodeId: b.node_id, units: await unitsOf(b), feasible: await h.feasibleOf(id) };
      },
      // Two compounds of a community pot may both have a 1-1-101: the check value tells them apart.
      item(s, code) {
        const c = readPaperCode(code);
        const u = c && s.units.find((x) => x.label === c.label && paperCheck(s.id, x.id) === c.check);
        if (!u) throw new AppError('PAPER_CODE_INVALID');
        return u.id;
      },
      checkValue(s, value) {
        h.checkChoices(s, s.feasible, idsOf(s, value), 'proposals');
      },
      guard: (trx, s) => h.assertVoting(trx, s.id),
      async refuseCounted(trx, s, unitId) {
        if (await budgets.hasBallot(s.id, unitId, trx)) throw new AppError('UNIT_ALREADY_VOTED');
      },
      async settle(trx, s, unitId, value, keyers) {
        const choices = idsOf(s, value);
        return h.recordBallot(trx, s, {
          unitId,
          choices,
          costFen: h.checkChoices(s, await h.feasibleOf(s.id, trx), choices, 'proposals'),
          channel: 'paper',
          castByPersonId: null,
          enteredByAccountId: keyers[0] ?? null,
          onConflict: 'UNIT_ALREADY_VOTED',
        });
      },
    },
  );

  return {
    /** A staff member keys one paper ballot: its printed code and the numbers ticked on it. */
    async keyPaper(auth: AuthContext | null, id: string, code: string, proposals: number[]): Promise<KeyingOutcome> {
      if (new Set(proposals).size !== proposals.length) throw fieldError('proposals', 'duplicate');
      const r = await keying.key(auth, id, code, keyedValue(proposals));
      const units = await unitsOf((await h.staffBudget(auth, id)).b);
      return { ...r, item: units.find((u) => u.id === r.item)?.label ?? r.item };
    },

    /** Every keyed paper ballot: where it stands and who keyed it; the ticked numbers only once it counts. */
    async listPaper(auth: AuthContext | null, id: string) {
      const items = await keying.list(auth, id);
      const units = new Map((await unitsOf((await h.staffBudget(auth, id)).b)).map((u) => [u.id, u]));
      return items.map((k) => {
        const u = units.get(k.item);
        return { ...k, item: u?.label ?? k.item, code: u ? codeOf(id, u) : '', area: u?.area ?? '' };
      });
    },

    /** The printable sheet: one ballot per household with its code, and the feasible proposals to tick. */
    async paperSheet(auth: AuthContext | null, id: string): Promise<BudgetPaperSheet> {
      const { b } = await h.staffBudget(auth, id);
      if (b.status !== 'voting') throw new AppError('BUDGET_NOT_VOTING');
      return {
        budget: { id, title: b.title, nodeName: b.node_name, potFen: Number(b.pot_fen), votingClosesAt: b.voting_closes_at },
        proposals: (await h.feasibleOf(id)).map((p) => ({ seq: p.seq, title: p.title, costFen: Number(p.cost_fen) })),
        units: (await unitsOf(b))
          .map((u) => ({ unit: u.label, compoundName: u.compoundName, code: codeOf(id, u) }))
          .sort((x, y) => x.compoundName.localeCompare(y.compoundName) || x.unit.localeCompare(y.unit, 'en', { numeric: true })),
      };
    },
  };
}
