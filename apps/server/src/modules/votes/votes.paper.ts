import { AppError, fieldError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type AuthContext, requireAuth } from '../accounts/policy';
import { formatArea } from '../registry/electorate';
import { newReceiptCode, receiptHash, type VoteHelpers, type VotesServiceDeps } from './votes.shared';

/**
 * Paper ballots (four eyes): one staff member types a ballot in, it stays pending and never
 * counts until a different staff member confirms it; a pending one can be discarded.
 */
export function createPaperBallots(deps: VotesServiceDeps, h: VoteHelpers) {
  const { votes, audit } = deps;
  const { now, staffVote, assertOpen, validChoice } = h;
  return {
    /** A paper ballot typed in by staff. It counts only once a different staff member confirms it. */
    async enterPaper(auth: AuthContext | null, id: string, unit: string, choice: string) {
      const a = requireAuth(auth);
      const v = await staffVote(a, id);
      validChoice(v, choice);
      const u = await votes.findUnit(id, unit);
      if (!u) throw fieldError('unit', 'not a unit of this vote');
      const receipt = newReceiptCode();
      const ballotId = newId();
      await votes.transaction(async (trx) => {
        const locked = await votes.lockVote(trx, id);
        if (!locked) throw notFound('vote');
        assertOpen(locked, now());
        const inserted = await votes.insertBallot(trx, {
          id: ballotId,
          vote_id: id,
          subject: u.subject,
          choice,
          channel: 'paper',
          status: 'pending',
          cast_by_person_id: null,
          entered_by: a.accountId,
          confirmed_by: null,
          confirmed_at: null,
          receipt_hash: receiptHash(receipt),
          created_at: now(),
        });
        if (!inserted) throw new AppError('ALREADY_VOTED');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'vote.paper_entered',
            targetType: 'vote',
            targetId: id,
            nodeId: v.compound_id,
            details: { ballotId, unit },
          },
          trx,
        );
      });
      return { receipt, ballotId };
    },

    async confirmPaper(auth: AuthContext | null, id: string, ballotId: string) {
      const a = requireAuth(auth);
      const v = await staffVote(a, id);
      await votes.transaction(async (trx) => {
        const locked = await votes.lockVote(trx, id);
        if (!locked) throw notFound('vote');
        assertOpen(locked, now());
        if (!(await votes.confirmPaper(trx, id, ballotId, a.accountId, now()))) {
          const b = await votes.findBallot(id, ballotId, trx);
          if (b?.channel !== 'paper') throw notFound('ballot');
          if (b.status !== 'pending') throw new AppError('INVALID_TRANSITION');
          throw new AppError('FOUR_EYES');
        }
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'vote.paper_confirmed',
            targetType: 'vote',
            targetId: id,
            nodeId: v.compound_id,
            details: { ballotId },
          },
          trx,
        );
      });
    },

    /** Removes a mistyped paper ballot before anyone confirmed it. */
    async discardPaper(auth: AuthContext | null, id: string, ballotId: string) {
      const a = requireAuth(auth);
      const v = await staffVote(a, id);
      await votes.transaction(async (trx) => {
        const locked = await votes.lockVote(trx, id);
        if (!locked) throw notFound('vote');
        assertOpen(locked, now());
        if (!(await votes.discardPaper(trx, id, ballotId))) {
          const b = await votes.findBallot(id, ballotId, trx);
          if (b?.channel !== 'paper') throw notFound('ballot');
          throw new AppError('INVALID_TRANSITION');
        }
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'vote.paper_discarded',
            targetType: 'vote',
            targetId: id,
            nodeId: v.compound_id,
            details: { ballotId },
          },
          trx,
        );
      });
    },

    async listPaper(auth: AuthContext | null, id: string) {
      const a = requireAuth(auth);
      await staffVote(a, id);
      const rows = await votes.listPaper(id);
      return rows.map((r) => ({
        id: r.id,
        units: JSON.parse(r.units) as string[],
        area: formatArea(Number(r.area_hundredths)),
        choice: r.choice,
        status: r.status,
        enteredByName: r.entered_by_name ?? null,
        enteredByMe: r.entered_by === a.accountId,
        confirmedByName: r.confirmed_by_name ?? null,
        createdAt: r.created_at,
      }));
    },
  };
}
