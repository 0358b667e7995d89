import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

async function signIn(page: Page, name: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(`您好，${name}`);
}

describe('installable and offline (phone size)', () => {
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

  it('serves a manifest with 192 and 512 px PNG icons, standalone', async () => {
    const res = await fetch(`${server.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const m = (await res.json()) as {
      name: string;
      display: string;
      start_url: string;
      icons: Array<{ src: string; sizes: string }>;
    };
    expect({ name: m.name, display: m.display, start_url: m.start_url }).toEqual({
      name: '连心桥 Lianxin',
      display: 'standalone',
      start_url: '/',
    });
    expect(m.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const i of m.icons) {
      const png = Buffer.from(await (await fetch(`${server.url}${i.src}`)).arrayBuffer());
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(i.sizes);
    }
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../apps/web/dist/index.html'), 'utf8');
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest" />');
  });

  it('a volunteer opens the app with no network, records a visit offline, and it syncs once; a refused one is shown, not dropped', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '黄园');
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
    const pairs = (await (await page.request.get('/api/v1/pairings/mine')).json()) as {
      pairings: Array<{ id: string; resident: { name: string } }>;
    };
    const pairId = pairs.pairings.find((p) => p.resident.name === '万玉清')?.id ?? '';
    // Online once with the worker in control: the app and this page's answers are kept.
    await page.goto(`/pairing/${pairId}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('结对帮扶：万玉清');
    await page.waitForLoadState('networkidle');

    await ctx.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('结对帮扶：万玉清');
    await expect.poll(() => page.getByTestId('offline-banner').textContent()).toBe('离线：显示的是上次加载的内容');

    const what = `离线探访 ${Date.now()}`;
    await page.getByLabel('做了什么').fill(what);
    await page.getByRole('button', { name: '保存探访记录' }).click();
    await page.getByTestId('visit-queued').waitFor();
    await expect.poll(() => page.getByTestId('outbox-pending').textContent()).toBe('待上传 1 条');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'offline-visit-queued-phone');

    // Back online: the outbox sends it with its Idempotency-Key; exactly one visit is recorded.
    await ctx.setOffline(false);
    await expect.poll(() => page.getByTestId('outbox-pending').count(), { timeout: 15_000 }).toBe(0);
    const visits = async () =>
      (
        (await (await page.request.get(`/api/v1/pairings/${pairId}`)).json()) as { visits: Array<{ what: string }> }
      ).visits.filter((v) => v.what.startsWith('离线探访'));
    expect((await visits()).map((v) => v.what)).toEqual([what]);

    // A second one offline, while the branch ends the pair: the server refuses it on sync; the
    // volunteer sees why, and the entry stays until she dismisses it.
    await ctx.setOffline(true);
    await page.getByLabel('做了什么').fill(`${what} 第二次`);
    await page.getByRole('button', { name: '保存探访记录' }).click();
    await expect.poll(() => page.getByTestId('outbox-pending').textContent()).toBe('待上传 1 条');
    const secretary = await browser.newContext({ baseURL: server.url });
    const login = await secretary.request.post('/api/v1/auth/login', { data: { phone: '19900000003', password: 'lianxin2026' } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    expect(
      (await secretary.request.post(`/api/v1/pairings/${pairId}/end`, { headers: { 'x-csrf-token': csrfToken } })).status(),
    ).toBe(200);
    await secretary.close();
    await ctx.setOffline(false);
    const conflict = page.getByTestId('outbox-conflict');
    await expect.poll(() => conflict.count(), { timeout: 15_000 }).toBe(1);
    expect(await conflict.textContent()).toContain('未能上传“记录一次探访 · 万玉清 · ');
    expect(await page.getByTestId('outbox-pending').count()).toBe(0);
    expect((await visits()).map((v) => v.what)).toEqual([what]);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'offline-conflict-phone');
    await conflict.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => conflict.count()).toBe(0);
    await ctx.close();
  });
});
