import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type BuildOptions, buildApp } from '../app';
import { type Config, loadConfig } from '../config';
import { type AppContext, createContext } from '../context';
import { type Database, type DialectName, openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { DEMO_PASSWORD, seedDemo } from '../modules/demo/seed-demo';
import type { DemoTemplates } from './global-setup';

/**
 * Both databases, always, except inside a mutation run (`npm run mutate -- <module> --dialect X`,
 * scripts/mutate.js), which may kill its mutants on one database to halve its time.
 */
export const DIALECTS: readonly DialectName[] =
  process.env.LIANXIN_MUTATE &&
  (process.env.LIANXIN_MUTATE_DIALECT === 'sqlite' || process.env.LIANXIN_MUTATE_DIALECT === 'postgres')
    ? [process.env.LIANXIN_MUTATE_DIALECT]
    : ['sqlite', 'postgres'];

/** The PostgreSQL server tests create their databases on. A missing server fails the suite. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  database: Database;
  /** A DATABASE_URL (PostgreSQL) or the SQLite file path, for tests that start processes. */
  url: string | undefined;
  sqliteFile: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/** The demo templates seeded once per run by global-setup.ts (absent outside the unit config). */
function demoTemplates(): DemoTemplates | undefined {
  try {
    return inject('lianxinDemoTemplates');
  } catch {
    return undefined;
  }
}

/**
 * A fresh, migrated database of the given kind: a temp SQLite file or a new PG database. With
 * `template`, a copy of the demo database seeded once per run (and of its uploaded files).
 */
export async function createTestDatabase(dialect: DialectName, template?: DemoTemplates): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-test-'));
  if (template) {
    const uploads = path.join(dialect === 'sqlite' ? template.sqliteDataDir : template.pgDataDir, 'uploads');
    if (fs.existsSync(uploads)) fs.cpSync(uploads, path.join(dataDir, 'uploads'), { recursive: true });
  }
  if (dialect === 'sqlite') {
    const sqliteFile = path.join(dataDir, 'lianxin.db');
    if (template) fs.copyFileSync(template.sqliteFile, sqliteFile);
    const database = openDatabase({ sqliteFile });
    await migrateToLatest(database.db);
    return {
      database,
      url: undefined,
      sqliteFile,
      dataDir,
      async drop() {
        await database.close();
        // Retried: a file written by work the test left running (an upload, a WAL checkpoint) may
        // appear while the folder is being removed.
        fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      },
    };
  }
  const name = `lx_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template.pgName}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(TEST_PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = openDatabase({ databaseUrl: url, poolSize: 10 });
  await migrateToLatest(database.db);
  return {
    database,
    url,
    sqliteFile: undefined,
    dataDir,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      // Retried: a file written by work the test left running (an upload, a WAL checkpoint) may
      // appear while the folder is being removed.
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/**
 * The instant the demo data was seeded at: the "now" its dates were computed from. Tests that
 * expect a demo date derive it from this, never from a literal or from the clock at test time
 * (a run may cross midnight, a month or a year between seeding and the test).
 */
export function demoSeededAt(): Date {
  const at = demoTemplates()?.seededAt;
  if (!at) throw new Error('the demo templates are not seeded in this run (unit config only)');
  return new Date(at);
}

export interface Session {
  cookie: string;
  csrf: string;
  accountId: string;
  personId: string;
}

export interface Harness {
  dialect: DialectName;
  ctx: AppContext;
  app: FastifyInstance;
  testDb: TestDatabase;
  /** Signs in (demo password by default) and returns the cookie and CSRF token. */
  login(phone: string, password?: string): Promise<Session>;
  /** app.inject with a session's cookie and CSRF header. */
  as(session: Session | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions extends BuildOptions {
  /** Load the demo organisation and accounts (default true). */
  demo?: boolean;
  config?: Partial<Config>;
}

export async function createHarness(dialect: DialectName, opts: HarnessOptions = {}): Promise<Harness> {
  const template = opts.demo !== false ? demoTemplates() : undefined;
  const testDb = await createTestDatabase(dialect, template);
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: testDb.dataDir, LIANXIN_DEMO: 'off' }),
    ...opts.config,
  };
  const ctx = createContext(config, testDb.database);
  if (opts.demo !== false && !template) await seedDemo(ctx);
  const app = await buildApp(ctx, { logLevel: opts.logLevel ?? 'silent', logStream: opts.logStream });
  await app.ready();
  const h: Harness = {
    dialect,
    ctx,
    app,
    testDb,
    async login(phone, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password } });
      if (res.statusCode !== 200) throw new Error(`login ${phone} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'lx_session');
      const body = res.json() as { csrfToken: string; accountId: string; personId: string };
      return { cookie: `lx_session=${cookie?.value}`, csrf: body.csrfToken, accountId: body.accountId, personId: body.personId };
    },
    as(session, o) {
      const headers = { ...(o.headers ?? {}) } as Record<string, string>;
      if (session) {
        headers.cookie = session.cookie;
        headers['x-csrf-token'] = session.csrf;
      }
      return app.inject({ ...o, headers });
    },
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
  return h;
}

/**
 * Runs a suite once per database. Test names carry the dialect ("[sqlite]", "[postgres]"),
 * which is how the test summary counts per dialect.
 */
export function describeEachDialect(name: string, fn: (h: () => Harness) => void, opts: HarnessOptions = {}): void {
  for (const dialect of DIALECTS) {
    describe(`[${dialect}] ${name}`, () => {
      let harness: Harness | undefined;
      beforeAll(async () => {
        harness = await createHarness(dialect, opts);
      }, 60_000);
      afterAll(async () => {
        await harness?.close();
      });
      fn(() => {
        if (!harness) throw new Error('harness not ready');
        return harness;
      });
    });
  }
}
