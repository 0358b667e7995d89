/**
 * Kysely table types. Each module declares its own tables next to its repository and adds them
 * here with one line, so a module's schema lives in its folder.
 */
import type { CoreTables } from './core.tables';

export type DB = CoreTables;
