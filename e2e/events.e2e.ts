import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const PASSWORD = 'lianxin2026';

async function signIn(page: Page, phone: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
}

describe('events: day-care sign-up, audience rule, tickets checked in once (phone size)', () => {
  let server: RunningServer;
  let browser: Browser;
  let occurrenceUrl = '';
  let ticketCode = '';

  beforeAll(async () => {
    // E2E_DATABASE_URL runs the same journey on PostgreSQL (default: the embedded SQLite file).
    // The journey checks in tomorrow's ticket today: a two-day check-in grace lets the door accept it
    // (the window itself is tested in events.routes.test.ts).
    server = await startServer({
      LIANXIN_CHECKIN_GRACE_MINUTES: '2880',
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets 万玉清 (80) find a day-care activity this week, sign up and get a QR ticket', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '19900000001', '/events');
    await expect.poll(() => page.locator('h1').textContent()).toContain('本周活动');
    await page.getByTestId('occurrence').filter({ hasText: '日间照料·手工课' }).first().waitFor();
    await axeClean(page);
    await screenshot(page, 'events-week-phone');

    // Tomorrow's class: today's may already have begun (its sign-up closes at the start), which
    // would make the journey depend on the hour it runs at.
    await page.getByTestId('occurrence').filter({ hasText: '日间照料·手工课' }).nth(1).getByRole('link').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('日间照料·手工课');
    occurrenceUrl = new URL(page.url()).pathname;
    expect(await page.getByText('60 岁及以上').count()).toBeGreaterThan(0);
    await page.getByTestId('sign-up').click();
    await page.getByTestId('my-ticket').waitFor();
    ticketCode = (await page.getByTestId('ticket-code').textContent()) ?? '';
    expect(ticketCode).toMatch(/^LX-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect
      .poll(() => page.getByRole('img', { name: new RegExp(ticketCode) }).evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(100);
    await axeClean(page);
    await screenshot(page, 'events-ticket-phone');

    await page.goto('/events/tickets');
    await page.getByTestId('ticket').filter({ hasText: ticketCode }).waitFor();
    await axeClean(page);
    await screenshot(page, 'events-my-tickets-phone');

    // 长辈版: the same ticket page with large text and 60 px controls.
    await page.getByTestId('large-text-toggle').click();
    const size = await page.evaluate(() => ({
      body: Number.parseFloat(getComputedStyle(document.body).fontSize),
      button:
        (document.querySelector('.ev-ticket ~ section .btn, section.card .btn') as HTMLElement | null)?.getBoundingClientRect()
          .height ?? 0,
    }));
    expect(size.body).toBeGreaterThanOrEqual(18);
    expect(size.button).toBeGreaterThanOrEqual(60);
    await axeClean(page);
    await screenshot(page, 'events-my-tickets-large-phone');
    await page.getByTestId('large-text-toggle').click();
    await ctx.close();
  });

  it('refuses a younger resident by the audience rule, saying why in words', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '19900000611', occurrenceUrl);
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain('您暂时不能报名这场活动');
    expect(text).toMatch(/此活动仅限 60 岁及以上的居民参加，您今年 \d+ 岁/);
    expect(await page.getByTestId('sign-up').count()).toBe(0);
    await axeClean(page);
    await screenshot(page, 'events-refused-phone');
    await ctx.close();
  });

  it('lets the organiser check the ticket in once; a second check-in is refused with the time of the first', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '19900000003', '/events/checkin');
    await expect.poll(() => page.locator('h1').textContent()).toContain('扫码签到');
    // No camera in the test browser: the typed code is the path that always works.
    await page.getByTestId('ticket-input').fill(ticketCode.toLowerCase());
    await page.getByTestId('checkin-submit').click();
    const ok = page.getByTestId('checkin-ok');
    await ok.waitFor();
    expect(await ok.textContent()).toContain('签到成功：万玉清，日间照料·手工课');
    await axeClean(page);
    await screenshot(page, 'events-checkin-ok-phone');

    await page.getByTestId('ticket-input').fill(ticketCode);
    await page.getByTestId('checkin-submit').click();
    const used = page.getByTestId('checkin-used');
    await used.waitFor();
    const usedText = (await used.textContent()) ?? '';
    expect(usedText).toContain('这张票已经用过了');
    expect(usedText).toMatch(/\d{2}:\d{2}:\d{2} 已签到/);
    await axeClean(page);
    await screenshot(page, 'events-checkin-used-phone');

    await page.goto(occurrenceUrl);
    const roster = page.getByTestId('roster');
    await roster.waitFor();
    expect(await roster.textContent()).toMatch(/万玉清.*已签到/);
    await axeClean(page);
    await screenshot(page, 'events-organiser-occurrence-phone');
    await ctx.close();
  });

  it('shows the group pages, the day-care check-in and the health-check organiser pages', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '19900000003', '/groups');
    await page.getByRole('button', { name: '新建兴趣小组' }).click();
    await page.getByLabel('小组名称').fill('太极拳队');
    await page.getByLabel('最低年龄（可不填）').fill('50');
    await axeClean(page);
    await page.getByRole('button', { name: '创建小组' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('太极拳队');
    expect(await page.getByText('50 岁及以上').count()).toBeGreaterThan(0);
    await page.goto('/groups');
    await page.getByRole('link', { name: /日间照料中心/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('日间照料中心');
    await axeClean(page);
    await screenshot(page, 'groups-daycare-phone');
    await page.goto('/daycare');
    const elder = page
      .getByTestId('daycare-elder')
      .filter({ has: page.getByRole('button') })
      .first();
    await elder.waitFor();
    const name = (await elder.locator('strong').textContent()) ?? '';
    await elder.getByRole('button').click();
    await page.getByTestId('daycare-search').fill(name);
    await page.getByTestId('daycare-elder').filter({ hasText: name }).filter({ hasText: '已到' }).first().waitFor();
    await axeClean(page);
    await screenshot(page, 'daycare-checkin-phone');
    await ctx.close();

    const mctx = await phoneContext(browser, server.url);
    const mpage = await mctx.newPage();
    await signIn(mpage, '19900000006', '/health');
    await mpage.getByRole('link', { name: /每月免费健康体检/ }).click();
    const first = mpage.getByTestId('home-visit').first();
    await first.waitFor();
    const who = (await first.locator('strong').textContent()) ?? '';
    await mpage.getByTestId('home-visit-search').fill(who);
    await first.getByRole('button', { name: '记录上门' }).click();
    await first.getByRole('button', { name: '记录上门' }).last().click();
    await mpage.getByTestId('home-visit').filter({ hasText: '已上门服务' }).first().waitFor();
    await axeClean(mpage);
    await screenshot(mpage, 'health-home-visits-phone');
    await mctx.close();
  });
});
