import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeClean, launchBrowser, pageOpener, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const PASSWORD = 'lianxin2026';
const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区
const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区
const VOLUNTEER = '19900000002'; // 黄园, lives in 五星社区安置小区
const QUESTION = '夏季广场舞改到几点开始？';

async function signIn(page: Page, phone: string) {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('您好');
}

describe('quick poll journey: asked by staff, answered in the browser and by staff acting for an elder', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let pollUrl = '';
  let sec: Page;

  const { desktop, phone } = pageOpener(
    () => browser,
    () => server.url,
    contexts,
  );

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('staff ask a named single-choice poll of the compound with live results', async () => {
    sec = await desktop();
    await signIn(sec, SECRETARY);
    await sec.goto('/polls');
    await sec.getByLabel('问题').fill(QUESTION);
    await sec.getByLabel('题型').selectOption('single');
    await sec.getByLabel('选项（每行一个）').fill('晚上7点\n晚上7点半\n晚上8点');
    await sec.getByLabel('面向').selectOption('compound');
    await sec.getByLabel('是否匿名').selectOption('false');
    await sec.getByLabel('结果何时可看').selectOption('live');
    await axeClean(sec);
    await screenshot(sec, 'polls-create-desktop');
    await sec.getByRole('button', { name: '发起小调查' }).click();
    await sec.waitForURL(/\/polls\/[A-Za-z0-9_-]+$/);
    pollUrl = new URL(sec.url()).pathname;
    await expect.poll(() => sec.locator('h1').textContent()).toBe(QUESTION);
  });

  it('a resident answers on her phone and sees the live count', async () => {
    const p = await phone();
    await signIn(p, VOLUNTEER);
    await p.goto('/polls');
    await p.getByRole('link', { name: new RegExp(QUESTION) }).click();
    await p.getByRole('radio', { name: '晚上7点半' }).check();
    await axeClean(p);
    await screenshot(p, 'polls-answer-phone');
    await p.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => p.getByRole('status').first().textContent()).toContain('已提交，谢谢您');
    await expect.poll(() => p.getByTestId('poll-row').allTextContents()).toEqual(['晚上7点半1 票', '晚上7点0 票', '晚上8点0 票']);
    await screenshot(p, 'polls-live-count-phone');
  });

  it('a community worker on the phone with 万玉清 answers for her, and the channel is recorded', async () => {
    const w = await phone();
    await signIn(w, WORKER);
    await w.goto('/me/acting-for');
    await w.getByLabel('按姓名查找居民').fill('万玉清');
    await w.getByRole('button', { name: '查找' }).click();
    await w
      .getByRole('button', { name: /^万玉清 ·/ })
      .first()
      .click();
    await w.getByLabel('电话').check();
    await w.getByRole('button', { name: '开始代办' }).click();
    await expect.poll(() => w.getByTestId('acting-now').textContent()).toContain('正在代 万玉清 办理（电话）');
    await w.goto(pollUrl);
    await w.getByRole('radio', { name: '晚上7点', exact: true }).check();
    await screenshot(w, 'polls-acting-for-phone');
    await w.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => w.getByRole('status').first().textContent()).toContain('已提交，谢谢您');
    await w.reload();
    await expect.poll(() => w.locator('main').textContent()).toContain('您已经回答过了');
  });

  it('staff see the count and, the poll being named, who answered what and how', async () => {
    await sec.reload();
    await expect
      .poll(() => sec.getByTestId('poll-row').allTextContents())
      .toEqual(['晚上7点1 票', '晚上7点半1 票', '晚上8点0 票']);
    expect(await sec.getByTestId('poll-named').allTextContents()).toEqual(['黄园晚上7点半网上', '万玉清晚上7点电话代填']);
    await axeClean(sec);
    await screenshot(sec, 'polls-result-desktop');
  });
});
