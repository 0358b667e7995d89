import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeClean, DESKTOP, launchBrowser, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

/** The smallest phone the project supports. */
const SMALL_PHONE = { width: 360, height: 740 } as const;

async function signIn(
  browser: Browser,
  url: string,
  name: string,
  viewport: { width: number; height: number } = SMALL_PHONE,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const phone = viewport.width < 600;
  const ctx = await browser.newContext({
    baseURL: url,
    viewport,
    deviceScaleFactor: 2,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`page error (${name}): ${e.message}`));
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('h1')?.textContent?.includes(n), name);
  return { ctx, page };
}

/** A write through the page's own session, as another device of the same person would make. */
async function apiAs(page: Page, method: 'POST' | 'PATCH', path: string, data: unknown) {
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  return page.request.fetch(path, { method, data, headers: { 'x-csrf-token': me.csrfToken } });
}

function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Taps the plan at fractions of the plan image (x of its width, y of its height). */
async function tapPlan(page: Page, points: ReadonlyArray<readonly [number, number]>) {
  // In the middle of the screen: the top of the map may be under the fixed header otherwise.
  await page.getByTestId('plan-map').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await page.locator('.leaflet-image-layer').boundingBox();
  if (!box) throw new Error('no plan image');
  for (const [fx, fy] of points) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
}

interface ZoneJson {
  id: string;
  name: string;
  type: string;
  polygon: Array<[number, number]>;
  maxClaims: number;
}

async function zoneNamed(page: Page, name: string): Promise<ZoneJson | undefined> {
  const plan = await (await page.request.get('/api/v1/compounds/wuxingaz/site-plan')).json();
  return (plan.zones as ZoneJson[]).find((z) => z.name === name);
}

describe('editing zones and pair schedules (staff, phone and desktop)', () => {
  let server: RunningServer;
  let browser: Browser;
  let secretary: { ctx: BrowserContext; page: Page };
  let huang: { ctx: BrowserContext; page: Page };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    secretary = await signIn(browser, server.url, '李建国');
    huang = await signIn(browser, server.url, '黄园');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the secretary moves the corners of a zone at 360×740, by dragging and by picking and nudging', async () => {
    const { page } = secretary;
    const before = await zoneNamed(page, '3栋楼道');
    expect(before?.polygon).toEqual([
      [70, 250],
      [270, 250],
      [270, 314],
      [70, 314],
    ]);
    await page.goto('/zones/wuxingaz');
    await expect.poll(() => page.locator('.leaflet-image-layer').count()).toBe(1);
    await page.getByRole('button', { name: '查看 · 3栋楼道' }).click();
    await expect.poll(() => page.getByTestId('zone-editor').count()).toBe(1);
    await axeClean(page);
    // A name typed but not saved yet: the tab's own reshape below must not make it a conflict.
    await page.getByTestId('zone-editor').getByLabel('片区名称').fill('3栋楼道（东）');

    await page.getByRole('button', { name: '移动各个角' }).click();
    await expect.poll(() => page.locator('.vertex-handle').count()).toBe(4);
    // Drag corner 3 down and to the right.
    const handle = await page.locator('.vertex-handle', { hasText: '3' }).boundingBox();
    if (!handle) throw new Error('no handle');
    const [hx, hy] = [handle.x + handle.width / 2, handle.y + handle.height / 2];
    await page.mouse.move(hx, hy);
    await page.mouse.down();
    await page.mouse.move(hx + 10, hy + 6, { steps: 3 });
    await page.mouse.move(hx + 40, hy + 24, { steps: 5 });
    await page.mouse.up();
    // Without dragging: pick corner 1 from the list and nudge it left twice (5 px each).
    await page.getByLabel('选择要移动的角').selectOption({ label: '第 1 个角' });
    await expect.poll(() => page.getByTestId('shape-bar').getByRole('status').textContent()).toContain('已选中第 1 个角');
    await page.getByRole('button', { name: '向左移一点' }).click();
    await page.getByRole('button', { name: '向左移一点' }).click();
    await axeClean(page);
    // The viewport first: a full-page shot leaves the page scrolled elsewhere.
    await page.screenshot({ path: path.join(ARTIFACTS, 'zones-edit-corners-phone-view.png') });
    await screenshot(page, 'zones-edit-corners-phone');
    await page.getByTestId('shape-save').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '新形状已保存' }).count()).toBe(1);

    const after = await zoneNamed(page, '3栋楼道');
    expect(after?.polygon[0]).toEqual([60, 250]);
    expect(after?.polygon[1]).toEqual([270, 250]);
    const moved = after?.polygon[2] ?? [0, 0];
    expect(moved[0]).toBeGreaterThan(280);
    expect(moved[1]).toBeGreaterThan(320);

    // The name typed before the reshape saves over this tab's own newer version.
    const editor = page.getByTestId('zone-editor');
    expect(await editor.getByLabel('片区名称').inputValue()).toBe('3栋楼道（东）');
    await editor.getByTestId('zone-save').click();
    await expect.poll(() => editor.getByRole('status').textContent()).toContain('修改已保存');
    expect(await zoneNamed(page, '3栋楼道（东）')).toBeDefined();
  });

  it('renames, retypes and widens the zone, then draws it again (a crossing outline is refused first)', async () => {
    const { page } = secretary;
    const editor = page.getByTestId('zone-editor');
    await editor.getByLabel('片区名称').fill('3栋东侧楼道');
    await editor.getByLabel('类型').selectOption('公共区域');
    await editor.getByLabel('最多可认领的人数/队伍数').fill('2');
    await editor.getByTestId('zone-save').click();
    await expect.poll(() => editor.getByRole('status').textContent()).toContain('修改已保存');
    await expect.poll(() => page.getByTestId('zone-list').textContent()).toContain('3栋东侧楼道');
    expect(await zoneNamed(page, '3栋东侧楼道')).toMatchObject({ type: '公共区域', maxClaims: 2 });

    await page.getByRole('button', { name: '重新画形状' }).click();
    // Corners in a crossing order: a bow tie.
    await tapPlan(page, [
      [0.07, 0.32],
      [0.2, 0.32],
      [0.07, 0.38],
      [0.2, 0.38],
    ]);
    await expect.poll(() => page.getByTestId('shape-bar').textContent()).toContain('已点 4 个点');
    await page.getByTestId('shape-save').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('边线不能交叉');
    await axeClean(page);
    await screenshot(page, 'zones-redraw-refused-phone');
    await page.getByRole('button', { name: '撤销上一点' }).click();
    await page.getByRole('button', { name: '撤销上一点' }).click();
    await tapPlan(page, [
      [0.2, 0.38],
      [0.07, 0.38],
    ]);
    await page.getByTestId('shape-save').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '新形状已保存' }).count()).toBe(1);
    const z = await zoneNamed(page, '3栋东侧楼道');
    expect(z?.polygon).toHaveLength(4);
    // Where it was tapped, in the plan's pixels (1200×800), give or take a tap's width.
    const expected = [
      [84, 256],
      [240, 256],
      [240, 304],
      [84, 304],
    ];
    z?.polygon.forEach(([x, y], i) => {
      expect(Math.abs(x - (expected[i]?.[0] ?? 0)), `x of corner ${i + 1}`).toBeLessThan(12);
      expect(Math.abs(y - (expected[i]?.[1] ?? 0)), `y of corner ${i + 1}`).toBeLessThan(12);
    });
  });

  it('refuses fewer places than the claims held, in words, and archives the zone once released', async () => {
    const zone = await zoneNamed(secretary.page, '3栋东侧楼道');
    if (!zone) throw new Error('zone missing');
    // While the secretary's page still shows no claims, 黄园 claims it and the 团员 team too.
    await huang.page.goto(`/zones/wuxingaz?zone=${zone.id}`);
    await huang.page.getByTestId('claim').click();
    await expect.poll(() => huang.page.getByTestId('zone-panel').textContent()).toContain('已认领：黄园');
    expect((await apiAs(secretary.page, 'POST', `/api/v1/zones/${zone.id}/claims`, { team: '团员' })).status()).toBe(201);

    const { page } = secretary;
    const editor = page.getByTestId('zone-editor');
    await editor.getByLabel('最多可认领的人数/队伍数').fill('1');
    await editor.getByTestId('zone-save').click();
    await expect.poll(() => editor.textContent()).toContain('已有 2 个认领，名额不能少于 2 个');
    await axeClean(page);
    // The viewport first: a full-page shot leaves the page scrolled elsewhere.
    await page.screenshot({ path: path.join(ARTIFACTS, 'zones-places-refused-phone-view.png') });
    await screenshot(page, 'zones-places-refused-phone');
    expect((await zoneNamed(page, '3栋东侧楼道'))?.maxClaims).toBe(2);

    await page.reload();
    await expect.poll(() => page.getByTestId('zone-editor').count()).toBe(1);
    const archive = page.getByRole('button', { name: '归档这个片区' });
    expect(await archive.isDisabled()).toBe(true);
    expect(await page.getByTestId('zone-editor').textContent()).toContain('有人认领的片区不能归档');
    await page.getByRole('button', { name: '取消认领 · 黄园' }).click();
    await expect.poll(() => page.getByTestId('zone-panel').textContent()).not.toContain('黄园');
    await page.getByRole('button', { name: '取消认领 · 团员队' }).click();
    await expect.poll(() => archive.isDisabled()).toBe(false);
    await archive.click();
    await page.getByRole('button', { name: '确定归档' }).click();
    await expect.poll(() => page.getByTestId('zone-list').textContent()).not.toContain('3栋东侧楼道');
    expect(await page.getByTestId('zone-panel').count()).toBe(0);
    expect(await zoneNamed(page, '3栋东侧楼道')).toBeUndefined();
  });

  it('the branch changes the 万玉清 pair to every two weeks with an end date; 黄园 sees the new due date', async () => {
    const { page } = secretary;
    const pairs = (await (await page.request.get('/api/v1/compounds/wuxingaz/pairings')).json()).pairings as Array<{
      id: string;
      resident: { name: string };
      lastVisitOn: string | null;
      startsOn: string;
    }>;
    const pair = pairs.find((p) => p.resident.name === '万玉清');
    if (!pair) throw new Error('no 万玉清 pair');
    const expectedDue = addDays(pair.lastVisitOn ?? pair.startsOn, 14);
    const endsOn = addDays(chinaToday(), 120);

    await page.goto('/volunteer/branch');
    const list = page.getByTestId('branch-pairs');
    await expect.poll(() => list.textContent()).toContain('万玉清 ← 黄园');
    await page.getByRole('button', { name: '修改探访周期 · 万玉清' }).click();
    const form = page.getByTestId('cadence-form');
    await form.getByRole('button', { name: '每两周' }).click();
    await expect.poll(() => form.textContent()).toContain(`保存后下次应探访：${expectedDue}`);
    await form.getByLabel('结束日期（可不填）').fill(endsOn);
    await axeClean(page);
    await screenshot(page, 'pairing-cadence-editor-phone');
    await form.screenshot({ path: path.join(ARTIFACTS, 'pairing-cadence-editor-phone-form.png') });
    await form.getByRole('button', { name: '保存探访周期' }).click();
    await expect.poll(() => page.getByTestId('cadence-saved').textContent()).toContain(`下次应探访：${expectedDue}`);
    const row = list.locator('li', { hasText: '万玉清' });
    await expect.poll(() => row.textContent()).toContain('每 14 天探访一次');
    expect(await row.textContent()).toContain(`计划于 ${endsOn} 结束`);

    await huang.page.goto(`/pairing/${pair.id}`);
    await expect.poll(() => huang.page.getByTestId('pair-cadence').textContent()).toContain('每 14 天探访一次');
    const due = await huang.page.getByTestId('pair-due').textContent();
    // Due on that date, or overdue since it when it has passed already.
    expect(due?.includes(expectedDue) || due?.includes('已逾期')).toBe(true);
    // The volunteer may not change the schedule: no editor for her.
    expect(await huang.page.getByText('修改探访周期').count()).toBe(0);
    await axeClean(huang.page);
  });

  it('the branch pairs 黄园 with 杨湘平; the pair shows in the list of all pairs without a reload', async () => {
    const { page } = secretary;
    await page.goto('/volunteer/branch');
    const list = page.getByTestId('branch-pairs');
    await expect.poll(() => list.textContent()).toContain('万玉清 ← 黄园');
    expect(await list.textContent()).not.toContain('杨湘平');
    await page.getByText('新建结对', { exact: true }).click();
    await page.getByLabel('志愿者', { exact: true }).selectOption({ label: '黄园（党员）' });
    await page.getByLabel('查找关爱对象（姓名或门牌号）').fill('杨湘平');
    await page.getByRole('button', { name: '查找', exact: true }).click();
    const pick = page.getByLabel('关爱对象', { exact: true });
    await expect.poll(() => pick.locator('option').count()).toBeGreaterThan(1);
    await pick.selectOption({ index: 1 });
    await page.getByLabel('探访周期（天）').fill('30');
    await page.getByRole('button', { name: '建立结对' }).click();
    await expect.poll(() => page.getByText('结对已建立').count()).toBe(1);
    await expect.poll(() => list.textContent()).toContain('杨湘平 ← 黄园');
    await axeClean(page);
  });

  it('shows the zone editor and the schedule editor on a desktop screen, and in large text on a phone', async () => {
    const desk = await signIn(browser, server.url, '李建国', DESKTOP);
    const centre = await zoneNamed(desk.page, '中心绿化带');
    await desk.page.goto(`/zones/wuxingaz?zone=${centre?.id}`);
    await expect.poll(() => desk.page.getByTestId('zone-editor').count()).toBe(1);
    await desk.page.getByRole('button', { name: '移动各个角' }).click();
    await expect.poll(() => desk.page.locator('.vertex-handle').count()).toBe(4);
    await axeClean(desk.page);
    await screenshot(desk.page, 'zones-edit-corners-desktop');
    await desk.page.getByRole('button', { name: '取消', exact: true }).click();
    await desk.page.goto('/volunteer/branch');
    await desk.page.getByRole('button', { name: '修改探访周期 · 万玉清' }).click();
    await expect.poll(() => desk.page.getByTestId('cadence-form').count()).toBe(1);
    await axeClean(desk.page);
    await screenshot(desk.page, 'pairing-cadence-editor-desktop');
    await desk.ctx.close();

    const { page } = secretary;
    await page.goto(`/zones/wuxingaz?zone=${centre?.id}`);
    await page.getByTestId('large-text-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await page.getByRole('button', { name: '移动各个角' }).click();
    await expect.poll(() => page.locator('.vertex-handle').count()).toBe(4);
    await axeClean(page);
    // The viewport first: a full-page shot leaves the page scrolled elsewhere.
    await page.screenshot({ path: path.join(ARTIFACTS, 'zones-edit-corners-large-phone-view.png') });
    await screenshot(page, 'zones-edit-corners-large-phone');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('shape-bar').textContent()).toContain('Drag the numbered dots');
    await axeClean(page);
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('large-text-toggle').click();
  });
});
