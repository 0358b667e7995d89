import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithMetadata } from '../apps/server/src/lib/uploads.fixtures';
import { axeClean, launchBrowser, pageOpener, screenshot, signIn } from './lib/browser';
import { elderViolations } from './lib/elder';
import { JOURNEY_DATABASES, type RunningServer, startServerOn } from './lib/server';

const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区
const MEMBER = '19900000002'; // 黄园, party member in 五星社区安置小区 3栋

/** The page count and text of a PDF, read back with poppler's pdftotext. */
function pdfPages(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pledges-e2e-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const database of JOURNEY_DATABASES)
  describe(`[${database}] 党员承诺牌: a member writes her own pledge; staff print every card of the compound`, () => {
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const { desktop, phone } = pageOpener(
      () => browser,
      () => server.url,
      contexts,
    );

    beforeAll(async () => {
      server = await startServerOn(database);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.stop();
    });

    it('the member, in 长辈版 on her phone, writes two lines and adds a photo; a line with markup is marked', async () => {
      const p: Page = await phone();
      await signIn(p, MEMBER);
      await p.getByTestId('home-large-text').click();
      await expect.poll(() => p.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
      await p.getByRole('link', { name: /我的承诺/ }).click();
      await expect.poll(() => p.locator('h1').textContent()).toBe('我的承诺');
      await expect.poll(() => p.getByLabel('第 1 行').inputValue()).toBe('带头遵守居民公约');
      await p.getByLabel('第 1 行').fill('每周巡楼一次');
      await p.getByLabel('第 2 行').fill('<b>帮独居老人代购</b>');
      await p.getByLabel('第 3 行').fill('');
      await p.getByLabel('第 4 行').fill('');
      await p.getByRole('button', { name: '保存承诺' }).click();
      await expect
        .poll(() => p.locator('.field-invalid .field-error').allTextContents())
        .toEqual(['⚠ 不能含有 < > 等标记符号或控制字符']);
      expect(await p.locator('.field-invalid label').allTextContents()).toEqual(['第 2 行']);
      await screenshot(p, 'pledges-member-error-phone');
      await p.getByLabel('第 2 行').fill('帮独居老人代购');
      await p.getByLabel('照片（可选）').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: jpegWithMetadata() });
      await expect.poll(() => p.getByRole('img', { name: '黄园 的照片' }).count()).toBe(1);
      await p.getByRole('button', { name: '保存承诺' }).click();
      await expect.poll(() => p.getByText('已保存').count()).toBe(1);
      await p.reload();
      await expect.poll(() => p.getByLabel('第 2 行').inputValue()).toBe('帮独居老人代购');
      expect(await p.getByLabel('第 3 行').inputValue()).toBe('');
      await axeClean(p);
      // 长辈版 (MIIT 2021): text at least 18 px, every control at least 60 × 60 px.
      expect(await elderViolations(p)).toEqual([]);
      await screenshot(p, 'pledges-member-phone');
    });

    it('staff see every card with its consent, then print all consented cards in one PDF', async () => {
      const d = await desktop();
      await signIn(d, WORKER);
      await d.goto('/boards/compounds/wuxingaz');
      await d.getByRole('link', { name: '党员承诺牌（全部）' }).click();
      await expect.poll(() => d.locator('h1').textContent()).toBe('五星社区安置小区 · 党员承诺牌（全部）');
      await expect.poll(() => d.locator('main').textContent()).toContain('共 52 名党员，其中 26 名已同意公开，打印时每人一页。');
      const huang = d.locator('.list-item', { hasText: '黄园' });
      expect(await huang.textContent()).toContain('每周巡楼一次 / 帮独居老人代购');
      expect(await huang.textContent()).toContain('✗ 未同意 / 已撤回 · 本人承诺 · 有照片');
      await axeClean(d);
      await screenshot(d, 'pledges-staff-desktop');

      const href = await d.getByRole('link', { name: '打印全部承诺牌（PDF）' }).getAttribute('href');
      expect(href).toBe('/api/v1/boards/compounds/wuxingaz/pledges.pdf');
      const res = await d.request.get(href as string);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/pdf');
      const pages = pdfPages(await res.body());
      expect(pages).toHaveLength(26);
      // 黄园 has not consented: her card is not printed.
      expect(pages.some((t) => t.includes('黄园'))).toBe(false);
      expect(pages[0]).toContain('夏宏伟');

      const ph = await phone();
      await signIn(ph, WORKER);
      await ph.goto('/boards/compounds/wuxingaz/pledges');
      await expect.poll(() => ph.locator('main').textContent()).toContain('共 52 名党员');
      await axeClean(ph);
      await screenshot(ph, 'pledges-staff-phone');
      // Staff edit a member's pledge for her: the page says it is done on her behalf.
      await d.locator('.list-item', { hasText: '黄园' }).getByRole('link', { name: '修改 黄园' }).click();
      await expect.poll(() => d.locator('h1').textContent()).toBe('黄园 的承诺');
      expect(await d.locator('main').textContent()).toContain('您正在为党员本人填写，系统会记录为代为填写。');
      await expect.poll(() => d.getByLabel('第 2 行').inputValue()).toBe('帮独居老人代购');
      await d.getByLabel('第 3 行').fill('有事请敲301的门');
      await d.getByRole('button', { name: '保存承诺' }).click();
      await expect.poll(() => d.getByText('已保存').count()).toBe(1);
      await axeClean(d);
      await d.evaluate(() => window.scrollTo(0, 0));
      await screenshot(d, 'pledges-staff-edit-desktop');
      await d.goBack();
      await expect
        .poll(() => d.locator('.list-item', { hasText: '黄园' }).textContent())
        .toContain('每周巡楼一次 / 帮独居老人代购 / 有事请敲301的门');
    });
  });
