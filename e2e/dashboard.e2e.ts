import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  DESKTOP,
  formatViolations,
  launchBrowser,
  phoneContext,
  screenshot,
  seriousA11yViolations,
} from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const ADMIN = { phone: '19900000008', password: 'lianxin2026' }; // 刘贞, district admin

async function signIn(ctx: BrowserContext, who = ADMIN) {
  const r = await ctx.request.post('/api/v1/auth/login', { data: who });
  expect(r.status()).toBe(200);
}

/** Waits until every chart on the page has drawn (the SVG renderer marks its container). */
async function chartsReady(page: Page, n: number) {
  await expect.poll(() => page.locator('.dash-chart[data-ready="1"] svg').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
}

async function drillTo(page: Page, nodeId: string, name: string) {
  await page.locator(`a.dash-child[data-node="${nodeId}"]`).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe(name);
}

describe('dashboard: a district admin at desktop and phone width', () => {
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

  it('opens the district dashboard, drills down to a compound and exports XLSX with the API figures', async () => {
    const ctx = await browser.newContext({ baseURL: server.url, viewport: DESKTOP, locale: 'zh-CN', acceptDownloads: true });
    await signIn(ctx);
    const page = await ctx.newPage();
    await page.goto('/dashboard?static=1');
    await expect.poll(() => page.locator('h1').textContent()).toBe('株洲经开区·云龙示范区');
    await chartsReady(page, 3);
    const district = (await (await ctx.request.get('/api/v1/dashboard/yunlong?months=12')).json()) as {
      stock: { branches: number; demoSites: number };
    };
    expect(district.stock.branches).toBe(10);
    const stock = page.getByTestId('dash-stock');
    await expect.poll(() => stock.textContent()).toContain('小区党支部10');
    await expect.poll(() => stock.textContent()).toContain('党建示范点4');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'dashboard-district-desktop');

    await drillTo(page, 'yuntian', '云田镇');
    await drillTo(page, 'wuxing', '五星社区');
    await drillTo(page, 'wuxingaz', '五星社区安置小区');
    await chartsReady(page, 2);
    expect(await page.locator('.dash-trail a').allTextContents()).toEqual(['株洲经开区·云龙示范区', '云田镇', '五星社区']);
    await expect.poll(() => page.getByTestId('dash-stock').textContent()).toContain('居民人数1,800');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'dashboard-compound-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const file = path.join(ARTIFACTS, 'dashboard-wuxingaz.xlsx');
    await download.saveAs(file);
    const api = (await (await ctx.request.get('/api/v1/dashboard/wuxingaz?months=12')).json()) as {
      stock: Record<string, number>;
      total: Record<string, number>;
      months: Array<Record<string, number | string>>;
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const summary = new Map<string, unknown>();
    wb.worksheets[0]?.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(summary.get('户数')).toBe(api.stock.households);
    expect(summary.get('居民人数')).toBe(api.stock.residents);
    expect(summary.get('志愿者')).toBe(api.stock.volunteers);
    expect(summary.get('服务次数')).toBe(api.total.ordersServed);
    expect(summary.get('志愿服务时长（分钟）')).toBe(api.total.hoursMinutes);
    expect(summary.get('接单用时中位数（分钟）')).toBe(api.total.medianTakeMinutes);
    expect(api.stock.households).toBe(450);
    expect(api.total.ordersServed).toBeGreaterThanOrEqual(700);
    const byMonth = wb.worksheets[1];
    expect(byMonth?.rowCount).toBe(1 + api.months.length);
    const last = byMonth?.getRow(byMonth.rowCount);
    expect(last?.getCell(1).value).toBe(api.months.at(-1)?.month);
    expect(last?.getCell(3).value).toBe(api.months.at(-1)?.ordersServed);
    fs.rmSync(file, { force: true });
    await ctx.close();
  });

  it('is readable at phone width: no sideways scrolling, charts drawn, drill-down works', async () => {
    const ctx = await phoneContext(browser, server.url);
    await signIn(ctx);
    const page = await ctx.newPage();
    await page.goto('/dashboard/yunlong?static=1');
    await chartsReady(page, 3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const chartWidth = await page.getByTestId('chart-orders').evaluate((el) => el.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(300);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'dashboard-district-phone');
    await drillTo(page, 'xuelin', '学林街道');
    await drillTo(page, 'sanchong', '三冲社区');
    await drillTo(page, 'zhoucheng', '轴承生活小区');
    await expect.poll(() => page.getByTestId('dash-stock').textContent()).toContain('户数216');
    await chartsReady(page, 2);
    await screenshot(page, 'dashboard-compound-phone');
    await ctx.close();
  });

  it('shows the 轴承 renovation on its public disclosure page, and a resident reads the 居民公约 they acknowledged, with the diff between versions', async () => {
    const ctx = await phoneContext(browser, server.url);
    const list = (await (await ctx.request.get('/api/v1/public/projects?nodeId=zhoucheng')).json()) as Array<{ id: string }>;
    expect(list.length).toBeGreaterThan(0);
    const page = await ctx.newPage();
    await page.goto(`/public/projects/${list[0]?.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('轴承生活小区提质改造工程');
    for (const item of ['疏通管网', '硬化路面', '补植绿化', '安装监控'])
      await expect.poll(() => page.locator('main').textContent()).toContain(item);
    // The before/after photos are public with the project, and they load.
    await expect
      .poll(() =>
        page
          .locator('.pj-photos img')
          .evaluateAll((imgs) => imgs.length === 2 && imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
      )
      .toBe(true);
    // The printed disclosure carries the log's signed checkpoint, with its QR code.
    await expect.poll(() => page.getByTestId('checkpoint-stamp').textContent()).toMatch(/记录条数：\d+/);
    await expect.poll(() => page.getByTestId('checkpoint-qr').locator('img').count()).toBe(1);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'project-public-phone');

    await signIn(ctx, { phone: '19900000001', password: 'lianxin2026' });
    await page.goto('/conventions');
    await expect.poll(() => page.getByTestId('convention-text').textContent()).toContain('不在公共绿化带内种菜');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('您已确认阅读本版公约');
    await page.getByRole('button', { name: '比较' }).click();
    await expect.poll(() => page.getByTestId('convention-diff').textContent()).toContain('+ 新增');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'convention-phone');
    await ctx.close();
  });
});
