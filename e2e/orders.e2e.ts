import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_HEIC } from '../apps/server/src/lib/uploads.fixtures';
import { axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

async function signIn(page: Page, name: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(`您好，${name}`);
}

describe('help order journey at phone size', () => {
  let server: RunningServer;
  let browser: Browser;
  let db: SQLite.Database;
  const minutesOf = (personId: string) =>
    (db.prepare('select coalesce(sum(minutes), 0) as m from volunteer_hours where person_id = ?').get(personId) as { m: number })
      .m;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    db = new SQLite(path.join(server.dataDir, 'lianxin.db'), { readonly: true });
  });
  afterAll(async () => {
    db?.close();
    await browser?.close();
    await server?.stop();
  });

  it('resident orders in three taps; a volunteer sees it live, takes it, serves it; the resident confirms; hours grow', async () => {
    const volunteerCtx = await phoneContext(browser, server.url);
    const residentCtx = await phoneContext(browser, server.url);
    const vol = await volunteerCtx.newPage();
    const res = await residentCtx.newPage();

    // The volunteer's open-orders page is already open before the order exists.
    await signIn(vol, '黄园');
    await vol.getByRole('link', { name: '志愿者接单' }).click();
    await expect.poll(() => vol.getByTestId('orders-stats').textContent()).toMatch(/志愿者近百人，服务7\d\d余次/);
    await expect.poll(() => vol.locator('.live-dot').count()).toBe(1);
    await axeClean(vol);
    await screenshot(vol, 'orders-volunteer-before');
    const hoursBefore = minutesOf('p-19900000002');

    await signIn(res, '万玉清');
    await res.getByRole('link', { name: '我要求助' }).click();
    await res.getByTestId('cat-shopping').click();
    await res.getByTestId('when-tomorrowAm').click();
    const note = `E2E 买大米和食用油 ${Date.now()}`;
    await res.getByLabel('补充说明（可不填）').fill(note);
    await axeClean(res);
    await screenshot(res, 'orders-resident-place');
    await res.getByTestId('send-order').click();
    await expect.poll(() => res.getByRole('status').first().textContent()).toContain('求助已发出');
    await res.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(() => res.getByTestId('timeline').textContent()).toContain('下单');
    const orderUrl = res.url();

    // The resident waits on the home page (no orders page open): the header's inbox badge rises
    // live when the order is taken, without a reload.
    await res.getByRole('link', { name: '首页' }).click();
    await expect.poll(() => res.locator('h1').textContent()).toContain('您好，万玉清');
    await res.evaluate(() => Object.assign(window, { e2eSamePage: true }));
    const bell = res.getByTestId('inbox-bell');
    // The count as said to a screen reader ("3 条未读通知"; none: "消息，没有未读").
    const unreadNow = async () => Number((await bell.getAttribute('aria-label'))?.match(/^(\d+) 条未读通知$/)?.[1] ?? 0);
    const before = (await res.evaluate(() => fetch('/api/v1/notifications/unread-count').then((r) => r.json()))).unread as number;
    await expect.poll(unreadNow).toBe(before);

    // No reload on the volunteer's page: the card arrives over SSE.
    const card = vol.getByTestId('open-orders').getByTestId('order-card').filter({ hasText: note });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toContain('万**');
    expect(await card.textContent()).not.toContain('19900000001');
    await screenshot(vol, 'orders-volunteer-live');
    await card.getByRole('link').click();
    await vol.getByTestId('take-order').click();
    await expect.poll(() => vol.getByRole('status').first().textContent()).toContain('接单成功');
    await expect.poll(unreadNow, { timeout: 10_000 }).toBeGreaterThan(before);
    const shown = await unreadNow();
    expect(await bell.getByTestId('inbox-bell-count').textContent()).toBe(shown > 99 ? '99+' : String(shown));
    expect(await res.evaluate(() => 'e2eSamePage' in window)).toBe(true);
    await axeClean(res);
    await screenshot(res, 'orders-resident-home-badge');
    await vol.getByRole('button', { name: '查看电话和门牌' }).click();
    await expect.poll(() => vol.getByTestId('contact').textContent()).toContain('19900000001');
    await vol.getByTestId('start-order').click();
    await vol.getByTestId('done-minutes').fill('40');
    await vol.getByLabel('做了什么').fill('送到家，米放进米缸，油放在灶台边');
    // An iPhone's HEIC photo goes through the shared uploads and is stored as a JPEG; the order gets its id.
    await vol.getByTestId('done-photo').setInputFiles({ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: REAL_HEIC });
    await axeClean(vol);
    await screenshot(vol, 'orders-volunteer-done-form');
    await vol.getByTestId('submit-done').click();
    await expect.poll(() => vol.locator('h1').textContent()).toContain('待确认');
    const orderId = orderUrl.split('/').pop() as string;
    const photos = db.prepare('select owner_type, visibility, mime from uploads where owner_id = ?').all(orderId) as Array<{
      owner_type: string;
      visibility: string;
      mime: string;
    }>;
    expect(photos).toEqual([{ owner_type: 'order', visibility: 'private', mime: 'image/jpeg' }]);

    // The resident's page follows live; they confirm and rate.
    await res.goto(orderUrl);
    await expect.poll(() => res.getByTestId('confirm-order').count()).toBe(1);
    // The HEIC the volunteer sent is shown as the JPEG it became: 64 pixels wide, decoded by the browser.
    await expect.poll(() => res.locator('img.photo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await res.getByTestId('star-5').click();
    await res.getByLabel('说两句（可不填）').fill('谢谢小黄！');
    await axeClean(res);
    await screenshot(res, 'orders-resident-confirm');
    await res.getByTestId('confirm-order').click();
    await expect.poll(() => res.locator('h1').textContent()).toContain('已完成');
    expect(await res.getByTestId('timeline').textContent()).toContain('居民确认');
    await screenshot(res, 'orders-resident-done');

    expect(minutesOf('p-19900000002')).toBe(hoursBefore + 40);

    // The volunteer's inbox shows the confirmation, with the live badge.
    await vol.goto('/notifications');
    await expect.poll(() => vol.locator('.inbox-item').first().textContent()).toContain('记 40 分钟');
    await axeClean(vol);
    await screenshot(vol, 'orders-volunteer-inbox');
    await volunteerCtx.close();
    await residentCtx.close();
  });

  it('shows the branch secretary a dispatch board with waiting times, in large text', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '李建国');
    await page.getByTestId('home-large-text').click();
    await page.getByRole('link', { name: '派单台' }).click();
    await expect.poll(() => page.getByText(/已等/).count()).toBeGreaterThan(0);
    await axeClean(page);
    await screenshot(page, 'orders-board-large');
    await ctx.close();
  });

  it('offers the order screen in English and large text, with the counts said the same way', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '万玉清');
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('home-large-text').click();
    await page.getByRole('link', { name: 'Ask for help' }).click();
    await expect.poll(() => page.getByTestId('orders-stats').textContent()).toMatch(/nearly 100 volunteers, 7\d\d\+ services/);
    await page.getByTestId('cat-meals').click();
    const size = await page.getByTestId('cat-meals').evaluate((el) => el.getBoundingClientRect().height);
    expect(size).toBeGreaterThanOrEqual(60);
    expect(await page.getByTestId('when-soon').textContent()).toContain('Soon');
    await axeClean(page);
    await screenshot(page, 'orders-resident-en-large');
    await ctx.close();
  });
});
