import { defineConfig } from 'vitest/config';

/**
 * Browser journeys: Playwright driving Debian's Chromium, two files at a time. Each file starts
 * its own server (a free port, its own data directory, its own databases) and its own browser,
 * so two never share state; a journey spends much of its time waiting on a page, so two on the
 * two cores took 524 s on this machine (session 6) where one at a time took 1,290 s in the last
 * CI run.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // A failing journey prints what its tabs showed and the server's last warnings.
    setupFiles: ['e2e/lib/on-failure.ts'],
    // Hang guards, not speed limits: every wait inside a journey has its own bound (15 s for a
    // poll, 30 s for an action). The longest journeys took 50–60 s on a loaded two-core machine.
    testTimeout: 240_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // expect.poll waits for a page to settle: a second (Vitest's default) is too short for a
    // loaded two-core machine. A wait, not a timing assertion: a page that settles passes at once.
    expect: { poll: { timeout: 15_000 } },
  },
});
