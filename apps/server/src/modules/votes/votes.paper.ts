import { createHash } from 'node:crypto';
import { AppError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AuthContext } from '../accounts/policy';
import { createPaperKeying } from '../keying/keying.service';
import { formatArea } from '../registry/electorate';
import { newReceiptCode, receiptHash, type VoteHelpers, type VoteRow, type VotesServiceDeps } from './votes.shared';

const CHECK_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The check value printed with a unit's ballot code: 6 symbols of SHA-256 over the vote and the
 * unit. It catches a mistyped or misread code and a ballot of another vote; it is not a secret.
 */
export function paperCheck(voteId: string, unit: string): string {
  const d = createHash('sha256').update(`lianxin-paper-ballot/v1\n${voteId}\n${unit}`).digest();
  let s = '';
  for (let i = 0; i < 6; i++) s += CHECK_ALPHABET[(d[i] as number) % CHECK_ALPHABET.length];
  return s;
}

/** The code printed (and in the QR code) on a unit's paper ballot: "1-1-202.K7QF3M". */
export function paperCode(voteId: string, unit: string): string {
  return `${unit}.${paperCheck(voteId, unit)}`;
}

/**
 * A scanned or typed ballot code split into its item label and check value ("1-1-202.K7QF3M"); a
 * phone camera hands over the whole URL of the keying page, whose `code` parameter is used.
 * Null when it has no check value at all.
 */
export function readPaperCode(raw: string): { label: string; check: string } | null {
  let code = raw.trim();
  const m = /[?&]code=([^&#]+)/.exec(code);
  if (m?.[1]) code = decodeURIComponent(m[1]);
  const dot = code.lastIndexOf('.');
  const label = code.slice(0, dot).trim();
  if (dot <= 0 || !label) return null;
  return {
    label,
    check: code
      .slice(dot + 1)
      .trim()
      .toUpperCase(),
  };
}

/** The unit a scanned or typed code names, when its check value is right for this vote. */
export function unitOfCode(voteId: string, raw: string): string {
  const c = readPaperCode(raw);
  if (!c || c.check !== paperCheck(voteId, c.label)) throw new AppError('PAPER_CODE_INVALID');
  return c.label;
}

/**
 * Paper ballots, keyed blind by two staff members (the reusable keying service of
 * modules/keying): a ballot counts when both agree, or when a third staff member decides a
 * mismatch. The printed sheet carries one code (and QR code) per unit.
 */
export function createPaperBallots(deps: VotesServiceDeps, h: VoteHelpers) {
  const { votes, audit } = deps;
  const { now, staffVote, assertOpen, validChoice } = h;

  const keying = createPaperKeying<VoteRow & { nodeId: string }, { receipt: string; ballotId: string }>(
    { db: deps.db, audit, clock: h.clock },
    {
      kind: 'vote',
      async scope(a, id) {
        const v = await staffVote(a, id);
        return { ...v, nodeId: v.compound_id };
      },
      item: (v, code) => unitOfCode(v.id, code),
      checkValue: (v, choice) => validChoice(v, choice),
      async guard(trx, v, unit) {
        const locked = await votes.lockVote(trx, v.id);
        if (!locked) throw notFound('vote');
        assertOpen(locked, now());
        if (!(await votes.findUnit(v.id, unit, trx))) throw new AppError('PAPER_CODE_INVALID');
      },
      async refuseCounted(trx, v, unit) {
        const u = await votes.findUnit(v.id, unit, trx);
        if (u && (await votes.findBallotOfSubject(v.id, u.subject, trx))) throw new AppError('UNIT_ALREADY_VOTED');
      },
      async settle(trx, v, unit, choice, keyers) {
        const u = await votes.findUnit(v.id, unit, trx);
        if (!u) throw new AppError('PAPER_CODE_INVALID');
        const receipt = newReceiptCode();
        const ballotId = newId();
        const inserted = await votes.insertBallot(trx, {
          id: ballotId,
          vote_id: v.id,
          subject: u.subject,
          choice,
          channel: 'paper',
          status: 'counted',
          cast_by_person_id: null,
          entered_by: keyers[0] ?? null,
          confirmed_by: keyers[keyers.length - 1] ?? null,
          confirmed_at: now(),
          receipt_hash: receiptHash(receipt),
          created_at: now(),
        });
        if (!inserted) throw new AppError('UNIT_ALREADY_VOTED');
        // Public like an online ballot's entry: names neither the unit nor the keyers.
        await audit.append(
          {
            actorAccountId: null,
            action: 'vote.ballot_cast',
            targetType: 'ballot',
            targetId: receiptHash(receipt),
            nodeId: v.compound_id,
            details: { voteId: v.id, channel: 'paper' },
          },
          trx,
        );
        return { receipt, ballotId };
      },
    },
  );

  return {
    /** A staff member keys one paper ballot, named by the code printed on it. */
    keyPaper: (auth: AuthContext | null, id: string, code: string, choice: string) => keying.key(auth, id, code, choice),

    /** Paper ballots keyed but not counted yet: waiting for the second keyer, or for a third. */
    pendingCount: (id: string) => keying.pendingCount(id),

    /** Every keyed ballot: where it stands and who keyed it; the choice only once it counts. */
    async listPaper(auth: AuthContext | null, id: string) {
      const items = await keying.list(auth, id);
      const units = new Map((await votes.listUnits(id)).map((u) => [u.unit, u]));
      return items.map((k) => ({
        ...k,
        code: paperCode(id, k.item),
        area: formatArea(Number(units.get(k.item)?.area_hundredths ?? 0)),
      }));
    },

    /** The printable sheet: every unit of the frozen electorate with its ballot code. */
    async paperSheet(auth: AuthContext | null, id: string) {
      const v = await staffVote(auth, id);
      const units = await votes.listUnits(id);
      return {
        vote: { id: v.id, title: v.title, kind: v.kind, matter: v.matter, closesAt: v.closes_at, compoundName: v.compound_name },
        options: h.optionsOf(v),
        units: units
          .map((u) => ({ unit: u.unit, area: formatArea(Number(u.area_hundredths)), code: paperCode(id, u.unit) }))
          .sort((x, y) => x.unit.localeCompare(y.unit, 'en', { numeric: true })),
      };
    },
  };
}
