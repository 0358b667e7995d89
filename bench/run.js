#!/usr/bin/env node
// `npm run bench -- <name> [--short]`: runs bench/<name>.ts (autocannon over loopback, bounded),
// which writes its report to bench/results/<name>.md. Without a name, lists the benchmarks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const [name, ...rest] = process.argv.slice(2);
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <${available.join('|')}> [--short]`);
  process.exit(name ? 2 : 0);
}
const tsx = path.resolve(dir, '../node_modules/.bin/tsx');
const r = spawnSync(tsx, [path.join(dir, `${name}.ts`), ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
