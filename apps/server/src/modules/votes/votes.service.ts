import { createHash } from 'node:crypto';
import {
  type CreateVoteInput,
  createVoteSchema,
  type OfficialCheckInput,
  type VoteDetail,
  type VoteResult,
} from '@lianxin/shared';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type AuthContext, reaches, requireAuth } from '../accounts/policy';
import { formatArea, loadElectorate } from '../registry/electorate';
import { createPaperBallots } from './votes.paper';
import { computeResult, conditionsOf, officialReport } from './votes.results';
import { MAX_WINDOW_MS, newReceiptCode, receiptHash, STAFF, summary, type VotesServiceDeps, voteHelpers } from './votes.shared';

export { newReceiptCode, receiptHash, type VotesServiceDeps } from './votes.shared';

/** Owners' decisions: open a vote with a frozen electorate, ballots, blind double-keyed paper ballots, closing. */
export function createVotesService(deps: VotesServiceDeps) {
  const { votes, audit } = deps;
  const h = voteHelpers(deps);
  const { clock, now, optionsOf, staffVote, assertOpen, validChoice } = h;
  const paperBallots = createPaperBallots(deps, h);

  /** Everyone who may cast online for the vote's electorate (frozen at opening). */
  async function voters(voteId: string, onlyNotVoted = false): Promise<string[]> {
    let q = deps.db
      .selectFrom('vote_voters')
      .select('vote_voters.person_id')
      .distinct()
      .where('vote_voters.vote_id', '=', voteId);
    if (onlyNotVoted)
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('vote_ballots')
              .select('vote_ballots.id')
              .whereRef('vote_ballots.vote_id', '=', 'vote_voters.vote_id')
              .whereRef('vote_ballots.subject', '=', 'vote_voters.subject'),
          ),
        ),
      );
    return (await q.execute()).map((r) => r.person_id);
  }

  /** "12月8日 20:00" in Beijing time. */
  function beijing(iso: string): string {
    const d = new Date(Date.parse(iso) + 8 * 3600_000);
    return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  }

  async function tellResult(voteId: string) {
    if (!deps.notifications) return;
    const v = await votes.findVote(voteId);
    if (!v?.result) return;
    const r = JSON.parse(v.result) as VoteResult;
    const outcome = !r.quorumMet
      ? '参与未达法定人数'
      : r.kind === 'decision'
        ? r.passed
          ? '表决通过'
          : '未获通过'
        : '征询已结束';
    await deps.notifications.notify(await voters(voteId), {
      kind: 'vote.result',
      title: `表决结果已公布：${v.title}`,
      body: outcome,
      link: `/votes/${voteId}/results`,
    });
  }

  /** Closes one due vote and stores its result, in one transaction; false when someone else did. */
  async function closeOne(voteId: string, actorAccountId: string | null): Promise<boolean> {
    const at = now();
    return votes.transaction(async (trx) => {
      if (!(await votes.markClosed(trx, voteId, at))) return false;
      const v = await votes.findVote(voteId, trx);
      if (!v) return false;
      const units = await votes.listUnits(voteId, trx);
      const ballots = await votes.countedBallots(voteId, trx);
      const result = computeResult({ kind: v.kind, matter: v.matter, options: optionsOf(v), units, ballots });
      await votes.storeResult(trx, voteId, result);
      await audit.append(
        {
          actorAccountId,
          action: 'vote.closed',
          targetType: 'vote',
          targetId: voteId,
          nodeId: v.compound_id,
          details: {
            participated: result.participated,
            quorumMet: result.quorumMet,
            ...(result.kind === 'decision' ? { passed: result.passed } : {}),
          },
        },
        trx,
      );
      return true;
    });
  }

  return {
    /** Opens a vote and freezes the compound's electorate from the registry at this moment. */
    async create(auth: AuthContext | null, raw: CreateVoteInput): Promise<string> {
      const a = requireAuth(auth);
      const input = createVoteSchema.parse(raw);
      const compound = await deps.db
        .selectFrom('nodes')
        .select(['id', 'kind', 'path'])
        .where('id', '=', input.compoundId)
        .executeTakeFirst();
      if (!compound || !reaches(a, compound.path, STAFF)) throw notFound('compound');
      if (compound.kind !== 'compound') throw fieldError('compoundId', 'not a compound');
      const at = clock();
      const opensAt = input.opensAt ? new Date(input.opensAt) : at;
      const closesAt = new Date(input.closesAt);
      if (closesAt.getTime() <= at.getTime()) throw fieldError('closesAt', 'must be in the future');
      if (closesAt.getTime() - opensAt.getTime() > MAX_WINDOW_MS) throw fieldError('closesAt', 'window longer than 90 days');
      if (opensAt.getTime() < at.getTime() - 60_000) throw fieldError('opensAt', 'in the past');

      const electorate = await loadElectorate(deps.db, compound.id);
      if (!electorate.subjects.length) throw new AppError('ELECTORATE_EMPTY');
      const areaByUnit = new Map(electorate.units.map((u) => [u.unit, u]));
      const id = newId();
      const options = input.kind === 'consultation' ? (input.options ?? []).map((label, i) => ({ key: `o${i + 1}`, label })) : [];
      await votes.transaction(async (trx) => {
        await votes.insertVote(
          trx,
          {
            id,
            compound_id: compound.id,
            kind: input.kind,
            matter: input.kind === 'decision' ? (input.matter ?? null) : null,
            title: input.title,
            body: input.body,
            options: JSON.stringify(options),
            opens_at: opensAt.toISOString(),
            closes_at: closesAt.toISOString(),
            status: 'open',
            total_owners: electorate.totalOwners,
            total_area_hundredths: electorate.totalAreaHundredths,
            result: null,
            created_by: a.accountId,
            created_at: at.toISOString(),
            closed_at: null,
            unit_list_public: input.unitListPublic ? 1 : 0,
          },
          {
            subjects: electorate.subjects,
            units: electorate.subjects.flatMap((s) =>
              s.units.map((unit) => {
                const u = areaByUnit.get(unit);
                return {
                  unit,
                  subject: s.subject,
                  areaHundredths: u?.areaHundredths ?? 0,
                  areaSource: u?.areaSource ?? 'registered',
                };
              }),
            ),
          },
        );
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'vote.opened',
            targetType: 'vote',
            targetId: id,
            nodeId: compound.id,
            details: {
              kind: input.kind,
              matter: input.matter ?? null,
              owners: electorate.totalOwners,
              area: formatArea(electorate.totalAreaHundredths),
              unitListPublic: input.unitListPublic === true,
            },
          },
          trx,
        );
      });
      await deps.notifications?.notify(await voters(id), {
        kind: 'vote.opened',
        title: `业主表决已开始：${input.title}`,
        body: `请在 ${beijing(closesAt.toISOString())} 前投票`,
        link: `/votes/${id}`,
      });
      return id;
    },

    /**
     * 48 hours before a vote closes, owners who have not voted are reminded, once per vote: the
     * conditional update on reminded_at decides when two runs overlap.
     */
    async remindDue(): Promise<number> {
      const at = clock();
      const soon = new Date(at.getTime() + 48 * 3600_000).toISOString();
      const due = await deps.db
        .selectFrom('votes')
        .select(['id', 'title', 'closes_at'])
        .where('status', '=', 'open')
        .where('reminded_at', 'is', null)
        .where('closes_at', '<=', soon)
        .where('closes_at', '>', at.toISOString())
        .execute();
      let n = 0;
      for (const v of due) {
        const r = await deps.db
          .updateTable('votes')
          .set({ reminded_at: at.toISOString() })
          .where('id', '=', v.id)
          .where('reminded_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) continue;
        n++;
        await deps.notifications?.notify(await voters(v.id, true), {
          kind: 'vote.reminder',
          title: `表决即将截止，您还未投票：${v.title}`,
          body: `截止时间 ${beijing(v.closes_at)}`,
          link: `/votes/${v.id}`,
        });
      }
      return n;
    },

    /** Compounds where the caller may open a vote. */
    async compounds(auth: AuthContext | null) {
      const a = requireAuth(auth);
      return votes.compoundsUnder(a.grants.filter((g) => STAFF.includes(g.role)).map((g) => g.path));
    },

    async list(auth: AuthContext | null) {
      const a = requireAuth(auth);
      // Staff see their subtree's votes; anyone with a role at the compound sees its votes; voters theirs.
      const paths = a.grants.map((g) => g.path);
      return votes.listVotes({ paths, personId: a.personId, limit: 200 });
    },

    /** A vote as the caller may see it: staff of the compound, anyone granted there, or a voter. */
    async get(auth: AuthContext | null, id: string): Promise<VoteDetail> {
      const a = requireAuth(auth);
      const v = await votes.findVote(id);
      if (!v) throw notFound('vote');
      const subject = await votes.subjectOf(id, a.personId);
      const anyRole = a.grants.some((g) => v.compound_path.startsWith(g.path));
      if (!subject && !anyRole) throw notFound('vote');
      let units: string[] | null = null;
      let voted = false;
      if (subject) {
        units = (await votes.listUnits(id)).filter((u) => u.subject === subject).map((u) => u.unit);
        voted = !!(await votes.findBallotOfSubject(id, subject));
      }
      return {
        ...summary(v),
        body: v.body,
        options: optionsOf(v),
        totals: { owners: v.total_owners, area: formatArea(v.total_area_hundredths) },
        closedAt: v.closed_at,
        result: v.result ? (JSON.parse(v.result) as VoteResult) : null,
        unitListPublic: Number(v.unit_list_public ?? 0) === 1,
        me: { staff: reaches(a, v.compound_path, STAFF), units, voted },
      };
    },

    /** An owner's online ballot: once per subject, final, within the window. Returns the receipt once. */
    async castOnline(auth: AuthContext | null, id: string, choice: string) {
      const a = requireAuth(auth);
      const v = await votes.findVote(id);
      const subject = v ? await votes.subjectOf(id, a.personId) : undefined;
      if (!v) throw notFound('vote');
      if (!subject) {
        if (a.grants.some((g) => v.compound_path.startsWith(g.path))) throw new AppError('NOT_A_VOTER');
        throw notFound('vote');
      }
      validChoice(v, choice);
      const receipt = newReceiptCode();
      const ballotId = newId();
      await votes.transaction(async (trx) => {
        const locked = await votes.lockVote(trx, id);
        if (!locked) throw notFound('vote');
        assertOpen(locked, now());
        const inserted = await votes.insertBallot(trx, {
          id: ballotId,
          vote_id: id,
          subject,
          choice,
          channel: 'online',
          status: 'counted',
          cast_by_person_id: a.personId,
          entered_by: null,
          confirmed_by: null,
          confirmed_at: null,
          receipt_hash: receiptHash(receipt),
          created_at: now(),
        });
        if (!inserted) throw new AppError('ALREADY_VOTED');
        await audit.append(
          {
            // This entry is public (the receipt page shows it) and its receipt hash is published
            // with its choice after closing, so it names neither the voter nor the ballot row:
            // who cast which ballot stays in vote_ballots, for staff only.
            actorAccountId: null,
            action: 'vote.ballot_cast',
            targetType: 'ballot',
            targetId: receiptHash(receipt),
            nodeId: v.compound_id,
            details: { voteId: id, channel: 'online' },
          },
          trx,
        );
      });
      return { receipt, ballotId };
    },

    ...paperBallots,

    async electorate(auth: AuthContext | null, id: string) {
      const v = await staffVote(auth, id);
      const subjects = await votes.listElectorate(id);
      const units = await votes.listUnits(id);
      const ids = subjects.flatMap((s) => JSON.parse(s.voters) as string[]);
      const names = await votes.namesOf([...new Set(ids)]);
      return {
        totals: { owners: v.total_owners, area: formatArea(v.total_area_hundredths) },
        subjects: subjects
          .map((s) => ({
            subject: s.subject,
            units: JSON.parse(s.units) as string[],
            area: formatArea(Number(s.area_hundredths)),
            developer: Number(s.developer) === 1,
            voters: (JSON.parse(s.voters) as string[]).map((p) => names.get(p) ?? '—'),
          }))
          .sort((x, y) => (x.units[0] ?? '').localeCompare(y.units[0] ?? '', 'en', { numeric: true })),
        units: units
          .map((u) => ({
            unit: u.unit,
            subject: u.subject,
            area: formatArea(Number(u.area_hundredths)),
            areaSource: u.area_source,
          }))
          .sort((x, y) => x.unit.localeCompare(y.unit, 'en', { numeric: true })),
      };
    },

    /** Live turnout against the 2/3 quorum (counted ballots only; pending paper shown apart). */
    async turnout(auth: AuthContext | null, id: string) {
      const v = await staffVote(auth, id);
      const rows = await votes.turnout(id);
      const sum = (pred: (r: (typeof rows)[number]) => boolean) => {
        const m = rows.filter(pred);
        return { owners: m.reduce((s, r) => s + r.owners, 0), area: m.reduce((s, r) => s + r.area, 0) };
      };
      const counted = sum((r) => r.status === 'counted');
      const online = sum((r) => r.status === 'counted' && r.channel === 'online');
      const paper = sum((r) => r.status === 'counted' && r.channel === 'paper');
      const pending = sum((r) => r.status === 'pending');
      const needOwners = Math.ceil((2 * v.total_owners) / 3);
      const needArea = Math.ceil((2 * v.total_area_hundredths) / 3);
      const fmt = (c: { owners: number; area: number }) => ({ owners: c.owners, area: formatArea(c.area) });
      return {
        totals: { owners: v.total_owners, area: formatArea(v.total_area_hundredths) },
        participated: fmt(counted),
        online: fmt(online),
        paper: fmt(paper),
        pendingPaper: pending.owners + (await paperBallots.pendingCount(id)),
        quorumNeeds: { owners: needOwners, area: formatArea(needArea) },
        quorumMet: 3 * counted.area >= 2 * v.total_area_hundredths && 3 * counted.owners >= 2 * v.total_owners,
      };
    },

    /** Staff may close a vote by hand once its window has ended (the job does it anyway). */
    async close(auth: AuthContext | null, id: string) {
      const a = requireAuth(auth);
      const v = await staffVote(a, id);
      if (v.status === 'closed') throw new AppError('VOTE_CLOSED');
      if (now() < v.closes_at) throw new AppError('VOTE_STILL_RUNNING');
      if (!(await closeOne(id, a.accountId))) throw new AppError('VOTE_CLOSED');
      await tellResult(id);
    },

    /** Closes every vote whose window has ended; each exactly once however many callers race. */
    async closeDue(): Promise<number> {
      let n = 0;
      for (const id of await votes.dueVotes(now()))
        if (await closeOne(id, null)) {
          n++;
          await tellResult(id);
        }
      return n;
    },

    /**
     * The published result of a closed vote. Everyone gets the figures, each condition with its
     * percentage, and the receipt hashes with their choices (so anyone can recount and each owner
     * find their ballot); which unit chose what only the compound's owners and staff get, unless the
     * rule recorded with the vote at opening publishes it.
     */
    async results(auth: AuthContext | null, id: string) {
      const v = await votes.findVote(id);
      if (v?.status !== 'closed' || !v.result || !v.closed_at) throw notFound('vote');
      const ballots = await votes.countedBallots(id);
      const result = JSON.parse(v.result) as VoteResult;
      // The rule recorded at opening may make the list public (the paper 公示 of some cities).
      const unitListPublic = Number(v.unit_list_public ?? 0) === 1;
      // Owners: the vote's electorate (representatives), and anyone owning a unit there now (co-owners).
      const insider =
        unitListPublic ||
        (auth !== null &&
          (reaches(auth, v.compound_path, STAFF) ||
            !!(await votes.subjectOf(id, auth.personId)) ||
            (await votes.ownsUnitIn(v.compound_id, auth.personId))));
      // The 公示 is printed under a checkpoint that already holds the closing entry.
      const [latest, closing] = await Promise.all([deps.log?.latestCheckpoint() ?? null, votes.closingLeaf(id)]);
      const checkpoint = latest && closing !== null && closing < latest.treeSize ? latest : null;
      return {
        vote: summary(v),
        result,
        conditions: conditionsOf(result),
        checkpoint,
        options: optionsOf(v),
        closedAt: v.closed_at,
        unitListPublic,
        receipts: ballots.map((b) => ({ hash: b.receipt_hash, choice: b.choice })),
        units: insider
          ? ballots
              .map((b) => ({
                units: JSON.parse(b.units) as string[],
                area: formatArea(Number(b.area_hundredths)),
                choice: b.choice,
              }))
              .sort((a, b) => ((a.units[0] ?? '') < (b.units[0] ?? '') ? -1 : 1))
          : null,
      };
    },

    /** Recounts official results (CSV of unit,choice) with the same tally and reports disagreements. */
    async officialCheck(auth: AuthContext | null, id: string, check: OfficialCheckInput) {
      const a = requireAuth(auth);
      const v = await staffVote(a, id);
      if (v.kind !== 'decision') throw new AppError('INVALID_TRANSITION');
      const units = await votes.listUnits(id);
      const ours = await votes.countedBallots(id);
      const unitsOfSubject = new Map<string, string[]>();
      for (const u of units) unitsOfSubject.set(u.subject, [...(unitsOfSubject.get(u.subject) ?? []), u.unit]);
      const report = officialReport({ matter: v.matter, options: [], units, lianxinBallots: ours }, check, unitsOfSubject);
      await audit.append({
        actorAccountId: a.accountId,
        action: 'vote.official_checked',
        targetType: 'vote',
        targetId: id,
        nodeId: v.compound_id,
        details: { rows: report.rows, csvSha256: createHash('sha256').update(check.csv).digest('hex'), agrees: report.agrees },
      });
      return report;
    },
  };
}

export type VotesService = ReturnType<typeof createVotesService>;
