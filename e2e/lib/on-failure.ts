import path from 'node:path';
import { beforeEach } from 'vitest';
import { ARTIFACTS, openBrowsers } from './browser';
import { runningServers } from './server';

/**
 * When a journey fails, what a person would have seen: for every open tab its address and the
 * notes it shows (alerts, error notes, status lines), a screenshot beside the others
 * (`e2e/artifacts/failed-*.png`), and the server's last warnings. A CI log then says why a
 * journey failed, not only which wait ran out.
 */
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    let n = 0;
    for (const browser of openBrowsers)
      for (const ctx of browser.contexts())
        for (const page of ctx.pages()) {
          n += 1;
          const notes = await page
            .locator('[role="alert"], .error-note, [role="status"]')
            .allTextContents()
            .catch(() => ['(the page did not answer)']);
          console.log(
            `[failed: ${task.name}] tab ${n} ${page.url()}\n  shows: ${notes.join(' | ').slice(0, 600) || '(no notes)'}`,
          );
          await page.screenshot({ path: path.join(ARTIFACTS, `failed-${name}-${n}.png`), timeout: 5_000 }).catch(() => {});
        }
    for (const server of runningServers) {
      const last = server.logs.join('').trim().split('\n').slice(-15).join('\n');
      if (last) console.log(`[failed: ${task.name}] server ${server.url}, last lines:\n${last}`);
    }
  });
});
