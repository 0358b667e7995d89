#!/usr/bin/env node
// `npm run mutate -- <module> [stryker flags]`: mutation-tests one guard module (stryker/modules.mjs)
// in incremental mode; its incremental file under bench/results/stryker-incremental/ is committed
// so a rerun tests only the mutants whose code or tests changed. Not part of `npm test`.
// `--dialect sqlite|postgres|both` (default sqlite): the database(s) the route and repository
// tests run on while killing mutants; the guards' logic is the same on both, and one database
// halves the run on a shared machine. `npm test` always runs both.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MODULES } from '../stryker/modules.mjs';

const root = path.resolve(import.meta.dirname, '..');
const [name, ...rest] = process.argv.slice(2);
const at = rest.indexOf('--dialect');
const dialect = at >= 0 ? rest[at + 1] : 'sqlite';
const flags = at >= 0 ? rest.filter((_, i) => i !== at && i !== at + 1) : rest;
if (!['sqlite', 'postgres', 'both'].includes(dialect ?? '')) {
  console.error('--dialect must be sqlite, postgres or both');
  process.exit(2);
}
if (!name || !MODULES[name]) {
  console.error(`usage: npm run mutate -- <module> [stryker flags]\nmodules: ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
const r = spawnSync(path.join(root, 'node_modules/.bin/stryker'), ['run', 'stryker/stryker.config.mjs', ...flags], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    LIANXIN_MUTATE: name,
    LIANXIN_MUTATE_DIALECT: dialect,
    LIANXIN_MUTATE_DB: MODULES[name].db === false ? 'no' : 'yes',
    FORCE_COLOR: '0',
  },
});
console.log(`mutate ${name} (${dialect}): ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(r.status ?? 1);
