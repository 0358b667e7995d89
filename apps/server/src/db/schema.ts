/**
 * Kysely table types. Each module declares its own tables next to its repository
 * (`modules/<name>/<name>.tables.ts`) and adds them here with one line.
 */
import type { UploadTables } from '../lib/uploads.tables';
import type { AccountsTables } from '../modules/accounts/accounts.tables';
import type { CoreTables } from './core.tables';
import type { FoundationTables } from './foundation.tables';

export type DB = CoreTables & FoundationTables & AccountsTables & UploadTables;
