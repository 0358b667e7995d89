import type { EventRow } from '../events/events.repository';
import type { EventOccurrencesTable } from '../events/events.tables';
import type { FeedEvent } from './ical';
import { parseOccKey } from './rrule';

/**
 * Maps events and their materialised occurrences onto feed entries: a cancelled occurrence of a
 * series becomes an EXDATE, a changed one a RECURRENCE-ID override; a single event that was
 * cancelled or changed carries the change itself.
 */
export function toFeedEvents(events: EventRow[], occurrences: EventOccurrencesTable[], baseUrl = ''): FeedEvent[] {
  const byEvent = new Map<string, EventOccurrencesTable[]>();
  for (const o of occurrences) byEvent.set(o.event_id, [...(byEvent.get(o.event_id) ?? []), o]);
  return events.map((e) => {
    const occ = byEvent.get(e.id) ?? [];
    const start = new Date(e.starts_at);
    const base: FeedEvent = {
      uid: `${e.id}@lianxin`,
      sequence: e.sequence,
      updatedAt: new Date(e.updated_at),
      start,
      end: new Date(start.getTime() + e.duration_min * 60_000),
      summary: e.title,
      location: e.place,
      description: e.description,
      rrule: e.rrule,
      exdates: [],
      overrides: [],
      cancelled: !!e.cancelled_at,
      url: baseUrl ? `${baseUrl}/events/${e.id}` : undefined,
    };
    if (!e.rrule) {
      const o = occ[0];
      if (o) {
        base.start = new Date(o.starts_at);
        base.end = new Date(o.ends_at);
        base.summary = o.title ?? e.title;
        base.location = o.place ?? e.place;
        base.cancelled = base.cancelled || o.status === 'cancelled';
      }
      return base;
    }
    for (const o of occ) {
      const original = parseOccKey(o.occ_key);
      if (!original) continue;
      if (o.status === 'cancelled') base.exdates.push(original);
      else if (o.changed === 1) {
        base.overrides.push({
          recurrenceId: original,
          start: new Date(o.starts_at),
          end: new Date(o.ends_at),
          summary: o.title ?? e.title,
          location: o.place ?? e.place,
        });
      }
    }
    base.exdates.sort((a, b) => a.getTime() - b.getTime());
    return base;
  });
}
