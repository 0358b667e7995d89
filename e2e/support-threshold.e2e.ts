import { type Browser, type BrowserContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../apps/server/src/modules/volunteers/dates';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const PASSWORD = 'lianxin2026';
const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区
const RAISER = '19900000001'; // 万玉清
const LAST_SUPPORTER = '19900000002'; // 黄园
const OWNERS = ['19900001001', '19900001002', '19900001003', '19900001004']; // demo owners of the same compound
const TITLE = '3栋门口路灯不亮，晚上看不清台阶';

async function signIn(page: Page, phone: string) {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('您好');
}

describe('support threshold journey: enough supports put an issue on the next agenda by itself', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let issueId = '';
  let needed = 0;
  let sec: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('the secretary sets the threshold as a share of households and plans the next meeting', async () => {
    const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    contexts.push(ctx);
    sec = await ctx.newPage();
    await signIn(sec, SECRETARY);
    await sec.goto('/council/meetings');
    // The settings load first (the hint says the compound's households), then the secretary types.
    await expect.poll(() => sec.getByText(/本小区登记住户 \d+ 户；未启用支持门槛/).count()).toBe(1);
    await sec.getByLabel(/支持门槛/).fill('1');
    await sec.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => sec.getByText(/当前需要 \d+ 人支持/).count()).toBe(1);
    const hint = (await sec.getByText(/当前需要 \d+ 人支持/).textContent()) ?? '';
    const [, households, n] = /登记住户 (\d+) 户，当前需要 (\d+) 人支持/.exec(hint) ?? [];
    needed = Number(n);
    // 1 % of the households, rounded up.
    expect(needed).toBe(Math.ceil(Number(households) / 100));
    expect(needed).toBe(OWNERS.length + 1);
    expect(formatViolations(await seriousA11yViolations(sec))).toBe('');
    await screenshot(sec, 'threshold-settings-desktop');
    await sec.getByLabel('会议名称').fill('12月党群议事会');
    await sec.getByLabel('时间').fill(`${addDays(todayInChina(), 7)}T19:30`);
    await sec.getByLabel('地点').fill('党群服务站');
    await sec.getByRole('button', { name: '创建会议' }).click();
    await expect.poll(() => sec.locator('h1').textContent()).toBe('12月党群议事会');
  });

  it('a resident raises an issue and neighbours support it; the last support puts it on the agenda', async () => {
    const ctx = await phoneContext(browser, server.url);
    contexts.push(ctx);
    const res = await ctx.newPage();
    await signIn(res, RAISER);
    await res.goto('/council/new');
    await res.getByLabel('标题（一句话说清楚）').fill(TITLE);
    await res.getByRole('button', { name: '设施维修' }).click();
    await res.getByLabel('具体情况').fill('3栋门口的路灯坏了一个多星期，老人晚上出门看不清台阶。');
    await res.getByRole('button', { name: '提交', exact: true }).click();
    await res.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(() => res.locator('h1').textContent()).toBe(TITLE);
    issueId = res.url().split('/').at(-1) as string;

    // Four neighbours support it from their own phones (through the API, as the app does).
    for (const phone of OWNERS) {
      const api = await request.newContext({ baseURL: server.url });
      const login = await api.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const r = await api.post(`/api/v1/council/issues/${issueId}/support`, { headers: { 'x-csrf-token': csrfToken } });
      expect(r.status()).toBe(200);
      await api.dispose();
    }
    await res.reload();
    await expect.poll(() => res.locator('main').textContent()).toContain('已反映');

    // The fifth, in the browser.
    const ctx2 = await phoneContext(browser, server.url);
    contexts.push(ctx2);
    const nb = await ctx2.newPage();
    await signIn(nb, LAST_SUPPORTER);
    await nb.goto(`/council/issues/${issueId}`);
    await nb.getByRole('button', { name: '我也遇到了（+1）' }).click();
    await expect.poll(() => nb.getByRole('button', { name: /您已支持/ }).isDisabled()).toBe(true);
    await nb.reload();
    await expect.poll(() => nb.locator('main').textContent()).toContain('已列入议程');
    const step = nb.locator('.council-timeline li[data-kind="on_agenda"]');
    await expect.poll(() => step.textContent()).toContain('支持人数达到门槛（自动）');
    await expect.poll(() => step.textContent()).toContain(`${needed} 人支持（门槛 ${needed} 人`);
    expect(formatViolations(await seriousA11yViolations(nb))).toBe('');
    await screenshot(nb, 'threshold-issue-on-agenda-phone');

    // The raiser is told, in her inbox.
    await res.goto('/notifications');
    await expect.poll(() => res.locator('main').textContent()).toContain('您支持的问题已达到支持门槛，自动列入议事会议程');
    await screenshot(res, 'threshold-raiser-told-phone');
  });

  it('the meeting shows the issue on its agenda', async () => {
    await sec.reload();
    await expect.poll(() => sec.locator('[data-agenda-item]').allTextContents()).toEqual([expect.stringContaining(TITLE)]);
    await screenshot(sec, 'threshold-agenda-desktop');
  });
});
