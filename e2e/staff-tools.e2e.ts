import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { JOURNEY_DATABASES, type RunningServer, startServerOn } from './lib/server';

const SECRETARY = { phone: '19900000003', password: 'lianxin2026' }; // 李建国, branch secretary of 五星社区安置小区
const DESKTOP_800 = { width: 1280, height: 800 };

async function signIn(ctx: BrowserContext, who = SECRETARY) {
  const r = await ctx.request.post('/api/v1/auth/login', { data: who });
  expect(r.status()).toBe(200);
}

for (const database of JOURNEY_DATABASES)
  describe(`[${database}] staff tools: search, audit viewer, a person’s data, help`, () => {
    let server: RunningServer;
    let browser: Browser;
    beforeAll(async () => {
      server = await startServerOn(database);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('a branch secretary searches by name and by phone at 1280×800, then finds the phone lookup in the audit viewer and exports it', async () => {
      const ctx = await browser.newContext({
        baseURL: server.url,
        viewport: DESKTOP_800,
        locale: 'zh-CN',
        acceptDownloads: true,
      });
      await signIn(ctx);
      const page = await ctx.newPage();
      await page.goto('/');
      await page.getByRole('link', { name: /搜索/ }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('搜索');
      await page.getByTestId('search-q').fill('万玉');
      await page.getByRole('button', { name: '搜索', exact: true }).click();
      const people = page.getByRole('region', { name: /居民/ });
      await expect.poll(() => people.locator('li').first().textContent()).toContain('万玉清');
      const api = (await (await ctx.request.get('/api/v1/search?q=%E4%B8%87%E7%8E%89')).json()) as {
        people: unknown[];
        orders: unknown[];
      };
      expect(await people.locator('li').count()).toBe(api.people.length);
      expect(await people.locator('li').first().textContent()).toContain('199****0001');
      await axeClean(page);
      await screenshot(page, 'staff-search-name-desktop');

      await page.getByTestId('search-q').fill('19900000001');
      await page.getByRole('button', { name: '搜索', exact: true }).click();
      await expect.poll(() => page.getByTestId('search-results').textContent()).toContain('199****0001');
      expect(await page.getByTestId('search-results').textContent()).not.toContain('19900000001');
      await screenshot(page, 'staff-search-phone-desktop');

      await page.goto('/');
      await page.getByRole('link', { name: /操作记录/ }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('操作记录');
      await page.getByLabel('操作类别').fill('search.phone');
      await page.getByRole('button', { name: '筛选', exact: true }).click();
      await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('共 1 条，第 1 / 1 页');
      const entry = page.getByTestId('audit-entries').locator('li');
      expect(await entry.count()).toBe(1);
      expect(await entry.textContent()).toContain('操作人：李建国');
      expect(await entry.textContent()).toContain('居民 p-19900000001');
      await axeClean(page);
      await screenshot(page, 'staff-audit-desktop');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
      const file = path.join(ARTIFACTS, 'staff-audit.csv');
      await download.saveAs(file);
      const lines = fs
        .readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines.length).toBe(2);
      expect(lines[1]).toContain('"search.phone","李建国"');

      // A date range that ends before it starts: the field it names is marked, in words.
      await page.getByLabel('起始日期').fill('2026-03-02');
      await page.getByLabel('截止日期').fill('2026-03-01');
      await page.getByRole('button', { name: '筛选', exact: true }).click();
      await expect.poll(() => page.getByLabel('截止日期').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('起始日期').getAttribute('aria-invalid')).toBeNull();
      const described = await page.getByLabel('截止日期').getAttribute('aria-describedby');
      expect(await page.locator(`[id="${described}"]`).textContent()).toBe('⚠ 不能早于开始日期');
      expect(await page.getByRole('alert').textContent()).toBe('出错了：输入有误，请检查标出的字段截止日期：不能早于开始日期');
      await screenshot(page, 'staff-audit-invalid-desktop');

      await page.getByRole('link', { name: '怎样查看' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('怎样查看操作记录');
      expect(await page.getByTestId('help-steps').locator('li').count()).toBe(4);
      await axeClean(page);
      await screenshot(page, 'staff-help-audit-desktop');
      await page.getByRole('link', { name: '返回该页面' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('操作记录');
      await ctx.close();
    });

    it('at 390×844 the secretary exports a resident’s data and erases it after confirming, and the erasure is in the audit viewer', async () => {
      const ctx = await phoneContext(browser, server.url);
      await signIn(ctx);
      const page = await ctx.newPage();
      // A resident of the compound who is none of the demo accounts.
      const found = (await (await ctx.request.get('/api/v1/search?q=%E7%8E%8B&limit=50')).json()) as {
        people: Array<{ id: string; name: string }>;
      };
      const person = found.people.find((p) => !p.id.startsWith('p-199'));
      expect(person).toBeDefined();
      const id = person?.id ?? '';
      await page.goto(`/search?q=${encodeURIComponent(person?.name ?? '')}`);
      await expect.poll(() => page.getByTestId('search-results').textContent()).toContain(person?.name ?? '');
      await axeClean(page);
      await screenshot(page, 'staff-search-phone');
      await page
        .getByRole('link', { name: new RegExp(person?.name ?? '') })
        .first()
        .click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(person?.name);

      const section = page.getByTestId('person-data');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        section.getByRole('button', { name: '导出个人信息' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`lianxin-${id}.json`);
      const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as { person: { id: string; name: string } };
      expect(data.person).toMatchObject({ id, name: person?.name });
      await expect.poll(() => section.getByRole('status').textContent()).toBe(`已下载 lianxin-${id}.json`);

      await section.getByRole('button', { name: '删除个人信息…' }).click();
      const confirm = section.getByRole('button', { name: '确认删除' });
      expect(await confirm.isDisabled()).toBe(true);
      await axeClean(page);
      await screenshot(page, 'staff-person-erase-confirm-phone');
      await section.getByLabel('我已核实这是本人的请求，确认删除').check();
      await confirm.click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('已注销居民');

      await page.goto(`/audit?personId=${encodeURIComponent(id)}&action=privacy.`);
      await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('共 2 条，第 1 / 1 页');
      const actions = await page.getByTestId('audit-entries').locator('code').allTextContents();
      expect(actions.filter((a) => a.startsWith('privacy.'))).toEqual(['privacy.erased', 'privacy.exported']);
      await axeClean(page);
      await screenshot(page, 'staff-audit-phone');
      await page.goto('/help/search');
      await expect.poll(() => page.getByTestId('help-steps').locator('li').count()).toBe(5);
      await axeClean(page);
      await screenshot(page, 'staff-help-search-phone');
      await page.goto('/orders/board');
      await page.getByRole('link', { name: '帮助', exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('怎样派单');
      await page.getByRole('link', { name: '全部帮助' }).click();
      await expect
        .poll(() => page.locator('main li').allTextContents())
        .toEqual([
          '怎样搜索居民、订单和议题',
          '怎样查看操作记录',
          '怎样导出或删除一位居民的个人信息',
          '怎样看数据看板',
          '怎样派单',
          '怎样导入住户名册',
          '怎样处理不是业主的业委会委员',
          '怎样上传项目的合同、发票和照片',
        ]);
      await axeClean(page);
      await screenshot(page, 'staff-help-index-phone');
      await ctx.close();
    });

    it('the dashboard’s figures open the lists behind them, with as many rows as they say (1280×800 and 390×844)', async () => {
      const admin = { phone: '19900000008', password: 'lianxin2026' }; // 刘贞, district admin
      const desktop = await browser.newContext({ baseURL: server.url, viewport: DESKTOP_800, locale: 'zh-CN' });
      const phone = await phoneContext(browser, server.url);
      for (const [ctx, size, nodeId, figure] of [
        [desktop, 'desktop', 'longshengaz', 'issuesOpen'],
        [phone, 'phone', 'wuxingaz', 'partyMembers'],
      ] as const) {
        await signIn(ctx, admin);
        const page = await ctx.newPage();
        await page.goto(`/dashboard/${nodeId}?static=1`);
        const link = page.locator(`a[data-figure="${figure}"]`);
        await expect.poll(() => link.count()).toBe(1);
        const shown = Number((await link.textContent())?.replaceAll(',', ''));
        expect(shown).toBeGreaterThan(0);
        await link.click();
        const pages = Math.ceil(shown / 50);
        await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe(`共 ${shown} 条，第 1 / ${pages} 页`);
        expect(await page.getByTestId('figure-rows').locator('li').count()).toBe(Math.min(shown, 50));
        await axeClean(page);
        await screenshot(page, `staff-dashboard-list-${figure}-${size}`);
      }
      await desktop.close();
      await phone.close();
    });
  });
