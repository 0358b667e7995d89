import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

/** Pages load lazily and the machine is shared: wait up to 15 s for what a person would see. */
const POLL = { timeout: 15_000 };
const HEADER = '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签';
const BAD = [
  HEADER,
  '1栋,1,601,89.50,是,罗建华,13800001111,1958,党员',
  '1栋,1,601,,,罗小红,1380000222,1986,', // phone too short
  '1栋,2,601,75.125,是,彭志强,,1979,', // three decimals
  '8栋,1,101,80,是,谭丽,,1990,', // a building the compound does not have yet: listed as to be created
  '1栋,1,101,80,是,曾伟,,1975,', // a door already registered: listed as an update
].join('\n');
const FIXED = [
  HEADER,
  '1栋,1,601,89.50,是,罗建华,13800001111,1958,党员',
  '1栋,1,601,,,罗小红,13800002222,1986,团员',
  '1栋,2,601,75.12,是,彭志强,,1979,',
  '1栋,1,602,80,是,谭丽,,1990,',
  '1栋,2,602,80,是,曾伟,,1975,党员、志愿者',
].join('\n');

describe('registry: a community worker imports a spreadsheet and prints a board', () => {
  let server: RunningServer;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-import-'));
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports with a row report, fixes, imports, then opens the building’s printable board', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /邹晓敏/ }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toContain('邹晓敏');

    await page.goto('/registry');
    await expect.poll(() => page.locator('h1').textContent(), POLL).toContain('五星社区');
    await page.getByRole('link', { name: /五星花园/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toContain('五星花园');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'registry-compound');
    await page.getByRole('link', { name: '导入住户表' }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toContain('导入住户表');

    const bad = path.join(dir, '住户表.csv');
    fs.writeFileSync(bad, BAD);
    await page.locator('#import-file').setInputFiles(bad);
    await page.getByRole('button', { name: '检查表格（试导入）' }).click();
    await expect.poll(() => page.locator('table.report tbody tr').count(), POLL).toBe(2);
    const report = await page.locator('table.report').textContent();
    expect(report).toContain('手机号不对');
    expect(report).toContain('面积最多两位小数');
    // Going live: a missing building (8栋) is created and a registered door updated — neither is an error.
    expect(report).not.toContain('8栋');
    expect(await page.getByRole('button', { name: '正式导入' }).count()).toBe(0);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'import-report');

    const fixed = path.join(dir, '住户表-改.csv');
    fs.writeFileSync(fixed, FIXED);
    await page.locator('#import-file').setInputFiles(fixed);
    await page.getByRole('button', { name: '检查表格（试导入）' }).click();
    await expect.poll(() => page.getByText('表格没有问题，可以正式导入。').count(), POLL).toBe(1);
    await page.getByRole('button', { name: '正式导入' }).click();
    await expect.poll(() => page.getByText('导入完成：4 户，5 人。').count(), POLL).toBe(1);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'import-done');

    await page.goto('/registry/buildings/wuxinghy-b1');
    await expect.poll(() => page.getByText('罗建华').count(), POLL).toBeGreaterThan(0);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'registry-building');
    await page.getByRole('link', { name: '本楼党员承诺牌' }).click();
    await expect.poll(() => page.getByText('带头遵守居民公约').count(), POLL).toBe(1);
    // The new members gave no consent: their doors only.
    const board = await page.locator('.board-table').textContent();
    expect(board).toContain('1栋1单元601');
    expect(board).not.toContain('罗建华');
    await expect
      .poll(() => page.locator('.board-qr img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'board-phone');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await screenshot(page, 'board-print-a4');
    await ctx.close();
  });

  it('shows a public board with the consenting members named, and the stations to a resident', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/boards/buildings/zhoucheng-b1');
    await expect.poll(() => page.getByText('党旗飘楼栋 服务百姓家').count(), POLL).toBe(1);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'board-zhoucheng-public');
    await page.goto('/login');
    await page.getByRole('button', { name: /万玉清/ }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toContain('万玉清');
    await page.goto('/stations');
    await page.getByRole('link', { name: /公共卫生服务站/ }).click();
    await page.getByRole('button', { name: '预约' }).first().click();
    await expect.poll(() => page.getByText(/预约成功/).count(), POLL).toBe(1);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'station-booked');
    await ctx.close();
  });

  it('shows a district admin the 龙升 branch and committee with cross-membership, and the law’s warnings for 金龙', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /刘贞/ }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toContain('刘贞');
    await page.goto('/registry/compounds/longshengaz/org');
    await expect.poll(() => page.getByText('党员 46 人').count(), POLL).toBe(1);
    expect(await page.getByText('同时是支部党员（双向进入、交叉任职）').count()).toBeGreaterThanOrEqual(3);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'org-longsheng');
    await page.goto('/registry/compounds/jinlong/org');
    await expect.poll(() => page.getByText('委员少于 5 人').count(), POLL).toBe(1);
    expect(await page.getByText('任期超过 5 年').count()).toBe(1);
    await screenshot(page, 'org-jinlong-warnings');
    await page.goto('/registry');
    // A district admin has one root, so the registry opens it: search there once it has.
    await page.waitForURL(/\/registry\/nodes\//);
    await page.getByLabel('查找居民').fill('万玉清');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('link', { name: /万玉清/ }).click();
    await expect.poll(() => page.getByText('199****0001').count(), POLL).toBe(1);
    await page.getByRole('button', { name: '显示完整号码' }).click();
    await expect.poll(() => page.getByText('19900000001').count(), POLL).toBe(1);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'person-wan');
    await ctx.close();
  });
});
