import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const WORKER = '19900000005'; // 邹晓敏, community worker at 五星社区
const RESIDENT = '19900000001'; // 万玉清
const PASSWORD = 'lianxin2026';

async function signIn(page: Page, phone: string) {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('您好');
}

describe('accounts at phone size', () => {
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

  it('a community worker acts for 万玉清 by phone call, and 万玉清 sees it in her history', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/login');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'accounts-login-phone');
    await signIn(page, WORKER);

    await page.goto('/me');
    await page.getByRole('link', { name: '为居民代办' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('为居民代办');
    await page.getByLabel('按姓名查找居民').fill('万玉清');
    await page.getByRole('button', { name: '查找' }).click();
    await page
      .getByRole('button', { name: /^万玉清 ·/ })
      .first()
      .click();
    await page.getByLabel('电话').check();
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'accounts-acting-for-phone');
    await page.getByRole('button', { name: '开始代办' }).click();

    await expect.poll(() => page.getByTestId('acting-now').textContent()).toContain('正在代 万玉清 办理（电话）');
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'accounts-me-acting-phone');
    await ctx.close();

    const rctx = await phoneContext(browser, server.url);
    const rpage = await rctx.newPage();
    await signIn(rpage, RESIDENT);
    await rpage.goto('/me/history');
    await expect.poll(() => rpage.getByTestId('proxy-history').textContent()).toContain('邹晓敏 通过电话');
    expect(await rpage.getByTestId('proxy-history').textContent()).toContain('开始为您代办');
    expect(formatViolations(await seriousA11yViolations(rpage))).toBe('');
    await screenshot(rpage, 'accounts-history-phone');
    // 长辈版: the same page with large text stays accessible and its controls grow.
    await rpage.getByTestId('large-text-toggle').click();
    expect(await rpage.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    expect(formatViolations(await seriousA11yViolations(rpage))).toBe('');
    await screenshot(rpage, 'accounts-history-large-phone');
    await rctx.close();
  });

  it('signs in with an SMS code, invites a newcomer from the admin page (English), who joins and then erases their data', async () => {
    const ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: '验证码登录' }).click();
    await page.getByLabel('手机号').fill(WORKER);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('验证码已发送');
    // The console SMS provider prints the code with the phone masked; read it from the server log.
    let code = '';
    await expect
      .poll(() => {
        const line = server.logs.join('').match(/\[sms to 199\*\*\*\*0005\][^\n]*?(\d{6})/);
        code = line?.[1] ?? '';
        return code;
      })
      .toMatch(/^\d{6}$/);
    expect(server.logs.join('')).not.toContain(WORKER);
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('您好，邹晓敏');

    await page.goto('/admin/roles');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Roles and invitations');
    await page.getByRole('button', { name: 'Create invitation code' }).click();
    await expect.poll(() => page.getByTestId('invite-code').textContent()).toMatch(/^[A-Z0-9]{10}$/);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'accounts-admin-en-phone');
    const inviteCode = (await page.getByTestId('invite-code').textContent()) ?? '';
    await ctx.close();

    // The invitee opens the link, creates an account with the role, then erases their own data.
    const ictx = await phoneContext(browser, server.url);
    const ipage = await ictx.newPage();
    await ipage.goto(`/invite/${inviteCode}`);
    await expect.poll(() => ipage.locator('.big').first().textContent()).toContain('五星社区');
    await ipage.getByLabel('姓名').fill('新居民<b>测试</b>');
    await ipage.getByLabel('手机号').fill('13812345670');
    await ipage.getByLabel('设置密码（至少 8 位）').fill('a-good-password');
    await ipage.getByRole('button', { name: '创建账号并接受' }).click();
    await expect.poll(() => ipage.getByRole('status').first().textContent()).toContain('已加入');
    expect(formatViolations(await seriousA11yViolations(ipage))).toBe('');
    await ipage.goto('/me');
    await expect.poll(() => ipage.locator('.card .big').first().textContent()).toBe('新居民<b>测试</b>');
    await ipage.getByRole('button', { name: '注销账号并删除我的个人信息' }).click();
    await ipage.getByRole('button', { name: '确认删除' }).click();
    await expect.poll(() => ipage.getByRole('link', { name: '登录' }).count()).toBeGreaterThan(0);
    const again = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13812345670', password: 'a-good-password' }),
    });
    expect(again.status).toBe(401);
    await ictx.close();
  });
});
