import { type EventInput, type Lang, STAFF_ROLES } from '@lianxin/shared';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { type AuthContext, reaches } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import {
  expand,
  firstOccurrence,
  fromLocal,
  localDay,
  occKeyOf,
  parseOccKey,
  parseRrule,
  type Rrule,
  RruleError,
} from '../calendar/rrule';
import type { HoursRepository } from '../hours/hours.repository';
import type { NewNotification, NotificationsRepository } from '../notifications/notifications.repository';
import { audienceRefusals, parseTags } from './audience';
import type { CheckinGraceRepository } from './checkin-grace.repository';
import type { EventRow, EventsRepository, OccurrenceRow } from './events.repository';
import { NOTICES } from './notices';
import { createTicketOps } from './tickets.service';

const DAY = 24 * 3600 * 1000;

/** Fields of a series an organiser may change after publishing. */
export interface EventPatch {
  title?: string;
  place?: string;
  description?: string;
  capacity?: number | null;
  minAge?: number | null;
  maxAge?: number | null;
  signupOpensHours?: number | null;
  signupClosesMin?: number;
}

/** One occurrence as the API shows it. */
export interface OccurrenceView {
  eventId: string;
  occKey: string;
  title: string;
  place: string;
  start: string;
  end: string;
  status: 'scheduled' | 'cancelled';
  changed: boolean;
  capacity: number | null;
  taken: number;
  kind: EventRow['kind'];
  groupId: string | null;
  nodeName: string;
  recurring: boolean;
}

export function ruleOf(e: Pick<EventRow, 'rrule'>): Rrule | null {
  return e.rrule ? parseRrule(e.rrule) : null;
}

/** Local "2026-11-27T19:30" (Asia/Shanghai) to a UTC Date. */
export function parseLocal(s: string): Date {
  const d = fromLocal(new Date(`${s}:00Z`));
  if (Number.isNaN(d.getTime())) throw fieldError('start', 'datetime');
  return d;
}

export function occurrenceView(e: EventRow, key: string, row: OccurrenceRow | undefined): OccurrenceView {
  const original = parseOccKey(key) as Date;
  const start = row?.starts_at ?? original.toISOString();
  return {
    eventId: e.id,
    occKey: key,
    title: row?.title ?? e.title,
    place: row?.place ?? e.place,
    start,
    end: row?.ends_at ?? new Date(original.getTime() + e.duration_min * 60_000).toISOString(),
    status: e.cancelled_at ? 'cancelled' : (row?.status ?? 'scheduled'),
    changed: row?.changed === 1,
    capacity: row ? row.capacity : e.capacity,
    taken: row?.taken ?? 0,
    kind: e.kind,
    groupId: e.group_id,
    nodeName: e.node_name,
    recurring: !!e.rrule,
  };
}

export interface EventsServiceDeps {
  events: EventsRepository;
  audit: Pick<AuditRepository, 'append'>;
  notifications: Pick<NotificationsRepository, 'notify'>;
  hours: Pick<HoursRepository, 'credit'>;
  /** The check-in grace set per event kind and node (none: the default applies everywhere). */
  grace?: Pick<CheckinGraceRepository, 'minutesFor'>;
  clock?: () => Date;
}

/** Events, occurrences, sign-ups, wait list and tickets. */
export function createEventsService(d: EventsServiceDeps) {
  const clock = d.clock ?? (() => new Date());
  const repo = d.events;

  /** One notice per language group: each person reads it in their account's language. */
  async function notifyInTheirLanguage(personIds: string[], build: (lang: Lang) => NewNotification) {
    const langs = await repo.langsOf(personIds);
    for (const lang of ['zh-CN', 'en'] as const) {
      const group = personIds.filter((id) => langs.get(id) === lang);
      if (group.length) await d.notifications.notify(group, build(lang));
    }
  }

  /** Nodes a caller relates to: their home, and every grant. */
  async function anchorsOf(auth: AuthContext, personId = auth.personId): Promise<string[]> {
    const p = await repo.personWithNode(personId);
    return [...(p ? [p.path] : []), ...(personId === auth.personId ? auth.grants.map((g) => g.path) : [])];
  }

  function related(anchors: string[], path: string) {
    return anchors.some((a) => a.startsWith(path) || path.startsWith(a));
  }

  async function canManage(auth: AuthContext, e: EventRow): Promise<boolean> {
    if (e.organiser_person_id === auth.personId) return true;
    if (reaches(auth, e.node_path, STAFF_ROLES)) return true;
    if (e.kind === 'health_check' && reaches(auth, e.node_path, ['medical_staff'])) return true;
    return e.group_id ? repo.isLeaderOf(e.group_id, auth.personId) : false;
  }

  /** The event if the caller may see it; 404 otherwise (never reveal that it exists). */
  async function visibleEvent(auth: AuthContext, id: string): Promise<EventRow> {
    const e = await repo.findEvent(id);
    if (!e || !related(await anchorsOf(auth), e.node_path)) throw notFound('event');
    return e;
  }

  async function managedEvent(auth: AuthContext, id: string): Promise<EventRow> {
    const e = await visibleEvent(auth, id);
    if (!(await canManage(auth, e))) throw notFound('event');
    return e;
  }

  /** Checks the key is an instance of the series and returns its original start. */
  function instanceStart(e: EventRow, key: string): Date {
    const at = parseOccKey(key);
    if (!at) throw notFound('occurrence');
    const hit = expand(new Date(e.starts_at), ruleOf(e), at, new Date(at.getTime() + 1));
    if (!hit.length) throw notFound('occurrence');
    return at;
  }

  function occInit(e: EventRow, key: string, at: Date) {
    return {
      event_id: e.id,
      occ_key: key,
      starts_at: at.toISOString(),
      ends_at: new Date(at.getTime() + e.duration_min * 60_000).toISOString(),
      capacity: e.capacity,
    };
  }

  /** Occurrences of the given events starting in [from, to), with their changes applied. */
  async function occurrencesIn(events: EventRow[], from: Date, to: Date): Promise<OccurrenceView[]> {
    const rows = await repo.occurrencesOf(events.map((e) => e.id));
    const byKey = new Map(rows.map((r) => [`${r.event_id}|${r.occ_key}`, r]));
    const out: OccurrenceView[] = [];
    // A changed occurrence may move by up to a month: look that far around the window.
    const wideFrom = new Date(from.getTime() - 35 * DAY);
    const wideTo = new Date(to.getTime() + 35 * DAY);
    for (const e of events) {
      for (const at of expand(new Date(e.starts_at), ruleOf(e), wideFrom, wideTo)) {
        const key = occKeyOf(at);
        const v = occurrenceView(e, key, byKey.get(`${e.id}|${key}`));
        const s = new Date(v.start);
        if (s >= from && s < to) out.push(v);
      }
    }
    return out.sort((a, b) => a.start.localeCompare(b.start));
  }

  function signupWindow(e: EventRow, start: Date) {
    const opens = e.signup_opens_hours === null ? null : new Date(start.getTime() - e.signup_opens_hours * 3600_000);
    const closes = new Date(start.getTime() - e.signup_closes_min * 60_000);
    return { opens, closes };
  }

  async function eligibility(e: EventRow, personId: string, lang: Lang) {
    const p = await repo.personWithNode(personId);
    if (!p || p.erased_at) throw notFound('person');
    return audienceRefusals(
      { minAge: e.min_age, maxAge: e.max_age, tags: parseTags(e.tags) },
      { birthYear: p.birth_year, tags: parseTags(p.tags) },
      Number(localDay(clock()).slice(0, 4)),
      lang,
    );
  }

  /** "12月8日 09:30" in Beijing time. */
  function beijingWhen(iso: string): string {
    const d = new Date(Date.parse(iso) + 8 * 3600_000);
    return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  }

  return {
    /**
     * The day before: everyone with a confirmed place in an occurrence starting within 24 hours
     * is reminded, once per occurrence (the conditional update on reminded_at decides).
     */
    async remindTomorrow(): Promise<number> {
      const now = clock();
      let n = 0;
      for (const o of await repo.occurrencesToRemind(now.toISOString(), new Date(now.getTime() + 24 * 3600_000).toISOString())) {
        if (!(await repo.markOccurrenceReminded(o.id, now.toISOString()))) continue;
        n++;
        const people = await repo.confirmedPeople(o.id);
        await notifyInTheirLanguage(people, (lang) => ({
          kind: 'event.reminder',
          ...NOTICES.reminder(lang, o.title ?? o.event_title, beijingWhen(o.starts_at), o.place ?? o.event_place ?? ''),
          link: '/events/tickets',
        }));
      }
      return n;
    },

    anchorsOf,
    visibleEvent,
    managedEvent,
    canManage,
    occurrencesIn,
    instanceStart,
    eligibility,
    signupWindow,

    /** Creates an event after checking the caller may organise at that node (or leads the group). */
    async create(
      auth: AuthContext,
      input: EventInput,
      extra: { nodePath: string; groupNodeId: string | null; leadsGroup: boolean },
    ) {
      const staff = reaches(auth, extra.nodePath, STAFF_ROLES);
      const medical = input.kind === 'health_check' && reaches(auth, extra.nodePath, ['medical_staff']);
      if (!staff && !medical && !extra.leadsGroup) throw notFound('node');
      if (input.kind === 'health_check' && !medical && !staff) throw new AppError('FORBIDDEN');
      if (input.groupId && extra.groupNodeId !== input.nodeId) throw fieldError('groupId', 'group belongs to another place');
      if (input.minAge !== null && input.maxAge !== null && input.minAge > input.maxAge)
        throw fieldError('maxAge', 'below minAge');
      let rule: Rrule | null = null;
      if (input.rrule) {
        try {
          rule = parseRrule(input.rrule);
        } catch (err) {
          if (err instanceof RruleError) throw fieldError('rrule', err.message);
          throw err;
        }
      }
      const first = firstOccurrence(parseLocal(input.start), rule);
      if (!first) throw fieldError('rrule', 'no occurrence within a year of the start');
      return repo.insertEvent(
        {
          node_id: input.nodeId,
          group_id: input.groupId,
          kind: input.kind,
          title: input.title,
          place: input.place,
          description: input.description,
          starts_at: first.toISOString(),
          duration_min: input.durationMin,
          rrule: input.rrule ? input.rrule.toUpperCase() : null,
          capacity: input.capacity,
          min_age: input.minAge,
          max_age: input.maxAge,
          tags: JSON.stringify(input.tags),
          signup_opens_hours: input.signupOpensHours,
          signup_closes_min: input.signupClosesMin,
          organiser_person_id: input.organiserPersonId ?? auth.personId,
        },
        (trx, id) =>
          d.audit.append(
            { actorAccountId: auth.accountId, action: 'event.create', targetType: 'event', targetId: id, nodeId: input.nodeId },
            trx,
          ),
      );
    },

    /** Moves, renames or cancels one occurrence; the sign-ed up hear about a cancellation. */
    async changeOccurrence(
      auth: AuthContext,
      eventId: string,
      key: string,
      change: { start?: string; durationMin?: number; title?: string; place?: string; cancelled?: boolean },
    ) {
      const e = await managedEvent(auth, eventId);
      const at = instanceStart(e, key);
      const set: Partial<Pick<OccurrenceRow, 'starts_at' | 'ends_at' | 'title' | 'place' | 'status'>> = {};
      if (change.start || change.durationMin) {
        const existing = await repo.findOccurrence(e.id, key);
        const start = change.start ? parseLocal(change.start) : new Date(existing?.starts_at ?? at);
        const dur =
          change.durationMin ??
          (existing ? (Date.parse(existing.ends_at) - Date.parse(existing.starts_at)) / 60_000 : e.duration_min);
        set.starts_at = start.toISOString();
        set.ends_at = new Date(start.getTime() + dur * 60_000).toISOString();
      }
      if (change.title !== undefined) set.title = change.title;
      if (change.place !== undefined) set.place = change.place;
      if (change.cancelled !== undefined) set.status = change.cancelled ? 'cancelled' : 'scheduled';
      const occ = await repo.changeOccurrence(occInit(e, key, at), set, (trx) =>
        d.audit.append(
          {
            actorAccountId: auth.accountId,
            action: change.cancelled ? 'event.occurrence_cancel' : 'event.occurrence_change',
            targetType: 'event',
            targetId: e.id,
            nodeId: e.node_id,
            details: { occKey: key },
          },
          trx,
        ),
      );
      if (change.cancelled) {
        const people = (await repo.roster(occ.id)).map((r) => r.person_id);
        await notifyInTheirLanguage(people, (lang) => ({
          kind: 'event.cancelled',
          ...NOTICES.occurrenceCancelled(lang, occ.title ?? e.title, localDay(at)),
          link: `/events/${e.id}/${key}`,
        }));
      }
      return occurrenceView(e, key, occ);
    },

    /** Edits the series (title, place, capacity, audience, sign-up window); more places move the wait list up. */
    async updateSeries(auth: AuthContext, eventId: string, patch: EventPatch) {
      const e = await managedEvent(auth, eventId);
      if (e.cancelled_at) throw new AppError('INVALID_TRANSITION');
      const minAge = patch.minAge === undefined ? e.min_age : patch.minAge;
      const maxAge = patch.maxAge === undefined ? e.max_age : patch.maxAge;
      if (minAge !== null && maxAge !== null && minAge > maxAge) throw fieldError('maxAge', 'below minAge');
      const set: Parameters<EventsRepository['updateEvent']>[1] = {};
      if (patch.title !== undefined) set.title = patch.title;
      if (patch.place !== undefined) set.place = patch.place;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.capacity !== undefined) set.capacity = patch.capacity;
      if (patch.minAge !== undefined) set.min_age = patch.minAge;
      if (patch.maxAge !== undefined) set.max_age = patch.maxAge;
      if (patch.signupOpensHours !== undefined) set.signup_opens_hours = patch.signupOpensHours;
      if (patch.signupClosesMin !== undefined) set.signup_closes_min = patch.signupClosesMin;
      await repo.updateEvent(e.id, set, (trx) =>
        d.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'event.update',
            targetType: 'event',
            targetId: e.id,
            nodeId: e.node_id,
            details: { fields: Object.keys(set) },
          },
          trx,
        ),
      );
      if (patch.capacity !== undefined && patch.capacity !== e.capacity) {
        const promoted = await repo.resizeFuture(e.id, patch.capacity, clock().toISOString());
        for (const p of promoted) {
          await notifyInTheirLanguage([p.person_id], (lang) => ({
            kind: 'event.promoted',
            ...NOTICES.promoted(lang, patch.title ?? e.title, null),
            link: '/events/tickets',
          }));
        }
      }
    },

    /** Cancels the whole series; everyone signed up for a coming occurrence is told. */
    async cancelSeries(auth: AuthContext, eventId: string) {
      const e = await managedEvent(auth, eventId);
      const ok = await repo.cancelEvent(e.id, (trx) =>
        d.audit.append(
          { actorAccountId: auth.accountId, action: 'event.cancel', targetType: 'event', targetId: e.id, nodeId: e.node_id },
          trx,
        ),
      );
      if (!ok) throw new AppError('INVALID_TRANSITION');
      const people = await repo.futureSignupPeople(e.id, clock().toISOString());
      await notifyInTheirLanguage(people, (lang) => ({
        kind: 'event.cancelled',
        ...NOTICES.seriesCancelled(lang, e.title),
        link: '/events/tickets',
      }));
    },

    ...createTicketOps({
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
    }),
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
