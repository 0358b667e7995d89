import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPhoto } from '../apps/server/src/modules/projects/demo-images';
import { addDays, todayInChina } from '../apps/server/src/modules/volunteers/dates';
import { axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const PASSWORD = 'lianxin2026';
/** The day `n` days from today in Beijing, YYYY-MM-DD: the meeting and deadlines lie ahead whenever this runs. */
const chinaDay = (n: number) => addDays(todayInChina(), n);
const RESIDENT = { phone: '19900000041', name: '张秀英' };
const NEIGHBOUR = { phone: '19900000042', name: '刘德明' };
const SECRETARY = { phone: '19900000043', name: '彭建华' };
const TITLE = '东侧绿化带又被开垦成<b>菜地</b>';
const DESCRIPTION = '5栋东侧的绿化带被翻成了菜地 <img src=x onerror=alert(1)><script>alert(2)</script>';

/** The photos of the gallery on the page, once every one has loaded (naturalWidth > 0). */
async function loadedPhotos(page: Page, selector = '.council-gallery-grid img'): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).map((i) => new URL(i.src).pathname),
    );
}

async function signIn(page: Page, who: { phone: string; name: string }) {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(who.phone);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(`您好，${who.name}`);
}

describe('council: the vegetable-plot case from raising to resolved', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Every dialog any page opens: HTML in text must never run, so this stays empty. */
  const dialogs: string[] = [];

  async function newPage(): Promise<Page> {
    const ctx = await phoneContext(browser, server.url);
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('walks an issue through a council meeting and shows every step on the public timeline', async () => {
    // 1. A resident raises the issue on her phone, with a photo.
    const res = await newPage();
    await signIn(res, RESIDENT);
    const started = Date.now();
    await res.goto('/council/new');
    await res.getByLabel('标题（一句话说清楚）').fill(TITLE);
    await res.getByRole('button', { name: '绿化/菜地' }).click();
    await res.getByLabel('具体情况').fill(DESCRIPTION);
    await res.getByLabel(/拍照或选照片/).setInputFiles([
      { name: 'plot.png', mimeType: 'image/png', buffer: demoPhoto('before', 640, 400) },
      { name: 'plot-2.png', mimeType: 'image/png', buffer: demoPhoto('after', 400, 640) },
    ]);
    await expect.poll(() => res.locator('.council-photos img').count()).toBe(2);
    // publication only with recorded consent: the box starts unticked, she ticks it
    const consent = res.getByLabel(/同意在公开页面展示这些照片/);
    expect(await consent.isChecked()).toBe(false);
    await consent.check();
    await axeClean(res);
    await screenshot(res, 'council-raise-phone');
    await res.getByRole('button', { name: '提交', exact: true }).click();
    await res.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(() => res.locator('h1').textContent()).toBe(TITLE);
    const raiseSeconds = (Date.now() - started) / 1000;
    const issueId = res.url().split('/').at(-1) as string;
    // HTML and script are shown as text, never run
    await expect.poll(() => res.locator('.council-text').first().textContent()).toBe(DESCRIPTION);
    // the photos, as thumbnails from the issue's own photo route, with alt text; a tap enlarges one
    await expect.poll(async () => (await loadedPhotos(res)).length).toBe(2);
    expect((await loadedPhotos(res)).every((u) => u.startsWith(`/api/v1/council/issues/${issueId}/photos/img_`))).toBe(true);
    expect(await res.locator('.council-gallery-grid img').first().getAttribute('alt')).toBe(`第1张照片（共2张）：${TITLE}`);
    expect(await res.getByLabel(/同意在公开页面展示这些照片/).isChecked()).toBe(true); // recorded on the issue
    await axeClean(res);
    await screenshot(res, 'council-issue-raised-phone');
    await res.setViewportSize({ width: 360, height: 740 });
    const thumb = res.getByRole('button', { name: /第1张照片/ });
    await thumb.click();
    await expect.poll(() => thumb.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(async () => (await loadedPhotos(res, '.council-photo-large img')).length).toBe(1);
    const large = await res.locator('.council-photo-large img').boundingBox();
    expect(large?.width ?? 0).toBeGreaterThan(250); // at the phone's full width, not a thumbnail
    const pageWidth = await res.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(360);
    await axeClean(res);
    await screenshot(res, 'council-issue-photos-phone');
    await res.getByRole('button', { name: '收起照片' }).click();
    await expect.poll(() => res.locator('.council-photo-large').count()).toBe(0);
    await res.setViewportSize({ width: 390, height: 844 });
    console.log(`raised an issue with a photo in ${raiseSeconds.toFixed(1)} s`);

    // 2. A neighbour supports it (+1, once).
    const nb = await newPage();
    await signIn(nb, NEIGHBOUR);
    await nb.goto(`/council/issues/${issueId}`);
    await nb.getByRole('button', { name: '我也遇到了（+1）' }).click();
    await expect.poll(() => nb.getByRole('button', { name: /您已支持/ }).isDisabled()).toBe(true);
    await nb.goto('/council');
    await expect.poll(() => nb.getByRole('link', { name: /东侧绿化带/ }).count()).toBe(1);
    await axeClean(nb);
    await screenshot(nb, 'council-list-phone');

    // 3. The secretary builds the agenda, holds the meeting, records the decision.
    const sec = await newPage();
    await signIn(sec, SECRETARY);
    await sec.goto('/council/meetings');
    await sec.getByLabel('会议名称').fill('11月党群议事会');
    await sec.getByLabel('时间').fill(`${chinaDay(7)}T19:30`);
    await sec.getByLabel('地点').fill('党群服务站');
    await axeClean(sec);
    await sec.getByRole('button', { name: '创建会议' }).click();
    await expect.poll(() => sec.locator('h1').textContent()).toBe('11月党群议事会');
    const candidate = sec.locator('li', { hasText: '东侧绿化带' }).filter({ has: sec.getByRole('button', { name: '列入议程' }) });
    await candidate.getByRole('button', { name: '列入议程' }).click();
    await expect.poll(() => sec.locator('[data-agenda-item]').count()).toBe(1);
    await axeClean(sec);
    await screenshot(sec, 'council-agenda-builder-phone');
    await sec.getByRole('button', { name: '开始会议' }).click();
    await expect.poll(() => sec.getByRole('button', { name: '结束会议' }).count()).toBe(1);
    const boxes = sec.locator('.council-attend input[type=checkbox]');
    const n = await boxes.count();
    expect(n).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < n; i++) {
      await boxes.nth(i).click();
      await expect.poll(() => boxes.nth(i).isChecked()).toBe(true);
    }
    await sec.getByLabel('讨论情况（可不填）').fill('种菜的老人到会说明情况，大家同意在小区外另找地块。');
    await sec.getByRole('button', { name: '标记为已讨论' }).click();
    await sec.getByLabel('决定内容').fill('清理东侧绿化带菜地，补种绿植；在小区外协调一块地给老人种菜。');
    await sec.getByLabel('赞成', { exact: true }).fill(String(n - 1));
    await sec.getByLabel('反对', { exact: true }).fill('0');
    await sec.getByLabel('弃权', { exact: true }).fill('1');
    await sec.getByLabel('完成期限').fill(chinaDay(21));
    await axeClean(sec);
    await screenshot(sec, 'council-meeting-in-session-phone');
    await sec.getByRole('button', { name: '记录决定' }).click();
    await expect.poll(() => sec.locator('.council-decision').count()).toBe(1);
    await expect.poll(() => sec.locator('.council-decision').textContent()).toContain(`赞成 ${n - 1}，反对 0，弃权 1`);
    for (const [title, owner] of [
      ['告知种菜居民并张贴公告', '党支部'],
      ['组织志愿者清理菜地、补种绿植', '党员志愿服务队'],
    ] as const) {
      await sec.getByLabel('事项', { exact: true }).fill(title);
      await sec.getByLabel('负责人/单位').fill(owner);
      await sec.getByLabel('期限', { exact: true }).fill(chinaDay(14));
      await sec.getByRole('button', { name: '添加落实事项' }).click();
      await expect.poll(() => sec.locator('.council-decision').textContent()).toContain(title);
    }
    await sec.getByRole('textbox', { name: '会议纪要' }).fill('一、绿化带种菜问题\n决定：清理菜地，小区外另找地块。');
    await sec.getByRole('button', { name: '保存纪要' }).click();
    await expect.poll(() => sec.getByRole('status').filter({ hasText: '已保存' }).count()).toBe(1);
    await sec.getByRole('button', { name: '结束会议' }).click();
    await expect.poll(() => sec.locator('.council-meta').first().textContent()).toContain('已结束');
    await sec.emulateMedia({ media: 'print' });
    await screenshot(sec, 'council-minutes-print');
    await sec.emulateMedia({ media: 'screen' });

    // 4. Follow-up: the work starts, each action item is done, the issue is resolved.
    await sec.goto(`/council/issues/${issueId}`);
    await sec.getByRole('button', { name: '开始落实' }).click();
    await expect.poll(() => sec.locator('.council-status').first().textContent()).toBe('落实中');
    const meetingPage = await sec.locator('a', { hasText: '公示页面' }).first().getAttribute('href');
    expect(meetingPage).toMatch(/^\/council\/decisions\//);
    await sec.goto('/council/meetings');
    await sec.getByRole('link', { name: /11月党群议事会/ }).click();
    for (let i = 0; i < 2; i++) {
      await sec.getByRole('button', { name: '标记完成' }).first().click();
      await expect.poll(() => sec.getByRole('button', { name: '标记完成' }).count()).toBe(1 - i);
    }
    await sec.goto(`/council/issues/${issueId}`);
    await sec.getByRole('button', { name: '办结', exact: true }).click();
    await expect.poll(() => sec.locator('.council-status').first().textContent()).toBe('已办结');
    await axeClean(sec);

    // 5. Anyone can read the whole history and the public notice, signed out.
    const pub = await newPage();
    await pub.goto(`/council/public/issues/${issueId}`);
    await expect.poll(() => pub.locator('h1').textContent()).toBe(TITLE);
    const steps = pub.locator('.council-timeline li strong');
    await expect
      .poll(() => steps.allTextContents())
      .toEqual(['反映问题', '列入议程', '议事会讨论', '议事会决定', '开始落实', '完成落实事项', '完成落实事项', '办结']);
    const roles = await pub.locator('.council-timeline li .muted').allTextContents();
    expect(roles[0]).toBe('居民');
    expect(roles.slice(1).every((r) => r === '党支部书记')).toBe(true);
    expect(await pub.locator('.council-timeline time').count()).toBe(8);
    expect(await pub.content()).not.toContain(RESIDENT.name);
    // signed out, the photos come from the public photo route
    await expect.poll(async () => (await loadedPhotos(pub)).length).toBe(2);
    const publicPhotos = await loadedPhotos(pub);
    expect(publicPhotos.every((u) => u.startsWith(`/api/v1/public/council/issues/${issueId}/photos/img_`))).toBe(true);
    await axeClean(pub);
    await screenshot(pub, 'council-public-timeline-phone');
    await pub.goto(meetingPage as string);
    await expect.poll(() => pub.locator('.council-notice-state').textContent()).toContain('公示中');
    await expect.poll(() => pub.locator('.council-decision').textContent()).toContain(`赞成 ${n - 1}，反对 0，弃权 1`);
    await expect.poll(() => loadedPhotos(pub)).toEqual(publicPhotos);
    // The notice carries the checkpoint that holds the decision, and links to its receipt page.
    await expect
      .poll(
        async () => {
          if (await pub.getByTestId('checkpoint-qr').count()) return true;
          await pub.reload();
          return false;
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBe(true);
    await axeClean(pub);
    await screenshot(pub, 'council-public-decision-phone');
    await pub.getByTestId('verify-decision').click();
    await expect.poll(() => pub.getByTestId('verdict').textContent(), { timeout: 15_000 }).toContain('已核验');
    await pub.goBack();

    // 6. The compound's notice board lists it beside the seeded case from the article.
    await pub.goto('/council/notices/longshengaz');
    await expect
      .poll(() => pub.locator('.council-item-title').allTextContents())
      .toEqual(expect.arrayContaining([TITLE, '绿化带被开垦种菜']));
    await axeClean(pub);
    await screenshot(pub, 'council-notice-board-phone');
    expect(dialogs).toEqual([]);
  });

  it('marks the place on the site plan where a compound has one, and shows it on the issue', async () => {
    const page = await newPage();
    await signIn(page, { phone: '19900000001', name: '万玉清' }); // 五星社区安置小区 has a plan with zones
    await page.goto('/council/new');
    await page.getByLabel('标题（一句话说清楚）').fill('健身器材螺丝松了');
    await page.getByRole('button', { name: '设施维修' }).click();
    await page.getByLabel('具体情况').fill('广场边的漫步机晃得厉害');
    const plan = page.getByRole('button', { name: /在小区平面图上点出位置/ });
    await plan.click({ position: { x: 120, y: 80 } });
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已标出位置' }).count()).toBe(1);
    await axeClean(page);
    await screenshot(page, 'council-raise-on-plan-phone');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(() => page.locator('.council-plan-view .council-marker').count()).toBe(1);
    await axeClean(page);
    expect(dialogs).toEqual([]);
  });

  it('reads in English and in large text', async () => {
    const page = await newPage();
    await signIn(page, NEIGHBOUR);
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('home-large-text').click();
    await page.goto('/council');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Residents’ council');
    await expect.poll(() => page.getByRole('link', { name: /Report a problem/ }).count()).toBe(1);
    await expect
      .poll(() => page.locator('.council-status').first().textContent())
      .toMatch(/Raised|Resolved|On the agenda|Decided|In progress|Answered/);
    const fontSize = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    await axeClean(page);
    await screenshot(page, 'council-list-en-large-phone');
    await page.goto('/council/new');
    await expect.poll(() => page.getByRole('button', { name: 'Greenery / vegetable plots' }).count()).toBe(1);
    await axeClean(page);
  });

  it('keeps HTML typed on the discussion board as text', async () => {
    const page = await newPage();
    await signIn(page, NEIGHBOUR);
    await page.goto('/discussion');
    await page.getByLabel('话题标题').fill('<img src=x onerror=alert(3)>广场舞时间');
    await page.getByLabel('内容', { exact: true }).fill('<script>alert(4)</script>晚上九点后请调小音量');
    await page.getByRole('button', { name: '发布' }).click();
    await page.getByRole('link', { name: /广场舞时间/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('<img src=x onerror=alert(3)>广场舞时间');
    await page.getByLabel('我来说两句').fill('<b>同意</b>');
    await page.getByRole('button', { name: '回复', exact: true }).click();
    await expect.poll(() => page.locator('.list-item .council-text').first().textContent()).toBe('<b>同意</b>');
    await axeClean(page);
    await screenshot(page, 'discussion-topic-phone');
    expect(dialogs).toEqual([]);
  });
});
