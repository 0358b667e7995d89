import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, type RunningServer, startServer } from './server';

const root = path.resolve(import.meta.dirname, '../..');

export interface Cluster {
  url: string;
  instances: RunningServer[];
  nginx: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The tested scale-out layout of docs/deploy.md: `n` app instances sharing one PostgreSQL
 * database and Redis, behind nginx (Debian's package) on loopback.
 */
export async function startCluster(n: number, env: Record<string, string>): Promise<Cluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cluster-'));
  const instances: RunningServer[] = [];
  // One configuration for every instance, as in a deployment. The first migrates and seeds; the
  // others start on the ready database (the demo seed skips what is there), so whichever instance
  // nginx picks answers alike — the demo accounts on the login page included.
  for (let i = 0; i < n; i++) instances.push(await startServer({ TRUST_PROXY: '127.0.0.1', ...env, LIANXIN_DATA_DIR: dataDir }));
  const port = await freePort();
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-nginx-'));
  const conf = fs
    .readFileSync(path.join(root, 'deploy/nginx.conf.template'), 'utf8')
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{PORT}}', String(port))
    .replace('{{UPSTREAMS}}', instances.map((s) => `    server 127.0.0.1:${s.port} max_fails=1 fail_timeout=5s;`).join('\n'));
  const confFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  const nginx = spawn(process.env.NGINX_PATH ?? '/usr/sbin/nginx', ['-p', prefix, '-c', confFile, '-g', 'daemon off;'], {
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // nginx not up yet
    }
    if (nginx.exitCode !== null) throw new Error(`nginx exited ${nginx.exitCode}`);
    if (Date.now() > deadline) throw new Error('nginx did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    instances,
    nginx,
    async stop() {
      nginx.kill('SIGQUIT');
      await Promise.all(instances.map((s) => s.stop()));
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}
