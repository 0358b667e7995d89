import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatFake, type WechatFake } from '../apps/server/src/test/wechat-fake';
import { formatViolations, launchBrowser, screenshot, seriousA11yViolations, signedInPhone } from './lib/browser';
import { freePort, type RunningServer, startServer } from './lib/server';
import { call, login } from './lib/xss-seed';

/**
 * WeChat as a channel, end to end: an elder binds her WeChat from 提醒方式 (WeChat's web
 * authorisation, here a local fake of open.weixin.qq.com and api.weixin.qq.com), chooses WeChat
 * for her orders, and the template message of "taken" reaches her openid with the order's page.
 */
describe('WeChat messages (phone size)', () => {
  let server: RunningServer;
  let browser: Browser;
  let fake: WechatFake;
  beforeAll(async () => {
    fake = await startWechatFake({
      appId: 'wx00e2e0000000e2e0',
      secret: 'e2e-secret',
      templates: [{ id: 'TPL_e2e', fields: { thing1: 'thing', thing2: 'thing', time3: 'time' } }],
      followers: { 'o-wanyuqing': true },
    });
    const port = await freePort();
    [server, browser] = await Promise.all([
      startServer({
        PORT: String(port),
        WECHAT_APPID: 'wx00e2e0000000e2e0',
        WECHAT_SECRET: 'e2e-secret',
        WECHAT_TEMPLATE_ID: 'TPL_e2e',
        WECHAT_APP_URL: `http://127.0.0.1:${port}`,
        WECHAT_API_BASE: fake.base,
        WECHAT_OPEN_BASE: fake.base,
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  it('万玉清 binds her WeChat, chooses it for orders, and hears by WeChat that 黄园 took her order', async () => {
    const resident = await login(server.url, 'resident');
    const ctx = await signedInPhone(browser, server.url, resident.cookie);
    const page = await ctx.newPage();
    await page.goto('/notifications');
    const wechatBox = page.getByRole('checkbox', { name: '点单服务 · 微信' });
    await expect.poll(() => wechatBox.count(), { timeout: 15_000 }).toBe(1);
    expect(await wechatBox.isDisabled()).toBe(true);
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['消息类别', '手机推送', '短信', '邮件', '微信']);
    expect(await page.getByText('尚未绑定微信').count()).toBe(1);

    // 绑定微信: to WeChat's authorisation page (in her WeChat) and back.
    fake.signIn('o-wanyuqing');
    await page.getByRole('button', { name: '绑定微信' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '微信绑定成功' }).count(), { timeout: 15_000 }).toBe(1);
    expect(page.url()).toBe(`${server.url}/notifications`);
    await expect.poll(() => page.getByText('已绑定微信').count()).toBe(1);
    await expect.poll(() => wechatBox.isDisabled()).toBe(false);
    await wechatBox.click(); // checked once the server has saved it
    await expect.poll(() => wechatBox.isChecked()).toBe(true);
    await page.getByRole('heading', { name: '微信提醒' }).scrollIntoViewIfNeeded();
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'wechat-bound-phone');

    // 长辈版: the same settings, large.
    await page.getByRole('button', { name: '长辈版' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await page.getByRole('heading', { name: '微信提醒' }).scrollIntoViewIfNeeded();
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('.wechat-binding button, .channels-table .channel-cell')].map((e) => {
        const r = e.getBoundingClientRect();
        return Math.min(r.width, r.height);
      }),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(60);
    // Every visible text of the WeChat settings at least 18 px.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('.wechat-binding *')]
        .filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim()))
        .filter((e) => Number.parseFloat(getComputedStyle(e).fontSize) < 18)
        .map((e) => e.textContent),
    );
    expect(small).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'wechat-bound-elder-phone');
    await page.getByRole('button', { name: '长辈版' }).click();

    // Her order is taken: the template message goes to her openid, opening the order.
    const start = Date.now() + 3600_000;
    const order = await call<{ id: string }>(server.url, resident, 'POST', '/api/v1/orders', {
      category: 'shopping',
      description: '买两斤鸡蛋',
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(start + 7200_000).toISOString(),
    });
    const volunteer = await login(server.url, 'volunteer');
    await call(server.url, volunteer, 'POST', `/api/v1/orders/${order.id}/take`);
    const toHer = () => fake.sent.filter((m) => m.touser === 'o-wanyuqing').map((m) => [m.url, m.data.thing1?.value]);
    await expect.poll(toHer, { timeout: 15_000 }).toEqual([
      [`${server.url}/orders/${order.id}`, '您的代购求助已发出'],
      [`${server.url}/orders/${order.id}`, '志愿者黄园已接单：代购'],
    ]);
    expect(server.logs.join('')).not.toContain('o-wanyuqing');
    await ctx.close();
  });
});
