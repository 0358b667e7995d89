import { describe, expect, it } from 'vitest';
import { checkpointPath, checkpointSchema } from './log';

// A checkpoint kept outside the log (`lianxin audit verify --checkpoint`, a printed notice) is
// read through this schema: a size of at least one entry and a root of 64 lowercase hex digits.
const GOOD = { treeSize: 7, rootHash: 'ab'.repeat(32), at: '2026-12-01T08:00:00.000Z', keyId: 'k', signature: 's' };

describe('checkpoint', () => {
  it('accepts a signed statement of a size and a lowercase hex root, and refuses any other', () => {
    const tries = [
      GOOD,
      { ...GOOD, treeSize: 1 },
      { ...GOOD, treeSize: 0 },
      { ...GOOD, treeSize: 1.5 },
      { ...GOOD, rootHash: 'AB'.repeat(32) },
      { ...GOOD, rootHash: 'ab'.repeat(32).slice(1) },
      { ...GOOD, rootHash: `${'ab'.repeat(32)}0` },
      { ...GOOD, rootHash: `x${'ab'.repeat(32).slice(1)}` },
      { ...GOOD, rootHash: `${'ab'.repeat(32).slice(1)}g` },
      { ...GOOD, signature: undefined },
      { ...GOOD, keyId: undefined },
      { ...GOOD, at: undefined },
    ];
    expect(tries.map((t) => checkpointSchema.safeParse(t).success)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('points a printed notice’s QR code at the page that checks its size and root', () => {
    expect(checkpointPath(GOOD)).toBe(`/log/checkpoints/7?root=${'ab'.repeat(32)}`);
  });
});
