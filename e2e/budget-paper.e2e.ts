import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, apiAs, axeClean, launchBrowser, pageOpener, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区
const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区
const THIRD = '19900000002'; // 黄园: made a committee member here by 邹晓敏, to decide mismatches
const ELDER = '19900000001'; // 万玉清, a resident who proposes
const CODE_FIELD = '选票编码（如 1-1-101.K7QF3M）';

describe('自治金 paper ballots: print, two blind keyers, a third on a mismatch, the result (1280×800 and 390×844)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let budgetId = '';
  let closesAt = 0;
  const codes: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const worker = await apiAs(browser, server.url, WORKER);
    const secretary = await apiAs(browser, server.url, SECRETARY);
    const elder = await apiAs(browser, server.url, ELDER);
    contexts.push(worker.ctx, secretary.ctx, elder.ctx);
    expect(
      (await worker.post('/api/v1/admin/grants', { phone: THIRD, role: 'committee_member', nodeId: 'wuxingaz' })).status(),
    ).toBe(201);
    const b = await secretary.post('/api/v1/budgets', { nodeId: 'wuxingaz', year: 2027, title: '2027年自治金', potFen: 500_000 });
    expect(b.status()).toBe(201);
    budgetId = ((await b.json()) as { id: string }).id;
    for (const [title, costFen] of [
      ['楼道加装扶手', 300_000],
      ['花坛补种月季', 150_000],
      ['健身角换新器材', 400_000],
    ] as const) {
      const p = await elder.post(`/api/v1/budgets/${budgetId}/proposals`, { title, costFen });
      expect(p.status()).toBe(201);
      const pid = ((await p.json()) as { id: string }).id;
      expect((await secretary.post(`/api/v1/budgets/${budgetId}/proposals/${pid}/review`, { feasible: true })).status()).toBe(
        204,
      );
    }
    closesAt = Date.now() + 60_000;
    const open = await secretary.post(`/api/v1/budgets/${budgetId}/open-voting`, { closesAt: new Date(closesAt).toISOString() });
    expect(open.status()).toBe(204);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  const { desktop, phone } = pageOpener(
    () => browser,
    () => server.url,
    contexts,
  );
  /** What the phone's camera does with a ballot's QR code: open the keying page with its code. */
  const scan = async (p: Page, code: string) => {
    await p.goto(`/budgets/${budgetId}/keying?code=${encodeURIComponent(code)}`);
    await expect.poll(() => p.getByLabel(CODE_FIELD).inputValue()).toBe(code);
  };
  const key = async (p: Page, numbers: number[]) => {
    for (const n of numbers) await p.getByRole('checkbox', { name: new RegExp(`^${n}\\. `) }).check();
    await p.getByRole('button', { name: '录入这张票' }).click();
  };
  let sec: Page;

  it('staff find the paper ballots on the budget page and print one per household, with QR code and proposals', async () => {
    sec = await desktop(SECRETARY);
    await sec.goto(`/budgets/${budgetId}`);
    await sec.getByRole('link', { name: '打印纸质选票（每户一张，带二维码）' }).click();
    await sec.waitForURL(/\/paper-sheet$/);
    const ballots = sec.getByTestId('paper-ballot');
    await expect.poll(() => ballots.count()).toBeGreaterThan(400);
    for (const i of [0, 1]) {
      const text = (await ballots.nth(i).textContent()) ?? '';
      const m = /选票编码：(\S+\.[A-Z2-9]{6})/.exec(text);
      expect(m, text).not.toBeNull();
      codes.push(m?.[1] as string);
      expect(text).toContain(
        '1. 楼道加装扶手（预计 3,000.00 元）2. 花坛补种月季（预计 1,500.00 元）3. 健身角换新器材（预计 4,000.00 元）',
      );
    }
    await expect.poll(() => ballots.first().locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await axeClean(sec);
    await sec.screenshot({ path: path.join(ARTIFACTS, 'budget-paper-sheet-desktop.png') });
  });

  it('two staff members key blind; alike counts, unalike waits for a third; the pot is checked as keyed', async () => {
    await scan(sec, codes[0] as string);
    await key(sec, [1, 2]);
    await expect.poll(() => sec.getByTestId('keying-outcome').textContent()).toContain('已录入（第一次）');
    await scan(sec, codes[1] as string);
    await key(sec, [1]);
    await expect.poll(() => sec.getByTestId('keying-outcome').textContent()).toContain('已录入（第一次）');
    await axeClean(sec);
    await screenshot(sec, 'budget-paper-keying-desktop');

    const worker = await phone(WORKER);
    await worker.goto(`/budgets/${budgetId}/keying`);
    // Blind: the list says a ballot was keyed and by whom, never what.
    await expect.poll(() => worker.getByTestId('keyed').locator('tbody tr').count()).toBe(2);
    expect(await worker.getByTestId('keyed').textContent()).not.toMatch(/扶手|月季/);
    await scan(worker, codes[0] as string);
    // Over the pot: the form says so in words and will not send.
    await worker.getByRole('checkbox', { name: /^1\. / }).check();
    await worker.getByRole('checkbox', { name: /^3\. / }).check();
    await expect.poll(() => worker.locator('.bg-over').textContent()).toContain('已超出总额 2,000.00 元');
    await worker.getByRole('checkbox', { name: /^3\. / }).uncheck();
    await key(worker, [2]);
    await expect.poll(() => worker.getByTestId('keying-outcome').textContent()).toContain('两次录入一致，已计入');
    expect(await worker.getByTestId('keying-outcome').textContent()).toMatch(/回执码：[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    await scan(worker, codes[1] as string);
    await key(worker, [2]);
    await expect.poll(() => worker.getByTestId('keying-outcome').textContent()).toContain('已转交第三位工作人员核定');
    await axeClean(worker);
    await screenshot(worker, 'budget-paper-keying-phone');
  });

  it('a third staff member decides the mismatch from the queue', async () => {
    const third = await phone(THIRD);
    await third.goto(`/budgets/${budgetId}/keying`);
    const queue = third.getByTestId('mismatch-queue');
    await expect.poll(() => queue.textContent()).toContain('待第三人核定（1 张）');
    expect(await queue.textContent()).toContain('李建国、邹晓敏');
    await axeClean(third);
    await screenshot(third, 'budget-paper-mismatch-phone');
    await queue.getByRole('button', { name: '核定这张票' }).click();
    await expect.poll(() => third.getByLabel(CODE_FIELD).inputValue()).toBe(codes[1]);
    await key(third, [1]);
    await expect.poll(() => third.getByTestId('keying-outcome').textContent()).toContain('已由您核定并计入');
    await expect.poll(() => queue.textContent()).toContain('待第三人核定（0 张）');
    await expect.poll(() => third.getByTestId('keyed').textContent()).toContain('1. 楼道加装扶手；2. 花坛补种月季');
  });

  it('the result counts the paper ballots', async () => {
    await sec.goto(`/budgets/${budgetId}`);
    await expect
      .poll(() => sec.getByTestId('paper-counts').textContent())
      .toBe('已计入 2 张 · 等待第二人录入 0 张 · 待第三人核定 0 张');
    await screenshot(sec, 'budget-paper-card-desktop');
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 1000)));
    await sec.getByRole('button', { name: '截止后公布结果' }).click();
    await expect.poll(() => sec.locator('main').textContent()).toContain('共 2 户投票');
    // 扶手 2 approvals (3,000), 月季 1 (1,500): both fit in 5,000; 器材 nobody.
    await expect.poll(() => sec.locator('main').textContent()).toContain('已安排 4,500.00 元，结余 500.00 元');
    await axeClean(sec);
    await sec.evaluate(() => window.scrollTo(0, 0));
    await screenshot(sec, 'budget-paper-result-desktop');
  });
});
