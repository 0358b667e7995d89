import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';
import { call, login } from './lib/xss-seed';

/**
 * User text that the web app hands to a library which builds HTML (Leaflet's tooltips) must come
 * out as text: injected elements and links are markup the CSP does not stop (issue 18.6).
 */
const NAME = '<b id="lx-b">粗</b><a id="lx-a" href="https://x.cn">链</a>';

describe('user text is never markup; the app breaks none of its own CSP', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a zone name with tags in it as those characters, with no element or link made from it', async () => {
    const secretary = await login(server.url, 'secretary');
    await call(server.url, secretary, 'POST', '/api/v1/compounds/wuxingaz/zones', {
      name: NAME,
      type: '绿化',
      polygon: [
        [10, 10],
        [200, 10],
        [200, 200],
      ],
    });
    const ctx = await phoneContext(browser, server.url);
    const value = secretary.cookie.split('=').slice(1).join('=');
    await ctx.addCookies([{ name: 'lx_session', value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await ctx.newPage();
    await page.goto('/zones/wuxingaz');
    const label = page.locator('.zone-label', { hasText: '<b id="lx-b">' });
    await expect.poll(() => label.count(), { timeout: 15_000 }).toBe(1);
    expect(await label.textContent()).toContain(NAME);
    expect(await page.evaluate(() => document.querySelectorAll('#lx-b, #lx-a').length)).toBe(0);
    await ctx.close();
  });

  it('raises no Content-Security-Policy violation (no eval) on the pages a resident and the staff open', async () => {
    const secretary = await login(server.url, 'secretary');
    const ctx = await phoneContext(browser, server.url);
    const value = secretary.cookie.split('=').slice(1).join('=');
    await ctx.addCookies([{ name: 'lx_session', value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    await ctx.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await ctx.newPage();
    const violations: Record<string, string[]> = {};
    for (const path of ['/', '/orders/new', '/zones/wuxingaz', '/projects', '/dashboard']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('h1').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      violations[path] = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    }
    expect(violations).toEqual({ '/': [], '/orders/new': [], '/zones/wuxingaz': [], '/projects': [], '/dashboard': [] });
    await ctx.close();
  });
});
