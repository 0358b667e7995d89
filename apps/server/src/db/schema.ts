/**
 * Kysely table types. Each module declares its own tables next to its repository
 * (`modules/<name>/<name>.tables.ts`) and adds them here with one line.
 */

import type { UploadTables } from '../lib/uploads.tables';
import type { AccountsTables } from '../modules/accounts/accounts.tables';
import type { BoardsTables } from '../modules/boards/boards.tables';
import type { BudgetsTables } from '../modules/budgets/budgets.tables';
import type { CouncilTables } from '../modules/council/council.tables';
import type { DashboardTables } from '../modules/dashboard/dashboard.tables';
import type { EventsModuleTables } from '../modules/events/events.tables';
import type { HoursTables } from '../modules/hours/hours.tables';
import type { KeyingTables } from '../modules/keying/keying.tables';
import type { NoticesTables } from '../modules/notices/notices.tables';
import type { NotificationTables } from '../modules/notifications/notifications.tables';
import type { OrdersTables } from '../modules/orders/orders.tables';
import type { PairingTables } from '../modules/pairing/pairing.tables';
import type { PollsTables } from '../modules/polls/polls.tables';
import type { ProjectsTables } from '../modules/projects/projects.tables';
import type { RegistryTables } from '../modules/registry/registry.tables';
import type { StationsTables } from '../modules/stations/stations.tables';
import type { VolunteersTables } from '../modules/volunteers/volunteers.tables';
import type { VotesTables } from '../modules/votes/votes.tables';
import type { ZonesTables } from '../modules/zones/zones.tables';
import type { CoreTables } from './core.tables';
import type { FoundationTables } from './foundation.tables';

export type DB = CoreTables &
  VotesTables &
  EventsModuleTables &
  FoundationTables &
  AccountsTables &
  RegistryTables &
  BoardsTables &
  StationsTables &
  ProjectsTables &
  NoticesTables &
  DashboardTables &
  OrdersTables &
  NotificationTables &
  UploadTables &
  VolunteersTables &
  PairingTables &
  ZonesTables &
  HoursTables &
  KeyingTables &
  CouncilTables &
  BudgetsTables &
  PollsTables;
