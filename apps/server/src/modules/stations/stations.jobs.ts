import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { ScheduledJob } from '../../lib/jobs';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import { createStationRemindersRepository } from './station-reminders.repository';

/** How long before a slot its booking is reminded. */
export const STATION_REMIND_BEFORE_MS = 3 * 3600_000;

/**
 * Reminds each person of a station booking three hours before the slot, once (the conditional
 * update on reminded_at decides when two runs overlap); bookings made within those three hours
 * are not reminded.
 */
export function createStationReminder(deps: {
  db: Kysely<DB>;
  notifications: Pick<NotificationsRepository, 'notify'>;
  clock?: () => Date;
}) {
  const repo = createStationRemindersRepository(deps.db);
  const clock = deps.clock ?? (() => new Date());
  return async function remindBookings(): Promise<number> {
    const now = clock();
    const until = new Date(now.getTime() + STATION_REMIND_BEFORE_MS).toISOString();
    let n = 0;
    for (const b of await repo.due(now.toISOString(), until)) {
      // Booked within the three hours: they know.
      if (Date.parse(b.created_at) > Date.parse(b.starts_at) - STATION_REMIND_BEFORE_MS) continue;
      if (!(await repo.markReminded(b.id, now.toISOString()))) continue;
      n++;
      const bj = new Date(Date.parse(b.starts_at) + 8 * 3600_000);
      const hhmm = `${String(bj.getUTCHours()).padStart(2, '0')}:${String(bj.getUTCMinutes()).padStart(2, '0')}`;
      await deps.notifications.notify([b.person_id], {
        kind: 'station.reminder',
        title: `预约提醒：${hhmm} ${b.name}`,
        body: b.place ? `地点：${b.place}` : '',
        link: `/stations/${b.station_id}`,
      });
    }
    return n;
  };
}
/** The stations module's scheduled work. */
export function stationJobs(deps: Parameters<typeof createStationReminder>[0]): ScheduledJob[] {
  return [{ name: 'stations.remind', everyMs: 5 * 60_000, run: createStationReminder(deps) }];
}
