import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, apiAs, axeClean, launchBrowser, pageOpener, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区
const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区
const THIRD = '19900000002'; // 黄园: made a committee member here by 邹晓敏, to decide mismatches

describe('paper ballots keyed blind by two staff members, a third deciding a mismatch (1280×800 and 390×844)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let voteId = '';
  const codes: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const worker = await apiAs(browser, server.url, WORKER);
    contexts.push(worker.ctx);
    const granted = await worker.post('/api/v1/admin/grants', { phone: THIRD, role: 'committee_member', nodeId: 'wuxingaz' });
    expect(granted.status()).toBe(201);
    const secretary = await apiAs(browser, server.url, SECRETARY);
    contexts.push(secretary.ctx);
    const v = await secretary.post('/api/v1/votes', {
      compoundId: 'wuxingaz',
      kind: 'decision',
      matter: 5,
      title: '使用维修资金维修屋面防水',
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(v.status()).toBe(201);
    voteId = ((await v.json()) as { id: string }).id;
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
  const scan = (p: Page, code: string) => p.goto(`/votes/${voteId}/keying?code=${encodeURIComponent(code)}`);
  const key = async (p: Page, choice: string) => {
    await p.getByRole('radio', { name: choice, exact: true }).check();
    await p.getByRole('button', { name: '录入这张票' }).click();
  };

  it('prints one ballot per unit, each with its code and QR code', async () => {
    const p = await desktop(SECRETARY);
    // The form that opens a vote records the local rule on the unit-by-unit list with it.
    await p.goto('/votes/new');
    const rule = p.getByRole('checkbox', { name: /本地规定要求公示逐户表决情况/ });
    await expect.poll(() => rule.isChecked()).toBe(false);
    await rule.check();
    await axeClean(p);
    await screenshot(p, 'votes-create-desktop');
    await p.goto(`/votes/${voteId}`);
    await p.getByRole('link', { name: '打印纸质选票（每户一张，带二维码）' }).click();
    await p.waitForURL(/\/paper-sheet$/);
    const ballots = p.getByTestId('paper-ballot');
    await expect.poll(() => ballots.count()).toBeGreaterThan(400);
    for (const i of [0, 1, 2]) {
      const text = (await ballots.nth(i).textContent()) ?? '';
      const m = /选票编码：(\S+\.[A-Z2-9]{6})/.exec(text);
      expect(m, text).not.toBeNull();
      codes.push(m?.[1] as string);
      expect(text).toContain('同意反对弃权');
    }
    await expect.poll(() => ballots.first().locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // The first screenful: 450 ballots in one image would be needlessly huge.
    await p.screenshot({ path: path.join(ARTIFACTS, 'paper-sheet-desktop.png') });
  });

  it('counts a ballot when two staff members key it alike, blind; the first keyer sees no result', async () => {
    const sec = contexts[2]?.pages()[0] as Page;
    await scan(sec, codes[0] as string);
    await expect.poll(() => sec.getByLabel('选票编码（如 1-1-202.K7QF3M）').inputValue()).toBe(codes[0]);
    await key(sec, '同意');
    await expect.poll(() => sec.getByTestId('keying-outcome').textContent()).toContain('已录入（第一次）');
    // Two more ballots keyed by the secretary: one the worker will read differently, one left single.
    for (const [code, choice] of [
      [codes[1], '同意'],
      [codes[2], '弃权'],
    ] as const) {
      await scan(sec, code as string);
      await key(sec, choice);
      await expect.poll(() => sec.getByTestId('keying-outcome').textContent()).toContain('已录入（第一次）');
    }
    await axeClean(sec);
    await screenshot(sec, 'paper-keying-desktop');

    const worker = await phone(WORKER);
    await worker.goto(`/votes/${voteId}/keying`);
    // Blind: the list says that a ballot was keyed and by whom, never what.
    await expect.poll(() => worker.getByTestId('keyed').locator('tbody tr').count()).toBe(3);
    expect(await worker.getByTestId('keyed').textContent()).not.toMatch(/同意|弃权/);
    await scan(worker, codes[0] as string);
    await key(worker, '同意');
    await expect.poll(() => worker.getByTestId('keying-outcome').textContent()).toContain('两次录入一致，已计入');
    expect(await worker.getByTestId('keying-outcome').textContent()).toMatch(/回执码：[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    await scan(worker, codes[1] as string);
    await key(worker, '反对');
    await expect.poll(() => worker.getByTestId('keying-outcome').textContent()).toContain('已转交第三位工作人员核定');
    await axeClean(worker);
    await screenshot(worker, 'paper-keying-phone');
  });

  it('refuses the same staff member keying twice and a mistyped code, saying so in words', async () => {
    const worker = contexts[3]?.pages()[0] as Page;
    await scan(worker, codes[1] as string);
    await key(worker, '反对');
    await expect
      .poll(() => worker.getByRole('alert').textContent())
      .toContain('您已录入过这张纸质票，须由另一位工作人员独立录入');
    const typo = `${(codes[2] as string).slice(0, -1)}${(codes[2] as string).endsWith('A') ? 'B' : 'A'}`;
    await worker.getByLabel('选票编码（如 1-1-202.K7QF3M）').fill(typo);
    await key(worker, '弃权');
    await expect.poll(() => worker.locator('.field-error').textContent()).toContain('校验不符');
    await screenshot(worker, 'paper-keying-refused-phone');
  });

  it('a third staff member decides the mismatch from the queue; the tally takes only what counts', async () => {
    const third = await phone(THIRD);
    await third.goto(`/votes/${voteId}/keying`);
    const queue = third.getByTestId('mismatch-queue');
    await expect.poll(() => queue.textContent()).toContain('待第三人核定（1 张）');
    expect(await queue.textContent()).toContain('李建国、邹晓敏');
    await axeClean(third);
    await screenshot(third, 'paper-mismatch-queue-phone');
    await queue.getByRole('button', { name: '核定这张票' }).click();
    await expect.poll(() => third.getByLabel('选票编码（如 1-1-202.K7QF3M）').inputValue()).toBe(codes[1]);
    await key(third, '反对');
    await expect.poll(() => third.getByTestId('keying-outcome').textContent()).toContain('已由您核定并计入');
    await expect.poll(() => queue.textContent()).toContain('待第三人核定（0 张）');

    const sec = contexts[2]?.pages()[0] as Page;
    await sec.goto(`/votes/${voteId}`);
    await expect
      .poll(() => sec.getByTestId('paper-counts').textContent())
      .toBe('已计入 2 张 · 等待第二人录入 1 张 · 待第三人核定 0 张');
    await expect.poll(() => sec.getByTestId('turnout').textContent()).toMatch(/已参与业主：2 \//);
    expect(await sec.getByTestId('turnout').textContent()).toContain('纸质票录入中：1 张');
    await axeClean(sec);
    await screenshot(sec, 'paper-vote-staff-desktop');
  });
});
