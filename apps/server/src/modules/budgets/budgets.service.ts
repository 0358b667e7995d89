import {
  type BudgetCreate,
  type BudgetDetail,
  type BudgetResultOut,
  type BudgetSummary,
  budgetCreateSchema,
  type ProposalCreate,
  type ProposalOut,
  proposalCreateSchema,
  STAFF_ROLES,
} from '@lianxin/shared';
import { allocateBudget, BUDGET_RULE_EN, BUDGET_RULE_ZH, BudgetInputError, checkApprovalBallot } from '@lianxin/tally';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { claimImages } from '../../lib/uploads';
import { type AuthContext, actorOf, auditFields, reaches, requireAuth } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { ProjectsRepository } from '../projects/projects.repository';
import { newReceiptCode, receiptHash } from '../votes/votes.shared';
import { type BallotRecord, createBudgetPaper } from './budgets.paper';
import type { BudgetsRepository } from './budgets.repository';

export interface BudgetsDeps {
  db: Kysely<DB>;
  budgets: BudgetsRepository;
  /** Winners become projects through the projects module's own repository, in the closing transaction. */
  projects: Pick<ProjectsRepository, 'insertProject' | 'insertItem' | 'updateProject'>;
  audit: Pick<AuditRepository, 'append'>;
  clock?: () => Date;
}

export type BudgetRow = NonNullable<Awaited<ReturnType<BudgetsRepository['findBudget']>>>;
export type ProposalRow = Awaited<ReturnType<BudgetsRepository['proposals']>>[number];

/** Every ancestor path of a materialised path, itself included: "/a/b/" → ["/a/", "/a/b/"]. */
function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

/** Anyone whose role reaches the budget's node, or who belongs to a node under it (a compound's residents under a community's pot). */
function isMember(a: AuthContext, nodePath: string): boolean {
  return a.grants.some((g) => nodePath.startsWith(g.path) || g.path.startsWith(nodePath));
}

/** "2027年自治金" → the funding source a winning project names. */
const fundingSource = (b: Pick<BudgetRow, 'year'>) => `${b.year}年自治金`;

/**
 * 自治金: a node's yearly pot, residents' proposals, staff feasibility checks, one approval ballot
 * per household within the pot, and the greedy allocation (packages/tally) whose winners become
 * projects. Every step is an audit entry, so results and ballot receipts are in the public log.
 */
export function createBudgetsService(deps: BudgetsDeps) {
  const { budgets, audit } = deps;
  const clock = deps.clock ?? (() => new Date());
  const now = () => clock().toISOString();

  async function visible(auth: AuthContext | null, id: string): Promise<{ a: AuthContext; b: BudgetRow; staff: boolean }> {
    const a = requireAuth(auth);
    const b = await budgets.findBudget(id);
    if (!b || !isMember(a, b.node_path)) throw notFound('budget');
    return { a, b, staff: reaches(a, b.node_path, STAFF_ROLES) };
  }

  async function staffBudget(auth: AuthContext | null, id: string) {
    const v = await visible(auth, id);
    if (!v.staff) throw new AppError('FORBIDDEN');
    return v;
  }

  function summary(b: BudgetRow): BudgetSummary {
    return {
      id: b.id,
      nodeId: b.node_id,
      nodeName: b.node_name,
      year: b.year,
      title: b.title,
      potFen: Number(b.pot_fen),
      status: b.status,
      votingClosesAt: b.voting_closes_at,
    };
  }

  function proposalOut(p: ProposalRow, mine: boolean, photoIds: string[]): ProposalOut {
    return {
      id: p.id,
      seq: p.seq,
      title: p.title,
      description: p.description,
      costFen: Number(p.cost_fen),
      compoundId: p.compound_id,
      plan:
        p.plan_x !== null && p.plan_y !== null ? { x: p.plan_x, y: p.plan_y, ...(p.zone_id ? { zoneId: p.zone_id } : {}) } : null,
      photoIds,
      status: p.status,
      refusalReason: p.refusal_reason,
      projectId: p.project_id,
      mine,
    };
  }

  /** The household a ballot is cast for: the resident's own unit (or the one staff act for). */
  async function householdFor(a: AuthContext, b: BudgetRow): Promise<string | null> {
    const h = await budgets.householdOf(actorOf(a).subjectPersonId);
    return h?.compound_path.startsWith(b.node_path) ? h.unit_id : null;
  }

  /** The proposals a ballot may approve. */
  async function feasibleOf(id: string, q?: Transaction<DB>) {
    return (await budgets.proposals(id, q)).filter((p) => p.status === 'feasible');
  }

  /** The cost of an approval ballot; refuses one over the pot, with a duplicate or an unknown proposal. */
  function checkChoices(b: BudgetRow, feasible: ProposalRow[], choices: string[], field = 'choices'): number {
    const costs = new Map(feasible.map((p) => [p.id, Number(p.cost_fen)]));
    try {
      return checkApprovalBallot(Number(b.pot_fen), costs, choices);
    } catch (e) {
      if (!(e instanceof BudgetInputError)) throw e;
      if (e.code === 'OVER_BUDGET') throw new AppError('BALLOT_OVER_BUDGET', { potFen: Number(b.pot_fen) });
      throw fieldError(field, e.code === 'DUPLICATE_CHOICE' ? 'duplicate' : 'unknown_proposal');
    }
  }

  /** In a ballot's transaction: locks the budget and refuses unless voting is open right now. */
  async function assertVoting(trx: Transaction<DB>, id: string): Promise<void> {
    const locked = await budgets.lockBudget(trx, id);
    if (locked?.status !== 'voting' || !locked.voting_closes_at || now() >= locked.voting_closes_at)
      throw new AppError('BUDGET_NOT_VOTING');
  }

  /**
   * Inserts a household's one ballot (online, for a resident, or keyed from paper) with its public
   * log entry; `onConflict` is the refusal when the household already has one.
   */
  async function recordBallot(
    trx: Transaction<DB>,
    b: BudgetRow,
    x: BallotRecord,
  ): Promise<{ receipt: string; ballotId: string }> {
    const receipt = newReceiptCode();
    const ballotId = newId();
    const ok = await budgets.insertBallot(trx, {
      id: ballotId,
      budget_id: b.id,
      unit_id: x.unitId,
      choices: JSON.stringify([...x.choices].sort()),
      cost_fen: x.costFen,
      channel: x.channel,
      cast_by_person_id: x.castByPersonId,
      entered_by_account_id: x.enteredByAccountId,
      receipt_hash: receiptHash(receipt),
      created_at: now(),
    });
    if (!ok) throw new AppError(x.onConflict);
    await audit.append(
      {
        // Public: names neither the household nor the person (as the owners' votes do).
        actorAccountId: null,
        action: 'budget.ballot_cast',
        targetType: 'budget_ballot',
        targetId: receiptHash(receipt),
        nodeId: b.node_id,
        details: { budgetId: b.id, channel: x.channel },
      },
      trx,
    );
    return { receipt, ballotId };
  }

  const paper = createBudgetPaper(
    { db: deps.db, audit, clock, budgets },
    { staffBudget, feasibleOf, checkChoices, assertVoting, recordBallot },
  );

  return {
    ...paper,

    /** Budgets of my compound and the nodes above it, and every budget under the nodes I run. */
    async list(auth: AuthContext | null): Promise<BudgetSummary[]> {
      const a = requireAuth(auth);
      const exact = [...new Set(a.grants.flatMap((g) => ancestors(g.path)))];
      const rows = await budgets.listBudgets(exact, [...new Set(a.grants.map((g) => g.path))]);
      return rows.map(summary);
    },

    /** Compounds and communities where I may set up a pot. */
    nodes(auth: AuthContext | null) {
      const a = requireAuth(auth);
      const paths = a.grants.filter((g) => STAFF_ROLES.includes(g.role)).map((g) => g.path);
      if (!paths.length) return Promise.resolve([]);
      return deps.db
        .selectFrom('nodes')
        .select(['id', 'name', 'kind'])
        .where('kind', 'in', ['compound', 'community'])
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
        .orderBy('path')
        .limit(500)
        .execute();
    },

    async create(auth: AuthContext | null, raw: BudgetCreate): Promise<string> {
      const a = requireAuth(auth);
      const input = budgetCreateSchema.parse(raw);
      const node = await budgets.findNode(input.nodeId);
      if (!node || !reaches(a, node.path, STAFF_ROLES)) throw notFound('node');
      if (node.kind !== 'compound' && node.kind !== 'community') throw fieldError('nodeId', 'not_compound_or_community');
      const id = newId();
      await budgets.transaction(async (trx) => {
        const ok = await budgets.insertBudget(trx, {
          id,
          node_id: node.id,
          year: input.year,
          title: input.title,
          pot_fen: input.potFen,
          status: 'proposing',
          voting_closes_at: null,
          result: null,
          created_by: a.accountId,
          created_at: now(),
          closed_at: null,
        });
        if (!ok) throw new AppError('BUDGET_EXISTS');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'budget.created',
            targetType: 'budget',
            targetId: id,
            nodeId: node.id,
            details: { year: input.year, potFen: input.potFen },
          },
          trx,
        );
      });
      return id;
    },

    async get(auth: AuthContext | null, id: string): Promise<BudgetDetail> {
      const { a, b, staff } = await visible(auth, id);
      const me = actorOf(a).subjectPersonId;
      const all = await budgets.proposals(id);
      // Residents see what passed the check, refusals with their reason, and their own.
      const shown = all.filter((p) => staff || p.status !== 'submitted' || p.submitted_by_person_id === me);
      const household = await householdFor(a, b);
      const photos = await budgets.photos(shown.map((p) => p.id));
      return {
        ...summary(b),
        proposals: shown.map((p) => proposalOut(p, p.submitted_by_person_id === me, photos.get(p.id) ?? [])),
        result: b.result ? (JSON.parse(b.result) as BudgetResultOut) : null,
        me: { staff, household, voted: household ? await budgets.hasBallot(id, household) : false },
      };
    },

    /** A resident (or staff acting for one) proposes a project; its cost may not exceed the pot. */
    async propose(auth: AuthContext | null, id: string, raw: ProposalCreate): Promise<string> {
      const { a, b } = await visible(auth, id);
      const input = proposalCreateSchema.parse(raw);
      if (b.status !== 'proposing') throw new AppError('BUDGET_NOT_PROPOSING');
      if (input.costFen > Number(b.pot_fen)) throw new AppError('PROPOSAL_OVER_POT', { potFen: Number(b.pot_fen) });
      const compoundId = input.compoundId ?? (b.node_kind === 'compound' ? b.node_id : null);
      if (compoundId) {
        const c = await budgets.findNode(compoundId);
        if (c?.kind !== 'compound' || !c.path.startsWith(b.node_path)) throw fieldError('compoundId', 'not_under_budget');
      }
      const actor = actorOf(a);
      const pid = newId();
      await budgets.transaction(async (trx) => {
        const row = {
          id: pid,
          budget_id: id,
          seq: await budgets.nextSeq(trx, id),
          title: input.title,
          description: input.description,
          cost_fen: input.costFen,
          compound_id: compoundId,
          plan_x: input.plan?.x ?? null,
          plan_y: input.plan?.y ?? null,
          zone_id: input.plan?.zoneId ?? null,
          status: 'submitted' as const,
          refusal_reason: null,
          reviewed_by: null,
          reviewed_at: null,
          submitted_by_person_id: actor.subjectPersonId,
          submitted_by_account_id: a.accountId,
          channel: actor.channel,
          project_id: null,
          created_at: now(),
        };
        // Two proposals racing for one number: the loser is told to retry rather than renumbered.
        if (!(await budgets.insertProposal(trx, row))) throw new AppError('CONFLICT');
        if (input.photoIds.length && compoundId)
          await claimImages(trx, input.photoIds, {
            accountId: a.accountId,
            nodeId: compoundId,
            ownerType: 'budget_proposal',
            ownerId: pid,
          });
        else if (input.photoIds.length) throw fieldError('photoIds', 'needs_compound');
        await audit.append(
          {
            ...auditFields(actor),
            action: 'budget.proposal.submitted',
            targetType: 'budget_proposal',
            targetId: pid,
            nodeId: b.node_id,
            details: { budgetId: id, title: input.title, costFen: input.costFen },
          },
          trx,
        );
      });
      return pid;
    },

    /** Staff record the feasibility check; a refusal is published with its reason. */
    async review(auth: AuthContext | null, id: string, proposalId: string, input: { feasible: boolean; reason?: string }) {
      const { a, b } = await staffBudget(auth, id);
      const p = await budgets.findProposal(id, proposalId);
      if (!p) throw notFound('proposal');
      if (b.status !== 'proposing') throw new AppError('BUDGET_NOT_PROPOSING');
      await budgets.transaction(async (trx) => {
        const ok = await budgets.review(trx, proposalId, {
          status: input.feasible ? 'feasible' : 'refused',
          refusal_reason: input.feasible ? null : (input.reason ?? ''),
          reviewed_by: a.accountId,
          reviewed_at: now(),
        });
        if (!ok) throw new AppError('INVALID_TRANSITION', { from: p.status, action: 'review' });
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: input.feasible ? 'budget.proposal.feasible' : 'budget.proposal.refused',
            targetType: 'budget_proposal',
            targetId: proposalId,
            nodeId: b.node_id,
            details: input.feasible ? { budgetId: id } : { budgetId: id, reason: input.reason },
          },
          trx,
        );
      });
    },

    /** Opens the approval vote once every proposal is checked and at least one passed. */
    async openVoting(auth: AuthContext | null, id: string, closesAt: string) {
      const { a, b } = await staffBudget(auth, id);
      if (b.status !== 'proposing') throw new AppError('BUDGET_NOT_PROPOSING');
      if (Date.parse(closesAt) <= clock().getTime()) throw fieldError('closesAt', 'must be in the future');
      const all = await budgets.proposals(id);
      if (all.some((p) => p.status === 'submitted')) throw new AppError('PROPOSALS_UNREVIEWED');
      if (!all.some((p) => p.status === 'feasible')) throw new AppError('NO_FEASIBLE_PROPOSALS');
      const closes = new Date(closesAt).toISOString();
      await budgets.transaction(async (trx) => {
        if (!(await budgets.setStatus(trx, id, 'proposing', { status: 'voting', voting_closes_at: closes })))
          throw new AppError('BUDGET_NOT_PROPOSING');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'budget.voting_opened',
            targetType: 'budget',
            targetId: id,
            nodeId: b.node_id,
            details: {
              closesAt: closes,
              proposals: all.filter((p) => p.status === 'feasible').map((p) => ({ id: p.id, costFen: Number(p.cost_fen) })),
            },
          },
          trx,
        );
      });
    },

    /**
     * One approval ballot per household, within the pot, while voting is open. The receipt code
     * is shown once; its hash goes into the public log (never the household). Paper ballots come
     * through blind double keying (budgets.paper.ts) into the same `recordBallot`.
     */
    async cast(auth: AuthContext | null, id: string, choices: string[]) {
      const { a, b } = await visible(auth, id);
      const household = await householdFor(a, b);
      if (!household) throw new AppError('NO_HOUSEHOLD');
      const total = checkChoices(b, await feasibleOf(id), choices);
      const actor = actorOf(a);
      return budgets.transaction(async (trx) => {
        await assertVoting(trx, id);
        const { receipt } = await recordBallot(trx, b, {
          unitId: household,
          choices,
          costFen: total,
          channel: actor.channel ?? 'online',
          castByPersonId: actor.subjectPersonId,
          enteredByAccountId: actor.onBehalfOf ? a.accountId : null,
          onConflict: 'ALREADY_VOTED',
        });
        return { receipt, costFen: total };
      });
    },

    /**
     * After the closing time: counts, allocates down the list by support, stores the result and
     * turns every winner into a published project, all in one transaction.
     */
    async close(auth: AuthContext | null, id: string): Promise<BudgetResultOut> {
      const { a, b } = await staffBudget(auth, id);
      if (b.status !== 'voting' || !b.voting_closes_at) throw new AppError('BUDGET_NOT_VOTING');
      if (now() < b.voting_closes_at) throw new AppError('VOTE_STILL_RUNNING');
      return budgets.transaction(async (trx) => {
        if (!(await budgets.setStatus(trx, id, 'voting', { status: 'closed', closed_at: now() })))
          throw new AppError('BUDGET_NOT_VOTING');
        const feasible = (await budgets.proposals(id, trx)).filter((p) => p.status === 'feasible');
        const ballots = await budgets.ballots(id, trx);
        const counted = allocateBudget({
          potFen: Number(b.pot_fen),
          proposals: feasible.map((p) => ({ id: p.id, costFen: Number(p.cost_fen), seq: p.seq })),
          ballots: ballots.map((x) => JSON.parse(x.choices) as string[]),
        });
        const byId = new Map(feasible.map((p) => [p.id, p]));
        const rows: BudgetResultOut['rows'] = [];
        for (const r of counted.rows) {
          const p = byId.get(r.id);
          if (!p) continue;
          let projectId: string | null = null;
          if (r.funded) {
            projectId = await toProject(trx, a, b, p);
          }
          rows.push({ ...r, title: p.title, projectId });
        }
        const result: BudgetResultOut = {
          rule: counted.rule,
          ruleText: BUDGET_RULE_ZH,
          potFen: counted.potFen,
          ballots: counted.ballots,
          households: await budgets.householdCount(b.node_path, trx),
          spentFen: counted.spentFen,
          leftFen: counted.leftFen,
          rows,
        };
        await budgets.setStatus(trx, id, 'closed', { result: JSON.stringify(result) });
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'budget.closed',
            targetType: 'budget',
            targetId: id,
            nodeId: b.node_id,
            details: {
              rule: counted.rule,
              ruleEn: BUDGET_RULE_EN,
              ballots: counted.ballots,
              spentFen: counted.spentFen,
              rows: counted.rows.map((r) => ({ id: r.id, approvals: r.approvals, funded: r.funded })),
            },
          },
          trx,
        );
        return result;
      });
    },

    /** After closing: every receipt hash with its choices, so a household can find its ballot and anyone can recount. */
    async receipts(auth: AuthContext | null, id: string) {
      const { b } = await visible(auth, id);
      if (b.status !== 'closed') throw new AppError('BUDGET_NOT_VOTING');
      return (await budgets.ballots(id)).map((x) => ({
        receiptHash: x.receipt_hash,
        choices: JSON.parse(x.choices) as string[],
      }));
    },
  };

  /** A funded proposal becomes a published project (one work item, the 自治金 as its funding). */
  async function toProject(
    trx: Parameters<Parameters<BudgetsRepository['transaction']>[0]>[0],
    a: AuthContext,
    b: BudgetRow,
    p: ProposalRow,
  ): Promise<string> {
    const cost = Number(p.cost_fen);
    const projectId = await deps.projects.insertProject(trx, {
      nodeId: p.compound_id ?? b.node_id,
      title: p.title,
      summary: p.description,
      contractor: '',
      status: 'planned',
      progress: 0,
      startedOn: null,
      finishedOn: null,
      funding: [{ source: fundingSource(b), amountFen: cost }],
      createdBy: a.accountId,
    });
    await deps.projects.insertItem(trx, projectId, { name: p.title.slice(0, 60), budgetFen: cost, sort: 0 });
    await deps.projects.updateProject(trx, projectId, { published: 1 });
    await budgets.setProject(trx, p.id, projectId);
    await audit.append(
      {
        actorAccountId: a.accountId,
        action: 'project.created',
        targetType: 'project',
        targetId: projectId,
        nodeId: p.compound_id ?? b.node_id,
        details: { title: p.title, fundingFen: cost, budgetFen: cost, fromBudget: b.id, proposalId: p.id },
      },
      trx,
    );
    return projectId;
  }
}

export type BudgetsService = ReturnType<typeof createBudgetsService>;
