#!/usr/bin/env node
// `npm test`: builds the web app, runs the unit/route suites (each on SQLite and PostgreSQL) and
// the browser journeys, then prints a per-database summary and one closing line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
fs.mkdirSync(out, { recursive: true });
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const extra = process.argv.slice(2);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return r.status ?? 1;
}

const started = Date.now();
if (run(bin('vite'), ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']) !== 0) {
  console.error('web build failed');
  process.exit(1);
}
const unit = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}/unit.json`, ...extra]);
const e2e = extra.length
  ? 0
  : run(bin('vitest'), [
      'run',
      '--config',
      'vitest.e2e.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${out}/e2e.json`,
    ]);

const counts = { sqlite: { passed: 0, failed: 0 }, postgres: { passed: 0, failed: 0 }, other: { passed: 0, failed: 0 } };
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['unit.json', 'e2e.json']) {
  const p = path.join(out, file);
  if (!fs.existsSync(p)) continue;
  const report = JSON.parse(fs.readFileSync(p, 'utf8'));
  for (const suite of report.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      const name = `${(t.ancestorTitles ?? []).join(' ')} ${t.title}`;
      const bucket = name.includes('[postgres]') ? 'postgres' : name.includes('[sqlite]') ? 'sqlite' : 'other';
      if (t.status === 'passed') {
        counts[bucket].passed++;
        passed++;
      } else if (t.status === 'failed') {
        counts[bucket].failed++;
        failed++;
      } else skipped++;
    }
  }
}
console.log('\nTests per database:');
console.log(`  SQLite:       ${counts.sqlite.passed} passed, ${counts.sqlite.failed} failed`);
console.log(`  PostgreSQL:   ${counts.postgres.passed} passed, ${counts.postgres.failed} failed`);
console.log(`  other/browser ${counts.other.passed} passed, ${counts.other.failed} failed`);
console.log(`  time: ${Math.round((Date.now() - started) / 1000)} s`);
const ok = unit === 0 && e2e === 0 && failed === 0 && passed > 0 && counts.sqlite.passed > 0 && counts.postgres.passed > 0;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
