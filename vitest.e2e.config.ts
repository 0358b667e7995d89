import { defineConfig } from 'vitest/config';

/** Browser journeys: Playwright driving Debian's Chromium, one file at a time. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
