import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import type { ScheduledJob } from '../../lib/jobs';
import type { AuditRepository } from '../audit/audit.repository';
import { createCouncilRepository } from '../council/council.repository';
import { createIssuesService } from '../council/issues.service';
import { createMeetingsRepository } from '../council/meetings.repository';
import { createCertificatesRepository } from '../hours/certificates.repository';
import { registerCertificateRoutes } from '../hours/certificates.routes';
import type { HoursRepository } from '../hours/hours.repository';
import { registerHoursRoutes } from '../hours/hours.routes';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import { createOrdersRepository } from '../orders/orders.repository';
import { createPairingRepository } from '../pairing/pairing.repository';
import { registerPairingRoutes } from '../pairing/pairing.routes';
import { createPairingService } from '../pairing/pairing.service';
import { createVisitOrderPlacer } from '../pairing/visit-order';
import { createCouncilHook } from '../zones/council-hook';
import { createZonesRepository } from '../zones/zones.repository';
import { registerZoneRoutes } from '../zones/zones.routes';
import { createZonesService } from '../zones/zones.service';
import { createVolunteersRepository } from './volunteers.repository';
import { registerVolunteerRoutes } from './volunteers.routes';

/** How often overdue pairs are looked for (a reminder goes out once per due date). */
const REMIND_EVERY_MS = 15 * 60 * 1000;

/**
 * Volunteer work — profiles and teams, pairing and visits, zones, hours and certificates — wired
 * from the shared repositories (spread into the app context with one line).
 */
export function createVolunteerWork(deps: {
  db: Kysely<DB>;
  audit: AuditRepository;
  hours: HoursRepository;
  notifications: NotificationsRepository;
  clock?: () => Date;
}) {
  const { db } = deps;
  const volunteers = createVolunteersRepository(db);
  const pairing = createPairingRepository(db);
  const zones = createZonesRepository(db);
  const certificates = createCertificatesRepository(db);
  const pairingService = createPairingService({
    ...deps,
    pairing,
    volunteers,
    placeOrder: createVisitOrderPlacer(createOrdersRepository(db), deps.clock),
  });
  const councilIssues = createIssuesService({
    db,
    council: createCouncilRepository(db),
    meetings: createMeetingsRepository(db),
    audit: deps.audit,
    clock: deps.clock,
  });
  const zonesService = createZonesService({
    ...deps,
    zones,
    volunteers,
    // A problem reported from a zone becomes a council issue at that point of the plan.
    reportToCouncil: createCouncilHook((auth, input) => councilIssues.raise(auth, input)),
  });
  const volunteerJobs = (): ScheduledJob[] => [
    { name: 'pairing.remind-due', everyMs: REMIND_EVERY_MS, run: () => pairingService.remindDue() },
  ];
  return { volunteers, pairing, zones, certificates, pairingService, zonesService, volunteerJobs };
}

/** Every route of volunteer work (one line in modules/index.ts). */
export function registerVolunteerWorkRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerVolunteerRoutes(app, ctx);
  registerPairingRoutes(app, ctx);
  registerZoneRoutes(app, ctx);
  registerHoursRoutes(app, ctx);
  registerCertificateRoutes(app, ctx);
}
