import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../../..');
// `npx lianxin` runs node_modules/.bin/lianxin, a link to this script.
const bin = path.join(root, 'apps/server/bin/lianxin.js');

/** Runs the real `lianxin tally` (the script `npx lianxin` starts) on a file. */
function runTally(json: unknown) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-tally-'));
  const file = path.join(dir, 'vote.json');
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  try {
    return spawnSync(process.execPath, [bin, 'tally', '--input', file], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('npx lianxin tally (spawned)', () => {
  it('prints the result as JSON and exits 0', () => {
    const r = runTally({
      matter: 6,
      units: [
        { unit: '1-1-101', owner: 'A', area: '89.50' },
        { unit: '1-1-102', owner: 'B', area: '60.00' },
        { unit: '1-1-103', owner: 'B', area: '10.00' },
        { unit: '1-1-104', owner: 'C', area: '40.00' },
      ],
      ballots: [
        { owner: 'A', choice: 'yes' },
        { owner: 'B', choice: 'yes' },
        { owner: 'C', choice: 'no' },
      ],
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      matter: 6,
      rule: 'three-quarters',
      totals: { owners: 3, area: '199.50' },
      participated: { owners: 3, area: '199.50' },
      yes: { owners: 2, area: '159.50' },
      quorumMet: true,
      passed: false, // 2 of 3 owners is below 3/4
    });
  });

  it('exits 2 naming the culprit for bad input', () => {
    const r = runTally({
      matter: 4,
      units: [{ unit: '1-1-101', owner: 'A', area: '89.50' }],
      ballots: [{ owner: 'Z', choice: 'yes' }],
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ballots\[0\]\.owner: unknown owner "Z"/);
    expect(runTally('{"matter": 10').status).toBe(2);
  });
});
