import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeClean, launchBrowser } from './lib/browser';
import { elderViolations } from './lib/elder';
import { type RunningServer, startServer } from './lib/server';

/** The phone of the issue: 360 × 740, the smallest the elders of the demo use. */
const SMALL = { width: 360, height: 740 } as const;

function smallPhone(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: SMALL, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
}

async function signIn(page: Page, name: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(`您好，${name}`);
}

/** Opens a page, waits until its heading and data are there, and measures it. */
async function measure(page: Page, path: string, ready: string): Promise<string[]> {
  await page.goto(path);
  await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 }).toContain(ready);
  await page.waitForLoadState('networkidle');
  return (await elderViolations(page)).map((v) => `${path}: ${v}`);
}

describe('长辈版 at 360 × 740', () => {
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

  it('follows the account to a new device, leads with 我要求助 and 一键呼叫 above the fold, and names who took the order', async () => {
    // First device: 万玉清 turns 长辈版 on once.
    const first = await smallPhone(browser, server.url);
    const p1 = await first.newPage();
    await signIn(p1, '万玉清');
    await p1.getByTestId('home-large-text').click();
    await expect.poll(() => p1.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await first.close();

    // A new phone with nothing stored: signing in applies 长辈版 from the account.
    const ctx = await smallPhone(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/');
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);
    await signIn(page, '万玉清');
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);

    await expect.poll(() => page.getByTestId('call-duty').getAttribute('href')).toMatch(/^tel:0731-2856\d{4}$/);
    expect(await page.getByTestId('call-volunteer').getAttribute('href')).toBe('tel:19900000002');
    expect(await page.getByTestId('call-volunteer').textContent()).toContain('打给志愿者 黄园');
    // 我要求助 is the first action after the greeting, the largest, and it and both calls are above the fold.
    const boxes = await page.evaluate(() => {
      const box = (sel: string) => (document.querySelector(sel) as HTMLElement).getBoundingClientRect().toJSON();
      const actions = [...document.querySelectorAll('main a[href], main button')] as HTMLElement[];
      const areas = actions.map((a) => a.getBoundingClientRect().width * a.getBoundingClientRect().height);
      return {
        ask: box('[data-testid=help-ask]'),
        duty: box('[data-testid=call-duty]'),
        volunteer: box('[data-testid=call-volunteer]'),
        firstAction: actions[0]?.getAttribute('data-testid'),
        largest: actions[areas.indexOf(Math.max(...areas))]?.getAttribute('data-testid'),
      };
    });
    expect(boxes.firstAction).toBe('help-ask');
    expect(boxes.largest).toBe('help-ask');
    expect(boxes.ask.bottom).toBeLessThanOrEqual(SMALL.height);
    expect(boxes.duty.bottom).toBeLessThanOrEqual(SMALL.height);
    expect(boxes.volunteer.bottom).toBeLessThanOrEqual(SMALL.height);
    await axeClean(page);
    await page.screenshot({ path: `${ARTIFACTS}/elder-home-360.png` });

    // She asks for help; nobody has taken it yet: the duty phone.
    await page.getByTestId('help-ask').click();
    await page.getByTestId('cat-meals').click();
    await page.getByTestId('when-soon').click();
    await page.getByTestId('send-order').click();
    await page.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(() => page.getByTestId('call-card').textContent()).toContain('还没有志愿者接单');
    expect(await page.getByRole('button', { name: '查看电话和门牌' }).count()).toBe(0);
    const orderId = page.url().split('/').pop() ?? '';

    // 黄园 takes it (through the API, as her phone would).
    const vol = await browser.newContext({ baseURL: server.url });
    const login = await vol.request.post('/api/v1/auth/login', { data: { phone: '19900000002', password: 'lianxin2026' } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const take = await vol.request.post(`/api/v1/orders/${orderId}/take`, { headers: { 'x-csrf-token': csrfToken } });
    expect(take.status()).toBe(200);
    await vol.close();

    await expect.poll(() => page.getByTestId('call-card').textContent(), { timeout: 15_000 }).toContain('黄园 已接单');
    expect(await page.getByTestId('call-link').getAttribute('href')).toBe('tel:19900000002');
    expect(await page.getByTestId('contact').count()).toBe(0);
    await axeClean(page);
    await page.screenshot({ path: `${ARTIFACTS}/elder-order-taken-360.png`, fullPage: true });

    // Every resident page in 长辈版: text ≥ 18 px, tap targets ≥ 60 × 60 px.
    const violations = [
      ...(await measure(page, '/', '您好')),
      ...(await measure(page, '/orders/new', '我要求助')),
      ...(await measure(page, '/orders/mine', '我的求助')),
      ...(await measure(page, `/orders/${orderId}`, '助餐')),
      ...(await measure(page, '/notifications', '消息')),
      ...(await measure(page, '/me', '我的')),
      ...(await measure(page, '/me/history', '代办记录')),
      ...(await measure(page, '/events', '活动')),
      ...(await measure(page, '/events/tickets', '票')),
      ...(await measure(page, '/stations', '驿站')),
      ...(await measure(page, '/health/me', '体检')),
      ...(await measure(page, '/notices', '公告')),
      ...(await measure(page, '/council', '议事')),
    ];
    expect(violations.join('\n')).toBe('');
    await ctx.close();
  });
});
