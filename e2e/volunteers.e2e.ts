import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

async function signIn(browser: Browser, url: string, name: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await phoneContext(browser, url);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`page error (${name}): ${e.message}`));
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('h1')?.textContent?.includes(n), name);
  return { ctx, page };
}

function hoursOf(text: string | null): number {
  return Number(/([\d.]+)\s*小时/.exec(text ?? '')?.[1] ?? Number.NaN);
}

describe('volunteer work at phone size', () => {
  let server: RunningServer;
  let browser: Browser;
  let huang: { ctx: BrowserContext; page: Page };
  let secretary: { ctx: BrowserContext; page: Page };
  const zoneName = '南门花坛';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    huang = await signIn(browser, server.url, '黄园');
    secretary = await signIn(browser, server.url, '李建国');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('黄园 logs a visit to 万玉清 marked "needs attention", raises an order, and her hours grow', async () => {
    const { page } = huang;
    await page.goto('/volunteer');
    await expect.poll(() => page.getByTestId('my-pairs').textContent()).toContain('万玉清');
    const before = hoursOf(await page.getByTestId('my-hours').textContent());
    expect(before).toBeGreaterThan(0);
    await axeClean(page);
    await screenshot(page, 'volunteers-home-phone');

    await page.getByRole('link', { name: '记录探访' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('万玉清');
    await page.getByRole('button', { name: '60', exact: true }).click();
    await page.getByRole('button', { name: '陪老人聊天' }).click();
    await page.getByRole('button', { name: '需要关注' }).click();
    await page.getByLabel('同时为TA发起求助单').check();
    await page.getByLabel('求助类别').selectOption('repair');
    await page.getByLabel('需要帮什么').fill('卫生间灯泡坏了，需要上门更换');
    await axeClean(page);
    await page.getByRole('button', { name: '保存探访记录' }).click();
    await expect.poll(() => page.getByTestId('visit-saved').textContent()).toContain('求助单已发出');
    const after = hoursOf(await page.getByTestId('visit-saved').textContent());
    expect(after).toBeCloseTo(before + 1, 1);

    // The history shows a visit every month of the past year, newest (today's) first.
    const history = page.getByTestId('visit-history');
    await expect.poll(() => history.locator('li').count()).toBeGreaterThanOrEqual(13);
    const dates = await history.locator('li strong').allTextContents();
    expect(new Set(dates.map((d) => d.slice(0, 7))).size).toBeGreaterThanOrEqual(12);
    await expect.poll(() => history.locator('li').first().textContent()).toContain('需要关注');
    expect(await history.textContent()).toContain('送大米和食用油');
    expect(await history.textContent()).toContain('已发起求助单');
    await axeClean(page);
    await screenshot(page, 'pairing-visit-logged-phone');

    await page.goto('/volunteer');
    await expect.poll(async () => hoursOf(await page.getByTestId('my-hours').textContent())).toBeCloseTo(after, 1);
  });

  it('the secretary draws a zone on the site plan', async () => {
    const { page } = secretary;
    await page.goto('/zones/wuxingaz');
    const map = page.getByTestId('plan-map');
    await expect.poll(() => page.locator('.leaflet-image-layer').count()).toBe(1);
    await expect.poll(() => page.locator('.zone-label').count()).toBeGreaterThanOrEqual(5);
    await axeClean(page);
    await screenshot(page, 'zones-map-phone');

    await page.getByTestId('draw-start').click();
    const box = await map.boundingBox();
    if (!box) throw new Error('no map');
    // Near the south gate, between the road and 8栋 (the plan's lower middle).
    for (const [fx, fy] of [
      [0.46, 0.72],
      [0.485, 0.72],
      [0.485, 0.79],
      [0.46, 0.79],
    ] as const) {
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'zones-drawing-phone.png') });
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已点 4 个点' }).count()).toBe(1);
    await page.getByLabel('片区名称').fill(zoneName);
    await page.getByLabel('类型').selectOption('公共区域');
    await page.getByTestId('draw-save').click();
    await expect.poll(() => page.getByTestId('zone-list').textContent()).toContain(zoneName);
    await expect.poll(() => page.getByTestId('zone-panel').textContent()).toContain('可认领');
    await axeClean(page);
    await screenshot(page, 'zones-drawn-phone');
  });

  it('黄园 claims the new zone on the map', async () => {
    const { page } = huang;
    await page.goto('/zones/wuxingaz');
    await page.getByRole('button', { name: `查看 · ${zoneName}` }).click();
    await page.getByTestId('claim').click();
    await expect.poll(() => page.getByTestId('zone-panel').textContent()).toContain('已认领：黄园');
    await expect.poll(() => page.locator('.zone-label', { hasText: zoneName }).textContent()).toContain('✓');
    // A problem seen there goes to the council from the zone itself.
    await page.getByLabel('看到了什么问题').fill('花坛边的路灯不亮了');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => page.getByTestId('zone-panel').getByRole('link', { name: '已转为议事会议题' }).count()).toBe(1);
    await axeClean(page);
    await screenshot(page, 'zones-claimed-phone');
    await page.goto('/volunteer');
    await expect.poll(() => page.getByTestId('my-zones').textContent()).toContain(zoneName);
  });

  it('a certificate is issued as a PDF with Chinese text, and its number checks out', async () => {
    await huang.page.goto('/hours');
    await huang.page.getByTestId('ask-cert').click();
    await expect.poll(() => huang.page.getByTestId('my-certs').textContent()).toContain('审核中');

    const { page } = secretary;
    await page.goto('/hours/branch');
    await expect.poll(() => page.getByTestId('cert-requests').textContent()).toContain('黄园');
    await axeClean(page);
    await page.getByTestId('cert-requests').getByRole('button', { name: '出具证明' }).first().click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已出具' }).count()).toBe(1);
    const number = /LX\d{4}-[A-Z2-9]{5}-[A-Z2-9]{5}/.exec(
      (await page.getByRole('status').filter({ hasText: '已出具' }).textContent()) ?? '',
    )?.[0];
    expect(number).toBeTruthy();
    await screenshot(page, 'hours-branch-phone');

    await huang.page.goto('/hours');
    await expect.poll(() => huang.page.getByTestId('my-certs').textContent()).toContain(number as string);
    await axeClean(huang.page);
    await screenshot(huang.page, 'hours-mine-phone');
    const href = await huang.page.getByRole('link', { name: '下载 PDF' }).first().getAttribute('href');
    const pdf = await huang.page.request.get(href as string);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const file = path.join(ARTIFACTS, 'volunteer-certificate.pdf');
    fs.writeFileSync(file, await pdf.body());
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '72',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(ARTIFACTS, 'volunteer-certificate'),
    ]);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('兹证明 黄园');

    // Anyone, signed out, can check the number.
    const anon = await phoneContext(browser, server.url);
    const p = await anon.newPage();
    await p.goto(`/verify/${number}`);
    await expect.poll(() => p.getByTestId('verify-result').textContent()).toContain('真实有效');
    expect(await p.getByTestId('verify-result').textContent()).toContain('黄*');
    await axeClean(p);
    await screenshot(p, 'certificate-verify-phone');
    await p.goto('/verify/LX2026-AAAAA-BBBBB');
    await expect.poll(() => p.getByTestId('verify-result').textContent()).toContain('查无此证明');
    await anon.close();
  });

  it('the branch sees overdue visits and team totals', async () => {
    const { page } = secretary;
    await page.goto('/volunteer/branch');
    await expect.poll(() => page.getByTestId('overdue-pairs').locator('li').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('team-totals').textContent()).toContain('党员');
    await axeClean(page);
    await screenshot(page, 'volunteers-branch-phone');

    // The community worker, granted at 五星社区 above the compound, works on its compound too.
    const worker = await signIn(browser, server.url, '邹晓敏');
    await worker.page.goto('/volunteer/branch');
    await expect.poll(() => worker.page.locator('main').textContent()).toContain('五星社区安置小区');
    await expect.poll(() => worker.page.getByTestId('overdue-pairs').locator('li').count()).toBeGreaterThan(0);
    await axeClean(worker.page);
    await worker.ctx.close();
  });

  it('works in large-text mode and in English', async () => {
    const { page } = huang;
    await page.goto('/volunteer');
    await page.getByTestId('large-text-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await expect.poll(() => page.getByTestId('my-pairs').textContent()).toContain('万玉清');
    await axeClean(page);
    await screenshot(page, 'volunteers-home-large-phone');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('My volunteering');
    await page.goto('/zones/wuxingaz');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Zones');
    await axeClean(page);
    await screenshot(page, 'zones-large-en-phone');
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('large-text-toggle').click();
  });
});
