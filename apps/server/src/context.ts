import type { Config } from './config';
import type { Database } from './db/database';
import { createAccountsRepository } from './modules/accounts/accounts.repository';
import { createAuditRepository } from './modules/audit/audit.repository';

/**
 * Everything a request handler may need, built once per process with plain factory functions
 * (no DI container). Modules add their repositories/services here.
 */
export function createContext(config: Config, database: Database) {
  const { db, dialect } = database;
  return {
    config,
    database,
    db,
    dialect,
    audit: createAuditRepository(db, dialect),
    accounts: createAccountsRepository(db),
  };
}

export type AppContext = ReturnType<typeof createContext>;
