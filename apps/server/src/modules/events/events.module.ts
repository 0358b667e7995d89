import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import { createAuditRepository } from '../audit/audit.repository';
import { createCalendarRepository } from '../calendar/calendar.repository';
import { createDaycareRepository } from '../daycare/daycare.repository';
import { createGroupsRepository } from '../groups/groups.repository';
import { createGroupsService } from '../groups/groups.service';
import { createHealthRepository } from '../health/health.repository';
import { createHoursRepository } from '../hours/hours.repository';
import { createNotificationsRepository, type NotificationsRepository } from '../notifications/notifications.repository';
import { createCheckinGraceRepository } from './checkin-grace.repository';
import { createEventsRepository } from './events.repository';
import { createEventsService } from './events.service';

/** The repositories and services of groups, events, health checks, day-care and calendars, for the app context. */
export function createEventsModule(
  db: Kysely<DB>,
  dialect: 'sqlite' | 'postgres',
  bus: Bus,
  notifications: NotificationsRepository = createNotificationsRepository(db, bus),
) {
  const events = createEventsRepository(db, dialect);
  const groups = createGroupsRepository(db);
  const audit = createAuditRepository(db, dialect);
  const checkinGrace = createCheckinGraceRepository(db);
  return {
    events,
    groups,
    checkinGrace,
    eventsService: createEventsService({
      events,
      audit,
      notifications,
      hours: createHoursRepository(db),
      grace: checkinGrace,
    }),
    groupsService: createGroupsService({ groups, people: events, audit }),
    health: createHealthRepository(db),
    daycare: createDaycareRepository(db),
    calendar: createCalendarRepository(db),
  };
}
