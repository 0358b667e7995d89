import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../apps/server/src/db/database';
import { createTestDatabase, type TestDatabase } from '../apps/server/src/test/harness';
import { launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type Cluster, startCluster } from './lib/cluster';

/**
 * docs/deploy.md's layout on loopback — two instances, PostgreSQL, Redis, nginx — with one
 * instance killed (SIGKILL) in the middle of the help-order journey.
 */
async function signIn(page: Page, name: string) {
  await page.goto('/login');
  await page
    .getByRole('button', { name: new RegExp(name) })
    .first()
    .click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(`您好，${name}`);
}

async function placeOrder(res: Page, note: string) {
  await res.goto('/');
  await res.getByRole('link', { name: '我要求助' }).click();
  await res.getByTestId('cat-shopping').click();
  await res.getByTestId('when-tomorrowAm').click();
  await res.getByLabel('补充说明（可不填）').fill(note);
  await res.getByTestId('send-order').click();
  await expect.poll(() => res.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain('求助已发出');
}

describe('scale-out behind nginx', () => {
  let db: TestDatabase;
  let cluster: Cluster;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await db.database.close();
    cluster = await startCluster(2, { DATABASE_URL: db.url ?? '', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    db.database = openDatabase({ databaseUrl: db.url });
    await db?.drop();
  });

  it('completes the order journey and keeps live updates when one instance is killed mid-way', async () => {
    const volunteerCtx = await phoneContext(browser, cluster.url);
    const residentCtx = await phoneContext(browser, cluster.url);
    const vol = await volunteerCtx.newPage();
    const res = await residentCtx.newPage();
    await signIn(vol, '黄园');
    await vol.getByRole('link', { name: '志愿者接单' }).click();
    await expect.poll(() => vol.locator('.live-dot').count(), { timeout: 15_000 }).toBe(1);
    await signIn(res, '万玉清');

    const first = `集群 第一单 ${Date.now()}`;
    await placeOrder(res, first);
    const firstCard = vol.getByTestId('open-orders').getByTestId('order-card').filter({ hasText: first });
    await expect.poll(() => firstCard.count(), { timeout: 15_000 }).toBe(1);

    // One instance dies without warning; nginx sends everything to the other, the page's
    // EventSource reconnects through nginx, and Redis carries events between instances.
    await cluster.instances[0]?.stop('SIGKILL');

    const second = `集群 第二单 ${Date.now()}`;
    await placeOrder(res, second);
    const secondCard = vol.getByTestId('open-orders').getByTestId('order-card').filter({ hasText: second });
    await expect.poll(() => secondCard.count(), { timeout: 30_000 }).toBe(1);
    await screenshot(vol, 'scale-out-volunteer-after-kill');

    await secondCard.getByRole('link').click();
    await vol.getByTestId('take-order').click();
    await expect.poll(() => vol.getByRole('status').first().textContent()).toContain('接单成功');
    await vol.getByTestId('start-order').click();
    await vol.getByTestId('done-minutes').fill('30');
    await vol.getByLabel('做了什么').fill('送到家');
    await vol.getByTestId('submit-done').click();
    await expect.poll(() => vol.locator('h1').textContent()).toContain('待确认');
    await volunteerCtx.close();
    await residentCtx.close();
  });
});
