#!/usr/bin/env node
// `npm run mutate -- <module> [stryker flags]`: mutation-tests one guard module (stryker/modules.mjs)
// in incremental mode; its incremental file under bench/results/stryker-incremental/ is committed
// so a rerun tests only the mutants whose code or tests changed. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MODULES } from '../stryker/modules.mjs';

const root = path.resolve(import.meta.dirname, '..');
const [name, ...flags] = process.argv.slice(2);
if (!name || !MODULES[name]) {
  console.error(`usage: npm run mutate -- <module> [stryker flags]\nmodules: ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
const r = spawnSync(path.join(root, 'node_modules/.bin/stryker'), ['run', 'stryker/stryker.config.mjs', ...flags], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LIANXIN_MUTATE: name, FORCE_COLOR: '0' },
});
console.log(`mutate ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(r.status ?? 1);
