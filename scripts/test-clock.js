#!/usr/bin/env node
// `npm run test:clock`: the clock-sensitive suites again, with the whole test process's clock set
// to instants that have broken calendars before — a month end, the first minute of March, the
// last minute of the year (the run crosses into the next one) and a leap day — each given in
// Beijing time. The clock is Debian's libfaketime (`faketime`), which sets the time of day for
// the test process and everything it forks, and lets it run on from there; nothing in the app
// or the tests knows it is being fooled. PostgreSQL keeps the real time, which is fine: every
// timestamp is written by the app, never by the database.
//
//   npm run test:clock                      all instants, all clock-sensitive suites
//   npm run test:clock -- --at 2027-03-01T00:01 [vitest file filters…]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
fs.mkdirSync(out, { recursive: true });

/** The instants, as a clock on a wall in Beijing (UTC+8, no daylight saving) shows them. */
const INSTANTS = ['2027-01-31T23:30', '2027-03-01T00:01', '2027-12-31T23:59', '2028-02-29T12:00'];

/**
 * The suites whose outcome depends on the date: demo dates, pairing cadence and overdue visits,
 * repeating orders and escalation, event recurrence and reminders, vote opening and closing,
 * dashboard rollups by month, certificates, calendar feeds, quiet hours and digests, council
 * follow-ups, health checks, notices' publication windows and the day-care centre.
 */
export const CLOCK_SENSITIVE = [
  'apps/server/src/modules/demo/',
  'apps/server/src/modules/pairing/',
  'apps/server/src/modules/orders/',
  'apps/server/src/modules/events/',
  'apps/server/src/modules/calendar/',
  'apps/server/src/modules/votes/',
  'apps/server/src/modules/dashboard/',
  'apps/server/src/modules/hours/',
  'apps/server/src/modules/notifications/',
  'apps/server/src/modules/council/',
  'apps/server/src/modules/health/',
  'apps/server/src/modules/notices/',
  'apps/server/src/modules/daycare/',
  'apps/server/src/modules/volunteers/',
  'apps/server/src/modules/stations/',
];

/**
 * Left out of the clock runs: suites in those folders that start other processes (a second server,
 * the CLI) and test nothing about dates; the normal run covers them.
 */
const NOT_CLOCK_SENSITIVE = ['**/orders/two-instances.test.ts', '**/votes/tally-cli.test.ts'];

/** "2027-01-31T23:30" in Beijing → "2027-01-31 15:30:00", the same instant in UTC, for faketime. */
export function beijingToUtc(local) {
  const ms = Date.parse(`${local}:00+08:00`);
  if (Number.isNaN(ms)) throw new Error(`not a Beijing time: ${local}`);
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function main() {
  const args = process.argv.slice(2);
  let instants = INSTANTS;
  const at = args.indexOf('--at');
  if (at >= 0) {
    instants = [args[at + 1]];
    args.splice(at, 2);
  }
  const files = args.length ? args : CLOCK_SENSITIVE;
  if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
    console.error('faketime is not installed (apt-get install -y faketime; .ci/run does this)');
    process.exit(1);
  }
  let passed = 0;
  let failed = 0;
  let ok = true;
  for (const instant of instants) {
    const utc = beijingToUtc(instant);
    const report = path.join(out, `clock-${instant.replace(/[:T]/g, '')}.json`);
    fs.rmSync(report, { force: true });
    console.log(`\n== clock at ${instant} Beijing (${utc} UTC) ==`);
    const r = spawnSync(
      'faketime',
      [
        utc,
        path.join(root, 'node_modules/.bin/vitest'),
        'run',
        '--reporter=dot',
        '--reporter=json',
        `--outputFile=${report}`,
        ...NOT_CLOCK_SENSITIVE.flatMap((g) => ['--exclude', g]),
        ...files,
      ],
      {
        cwd: root,
        stdio: 'inherit',
        // Timers run on the real monotonic clock; only the time of day is set.
        env: { ...process.env, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1', FORCE_COLOR: '0' },
      },
    );
    let p = 0;
    let f = 0;
    if (fs.existsSync(report)) {
      const json = JSON.parse(fs.readFileSync(report, 'utf8'));
      p = json.numPassedTests ?? 0;
      f = json.numFailedTests ?? 0;
    }
    console.log(`   at ${instant}: ${p} passed, ${f} failed`);
    passed += p;
    failed += f;
    if (r.status !== 0 || f > 0 || p === 0) ok = false;
  }
  console.log(`\nclock: ${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
