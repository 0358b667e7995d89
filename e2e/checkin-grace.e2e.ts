import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, screenshot, seriousA11yViolations, signedInPhone, withSession } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';
import { call, login } from './lib/xss-seed';

/** The branch secretary sets the check-in grace per event kind on the door screen (签到). */
describe('check-in grace per event kind', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('李建国 gives activities 15 minutes, is refused 2000, and the form says what the others inherit (1280×800 and 390×844)', async () => {
    const secretary = await login(server.url, 'secretary');
    const desk = await withSession(
      await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }),
      server.url,
      secretary.cookie,
    );
    const page = await desk.newPage();
    await page.goto('/events/checkin');
    const form = page.getByRole('form', { name: '签到宽限时间' });
    await expect.poll(() => form.getByLabel('活动').count(), { timeout: 15_000 }).toBe(1);
    expect(await form.getByText('留空：沿用 60 分钟').count()).toBe(3);

    await form.getByLabel('健康体检').fill('2000');
    await form.getByRole('button', { name: '保存宽限时间' }).click();
    await expect.poll(() => form.getByText('请填写 0 到 1440 之间的整数').count()).toBe(1);
    await form.getByLabel('健康体检').fill('');
    await form.getByLabel('活动').fill('15');
    await form.getByRole('button', { name: '保存宽限时间' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('已保存');
    expect(await form.getByText('留空：沿用 60 分钟').count()).toBe(2);
    const saved = await call<{ own: Record<string, number | null>; effective: Record<string, number> }>(
      server.url,
      secretary,
      'GET',
      '/api/v1/events/checkin-grace/wuxingaz',
    );
    expect([saved.own, saved.effective]).toEqual([
      { activity: 15, health_check: null, daycare: null },
      { activity: 15, health_check: 60, daycare: 60 },
    ]);
    await form.scrollIntoViewIfNeeded();
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'checkin-grace-desktop');
    await desk.close();

    const phone = await signedInPhone(browser, server.url, secretary.cookie);
    const p = await phone.newPage();
    await p.goto('/events/checkin');
    const f = p.getByRole('form', { name: '签到宽限时间' });
    await expect.poll(() => f.getByLabel('活动').inputValue(), { timeout: 15_000 }).toBe('15');
    expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(formatViolations(await seriousA11yViolations(p))).toBe('');
    await f.scrollIntoViewIfNeeded();
    await screenshot(p, 'checkin-grace-phone');
    await phone.close();
  });
});
