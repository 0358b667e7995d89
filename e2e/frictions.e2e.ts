import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

async function signIn(page: Page, name: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('您好，');
}

async function apiLogin(req: APIRequestContext, phone: string): Promise<string> {
  const r = await req.post('/api/v1/auth/login', { data: { phone, password: 'lianxin2026' } });
  expect(r.status()).toBe(200);
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

describe('frictions: a lost take, cancelling with a tap, acting for a resident (phone size)', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // A second volunteer of 五星社区安置小区: 王淑芬 also serves there.
    const db = new SQLite(path.join(server.dataDir, 'lianxin.db'));
    const account = db.prepare("select id from accounts where phone = '19900000010'").get() as { id: string };
    db.prepare(
      "insert into role_grants (id, account_id, role, node_id, granted_by, created_at) values ('e2e-grant-wsf', ?, 'volunteer', 'wuxingaz', null, ?)",
    ).run(account.id, new Date().toISOString());
    db.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the volunteer who lost a take sees one clear message and no live 我来接单; the elder cancels with a tapped reason', async () => {
    // 万玉清 places an order through the API; both volunteers open it.
    const resident = await browser.newContext({ baseURL: server.url });
    const rCsrf = await apiLogin(resident.request, '19900000001');
    const now = Date.now();
    const placed = await resident.request.post('/api/v1/orders', {
      headers: { 'x-csrf-token': rCsrf },
      data: {
        category: 'repair',
        description: '水龙头漏水',
        windowStart: new Date(now + 3600_000).toISOString(),
        windowEnd: new Date(now + 3 * 3600_000).toISOString(),
      },
    });
    expect(placed.status()).toBe(201);
    const orderId = ((await placed.json()) as { id: string }).id;

    const loserCtx = await phoneContext(browser, server.url);
    const loser = await loserCtx.newPage();
    await signIn(loser, '黄园');
    await loser.goto(`/orders/${orderId}`);
    await loser.getByTestId('take-order').waitFor();

    // 王淑芬 is quicker.
    const winner = await browser.newContext({ baseURL: server.url });
    const wCsrf = await apiLogin(winner.request, '19900000010');
    expect((await winner.request.post(`/api/v1/orders/${orderId}/take`, { headers: { 'x-csrf-token': wCsrf } })).status()).toBe(
      200,
    );
    // 黄园 taps 我来接单 if the page still offers it (the live update may already have dropped it).
    if (await loser.getByTestId('take-order').isVisible())
      await loser
        .getByTestId('take-order')
        .click()
        .catch(() => {});
    await expect.poll(() => loser.getByTestId('order-lost').textContent()).toBe('这单已经被其他志愿者接走了，谢谢您！');
    expect(await loser.getByTestId('take-order').count()).toBe(0);
    expect(await loser.locator('.error-note').count()).toBe(0);
    expect(formatViolations(await seriousA11yViolations(loser))).toBe('');
    await screenshot(loser, 'orders-lost-take-phone');
    // …and it is gone from her list of open orders.
    await loser.getByRole('link', { name: '回到接单列表' }).click();
    await loser.getByTestId('open-orders').waitFor();
    await expect.poll(() => loser.locator(`[data-order-id="${orderId}"]`).count()).toBe(0);
    await loserCtx.close();
    await winner.close();

    // The elder cancels with one tap on a reason, typing nothing.
    const elderCtx = await phoneContext(browser, server.url);
    const elder = await elderCtx.newPage();
    await signIn(elder, '万玉清');
    await elder.goto(`/orders/${orderId}`);
    await elder.getByTestId('cancel-reason-foundHelp').click();
    expect(formatViolations(await seriousA11yViolations(elder))).toBe('');
    await screenshot(elder, 'orders-cancel-reasons-phone');
    await elder.getByTestId('cancel-order').click();
    await expect.poll(() => elder.locator('h1').textContent()).toContain('已取消');
    const detail = await resident.request.get(`/api/v1/orders/${orderId}`);
    expect(((await detail.json()) as { cancelReason: string }).cancelReason).toBe('已经有人帮忙了');
    await elderCtx.close();
    await resident.close();
  });

  it('while staff act for a resident, every page names her and the order form shows her name, not an id field', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '邹晓敏');
    const csrf = await page.evaluate(async () => {
      const r = await fetch('/api/v1/auth/me');
      return ((await r.json()) as { csrfToken: string }).csrfToken;
    });
    const start = await page.request.post('/api/v1/auth/acting-for', {
      headers: { 'x-csrf-token': csrf },
      data: { personId: 'p-19900000001', channel: 'phone_call' },
    });
    expect(start.status()).toBe(200);
    for (const p of ['/', '/orders/new', '/notifications', '/events']) {
      await page.goto(p);
      await expect.poll(() => page.getByTestId('acting-banner').textContent()).toContain('正在代 万玉清 办理（电话）');
    }
    await page.goto('/orders/new');
    await page.getByTestId('cat-shopping').click();
    await page.getByTestId('when-tomorrowAm').click();
    expect(await page.getByTestId('order-for').textContent()).toBe('为 万玉清 下单（电话代办）');
    expect(await page.getByLabel('代谁下单（工作人员代录）').count()).toBe(0);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'orders-acting-for-phone');
    await ctx.close();
  });

  it('a resident books a station slot, finds it under 我的预约 and cancels it', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '万玉清');
    await page.goto('/stations');
    await page.locator('.station-link').first().click();
    await page.getByRole('button', { name: '预约', exact: true }).first().click();
    await page.getByRole('status').filter({ hasText: '预约成功' }).waitFor();
    await page.goto('/stations');
    const mine = page.getByTestId('my-bookings').locator('li');
    await expect.poll(() => mine.count()).toBe(1);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'stations-my-bookings-phone');
    await page.getByTestId('cancel-booking').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已取消预约' }).count()).toBe(1);
    await expect.poll(() => mine.count()).toBe(0);
    expect(await page.getByText('您没有待去的预约').count()).toBe(1);
    await ctx.close();
  });

  it('medical staff record a result for a walk-in who is not on the home-visit list', async () => {
    const db = new SQLite(path.join(server.dataDir, 'lianxin.db'), { readonly: true });
    const walkIn = db
      .prepare(
        `select p.id, p.name from people p join nodes n on n.id = p.node_id
         where n.path like '%/sanchong/%' and p.erased_at is null
           and p.tags not like '%残疾%' and p.tags not like '%独居老人%' and p.tags not like '%行动不便%'
           and p.tags not like '%卧床%' and p.tags not like '%失能%'
         order by p.id limit 1`,
      )
      .get() as { id: string; name: string };
    db.close();
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, '何勇');
    const events = (await (await page.request.get('/api/v1/health/events')).json()) as { events: Array<{ id: string }> };
    const eventId = events.events[0]?.id ?? '';
    await page.goto(`/health/events/${eventId}`);
    await page.getByTestId('walk-in-search').fill(walkIn.name);
    await page.getByRole('button', { name: '查找居民' }).click();
    await page
      .getByRole('button', { name: new RegExp(`^${walkIn.name}`) })
      .first()
      .click();
    await page.getByLabel('收缩压（mmHg）').fill('131');
    await page.getByLabel('舒张压（mmHg）').fill('82');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'health-walk-in-phone');
    await page.getByRole('button', { name: '保存结果' }).click();
    await page.getByText('已保存', { exact: true }).waitFor();
    const check = new SQLite(path.join(server.dataDir, 'lianxin.db'), { readonly: true });
    const rows = check
      .prepare('select systolic, diastolic, event_id from health_results where person_id = ? order by created_at')
      .all(walkIn.id);
    check.close();
    expect(rows).toEqual([{ systolic: 131, diastolic: 82, event_id: eventId }]);
    await ctx.close();
  });
});
