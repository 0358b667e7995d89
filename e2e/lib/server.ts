import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The servers this test file has running: what `on-failure.ts` prints the last lines of. */
export const runningServers = new Set<RunningServer>();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts the real server (`node apps/server/bin/serve.js`: the TypeScript through tsx, so the
 * journeys need no server build; `npm start` runs the same code compiled) on a free port with its
 * own data directory and the demo data.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // A journey may choose the port, where the server must know its own address (WECHAT_APP_URL).
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = env.LIANXIN_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'));
  const logs: string[] = [];
  const proc = spawn(process.execPath, [path.join(root, 'apps/server/bin/serve.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LIANXIN_DATA_DIR: dataDir,
      LIANXIN_DEMO: 'on',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d) => logs.push(String(d)));
  proc.stderr?.on('data', (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  // Seeding the demo takes seconds alone and over a minute on a loaded two-core machine.
  const deadline = Date.now() + 100_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}: ${logs.join('')}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready: ${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  const server: RunningServer = {
    url,
    port,
    dataDir,
    proc,
    logs,
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill(signal);
      });
    },
  };
  runningServers.add(server);
  proc.once('exit', () => runningServers.delete(server));
  return server;
}

/** The databases a journey file runs on: the embedded SQLite file, then PostgreSQL. */
export const JOURNEY_DATABASES = ['sqlite', 'postgres'] as const;
export type JourneyDatabase = (typeof JOURNEY_DATABASES)[number];

/**
 * `startServer` with the demo data on `database`: on PostgreSQL a database of its own, created
 * here (by the suite's harness, on the PostgreSQL every test uses) and dropped when the server
 * stops.
 */
export async function startServerOn(database: JourneyDatabase, env: Record<string, string> = {}): Promise<RunningServer> {
  if (database === 'sqlite') return startServer(env);
  // Loaded here: the harness brings the server's modules, which a SQLite journey never needs.
  const { createTestDatabase } = await import('../../apps/server/src/test/harness');
  const test = await createTestDatabase('postgres');
  await test.database.close();
  const server = await startServer({ ...env, DATABASE_URL: test.url ?? '' }).catch(async (e) => {
    await test.drop();
    throw e;
  });
  const stop = server.stop;
  server.stop = async (signal) => {
    const code = await stop(signal);
    await test.drop();
    return code;
  };
  return server;
}
