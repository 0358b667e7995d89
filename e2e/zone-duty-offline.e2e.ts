import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, screenshot, seriousA11yViolations, signedInPhone } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';
import { call, login } from './lib/xss-seed';

describe('zone duty offline (phone size)', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a volunteer on duty loses the network, logs the duty, it waits in the outbox, is sent once, and the branch sees it once', async () => {
    const secretary = await login(server.url, 'secretary');
    const volunteer = await login(server.url, 'volunteer');
    const zoneName = `南门花坛 ${Date.now() % 100000}`;
    const zone = await call<{ id: string }>(server.url, secretary, 'POST', '/api/v1/compounds/wuxingaz/zones', {
      name: zoneName,
      type: '绿化',
      polygon: [
        [300, 300],
        [360, 300],
        [360, 360],
        [300, 360],
      ],
    });
    await call(server.url, volunteer, 'POST', `/api/v1/zones/${zone.id}/claims`, {});

    // 黄园 has the plan open at the zone she holds, the app's worker in control.
    const ctx = await signedInPhone(browser, server.url, volunteer.cookie);
    const page = await ctx.newPage();
    await page.goto('/zones/wuxingaz');
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: `查看 · ${zoneName}` }).click();
    await expect.poll(() => page.getByTestId('zone-panel').textContent()).toContain('已认领：黄园');
    await page.waitForLoadState('networkidle');

    // The network goes; she logs the duty anyway.
    await ctx.setOffline(true);
    const what = `离线值守 ${Date.now()}：清理花坛落叶`;
    const panel = page.getByTestId('zone-panel');
    await panel.getByLabel('时长（分钟）').fill('45');
    await panel.getByLabel('做了什么').fill(what);
    await panel.getByRole('button', { name: '保存值守记录' }).click();
    await panel.getByTestId('duty-queued').waitFor();
    await expect.poll(() => page.getByTestId('outbox-pending').textContent()).toBe('待上传 1 条');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'zone-duty-queued-phone');

    // Nothing reached the server while offline.
    const duties = async () =>
      (
        await call<{ duties: Array<{ what: string; minutes: number; name: string }> }>(
          server.url,
          secretary,
          'GET',
          `/api/v1/zones/${zone.id}`,
        )
      ).duties.filter((d) => d.what === what);
    expect(await duties()).toEqual([]);

    // Back online: sent with its Idempotency-Key, once — a reload (which sends the outbox again
    // at start) adds nothing.
    await ctx.setOffline(false);
    await expect.poll(() => page.getByTestId('outbox-pending').count(), { timeout: 15_000 }).toBe(0);
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect((await duties()).map((d) => [d.name, d.minutes, d.what])).toEqual([['黄园', 45, what]]);
    await ctx.close();

    // 李建国, the branch secretary, opens the same zone: the duty is in its log once.
    const staff = await signedInPhone(browser, server.url, secretary.cookie);
    const staffPage = await staff.newPage();
    await staffPage.goto('/zones/wuxingaz');
    await staffPage.getByRole('button', { name: `查看 · ${zoneName}` }).click();
    const log = staffPage.getByTestId('zone-panel').locator('li', { hasText: what });
    await expect.poll(() => log.count(), { timeout: 15_000 }).toBe(1);
    expect(await log.textContent()).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} · 黄园 · 45 分钟 · ${what}$`));
    await log.scrollIntoViewIfNeeded();
    expect(formatViolations(await seriousA11yViolations(staffPage))).toBe('');
    await screenshot(staffPage, 'zone-duty-staff-phone');
    await staff.close();
  });
});
