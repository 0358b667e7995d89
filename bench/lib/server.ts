/**
 * The app under test for the HTTP benchmarks: a fresh database (the test harness's
 * createTestDatabase), the real app on a loopback port, and the bare ceiling route. The servers
 * run in a child process (the bench file itself, started with `--serve`), so the load generator
 * does not share their event loop; forkServer / serveUntilStopped are the two ends of that.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../apps/server/src/context';
import type { DialectName } from '../../apps/server/src/db/database';

export const DIALECTS = ['sqlite', 'postgres'] as const satisfies readonly DialectName[];

/** The heading of a dialect's section in a report. */
export function dialectTitle(d: DialectName): string {
  return d === 'sqlite' ? 'SQLite (WAL, one file)' : 'PostgreSQL (pool of 10)';
}

export function portOf(app: FastifyInstance): number {
  return (app.server.address() as { port: number }).port;
}

export interface BenchApp {
  ctx: AppContext;
  app: FastifyInstance;
  port: number;
  /** Closes the app and its context and drops the database. */
  close(): Promise<void>;
}

/**
 * A migrated database of the dialect (a temp SQLite file or a new PostgreSQL database, pool of
 * 10), the context on it (demo data seeded unless `demo: false`), and the app listening on
 * 127.0.0.1 with logging off.
 */
export async function startBenchApp(dialect: DialectName, opts: { demo?: boolean } = {}): Promise<BenchApp> {
  const [{ createTestDatabase }, { loadConfig }, { createContext }, { seedDemo }, { buildApp }] = await Promise.all([
    import('../../apps/server/src/test/harness'),
    import('../../apps/server/src/config'),
    import('../../apps/server/src/context'),
    import('../../apps/server/src/modules/demo/seed-demo'),
    import('../../apps/server/src/app'),
  ]);
  const t = await createTestDatabase(dialect);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    LIANXIN_DATA_DIR: t.dataDir,
    LIANXIN_DEMO: 'off',
    ...(t.url ? { DATABASE_URL: t.url } : {}),
  });
  const ctx = createContext(config, t.database);
  if (opts.demo !== false) await seedDemo(ctx);
  const app = await buildApp(ctx, { logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx,
    app,
    port: portOf(app),
    async close() {
      await app.close();
      await ctx.bus.close();
      await ctx.loginThrottle.store.close();
      await t.drop();
    },
  };
}

/** The ceiling: bare Fastify + Kysely, one single-row insert per POST /bare, on the same database. */
export async function startBareInsert(ctx: AppContext): Promise<{ port: number; close(): Promise<void> }> {
  const [{ default: Fastify }, { sql }, { newId }] = await Promise.all([
    import('fastify'),
    import('kysely'),
    import('../../apps/server/src/lib/ids'),
  ]);
  await sql`create table if not exists bench_bare (id text primary key, body text not null, created_at text not null)`.execute(
    ctx.db,
  );
  const bare = Fastify({ logger: false });
  bare.post('/bare', async (req) => {
    const id = newId();
    await sql`insert into bench_bare (id, body, created_at) values (${id}, ${JSON.stringify(req.body)}, ${new Date().toISOString()})`.execute(
      ctx.db,
    );
    return { id };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  return { port: portOf(bare), close: () => bare.close() };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the app (inject, not measured); the cookie header and CSRF token to send. */
export async function loginAs(app: FastifyInstance, phone: string, password = 'lianxin2026'): Promise<Session> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password } });
  if (r.statusCode !== 200) throw new Error(`login as ${phone} answered ${r.statusCode}`);
  const c = r.cookies.find((x) => x.name === 'lx_session');
  return { cookie: `lx_session=${c?.value}`, csrf: (r.json() as { csrfToken: string }).csrfToken };
}

/** The arguments after `--serve` when this process is a bench's server child, else null. */
export function serveArgs(): string[] | null {
  const i = process.argv.indexOf('--serve');
  return i === -1 ? null : process.argv.slice(i + 1);
}

/**
 * Child side: reports `info` to the parent, answers its requests with `answer` (sent back as the
 * reply), and on 'stop' runs `close` and exits.
 */
export function serveUntilStopped(info: unknown, close: () => Promise<void>, answer?: (m: unknown) => Promise<unknown>): void {
  process.send?.(info);
  process.on('message', async (m) => {
    if (m === 'stop') {
      await close();
      process.exit(0);
    }
    if (m === 'cpu') process.send?.(process.cpuUsage());
    else if (answer) process.send?.(await answer(m));
  });
}

export interface ServerChild<T> {
  info: T;
  /** Sends a message to the child and waits for its answer. */
  ask<R>(message: unknown): Promise<R>;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Parent side: starts `file --serve ...args` under tsx and waits for the info it reports. */
export async function forkServer<T>(file: string, args: string[]): Promise<ServerChild<T>> {
  const child: ChildProcess = fork(file, ['--serve', ...args], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  const ask = <R>(message: unknown) =>
    new Promise<R>((resolve) => {
      child.once('message', (m) => resolve(m as R));
      child.send(message as never);
    });
  return {
    info,
    ask,
    cpuMs: async () => {
      const u = await ask<NodeJS.CpuUsage>('cpu');
      return (u.user + u.system) / 1000;
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await exited;
    },
  };
}
