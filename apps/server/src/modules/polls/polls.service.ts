import { type PollCreate, type PollDetail, type PollSummary, pollCreateSchema, STAFF_ROLES } from '@lianxin/shared';
import { checkPollAnswer, countPoll, PollInputError, type PollResult } from '@lianxin/tally';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type AuthContext, actorOf, auditFields, reaches, requireAuth } from '../accounts/policy';
import type { AuditEntry, AuditRepository } from '../audit/audit.repository';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import { pollSms } from './poll-sms';
import type { PollsRepository } from './polls.repository';
import type { PollsTable } from './polls.tables';
import { readSmsReply } from './sms-reply';

export interface PollsDeps {
  polls: PollsRepository;
  audit: Pick<AuditRepository, 'append'>;
  /** Tells the audience of a new poll (in-app, and push or SMS as each person chose). */
  notifications?: Pick<NotificationsRepository, 'notifyIn'>;
  clock?: () => Date;
}

type PollRow = NonNullable<Awaited<ReturnType<PollsRepository['findPoll']>>>;
type Facts = NonNullable<Awaited<ReturnType<PollsRepository['personFacts']>>>;

/** Whether a person belongs to a poll's audience. */
function inAudience(p: PollRow, f: Facts): boolean {
  if (!f.path.startsWith(p.compound_path)) {
    // Volunteers may be registered elsewhere and serve here.
    return (
      p.audience === 'volunteers' && f.volunteerPaths.some((v) => p.compound_path.startsWith(v) || v.startsWith(p.compound_path))
    );
  }
  if (p.audience === 'compound') return true;
  if (p.audience === 'building') return f.buildingId === p.audience_id;
  if (p.audience === 'group') return !!p.audience_id && f.groups.has(p.audience_id);
  return f.volunteerPaths.some((v) => p.compound_path.startsWith(v) || v.startsWith(p.compound_path));
}

/**
 * Quick polls: staff ask; the audience answers once each, online or through staff acting for
 * them (the channel is recorded); anonymous polls keep no link between who and what; the count is
 * `countPoll` of @lianxin/tally, stored and logged once after closing.
 */
export function createPollsService(deps: PollsDeps) {
  const { polls, audit } = deps;
  const clock = deps.clock ?? (() => new Date());
  const closed = (p: PollRow) => clock().toISOString() >= p.closes_at;
  const labels = (p: PollRow) => JSON.parse(p.options) as Array<{ key: string; label: string }>;
  const keys = (p: PollRow) => labels(p).map((o) => o.key);

  function summary(p: PollRow): PollSummary {
    return {
      id: p.id,
      compoundId: p.compound_id,
      title: p.title,
      kind: p.kind,
      audience: p.audience,
      anonymous: p.anonymous === 1,
      results: p.results,
      closesAt: p.closes_at,
      closed: closed(p),
    };
  }

  async function count(p: PollRow): Promise<PollResult> {
    if (p.result) return JSON.parse(p.result) as PollResult;
    const rows = await polls.answers(p.id);
    const result = countPoll(
      p.kind,
      keys(p),
      rows.map((r) => JSON.parse(r.answer) as string[]),
    );
    if (closed(p)) {
      // The first read after closing freezes the count and puts it in the public log, once.
      await polls.transaction(async (trx) => {
        if (!(await polls.storeResult(trx, p.id, JSON.stringify(result)))) return;
        await audit.append(
          {
            actorAccountId: null,
            action: 'poll.closed',
            targetType: 'poll',
            targetId: p.id,
            nodeId: p.compound_id,
            details: { ...result },
          },
          trx,
        );
      });
    }
    return result;
  }

  /** Stores one person's answer, once, before closing, with its public log entry. */
  async function record(
    p: PollRow,
    choices: string[],
    who: {
      personId: string;
      channel: string;
      enteredBy: string | null;
      /** Who the public log names: nobody, or staff acting for the person (with the channel). */
      audit: Pick<AuditEntry, 'actorAccountId' | 'onBehalfOf' | 'channel'>;
    },
  ): Promise<void> {
    try {
      checkPollAnswer(p.kind, keys(p), choices);
    } catch (e) {
      if (e instanceof PollInputError) throw fieldError('choices', e.code.toLowerCase());
      throw e;
    }
    await polls.transaction(async (trx) => {
      if (closed(p)) throw new AppError('POLL_CLOSED');
      const at = clock().toISOString();
      const first = await polls.insertVoter(trx, {
        poll_id: p.id,
        person_id: who.personId,
        channel: who.channel,
        entered_by_account_id: who.enteredBy,
        created_at: at,
      });
      if (!first) throw new AppError('ALREADY_VOTED');
      await polls.insertAnswer(trx, {
        id: newId(),
        poll_id: p.id,
        answer: JSON.stringify(choices),
        person_id: p.anonymous ? null : who.personId,
        created_at: at,
      });
      // Anonymous or not, the public entry names neither the choice nor, unless staff acted, the person.
      await audit.append(
        {
          ...who.audit,
          action: 'poll.answered',
          targetType: 'poll',
          targetId: p.id,
          nodeId: p.compound_id,
          details: { channel: who.channel },
        },
        trx,
      );
    });
  }

  async function visible(auth: AuthContext | null, id: string) {
    const a = requireAuth(auth);
    const p = await polls.findPoll(id);
    if (!p || !a.grants.some((g) => p.compound_path.startsWith(g.path) || g.path.startsWith(p.compound_path)))
      throw notFound('poll');
    return { a, p, staff: reaches(a, p.compound_path, STAFF_ROLES) };
  }

  return {
    /**
     * Asks a poll and tells its audience in the same transaction (`poll.opened`: the question,
     * the numbered options and how to reply; by SMS to those whose routing gives them SMS), so a
     * poll is never stored without its notifications nor notified twice. `storeAnswer` lets the
     * route's Idempotency-Key answer commit with it, so a retried creation is one poll.
     */
    async create(
      auth: AuthContext | null,
      raw: PollCreate,
      storeAnswer: (trx: Transaction<DB>, id: string) => Promise<void> = async () => {},
    ): Promise<string> {
      const a = requireAuth(auth);
      const input = pollCreateSchema.parse(raw);
      const c = await polls.findNode(input.compoundId);
      if (!c || !reaches(a, c.path, STAFF_ROLES)) throw notFound('compound');
      if (c.kind !== 'compound') throw fieldError('compoundId', 'not_a_compound');
      if (input.audience === 'building') {
        const b = await polls.findNode(input.audienceId ?? '');
        if (b?.kind !== 'building' || b.parent_id !== c.id) throw fieldError('audienceId', 'not_in_compound');
      }
      if (input.audience === 'group') {
        const g = await polls.findGroup(input.audienceId ?? '');
        if (!g || !(g.path.startsWith(c.path) || c.path.startsWith(g.path))) throw fieldError('audienceId', 'not_in_compound');
      }
      if (Date.parse(input.closesAt) <= clock().getTime()) throw fieldError('closesAt', 'must be in the future');
      const id = newId();
      const row: PollsTable = {
        id,
        compound_id: c.id,
        title: input.title,
        kind: input.kind,
        options: JSON.stringify(input.options.map((label, i) => ({ key: `o${i + 1}`, label }))),
        audience: input.audience,
        audience_id: input.audienceId ?? null,
        anonymous: input.anonymous ? 1 : 0,
        results: input.results,
        closes_at: new Date(input.closesAt).toISOString(),
        result: null,
        created_by: a.accountId,
        created_at: clock().toISOString(),
      };
      const announce = await polls.transaction(async (trx) => {
        await polls.insertPoll(trx, row);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'poll.created',
            targetType: 'poll',
            targetId: id,
            nodeId: c.id,
            details: { kind: input.kind, audience: input.audience, anonymous: input.anonymous, closesAt: input.closesAt },
          },
          trx,
        );
        const people = await polls.audience(trx, { ...row, compound_path: c.path });
        const told = deps.notifications
          ? await deps.notifications.notifyIn(trx, people, {
              kind: 'poll.opened',
              ...pollSms(input.title, input.kind, input.options),
              link: `/polls/${id}`,
            })
          : async () => {};
        await storeAnswer(trx, id);
        return told;
      });
      await announce();
      return id;
    },

    /** Polls of my compounds that are addressed to me (staff: every poll they run). */
    async list(auth: AuthContext | null): Promise<PollSummary[]> {
      const a = requireAuth(auth);
      const me = actorOf(a).subjectPersonId;
      const facts = await polls.personFacts(me);
      const rows = await polls.pollsUnder([...new Set(a.grants.map((g) => g.path))]);
      return rows.filter((p) => reaches(a, p.compound_path, STAFF_ROLES) || (facts && inAudience(p, facts))).map(summary);
    },

    async get(auth: AuthContext | null, id: string): Promise<PollDetail> {
      const { a, p, staff } = await visible(auth, id);
      const me = actorOf(a).subjectPersonId;
      const facts = await polls.personFacts(me);
      const eligible = !!facts && inAudience(p, facts);
      const show = staff || closed(p) || p.results === 'live';
      const named =
        staff && p.anonymous === 0
          ? (await polls.named(p.id)).map((r) => ({
              name: r.name,
              choices: JSON.parse(r.answer) as string[],
              channel: r.channel,
            }))
          : null;
      return {
        ...summary(p),
        options: p.kind === 'yes_no' ? [] : labels(p),
        me: { staff, eligible, answered: await polls.hasAnswered(p.id, me) },
        count: show ? await count(p) : null,
        named,
      };
    },

    /** One answer per person, before closing; staff acting for an elder answer with its channel. */
    async answer(auth: AuthContext | null, id: string, choices: string[]): Promise<void> {
      const { a, p } = await visible(auth, id);
      const actor = actorOf(a);
      const facts = await polls.personFacts(actor.subjectPersonId);
      if (!facts || !inAudience(p, facts)) throw new AppError('NOT_IN_AUDIENCE');
      await record(p, choices, {
        personId: actor.subjectPersonId,
        channel: actor.channel ?? 'online',
        enteredBy: actor.onBehalfOf ? a.accountId : null,
        audit: actor.onBehalfOf ? auditFields(actor) : { actorAccountId: null },
      });
    },

    /**
     * An elder's reply by SMS (the vendor's inbound push): answers the newest open poll addressed
     * to the sender that they have not answered, channel 'sms'. Says what happened, for the log
     * (never the number or the text).
     */
    async answerBySms(
      phone: string,
      text: string,
      sequenceId: string,
    ): Promise<'answered' | 'retry' | 'unknown_sender' | 'no_open_poll' | 'unreadable'> {
      const now = clock().toISOString();
      if (!(await polls.firstSighting(sequenceId, now))) return 'retry';
      for (const personId of await polls.peopleByPhone(phone)) {
        const facts = await polls.personFacts(personId);
        if (!facts) continue;
        const parts = facts.path.split('/').filter(Boolean);
        const ancestors = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
        for (const p of await polls.openPollsAt(ancestors, now)) {
          if (!inAudience(p, facts) || (await polls.hasAnswered(p.id, personId))) continue;
          const choices = readSmsReply(p.kind, keys(p), text);
          if (!choices) return 'unreadable';
          await record(p, choices, { personId, channel: 'sms', enteredBy: null, audit: { actorAccountId: null } });
          return 'answered';
        }
        return 'no_open_poll';
      }
      return 'unknown_sender';
    },
  };
}

export type PollsService = ReturnType<typeof createPollsService>;
