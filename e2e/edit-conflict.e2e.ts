import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

/**
 * Two tabs of the same staff account edit the same zone (ADR 0002): the second save is refused
 * with the conflict message and the user's own entry kept in view; loading the latest version
 * and saving again succeeds. At the smallest supported phone size.
 */
const SMALL_PHONE = { width: 360, height: 740 } as const;
const ZONE = '东侧绿化带';

async function openZone(page: Page) {
  // The tab in front: a tab behind gets its animation frames throttled, and the site plan's map
  // draws in them (under load it once took longer than the wait below).
  await page.bringToFront();
  await page.goto('/zones/wuxingaz');
  await expect.poll(() => page.locator('.leaflet-image-layer').count(), { timeout: 30_000 }).toBe(1);
  await page.getByRole('button', { name: `查看 · ${ZONE}` }).click();
  await expect.poll(() => page.getByTestId('zone-editor').count()).toBe(1);
  const name = page.getByTestId('zone-editor').getByLabel('片区名称');
  await expect.poll(() => name.inputValue()).toBe(ZONE);
  return name;
}

describe('two tabs editing the same zone', () => {
  let server: RunningServer;
  let browser: Browser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ctx = await phoneContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /李建国/ }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('李建国'));
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses the second save with the conflict message, then saves once the latest is loaded', async () => {
    const [a, b] = [await ctx.newPage(), await ctx.newPage()];
    for (const p of [a, b]) {
      await p.setViewportSize(SMALL_PHONE);
      p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    }
    const nameA = await openZone(a);
    const nameB = await openZone(b);

    // Tab A saves first.
    await nameA.fill('东侧绿化带（北段）');
    await a.getByTestId('zone-save').click();
    await expect.poll(() => a.getByTestId('zone-editor').getByRole('status').textContent()).toContain('修改已保存');

    // Tab B still shows the old name; its save is refused and says why, keeping what was typed.
    const editorB = b.getByTestId('zone-editor');
    await nameB.fill('东侧小花园');
    await b.getByTestId('zone-save').click();
    const alert = editorB.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('这条记录刚被别人改过，请看最新内容后再改');
    expect(await editorB.getByTestId('edit-conflict-draft').textContent()).toContain('东侧小花园');
    await alert.scrollIntoViewIfNeeded();
    await axeClean(b);
    await screenshot(b, 'edit-conflict-refused');
    await editorB.screenshot({ path: path.join(ARTIFACTS, 'edit-conflict-refused-editor.png') });

    // Loading the latest shows tab A's name in the form, with B's own entry still listed.
    await editorB.getByRole('button', { name: '载入最新内容' }).click();
    await expect.poll(() => nameB.inputValue()).toBe('东侧绿化带（北段）');
    await expect.poll(() => editorB.getByTestId('edit-conflict-draft').textContent()).toContain('东侧小花园');
    await axeClean(b);
    await screenshot(b, 'edit-conflict-latest-loaded');
    await editorB.screenshot({ path: path.join(ARTIFACTS, 'edit-conflict-latest-loaded-editor.png') });

    // Saving again now succeeds and the zone has B's name.
    await nameB.fill('东侧小花园');
    await b.getByTestId('zone-save').click();
    await expect.poll(() => editorB.getByRole('status').textContent()).toContain('修改已保存');
    const plan = await (await b.request.get('/api/v1/compounds/wuxingaz/site-plan')).json();
    const names = (plan.zones as Array<{ name: string }>).map((z) => z.name);
    expect(names).toContain('东侧小花园');
    expect(names).not.toContain('东侧绿化带（北段）');
  });
});
