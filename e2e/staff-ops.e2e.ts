import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeClean, launchBrowser, PHONE, screenshot, signInDemo as signIn } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

/** The two sizes a staff page must work at. */
const SIZES = { desktop: { width: 1280, height: 800 }, phone: PHONE } as const;

async function contextAt(browser: Browser, url: string, size: keyof typeof SIZES): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: url,
    viewport: SIZES[size],
    locale: 'zh-CN',
    ...(size === 'phone' ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
  });
}

/** No horizontal scrolling: the page fits the viewport's width. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

describe('staff operations: failed SMS', () => {
  let server: RunningServer;
  let browser: Browser;
  let db: SQLite.Database;
  // A local stand-in for Dysmsapi that accepts everything: the retry goes out through it.
  const received: string[] = [];
  const gateway = http.createServer((req, res) => {
    received.push(new URL(req.url ?? '/', 'http://x').searchParams.get('PhoneNumbers') ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: `biz-${received.length}`, RequestId: 'r' }));
  });

  beforeAll(async () => {
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    server = await startServer({
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'LTAIe2e',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'e2e-secret',
      ALIYUN_SMS_SIGN_NAME: '连心桥',
      ALIYUN_SMS_TEMPLATES: JSON.stringify({ login_code: 'SMS_1', notice: 'SMS_2' }),
      ALIYUN_SMS_ENDPOINT: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
    });
    browser = await launchBrowser();
    db = new SQLite(path.join(server.dataDir, 'lianxin.db'));
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      `insert into sms_outbox (id, phone, template, params, status, attempts, next_attempt_at, last_error, provider_id, created_at, sent_at, last_attempt_at)
       values (?, ?, ?, ?, 'failed', 6, ?, ?, null, ?, null, ?)`,
    );
    insert.run(
      'e2e-sms-1',
      '19900000001',
      'notice',
      '{"content":"您的订单已被接单"}',
      '2026-12-01T01:00:00.000Z',
      'isv.BUSINESS_LIMIT_CONTROL: 触发流控',
      '2026-12-01T00:44:00.000Z',
      '2026-12-01T01:00:00.000Z',
    );
    insert.run(
      'e2e-sms-2',
      '19900000004',
      'login_code',
      '{"code":"482913"}',
      '2026-12-01T02:00:00.000Z',
      'isv.MOBILE_NUMBER_ILLEGAL: 号码格式错误',
      '2026-12-01T01:44:00.000Z',
      '2026-12-01T02:00:00.000Z',
    );
  });
  afterAll(async () => {
    db?.close();
    await browser?.close();
    await server?.stop();
    await new Promise<void>((r) => gateway.close(() => r()));
  });

  for (const size of ['desktop', 'phone'] as const) {
    it(`the branch secretary sees her compound's failed message, masked, and sends it again (${size})`, async () => {
      const ctx = await contextAt(browser, server.url, size);
      const page = await ctx.newPage();
      await signIn(page, '李建国');
      await page.getByRole('link', { name: '短信失败' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toContain('发送失败的短信');
      const cards = page.getByTestId('failed-sms');
      if (size === 'desktop') {
        // only 万玉清's: 周桂兰 lives in another compound
        await expect.poll(() => cards.count()).toBe(1);
        const text = await cards.first().textContent();
        expect(text).toContain('万玉清');
        expect(text).toContain('199****0001');
        expect(text).toContain('通知');
        expect(text).toContain('6 次');
        expect(text).toContain('触发流控');
        expect(text).not.toContain('19900000001');
        expect(text).not.toContain('您的订单已被接单');
        await axeClean(page);
        await fitsWidth(page);
        await screenshot(page, `sms-failed-${size}`);
        await cards.first().getByTestId('retry-sms').click();
        await expect.poll(() => page.getByRole('status').first().textContent()).toContain('已重新发送给 199****0001');
        await expect.poll(() => page.getByTestId('no-failed-sms').count()).toBe(1);
        expect(received).toContain('19900000001');
        const row = db.prepare("select status, attempts from sms_outbox where id = 'e2e-sms-1'").get();
        expect(row).toEqual({ status: 'sent', attempts: 1 });
        await screenshot(page, `sms-failed-sent-${size}`);
      } else {
        await expect.poll(() => page.getByTestId('no-failed-sms').count()).toBe(1);
        await axeClean(page);
        await fitsWidth(page);
        await screenshot(page, `sms-failed-${size}`);
      }
      await ctx.close();
    });
  }

  it('the district administrator sees the other compound’s message at phone size', async () => {
    const ctx = await contextAt(browser, server.url, 'phone');
    const page = await ctx.newPage();
    await signIn(page, '刘贞');
    await page.goto('/sms/failed');
    const cards = page.getByTestId('failed-sms');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain('周桂兰');
    expect(await cards.first().textContent()).toContain('登录验证码');
    expect(await cards.first().textContent()).not.toContain('482913');
    await axeClean(page);
    await fitsWidth(page);
    await screenshot(page, 'sms-failed-district-phone');
    await ctx.close();
  });
});

describe('staff operations: merging two records of one person', () => {
  let server: RunningServer;
  let browser: Browser;
  let db: SQLite.Database;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    db = new SQLite(path.join(server.dataDir, 'lianxin.db'));
    db.pragma('busy_timeout = 5000');
    const person = db.prepare(
      `insert into people (id, node_id, name, phone, birth_year, tags, id_number, created_at, erased_at, version)
       values (?, 'wuxingaz', ?, ?, ?, '[]', null, '2026-12-01T00:00:00.000Z', null, 1)`,
    );
    // 黄园 as the registry holds her (no phone yet); the demo's 黄园 is the record her sign-up made.
    person.run('e2e-huang', '黄园', null, 1990);
    // Two records of 测试丙 that each cast a ballot in one vote.
    person.run('e2e-bing-1', '测试丙', '13800007001', 1950);
    person.run('e2e-bing-2', '测试丙', '13800007002', 1950);
    const vote = db.prepare("select id from votes where compound_id = 'wuxingaz' order by id limit 1").get() as { id: string };
    const ballot = db.prepare(
      `insert into vote_ballots (id, vote_id, subject, choice, channel, status, cast_by_person_id, receipt_hash, created_at)
       values (?, ?, ?, 'yes', 'online', 'counted', ?, ?, '2026-12-01T00:00:00.000Z')`,
    );
    ballot.run('e2e-ballot-1', vote.id, 'e2e-subject-1', 'e2e-bing-1', 'e2e-hash-1');
    ballot.run('e2e-ballot-2', vote.id, 'e2e-subject-2', 'e2e-bing-2', 'e2e-hash-2');
  });
  afterAll(async () => {
    db?.close();
    await browser?.close();
    await server?.stop();
  });

  const pickDuplicate = async (page: Page, name: string, phone: string) => {
    const section = page.getByTestId('merge-section');
    await section.getByLabel('查找另一条记录').fill(name);
    await section.getByRole('button', { name: '查找' }).click();
    await section.getByTestId('search-pick').filter({ hasText: phone }).click();
    await expect.poll(() => page.getByTestId('merge-preview').count()).toBe(1);
  };

  it('a community worker merges the sign-up record into the registry person at 1280 × 800: preview with counts, confirm; the old link and the login follow', async () => {
    const ordersBefore = (
      db.prepare("select count(*) as n from orders where volunteer_person_id = 'p-19900000002'").get() as { n: number }
    ).n;
    expect(ordersBefore).toBeGreaterThan(0);
    const ctx = await contextAt(browser, server.url, 'desktop');
    const page = await ctx.newPage();
    await signIn(page, '邹晓敏');
    await page.goto('/registry/people/e2e-huang');
    await expect.poll(() => page.locator('h1').textContent()).toBe('黄园');
    await pickDuplicate(page, '黄园', '199****0002');
    const preview = page.getByTestId('merge-preview');
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('199****0002');
    expect(text).not.toContain('19900000002');
    const moves = (await page.getByTestId('merge-moves').textContent()) ?? '';
    for (const kind of ['求助订单', '志愿时长与证书', '结对帮扶', '登录账号 1 条']) expect(moves).toContain(kind);
    await axeClean(page);
    await fitsWidth(page);
    await screenshot(page, 'merge-preview-desktop');
    await page.getByTestId('merge-confirm').click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('已合并');
    expect(db.prepare("select person_id from accounts where phone = '19900000002'").get()).toEqual({ person_id: 'e2e-huang' });
    expect(
      (db.prepare("select count(*) as n from orders where volunteer_person_id = 'e2e-huang'").get() as { n: number }).n,
    ).toBe(ordersBefore);
    expect(db.prepare("select merged_into from people where id = 'p-19900000002'").get()).toEqual({ merged_into: 'e2e-huang' });
    await screenshot(page, 'merge-done-desktop');
    // the old record's page opens the survivor
    await page.goto('/registry/people/p-19900000002');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/registry/people/e2e-huang');
    await ctx.close();

    // 黄园 signs in as before, now as the registry's own record
    const own = await contextAt(browser, server.url, 'phone');
    const mine = await own.newPage();
    await signIn(mine, '黄园');
    const me = await mine.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()));
    expect(me.personId).toBe('e2e-huang');
    await own.close();
  });

  it('at 390 × 844 the preview says in words why two records that each voted cannot be merged, and merges nothing', async () => {
    const ctx = await contextAt(browser, server.url, 'phone');
    const page = await ctx.newPage();
    await signIn(page, '邹晓敏');
    await page.goto('/registry/people/e2e-bing-1');
    await expect.poll(() => page.locator('h1').textContent()).toBe('测试丙');
    await pickDuplicate(page, '测试丙', '138****7002');
    await expect.poll(() => page.getByTestId('merge-clash').textContent()).toContain('一人两票');
    expect(await page.getByTestId('merge-confirm').isDisabled()).toBe(true);
    await page.getByTestId('merge-preview').scrollIntoViewIfNeeded();
    await axeClean(page);
    await fitsWidth(page);
    await screenshot(page, 'merge-clash-phone');
    expect(db.prepare("select merged_into from people where id = 'e2e-bing-2'").get()).toEqual({ merged_into: null });
    await ctx.close();
  });
});
