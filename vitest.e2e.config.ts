import { defineConfig } from 'vitest/config';

/** Browser journeys: Playwright driving Debian's Chromium, one file at a time. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // expect.poll waits for a page to settle: a second (Vitest's default) is too short for a
    // loaded two-core machine. A wait, not a timing assertion: a page that settles passes at once.
    expect: { poll: { timeout: 15_000 } },
  },
});
