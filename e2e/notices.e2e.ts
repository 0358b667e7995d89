import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

async function signIn(browser: Browser, url: string, name: string): Promise<Page> {
  const ctx = await phoneContext(browser, url);
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(name);
  return page;
}

describe('notices at phone size', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a community worker publishes a notice to her community, and a resident there reads it', async () => {
    const title = `停水通知 ${Date.now()}`;
    const worker = await signIn(browser, server.url, '邹晓敏');
    await worker.goto('/notices');
    await worker.getByLabel('发送范围').selectOption({ label: '五星社区' });
    await worker.getByLabel('标题', { exact: true }).fill(title);
    await worker.getByLabel('内容', { exact: true }).fill('明天上午9点到12点检修水管，请提前储水。');
    await worker.getByRole('button', { name: '发布通知' }).click();
    await expect.poll(() => worker.getByRole('status').filter({ hasText: '已发布' }).count()).toBe(1);
    await expect.poll(() => worker.getByRole('link', { name: new RegExp(title) }).count()).toBe(1);
    expect(formatViolations(await seriousA11yViolations(worker))).toBe('');
    await screenshot(worker, 'notices-published-phone');

    const resident = await signIn(browser, server.url, '万玉清');
    await resident.goto('/notices');
    await resident.getByRole('link', { name: new RegExp(title) }).click();
    await expect.poll(() => resident.locator('h1').textContent()).toContain(title);
    await expect.poll(() => resident.getByText('请提前储水').count()).toBe(1);
    expect(formatViolations(await seriousA11yViolations(resident))).toBe('');
  });
});
