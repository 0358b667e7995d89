import { describe, expect, it } from 'vitest';
import { computeResult } from './votes.results';

// A vote's result from its frozen units and its counted ballots (issue #21), with exact figures.

const units = [
  { unit: '1-101', subject: 'A', area_hundredths: 10000 },
  { unit: '1-102', subject: 'B', area_hundredths: 8000 },
  { unit: '1-201', subject: 'E', area_hundredths: 6000 },
  { unit: '2-101', subject: 'E', area_hundredths: 4000 },
  { unit: '2-102', subject: 'F', area_hundredths: 2000 },
];
const options = [
  { key: 'a', label: '方案甲' },
  { key: 'b', label: '方案乙' },
  { key: 'c', label: '方案丙' },
];

describe('votes.computeResult', () => {
  it('counts a consultation per option, owners with several units once with their summed area', () => {
    const r = computeResult({
      kind: 'consultation',
      matter: null,
      options,
      units,
      ballots: [
        { subject: 'A', choice: 'a' },
        { subject: 'E', choice: 'a' },
        { subject: 'B', choice: 'b' },
        { subject: 'F', choice: 'unknown' },
      ],
    });
    expect(r).toEqual({
      kind: 'consultation',
      totals: { owners: 4, area: '300.00' },
      participated: { owners: 4, area: '300.00' },
      quorumMet: true,
      options: [
        { key: 'a', label: '方案甲', owners: 2, area: '200.00' },
        { key: 'b', label: '方案乙', owners: 1, area: '80.00' },
        { key: 'c', label: '方案丙', owners: 0, area: '0.00' },
      ],
    });
  });

  it('meets the consultation quorum at exactly two thirds of both, and not one hundredth below', () => {
    const three = [
      { unit: 'x', subject: 'A', area_hundredths: 100 },
      { unit: 'y', subject: 'B', area_hundredths: 100 },
      { unit: 'z', subject: 'C', area_hundredths: 100 },
    ];
    const base = { kind: 'consultation' as const, matter: null, options };
    const two = [
      { subject: 'A', choice: 'a' },
      { subject: 'B', choice: 'b' },
    ];
    expect(computeResult({ ...base, units: three, ballots: two }).quorumMet).toBe(true);
    const lighter = three.map((u, i) => (i === 1 ? { ...u, area_hundredths: 99 } : u));
    expect(computeResult({ ...base, units: lighter, ballots: two }).quorumMet).toBe(false);
    expect(computeResult({ ...base, units: three, ballots: two.slice(0, 1) }).quorumMet).toBe(false);
    // enough area but too few owners: one owner of a large flat among three
    const large = [
      { unit: 'x', subject: 'A', area_hundredths: 100_000 },
      { unit: 'y', subject: 'B', area_hundredths: 100 },
      { unit: 'z', subject: 'C', area_hundredths: 100 },
    ];
    expect(computeResult({ ...base, units: large, ballots: two.slice(0, 1) }).quorumMet).toBe(false);
    // a ballot of a subject outside the frozen units weighs nothing
    expect(computeResult({ ...base, units: three, ballots: [{ subject: 'Z', choice: 'a' }] }).participated).toEqual({
      owners: 1,
      area: '0.00',
    });
  });

  it('counts a decision through the statutory tally, matter 9 when none is given', () => {
    const r = computeResult({
      kind: 'decision',
      matter: null,
      options: [],
      units,
      ballots: [
        { subject: 'A', choice: 'yes' },
        { subject: 'E', choice: 'yes' },
        { subject: 'B', choice: 'no' },
      ],
    });
    expect(r).toEqual({
      kind: 'decision',
      matter: 9,
      rule: 'majority',
      totals: { owners: 4, area: '300.00' },
      participated: { owners: 3, area: '280.00' },
      yes: { owners: 2, area: '200.00' },
      no: { owners: 1, area: '80.00' },
      abstain: { owners: 0, area: '0.00' },
      quorumMet: true,
      passed: true,
    });
  });
});
