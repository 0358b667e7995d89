import { verify } from 'node:crypto';
import path from 'node:path';
import { type CheckpointDto, checkpointNote } from '@lianxin/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQr } from '../apps/server/src/test/qr';
import { ARTIFACTS, axeClean, launchBrowser, phoneContext, screenshot, signIn } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区
const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区 (the second keyer)
const OWNERS = ['19900001001', '19900001002', '19900001003']; // demo owners of 1-1-101, 1-1-102, 1-1-202

describe('owners’ vote journey at phone size', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let voteId = '';
  let closesAt = 0;
  let receipt = '';

  const page = async (phone: string, locale = 'zh-CN') => {
    const ctx = await phoneContext(browser, server.url, locale);
    contexts.push(ctx);
    const p = await ctx.newPage();
    await signIn(p, phone);
    return p;
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('staff open a matter-4 vote in 五星社区安置小区 and see the frozen electorate', async () => {
    const staff = await page(SECRETARY);
    await page(WORKER); // warm the second staff member's session early; the window is short
    await staff.goto('/votes/new');
    await staff.getByLabel('小区').selectOption('wuxingaz');
    await staff.getByLabel('表决事项').selectOption('4');
    await staff.getByLabel('标题').fill('续聘现物业服务企业（三年）');
    await staff.getByLabel('说明').fill('物业服务合同到期，是否续聘现物业服务企业三年。');
    // A short window: the journey closes the vote at its end, as staff would.
    closesAt = Date.now() + 45_000;
    const local = await staff.evaluate((ms) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, closesAt);
    await staff.getByLabel('截止时间').fill(local);
    await axeClean(staff);
    await screenshot(staff, 'votes-create-phone');
    await staff.getByRole('button', { name: '开始表决（冻结业主名单）' }).click();
    await staff.waitForURL((u) => /\/votes\/[A-Za-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    voteId = staff.url().split('/').pop() ?? '';
    await expect.poll(() => staff.getByTestId('turnout').textContent()).toMatch(/已参与业主：0 \/ \d+ 位/);
    await expect.poll(() => staff.getByTestId('vote-rule').textContent()).toContain('超过一半同意');
    await staff.getByRole('link', { name: '查看业主名单' }).click();
    await expect
      .poll(() => staff.getByTestId('electorate-totals').textContent())
      .toMatch(/共 \d+ 位业主，专有面积合计 [\d.]+ ㎡/);
    await axeClean(staff);
    // The first screenful: the whole list of 400+ owners would make a needlessly huge image.
    await staff.screenshot({ path: path.join(ARTIFACTS, 'votes-electorate-phone.png') });
  });

  it('owners vote online from their own phones, once, and get a receipt code', async () => {
    const [a, b, c] = await Promise.all([page(OWNERS[0] as string), page(OWNERS[1] as string), page(OWNERS[2] as string, 'en')]);
    for (const p of [a, b]) await p.goto(`/votes/${voteId}`);
    await expect.poll(() => a.getByTestId('vote-rule').textContent()).toContain('需要参与表决的业主所持面积和人数都超过一半同意');
    await axeClean(a);
    await screenshot(a, 'votes-ballot-phone');
    await a.getByText('同意', { exact: true }).click();
    await a.getByRole('button', { name: '提交选票' }).click();
    await expect.poll(() => a.getByRole('alertdialog').textContent()).toContain('选票提交后不能更改');
    await a.getByRole('button', { name: '确认提交' }).click();
    receipt = (await a.getByTestId('receipt-code').textContent({ timeout: 10_000 })) ?? '';
    expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await axeClean(a);
    await screenshot(a, 'votes-receipt-phone');
    // The owner opens the receipt check: their browser verifies the proof and the signed checkpoint.
    await a.getByTestId('verify-receipt').click();
    await expect
      .poll(() => a.getByTestId('verdict').textContent(), { timeout: 15_000 })
      .toBe('✓ 已核验：这条记录在公开记录中，且未被改动。');
    await axeClean(a);
    await screenshot(a, 'votes-receipt-verified-phone');

    await b.getByText('反对', { exact: true }).click();
    await b.getByRole('button', { name: '提交选票' }).click();
    await b.getByRole('button', { name: '确认提交' }).click();
    await b.getByTestId('receipt-code').waitFor();
    await b.reload();
    await expect.poll(() => b.getByTestId('already-voted').textContent()).toContain('不能更改');

    // The third owner reads English in large text.
    await c.getByTestId('large-text-toggle').click();
    await c.getByTestId('lang-toggle').click();
    await c.goto(`/votes/${voteId}`);
    await expect.poll(() => c.getByTestId('vote-rule').textContent()).toContain('more than half');
    await c.getByText('Yes', { exact: true }).click();
    await c.getByRole('button', { name: 'Cast my ballot' }).click();
    await c.getByRole('button', { name: 'Yes, cast it' }).click();
    await c.getByTestId('receipt-code').waitFor();
    await axeClean(c);
    await screenshot(c, 'votes-receipt-en-large');
  });

  it('a paper ballot counts once two staff members keyed it blind and agreed', async () => {
    const [staff, worker] = [contexts[0]?.pages()[0] as Page, contexts[1]?.pages()[0] as Page];
    // The code printed on 1-1-301's ballot, as its QR code hands it to the keying page.
    const sheet = await staff.request.get(`/api/v1/votes/${voteId}/paper-sheet`);
    const code = ((await sheet.json()) as { units: Array<{ unit: string; code: string }> }).units.find(
      (u) => u.unit === '1-1-301',
    )?.code as string;
    for (const [who, outcome] of [
      [staff, '已录入（第一次）'],
      [worker, '两次录入一致，已计入'],
    ] as const) {
      await who.goto(`/votes/${voteId}/keying?code=${encodeURIComponent(code)}`);
      await who.getByRole('radio', { name: '同意', exact: true }).check();
      await who.getByRole('button', { name: '录入这张票' }).click();
      await expect.poll(() => who.getByTestId('keying-outcome').textContent()).toContain(outcome);
    }
    await worker.goto(`/votes/${voteId}`);
    await expect.poll(() => worker.getByTestId('turnout').textContent()).toMatch(/已参与业主：4 \//);
    await expect.poll(() => worker.getByTestId('paper-counts').textContent()).toContain('已计入 1 张');
    await axeClean(worker);
    await screenshot(worker, 'votes-staff-paper-phone');
  });

  it('closes when the window ends and publishes the figures and the receipt list', async () => {
    const staff = contexts[0]?.pages()[0] as Page;
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 1000)));
    await staff.goto(`/votes/${voteId}`);
    // Staff close it by hand; the scheduler may have closed it a moment earlier, which is just as good.
    const close = staff.getByRole('button', { name: '结束表决并计票' });
    const result = staff.getByTestId('result');
    await expect.poll(async () => (await close.isVisible()) || (await result.isVisible()), { timeout: 15_000 }).toBe(true);
    if (await close.isVisible()) await close.click();
    await expect.poll(() => staff.getByTestId('result').textContent(), { timeout: 15_000 }).toContain('参与表决');

    // The government system's export, recounted with the same tally: one unit read the other way
    // and one announced figure that no longer holds are both listed, in words staff know.
    const ours = (await (await staff.request.get(`/api/v1/votes/${voteId}/results`)).json()) as {
      units: Array<{ units: string[]; choice: string | null }>;
    };
    const zh: Record<string, string> = { yes: '同意', no: '反对', abstain: '弃权' };
    const csv = ours.units
      .filter((u) => u.choice)
      .flatMap((u) => u.units.map((unit) => `${unit},${unit === '1-1-301' ? '反对' : zh[u.choice as string]}`))
      .join('\n');
    await staff.getByText('核对官方结果').click();
    await staff.getByLabel('官方结果（CSV）').fill(csv);
    await staff.getByLabel('参与人数').fill('4');
    await staff.getByRole('button', { name: '重新计票并核对' }).click();
    // One figure given: the browser asks for the other three before anything is sent.
    expect(await staff.getByLabel('参与面积（㎡）').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    const announced = (await (await staff.request.get(`/api/v1/votes/${voteId}`)).json()) as {
      result: { participated: { area: string }; yes: { area: string } };
    };
    await staff.getByLabel('参与面积（㎡）').fill(announced.result.participated.area);
    await staff.getByLabel('同意人数').fill('3');
    await staff.getByLabel('同意面积（㎡）').fill(announced.result.yes.area);
    await staff.getByRole('button', { name: '重新计票并核对' }).click();
    const check = staff.locator('.error-note li');
    await expect.poll(() => check.allTextContents()).toHaveLength(3);
    const lines = await check.allTextContents();
    expect(lines[0]).toBe('同意人数：官方 3，重新计票 2');
    expect(lines[1]).toMatch(/^同意面积（㎡）：官方 [\d.]+，重新计票 [\d.]+$/);
    expect(lines[2]).toBe('1-1-301：官方“反对”，本系统“同意”');
    expect(await staff.getByRole('status').filter({ hasText: '重新计票' }).textContent()).toContain('参与 4 位');
    await axeClean(staff);
    await screenshot(staff, 'votes-official-check-phone');

    await staff.getByRole('link', { name: '查看表决结果' }).click();
    await staff.waitForURL(/\/results$/);
    const published = (await staff.getByTestId('result').textContent()) ?? '';
    expect(published).toContain('未通过'); // 4 of the compound's owners took part: far below the 2/3 quorum
    expect(published).toContain('未达到三分之二');
    await expect.poll(() => staff.getByTestId('receipts').locator('tbody tr').count()).toBe(4);
    // The receipt list names no unit; staff of the compound also get the unit-by-unit list.
    const table = (await staff.getByTestId('receipts').textContent()) ?? '';
    expect(table).not.toMatch(/1-1-|杨湘平|彭娟|1990000/);
    expect(await staff.getByTestId('conditions').textContent()).toMatch(
      /参与表决的业主人数占全体业主：[\d.]+%（需三分之二以上）✗ 未达到/,
    );
    const units = (await staff.getByTestId('units').textContent()) ?? '';
    expect(units).toContain('1-1-101');
    expect(units).not.toMatch(/杨湘平|彭娟|1990000/);
    await staff.getByLabel('输入回执码').fill(receipt.toLowerCase());
    await staff.getByRole('button', { name: '核对我的选票' }).click();
    await expect.poll(() => staff.getByTestId('receipt-found').textContent()).toContain('找到了：同意');
    await axeClean(staff);
    await screenshot(staff, 'votes-results-phone');

    // The printed 公示 carries the signed checkpoint it was made under, as a QR code: decoded from
    // the page's own pixels, it names the public checkpoint of that size, whose signature holds.
    const stampQr = staff.getByTestId('checkpoint-qr').locator('img');
    await expect
      .poll(
        async () => {
          if (await stampQr.count()) return true;
          await staff.reload();
          return false;
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBe(true);
    const qrText = await decodeQr(await stampQr.screenshot());
    const m = /^http:\/\/127\.0\.0\.1:\d+\/log\/checkpoints\/(\d+)\?root=([0-9a-f]{64})$/.exec(qrText ?? '');
    expect(m, qrText ?? 'no QR code found').not.toBeNull();
    const signed = (await (await fetch(`${server.url}/api/v1/log/checkpoints/${m?.[1]}`)).json()) as CheckpointDto;
    expect([signed.treeSize, signed.rootHash]).toEqual([Number(m?.[1]), m?.[2]]);
    const key = (await (await fetch(`${server.url}/api/v1/log/key`)).json()) as { pem: string };
    expect(verify(null, Buffer.from(checkpointNote(signed)), key.pem, Buffer.from(signed.signature, 'base64'))).toBe(true);
    expect(await staff.getByTestId('checkpoint-stamp').textContent()).toContain(`记录条数：${signed.treeSize}`);
    await screenshot(staff, 'votes-notice-with-checkpoint-phone');

    // The published results are public, and a closed vote refuses every write.
    const pub = await fetch(`${server.url}/api/v1/votes/${voteId}/results`);
    expect(pub.status).toBe(200);
    const body = await pub.json();
    expect(body.result.participated.owners).toBe(4);
    expect(body.receipts).toHaveLength(4);
    expect(body.units).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/1-1-|1-2-/);
    // Signed out, the results page shows no unit's choice.
    const anon = await (await phoneContext(browser, server.url, 'zh-CN')).newPage();
    await anon.goto(`/votes/${voteId}/results`);
    await expect.poll(() => anon.getByTestId('receipts').locator('tbody tr').count()).toBe(4);
    expect(await anon.getByTestId('units').count()).toBe(0);
    expect(await anon.locator('main').textContent()).not.toMatch(/1-1-|1-2-/);
    // Scanning the notice's QR code opens the witness check, which passes in the browser.
    await anon.goto(qrText as string);
    await expect.poll(() => anon.getByTestId('verdict').textContent(), { timeout: 15_000 }).toContain('✓ 一致');
    await axeClean(anon);
    await screenshot(anon, 'log-checkpoint-witness-phone');
    await anon.goto(`/log/checkpoints/${signed.treeSize}?root=${'0'.repeat(64)}`);
    await expect.poll(() => anon.getByTestId('verdict').textContent()).toContain('✗ 不一致');
    await anon.context().close();
  });
});
