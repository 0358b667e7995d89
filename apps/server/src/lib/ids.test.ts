import { describe, expect, it, vi } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('sorts in the order ids were made, within one millisecond and when the clock steps back', () => {
    const now = vi.spyOn(Date, 'now');
    try {
      now.mockReturnValue(Date.UTC(2030, 0, 1));
      const sameMs = Array.from({ length: 1000 }, () => newId());
      now.mockReturnValue(Date.UTC(2029, 0, 1)); // the clock steps back
      const afterStep = Array.from({ length: 10 }, () => newId());
      const all = [...sameMs, ...afterStep];
      expect([...all].sort()).toEqual(all);
      expect(new Set(all).size).toBe(all.length);
      for (const id of all) expect(id).toMatch(/^[0-9a-z]{12}[0-9A-Za-z]{8}$/);
    } finally {
      now.mockRestore();
    }
  });
});
