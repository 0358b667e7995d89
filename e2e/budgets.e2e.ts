import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeClean, launchBrowser, pageOpener, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区 (lives at 1-1-201)
const ELDER = '19900000001'; // 万玉清, 5-2-402
const VOLUNTEER = '19900000002'; // 黄园, 3-1-301

describe('自治金 journey: proposal → feasibility → vote → allocation → project', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let budgetUrl = '';
  let closesAt = 0;

  const { desktop, phone } = pageOpener(
    () => browser,
    () => server.url,
    contexts,
  );
  let staff: Page;
  let elder: Page;
  let volunteer: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('staff set up the yearly pot', async () => {
    staff = await desktop(SECRETARY);
    await staff.goto('/budgets');
    await staff.getByLabel('小区或社区').selectOption('wuxingaz');
    await staff.getByLabel('年度').fill('2027');
    await staff.getByLabel('名称').fill('2027年五星社区安置小区自治金');
    await staff.getByLabel('总额（元）').fill('5000');
    await staff.getByRole('button', { name: '设立自治金' }).click();
    await staff.waitForURL(/\/budgets\/[A-Za-z0-9_-]+$/);
    budgetUrl = new URL(staff.url()).pathname;
    await expect.poll(() => staff.locator('main').textContent()).toContain('征集项目中');
    await expect.poll(() => staff.locator('main').textContent()).toContain('自治金总额 5,000.00 元');
  });

  it('residents propose on their phones, on the site plan; a proposal over the pot is refused in words', async () => {
    elder = await phone(ELDER);
    await elder.goto(budgetUrl);
    await elder.getByLabel('项目名称').fill('全小区道路重铺');
    await elder.getByLabel('预计花费（元）').fill('6000');
    await elder.getByRole('button', { name: '提交提案' }).click();
    await expect.poll(() => elder.getByRole('alert').textContent()).toContain('项目预算超过了自治金总额');
    await elder.getByLabel('项目名称').fill('5栋2单元楼道加装扶手');
    await elder.getByLabel('预计花费（元）').fill('3000');
    await elder.getByLabel('说明（在哪里、做什么）').fill('一到五楼每层装不锈钢扶手，老人上下楼有个抓手');
    await elder.getByRole('button', { name: /在小区平面图上点出位置/ }).click({ position: { x: 120, y: 80 } });
    await axeClean(elder);
    await screenshot(elder, 'budgets-propose-phone');
    await elder.getByRole('button', { name: '提交提案' }).click();
    await expect.poll(() => elder.getByRole('status').first().textContent()).toContain('提案已提交');
    await expect.poll(() => elder.getByTestId('proposal').count()).toBe(1);

    volunteer = await phone(VOLUNTEER);
    await volunteer.goto(budgetUrl);
    for (const [title, yuan] of [
      ['中心花坛补种月季', '1500'],
      ['健身角换新器材', '2500'],
      ['3栋门口划私家车位', '800'],
    ] as const) {
      await volunteer.getByLabel('项目名称').fill(title);
      await volunteer.getByLabel('预计花费（元）').fill(yuan);
      await volunteer.getByRole('button', { name: '提交提案' }).click();
      await expect.poll(() => volunteer.getByTestId('proposal').filter({ hasText: title }).count()).toBe(1);
    }
    // Before the check a resident sees only their own proposals.
    await elder.reload();
    await expect.poll(() => elder.getByTestId('proposal').count()).toBe(1);
  });

  it('staff check feasibility, publish the reason of a refusal, and open voting', async () => {
    await staff.reload();
    await expect.poll(() => staff.getByTestId('proposal').count()).toBe(4);
    for (const title of ['5栋2单元楼道加装扶手', '中心花坛补种月季', '健身角换新器材']) {
      await staff.getByTestId('proposal').filter({ hasText: title }).getByRole('button', { name: '可行', exact: true }).click();
      await expect.poll(() => staff.getByTestId('proposal').filter({ hasText: title }).textContent()).toContain('可行');
    }
    const parking = staff.getByTestId('proposal').filter({ hasText: '3栋门口划私家车位' });
    await parking.getByLabel('不可行的原因（将公开）').fill('公共道路不得划为私家车位（《民法典》第二百七十五条）');
    await parking.getByRole('button', { name: '不可行' }).click();
    await expect.poll(() => parking.textContent()).toContain('未通过的原因：公共道路不得划为私家车位');
    await axeClean(staff);
    await screenshot(staff, 'budgets-feasibility-desktop');
    // A short window: the journey publishes the result at its end, as staff would after closing.
    closesAt = Date.now() + 40_000;
    const local = await staff.evaluate((ms) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, closesAt);
    await staff.getByLabel('投票截止时间').fill(local);
    await staff.getByRole('button', { name: '开始投票' }).click();
    await expect.poll(() => staff.locator('main').textContent()).toContain('投票中');
  });

  it('households approve within the pot, once each; going over the pot is said in words', async () => {
    await elder.reload();
    await expect.poll(() => elder.getByTestId('proposal').count()).toBe(4);
    await expect.poll(() => elder.locator('main').textContent()).toContain('未通过的原因：公共道路不得划为私家车位');
    await elder.getByLabel(/5栋2单元楼道加装扶手/).check();
    await elder.getByLabel(/健身角换新器材/).check();
    await expect.poll(() => elder.getByText('已超出总额 500.00 元，请少选几项').count()).toBe(1);
    expect(await elder.getByRole('button', { name: '投出我家的一票' }).isDisabled()).toBe(true);
    await elder.getByLabel(/健身角换新器材/).uncheck();
    await elder.getByLabel(/中心花坛补种月季/).check();
    await expect.poll(() => elder.getByText('已选 4,500.00 元，还可选 500.00 元').count()).toBe(1);
    await axeClean(elder);
    await screenshot(elder, 'budgets-ballot-phone');
    await elder.getByRole('button', { name: '投出我家的一票' }).click();
    await expect.poll(() => elder.locator('main').textContent()).toMatch(/回执码：[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    await elder.reload();
    await expect.poll(() => elder.locator('main').textContent()).toContain('您家已经投过票了');

    await volunteer.reload();
    await volunteer.getByLabel(/中心花坛补种月季/).check();
    await volunteer.getByLabel(/健身角换新器材/).check();
    await volunteer.getByRole('button', { name: '投出我家的一票' }).click();
    await expect.poll(() => volunteer.locator('main').textContent()).toContain('回执码');

    await staff.reload();
    await staff.getByLabel(/5栋2单元楼道加装扶手/).check();
    await staff.getByRole('button', { name: '投出我家的一票' }).click();
    await expect.poll(() => staff.locator('main').textContent()).toContain('回执码');
  });

  it('after closing, the allocation goes down the list by support with its rule shown, and winners become projects', async () => {
    await staff.reload();
    await staff.getByRole('button', { name: '截止后公布结果' }).click();
    await expect.poll(() => staff.getByRole('alert').textContent()).toContain('表决期限未到');
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 1000)));
    await staff.getByRole('button', { name: '截止后公布结果' }).click();
    await expect.poll(() => staff.locator('main').textContent()).toContain('已公布结果');
    // 扶手 2, 月季 2, 器材 1: the tie goes to the cheaper 月季; 器材 no longer fits the ¥500 left.
    expect(await staff.getByTestId('result-row').allTextContents()).toEqual([
      '第 1 名中心花坛补种月季预计 1,500.00 元2 票入选查看项目进展',
      '第 2 名5栋2单元楼道加装扶手预计 3,000.00 元2 票入选查看项目进展',
      '第 3 名健身角换新器材预计 2,500.00 元1 票资金不足，跳过',
    ]);
    await expect.poll(() => staff.locator('main').textContent()).toContain('剩余资金够就入选，不够就跳过');
    await expect.poll(() => staff.locator('main').textContent()).toContain('已安排 4,500.00 元，结余 500.00 元');
    await axeClean(staff);
    await screenshot(staff, 'budgets-result-desktop');

    await elder.reload();
    await expect.poll(() => elder.getByTestId('result-row').count()).toBe(3);
    await screenshot(elder, 'budgets-result-phone');
    await elder.getByTestId('result-row').first().getByRole('link', { name: '查看项目进展' }).click();
    await expect.poll(() => elder.locator('h1').textContent()).toBe('中心花坛补种月季');
    await expect.poll(() => elder.locator('main').textContent()).toContain('2027年自治金');
    await screenshot(elder, 'budgets-project-phone');
  });
});
