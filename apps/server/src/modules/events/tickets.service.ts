import { randomBytes } from 'node:crypto';
import { type Lang, VOLUNTEER_TEAMS } from '@lianxin/shared';
import { AppError, notFound } from '../../lib/errors';
import { type Actor, type AuthContext, auditFields } from '../accounts/policy';
import { localDay } from '../calendar/rrule';
import type { NewNotification } from '../notifications/notifications.repository';
import { parseTags } from './audience';
import type { EventRow, EventsRepository } from './events.repository';
import type { EventsServiceDeps } from './events.service';
import { NOTICES } from './notices';

const TICKET_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** LX-XXXX-XXXX from an alphabet without 0/O or 1/I, easy to read out and type at the door. */
export function newTicketCode(): string {
  const b = randomBytes(8);
  const c = [...b].map((x) => TICKET_ALPHABET[x % 32]).join('');
  return `LX-${c.slice(0, 4)}-${c.slice(4, 8)}`;
}

/** What the ticket use cases borrow from the events service (its policy and occurrence helpers). */
export interface TicketOpsDeps {
  d: EventsServiceDeps;
  repo: EventsRepository;
  clock: () => Date;
  notifyInTheirLanguage(personIds: string[], build: (lang: Lang) => NewNotification): Promise<void>;
  anchorsOf(auth: AuthContext, personId?: string): Promise<string[]>;
  related(anchors: string[], path: string): boolean;
  canManage(auth: AuthContext, e: EventRow): Promise<boolean>;
  instanceStart(e: EventRow, key: string): Date;
  occInit(
    e: EventRow,
    key: string,
    at: Date,
  ): { event_id: string; occ_key: string; starts_at: string; ends_at: string; capacity: number | null };
  signupWindow(e: EventRow, start: Date): { opens: Date | null; closes: Date };
  eligibility(e: EventRow, personId: string, lang: Lang): Promise<string[]>;
}

/** Sign-up with the wait list, cancellation that moves the wait list up, and check-in at the door. */
export function createTicketOps({
  d,
  repo,
  clock,
  notifyInTheirLanguage,
  anchorsOf,
  related,
  canManage,
  instanceStart,
  occInit,
  signupWindow,
  eligibility,
}: TicketOpsDeps) {
  return {
    /** Signs the subject up (themselves, or the resident staff act for), or puts them on the wait list. */
    async signUp(auth: AuthContext, actor: Actor, eventId: string, key: string, lang: Lang) {
      const e = await repo.findEvent(eventId);
      if (!e || !related(await anchorsOf(auth, actor.subjectPersonId), e.node_path)) throw notFound('event');
      if (e.cancelled_at) throw new AppError('OCCURRENCE_CANCELLED');
      const at = instanceStart(e, key);
      const existing = await repo.findOccurrence(e.id, key);
      const start = new Date(existing?.starts_at ?? at);
      const win = signupWindow(e, start);
      const now = clock();
      if (win.opens && now < win.opens) throw new AppError('SIGNUP_NOT_OPEN', { opensAt: win.opens.toISOString() });
      if (now >= win.closes) throw new AppError('SIGNUP_CLOSED', { closedAt: win.closes.toISOString() });
      const reasons = await eligibility(e, actor.subjectPersonId, lang);
      if (reasons.length) throw new AppError('AUDIENCE_REFUSED', { reasons });
      return repo.signUp(
        occInit(e, key, at),
        {
          personId: actor.subjectPersonId,
          ticketCode: newTicketCode(),
          actorAccountId: actor.actorAccountId,
          channel: actor.channel,
        },
        (trx, s) =>
          d.audit.append(
            {
              ...auditFields(actor),
              action: 'event.signup',
              targetType: 'event_signup',
              targetId: s.id,
              nodeId: e.node_id,
              details: { eventId: e.id, occKey: key, status: s.status },
            },
            trx,
          ),
      );
    },

    /** Cancels a sign-up (the person, staff acting for them, or the organiser); the first waiting moves up and is told. */
    async cancelSignup(auth: AuthContext, actor: Actor, signupId: string) {
      const s = await repo.findSignup(signupId);
      if (!s) throw notFound('signup');
      const e = await repo.findEvent(s.event_id);
      if (!e) throw notFound('signup');
      const own = s.person_id === actor.subjectPersonId;
      if (!own && !(await canManage(auth, e))) throw notFound('signup');
      const { promoted } = await repo.cancelSignup(signupId, (trx, p) =>
        d.audit.append(
          {
            ...auditFields(actor),
            action: 'event.signup_cancel',
            targetType: 'event_signup',
            targetId: signupId,
            nodeId: e.node_id,
            details: { promoted: p?.id ?? null },
          },
          trx,
        ),
      );
      if (promoted) {
        const occ = await repo.findOccurrenceById(promoted.occurrence_id);
        const title = occ?.title ?? e.title;
        await notifyInTheirLanguage([promoted.person_id], (lang) => ({
          kind: 'event.promoted',
          ...NOTICES.promoted(lang, title, occ ? localDay(new Date(occ.starts_at)) : null),
          link: '/events/tickets',
        }));
      }
      return { promoted: promoted ? { signupId: promoted.id } : null };
    },

    /**
     * Checks a ticket in at the door: once, and only from the grace before its occurrence starts
     * until as long after it ends (yesterday's ticket does not open today's door) — the grace set
     * for the event's kind at its node or the nearest ancestor, else `defaultGraceMinutes`. Both
     * ends are inside the window. A second scan answers 409 with the time of the first.
     */
    async checkIn(auth: AuthContext, code: string, opts: { defaultGraceMinutes: number }) {
      const s = await repo.findSignupByTicket(code);
      if (!s) throw notFound('ticket');
      const e = await repo.findEvent(s.event_id);
      if (!e || !(await canManage(auth, e))) throw notFound('ticket');
      if (s.checked_in_at) throw new AppError('TICKET_ALREADY_USED', { checkedInAt: s.checked_in_at });
      if (s.status !== 'confirmed') throw new AppError('INVALID_TRANSITION', { status: s.status });
      const occ = await repo.findOccurrenceById(s.occurrence_id);
      if (!occ) throw notFound('ticket');
      if (occ.status === 'cancelled') throw new AppError('OCCURRENCE_CANCELLED');
      const minutes = d.grace
        ? await d.grace.minutesFor(e.node_path, e.kind, opts.defaultGraceMinutes)
        : opts.defaultGraceMinutes;
      const grace = minutes * 60_000;
      const opens = new Date(Date.parse(occ.starts_at) - grace).toISOString();
      const closes = new Date(Date.parse(occ.ends_at) + grace).toISOString();
      const now = clock().toISOString();
      if (now < opens || now > closes) throw new AppError('CHECKIN_OUTSIDE_WINDOW', { opens, closes });
      const volunteer = await repo.hasVolunteerGrant(s.person_id);
      const person = await repo.personWithNode(s.person_id);
      // 党团妇: the ledger counts hours by the team the volunteer belongs to.
      const team = parseTags(person?.tags).find((t) => (VOLUNTEER_TEAMS as readonly string[]).includes(t)) ?? null;
      const organiser = await repo.personWithNode(e.organiser_person_id);
      const at = await repo.checkIn(s.id, auth.accountId, async (trx, when) => {
        await d.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'event.checkin',
            targetType: 'event_signup',
            targetId: s.id,
            nodeId: e.node_id,
            details: { at: when },
          },
          trx,
        );
        if (volunteer) {
          await d.hours.credit(
            {
              person_id: s.person_id,
              compound_id: e.node_id,
              source_type: 'event',
              source_id: s.id,
              activity: occ.title ?? e.title,
              served_on: localDay(new Date(occ.starts_at)),
              place: occ.place ?? e.place,
              minutes: Math.round((Date.parse(occ.ends_at) - Date.parse(occ.starts_at)) / 60_000),
              organiser: organiser?.name ?? '',
              team,
            },
            trx,
          );
        }
      });
      if (!at) {
        const again = await repo.findSignup(s.id);
        throw new AppError('TICKET_ALREADY_USED', { checkedInAt: again?.checked_in_at ?? null });
      }
      return {
        signupId: s.id,
        name: person?.name ?? '',
        title: occ.title ?? e.title,
        start: occ.starts_at,
        checkedInAt: at,
        creditedHours: volunteer,
      };
    },
  };
}
