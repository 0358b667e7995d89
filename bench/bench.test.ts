import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every benchmark runs in its short mode in the suite, so a broken benchmark fails CI. The full
 * runs (`npm run bench -- <name>`) are separate; no timing is asserted here.
 */
const dir = import.meta.dirname;
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('benchmarks in short mode', () => {
  it('has benchmarks', () => {
    expect(benches.length).toBeGreaterThan(0);
  });
  for (const name of benches) {
    it(`runs bench/${name}.ts --short to completion`, () => {
      const r = spawnSync(process.execPath, [path.join(dir, 'run.js'), name, '--short'], {
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      expect(r.status, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).toBe(0);
    }, 300_000);
  }
});
