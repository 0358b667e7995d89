import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

describe('web shell at phone size', () => {
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

  it('opens the home page in Chinese, switches to English and large text, and remembers it', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toContain('欢迎使用连心桥');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'home-zh-phone');

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Welcome to Lianxin');
    await page.getByTestId('home-large-text').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    const sizes = await page.evaluate(() => ({
      body: Number.parseFloat(getComputedStyle(document.body).fontSize),
      h1: Number.parseFloat(getComputedStyle(document.querySelector('h1') as Element).fontSize),
      control: (document.querySelector('[data-testid=home-large-text]') as HTMLElement).getBoundingClientRect().height,
      line:
        Number.parseFloat(getComputedStyle(document.body).lineHeight) /
        Number.parseFloat(getComputedStyle(document.body).fontSize),
    }));
    expect(sizes.body).toBeGreaterThanOrEqual(18);
    expect(sizes.h1).toBeGreaterThanOrEqual(30);
    expect(sizes.control).toBeGreaterThanOrEqual(60);
    expect(sizes.line).toBeGreaterThanOrEqual(1.3);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'home-en-large-phone');

    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Welcome to Lianxin');
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await ctx.close();
  });

  it('signs in with a demo account listed on the login page', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /万玉清/ }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('您好，万玉清');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await ctx.close();
  });
});
