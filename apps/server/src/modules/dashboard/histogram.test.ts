import { describe, expect, it } from 'vitest';
import { bucketOf, medianOf, mergeInto } from './histogram';

describe('time-to-take histograms', () => {
  it('keeps exact minutes below an hour and coarser buckets above', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(59)).toBe(59);
    expect(bucketOf(61)).toBe(60);
    expect(bucketOf(67)).toBe(65);
    expect(bucketOf(250)).toBe(240);
    expect(bucketOf(1470)).toBe(1440);
    expect(bucketOf(1500)).toBe(1500);
    expect(bucketOf(99999)).toBe(10080);
    expect(bucketOf(-3)).toBe(0);
  });

  it('gives the median of merged histograms, equal to the median of all values together', () => {
    const a = { 5: 3, 20: 1 }; // 5,5,5,20
    const b = { 12: 2, 40: 3 }; // 12,12,40,40,40
    const merged = mergeInto(mergeInto({}, a), b);
    // all: 5,5,5,12,12,20,40,40,40 → median 12
    expect(medianOf(merged)).toBe(12);
    expect(medianOf(a)).toBe(5);
    expect(medianOf({})).toBeNull();
  });

  it('takes the lower middle value for an even count', () => {
    expect(medianOf({ 1: 1, 9: 1 })).toBe(1);
  });
});
