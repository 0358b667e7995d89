/**
 * Start-up benchmark: time from `node …` to the first 200 from /readyz, and the resident memory
 * of the idle server afterwards, for the TypeScript server run through tsx (apps/server/bin/serve.js,
 * what development and the tests use) and the compiled bundle `npm start` runs
 * (apps/server/dist/main.js, built here first by scripts/build-server.js). Both start on the same
 * SQLite data directory, migrated and seeded with the demo by a first, unmeasured start.
 *
 *   npm run bench -- startup            # 5 starts of each, 10 s idle before reading the memory
 *   npm run bench -- startup --short    # 1 start of each, 2 s idle; writes startup.short.tmp
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { machineInfo, writeReport } from './lib/report';

const short = process.argv.includes('--short');
const RUNS = short ? 1 : 5;
const IDLE_MS = short ? 2_000 : 10_000;
const root = path.resolve(import.meta.dirname, '..');

const MODES = {
  tsx: { label: 'TypeScript through tsx (`npm run serve`)', entry: path.join(root, 'apps/server/bin/serve.js') },
  compiled: { label: 'compiled bundle (`npm start`)', entry: path.join(root, 'apps/server/dist/main.js') },
} as const;
type Mode = keyof typeof MODES;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** CPU time (user + system, all threads) the process has used, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

/** Starts the server, waits for /readyz, idles, reads RSS, stops it. */
async function startOnce(
  mode: Mode,
  dataDir: string,
  idleMs: number,
): Promise<{ readyMs: number; cpuMs: number; rssMb: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [MODES[mode].entry], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LIANXIN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  });
  try {
    let readyMs = 0;
    let cpu = 0;
    while (!readyMs) {
      if (child.exitCode !== null) throw new Error(`${mode} server exited with ${child.exitCode}`);
      if (performance.now() - t0 > 120_000) throw new Error(`${mode} server not ready in 120 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) {
        readyMs = performance.now() - t0;
        cpu = cpuMs(child.pid as number);
      } else await sleep(20);
    }
    await sleep(idleMs);
    return { readyMs, cpuMs: cpu, rssMb: rssMb(child.pid as number) };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.js')], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`server build failed: ${build.stderr}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-startup-'));
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' / ');
try {
  // Migrate and seed the demo once, and warm each mode's caches (tsx keeps compiled files on disk).
  await startOnce('tsx', dataDir, 0);
  await startOnce('compiled', dataDir, 0);
  const runs: Record<Mode, { readyMs: number; cpuMs: number; rssMb: number }[]> = { tsx: [], compiled: [] };
  for (let i = 0; i < RUNS; i++)
    for (const mode of ['tsx', 'compiled'] as const) runs[mode].push(await startOnce(mode, dataDir, IDLE_MS));
  const f = (x: number) => x.toFixed(0);
  const row = (mode: Mode) => {
    const r = runs[mode];
    return `| ${MODES[mode].label} | ${r.length} | ${f(median(r.map((x) => x.readyMs)))} | ${f(Math.min(...r.map((x) => x.readyMs)))}–${f(Math.max(...r.map((x) => x.readyMs)))} | ${f(median(r.map((x) => x.cpuMs)))} | ${f(median(r.map((x) => x.rssMb)))} |`;
  };
  const md = [
    '# Start-up benchmark',
    '',
    `Machine: ${machineInfo()}. Run: \`npm run bench -- startup${short ? ' --short' : ''}\` (${RUNS} start${RUNS > 1 ? 's' : ''} of each, alternating; ${IDLE_MS / 1000} s idle before the memory is read).`,
    '',
    `Load average when the run started: ${load} (2 cores shared with other work: every figure below is inflated by it).`,
    '',
    'Ready: from spawning `node` to the first 200 from `/readyz` (SQLite, migrated and seeded by an unmeasured first start; logging at `warn`). CPU to ready: user + system time of the server process (all its threads) when `/readyz` first answers — what the start costs on an unshared machine, little affected by other load. Idle RSS: `VmRSS` of the server process after the idle wait.',
    '',
    '| server | starts | ready, median ms | ready, min–max ms | CPU to ready, median ms | idle RSS, median MB |',
    '|---|---:|---:|---:|---:|---:|',
    row('tsx'),
    row('compiled'),
    '',
    'The compiled server skips tsx and its on-the-fly TypeScript transform, and loads one bundle instead of several hundred module files.',
    '',
  ].join('\n');
  const file = writeReport('startup', md);
  process.stdout.write(`${md}\nwritten to ${file}\n`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
