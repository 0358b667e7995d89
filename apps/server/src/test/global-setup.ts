import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../modules/demo/seed-demo';

/** What the harness copies instead of seeding the demo data again for every suite. */
export interface DemoTemplates {
  sqliteFile: string;
  sqliteDataDir: string;
  pgName: string;
  pgDataDir: string;
  /** The instant both templates were seeded at (ISO): the "now" of every demo date. */
  seededAt: string;
}

declare module 'vitest' {
  interface ProvidedContext {
    lianxinDemoTemplates: DemoTemplates;
  }
}

const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Seeds the demo data once per test run into a SQLite file and a PostgreSQL template database;
 * each suite then starts from a copy (a file copy, `CREATE DATABASE … TEMPLATE …`), which is
 * much faster than seeding every module's demo data again.
 */
export default async function setup(project: TestProject) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-template-'));
  const sqliteDataDir = path.join(base, 'sqlite');
  const pgDataDir = path.join(base, 'pg');
  const sqliteFile = path.join(sqliteDataDir, 'lianxin.db');
  const pgName = `lx_tpl_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

  // One clock for both templates, so the demo's dates — and the tests' expectations of them —
  // agree even when the run crosses midnight in Beijing.
  const seededAt = new Date();
  const sqlite = openDatabase({ sqliteFile });
  await migrateToLatest(sqlite.db);
  const sctx = createContext(loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: sqliteDataDir, LIANXIN_DEMO: 'off' }), sqlite);
  await seedDemo(sctx, seededAt);
  sqlite.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  await sctx.bus.close();
  await sqlite.close();

  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgName}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${pgName}`;
  const pgdb = openDatabase({ databaseUrl: u.toString() });
  await migrateToLatest(pgdb.db);
  const pctx = createContext(loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: pgDataDir, LIANXIN_DEMO: 'off' }), pgdb);
  await seedDemo(pctx, seededAt);
  await pctx.bus.close();
  await pgdb.close();

  project.provide('lianxinDemoTemplates', { sqliteFile, sqliteDataDir, pgName, pgDataDir, seededAt: seededAt.toISOString() });
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(base, { recursive: true, force: true });
  };
}
