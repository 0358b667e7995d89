import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPhoto } from '../apps/server/src/modules/projects/demo-images';
import { addDays, todayInChina } from '../apps/server/src/modules/volunteers/dates';
import { bothSizes, launchBrowser, phoneContext } from './lib/browser';
import { JOURNEY_DATABASES, type RunningServer, startServerOn } from './lib/server';

/**
 * Issue 19, items 1–3, as a community worker, a branch secretary and a district official would
 * do them, at 1280 × 800 and 390 × 844: projects whole in the web app (every field, a node picker
 * by name, corrections, residents following), the council's quorum and names, and the 业委会 of
 * owners only.
 */
const PASSWORD = 'lianxin2026';
const DISTRICT = { phone: '19900000008', name: '刘贞' };
const RESIDENT_WUXING = { phone: '19900000001', name: '万玉清' };
const RESIDENT = { phone: '19900000041', name: '张秀英' };
const SECRETARY = { phone: '19900000043', name: '彭建华' };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const chinaDay = (n: number) => addDays(todayInChina(), n);

async function signIn(page: Page, who: { phone: string; name: string }) {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(who.phone);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain(`您好，${who.name}`);
}

for (const database of JOURNEY_DATABASES)
  describe(`[${database}] staff work: projects, council, 业委会 (issue 19)`, () => {
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    async function newPage(who: { phone: string; name: string }): Promise<Page> {
      const ctx = await phoneContext(browser, server.url);
      contexts.push(ctx);
      const page = await ctx.newPage();
      await signIn(page, who);
      return page;
    }

    beforeAll(async () => {
      server = await startServerOn(database);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.stop();
    });

    it('a project with every field, a correction shown publicly, and a resident following it', async () => {
      const admin = await newPage(DISTRICT);
      await admin.setViewportSize(DESKTOP);
      await admin.goto('/projects');
      await admin.getByLabel('所属单位').selectOption({ label: '株洲经开区·云龙示范区 › 云田镇 › 五星社区 › 五星社区安置小区' });
      await admin.getByLabel('项目名称').fill('五星安置小区管网改造');
      await admin.getByLabel('项目简介').fill('疏通雨污管网，硬化东侧路面。');
      await admin.getByLabel('施工单位').fill('株洲某市政工程公司');
      await admin.getByLabel('状态').selectOption({ label: '施工中' });
      await admin.getByLabel('进度（%）').fill('20');
      await admin.getByLabel('开工日期').fill('2026-10-08');
      await admin.getByLabel('竣工日期').fill('2026-12-28');
      await admin.getByLabel('第 1 项资金来源').fill('区财政');
      await admin.getByLabel('第 1 项金额（元）').fill('1000000');
      await admin.getByRole('button', { name: '增加资金来源' }).click();
      await admin.getByLabel('第 2 项资金来源').fill('街道配套');
      await admin.getByLabel('第 2 项金额（元）').fill('250000.50');
      await admin.getByLabel('工程项 · 名称').fill('疏通管网');
      await admin.getByLabel('预算 · 金额（元）').fill('1200000');
      await bothSizes(admin, 'projects-create');
      await admin.getByRole('button', { name: '新建项目' }).click();
      await expect.poll(() => admin.locator('h1').textContent()).toBe('五星安置小区管网改造');
      const facts = admin.locator('.pj-facts');
      await expect.poll(() => facts.textContent()).toContain('株洲某市政工程公司');
      expect(await facts.textContent()).toContain('2026-10-08');
      expect(await facts.textContent()).toContain('1,250,000.50 元');
      expect(await admin.locator('.pj-funding').textContent()).toContain('街道配套：250,000.50 元');

      // An overspend typed by mistake, corrected by a reversing entry with its reason.
      const spend = admin.locator('form', { has: admin.getByRole('heading', { name: '登记支出' }) });
      await spend.getByLabel('金额（元）').fill('9000000');
      await spend.getByLabel('日期').fill('2026-10-20');
      await spend.getByLabel('说明').fill('第一期工程款');
      await spend.getByRole('button', { name: '登记支出' }).click();
      await expect.poll(() => admin.locator('.pj-table tbody tr').count()).toBe(1);
      const fix = admin.locator('form', { has: admin.getByRole('heading', { name: '更正支出' }) });
      await fix.getByLabel('要更正的支出').selectOption({ index: 1 });
      await fix.getByLabel('冲减金额（元）').fill('9000000.01');
      await fix.getByLabel('更正原因').fill('多输了一个零，应为90万元');
      await fix.getByRole('button', { name: '更正支出' }).click();
      // More than the entry: refused before sending, the field says why.
      await expect.poll(() => fix.locator('.field-error').textContent()).toContain('9,000,000.00');
      await fix.getByLabel('冲减金额（元）').fill('8100000');
      await fix.getByRole('button', { name: '更正支出' }).click();
      await expect.poll(() => admin.locator('.pj-table tbody tr').count()).toBe(2);
      const rows = await admin.locator('.pj-table tbody tr').allTextContents();
      expect(rows[0]).toContain('-8,100,000.00');
      expect(rows[0]).toContain('更正 2026-10-20 的支出：多输了一个零，应为90万元');
      expect(rows[1]).toContain('（已更正 8,100,000.00 元）');
      await admin.getByLabel('增加节点').fill('开工');
      await admin.getByLabel('计划日期').fill('2026-10-08');
      await admin.getByRole('button', { name: '增加节点' }).click();
      await expect.poll(() => admin.getByRole('button', { name: '标记完成：开工' }).count()).toBe(1);
      await admin.getByRole('button', { name: '公开到项目公示页' }).click();
      await expect.poll(() => admin.getByRole('button', { name: '取消公开' }).count()).toBe(1);
      await bothSizes(admin, 'projects-correction');

      // The public page shows the correction as a correction.
      const pub = await browser.newContext({ baseURL: server.url, viewport: PHONE, locale: 'zh-CN' });
      contexts.push(pub);
      const anyone = await pub.newPage();
      await anyone.goto(admin.url().replace('/projects/', '/public/projects/'));
      await expect.poll(() => anyone.locator('.pj-correction').textContent()).toContain('多输了一个零');
      await bothSizes(anyone, 'projects-public-correction');

      // A contract attached without consent to publish it stays internal until consent is recorded.
      await admin.getByLabel('附件类型').selectOption('contract');
      await admin
        .getByLabel('上传文件（PDF 或图片）')
        .setInputFiles({ name: 'contract.png', mimeType: 'image/png', buffer: demoPhoto('before', 300, 400) });
      await admin
        .locator('form', { has: admin.getByLabel('附件类型') })
        .locator('button[type=submit]')
        .click();
      await expect.poll(() => admin.getByText('未同意公开，仅内部可见').count()).toBe(1);
      await anyone.reload();
      await expect.poll(() => anyone.locator('.pj-correction').count()).toBe(1);
      expect(await anyone.locator('.pj-photos figure').count()).toBe(0);
      await admin.getByRole('button', { name: '记录合同的公开同意' }).click();
      await expect.poll(() => admin.getByText('已同意公开').count()).toBe(1);
      await bothSizes(admin, 'projects-attachment-consent');
      await anyone.reload();
      await expect.poll(() => anyone.locator('.pj-photos figure').textContent()).toContain('合同');

      // A resident of the compound finds it from her home page and follows it.
      const resident = await newPage(RESIDENT_WUXING);
      await resident.getByRole('link', { name: '小区改造' }).click();
      await expect.poll(() => resident.locator('h1').textContent()).toBe('我的小区改造项目');
      const follow = resident.getByRole('button', { name: '关注' });
      await follow.click();
      await expect.poll(() => resident.getByRole('button', { name: /已关注/ }).getAttribute('aria-pressed')).toBe('true');
      await bothSizes(resident, 'projects-mine-following');

      // The milestone reached: she is told.
      await admin.getByRole('button', { name: '标记完成：开工' }).click();
      await expect.poll(() => admin.getByRole('button', { name: '撤销完成：开工' }).count()).toBe(1);
      await resident.goto('/notifications');
      await expect.poll(() => resident.getByText('五星安置小区管网改造：开工 已完成').count()).toBe(1);
    });

    it('a council decision needs its quorum, names who answers for it; a raiser cannot support her own issue', async () => {
      const res = await newPage(RESIDENT);
      await res.goto('/council/new');
      await res.getByLabel('标题（一句话说清楚）').fill('3栋楼道灯不亮');
      await res.getByRole('button', { name: '设施维修' }).click();
      await res.getByLabel('具体情况').fill('3栋2单元楼道灯坏了一周。');
      await res.getByRole('button', { name: '提交', exact: true }).click();
      await res.getByRole('link', { name: '查看进度' }).click();
      await expect.poll(() => res.locator('h1').textContent()).toBe('3栋楼道灯不亮');
      const issueUrl = res.url();
      expect(await res.getByRole('button', { name: '我也遇到了（+1）' }).isDisabled()).toBe(true);
      expect(await res.getByText('这是您反映的问题，不能为自己附议。').count()).toBe(1);
      expect(await res.getByText(/反映人/).count()).toBe(0);
      await bothSizes(res, 'council-own-issue');

      const sec = await newPage(SECRETARY);
      await sec.goto(new URL(issueUrl).pathname);
      await expect.poll(() => sec.getByText(/反映人（仅工作人员可见）：张秀英.*199\*\*\*\*0041/).count()).toBe(1);
      await bothSizes(sec, 'council-staff-sees-raiser');

      await sec.goto('/council/meetings');
      const settings = sec.locator('section[aria-labelledby="council-settings"]');
      await expect.poll(() => settings.getByText('现有成员 7 人，作出决定至少需 4 人出席。').count()).toBe(1);
      await settings.getByLabel('表决法定人数（出席成员至少几人）').fill('5');
      await settings.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => settings.getByText('现有成员 7 人，作出决定至少需 5 人出席。').count()).toBe(1);
      // Namesakes are told apart: each person found shows their masked phone.
      await sec.getByRole('textbox', { name: '搜索小区居民姓名' }).fill('刘');
      await sec.getByRole('button', { name: '搜索小区居民姓名' }).click();
      await expect.poll(() => sec.getByText(/199\*\*\*\*\d{4}/).count()).toBeGreaterThan(0);
      await bothSizes(sec, 'council-quorum-settings');

      await sec.getByLabel('会议名称').fill('12月党群议事会');
      await sec.getByLabel('时间').fill(`${chinaDay(7)}T19:30`);
      await sec.getByLabel('地点').fill('党群服务站');
      await sec.getByRole('button', { name: '创建会议' }).click();
      await expect.poll(() => sec.locator('h1').textContent()).toBe('12月党群议事会');
      const candidate = sec
        .locator('li', { hasText: '3栋楼道灯不亮' })
        .filter({ has: sec.getByRole('button', { name: '列入议程' }) });
      await candidate.getByRole('button', { name: '列入议程' }).click();
      await expect.poll(() => sec.locator('[data-agenda-item]').count()).toBe(1);
      await sec.getByRole('button', { name: '开始会议' }).click();
      await expect.poll(() => sec.getByRole('button', { name: '结束会议' }).count()).toBe(1);
      const boxes = sec.locator('.council-attend input[type=checkbox]');
      for (let i = 0; i < 4; i++) {
        await boxes.nth(i).click();
        await expect.poll(() => boxes.nth(i).isChecked()).toBe(true);
      }
      await sec.getByRole('button', { name: '标记为已讨论' }).click();
      await sec.getByLabel('决定内容').fill('请物业三日内更换3栋楼道灯。');
      await sec.getByLabel('赞成', { exact: true }).fill('4');
      await sec.getByLabel('反对', { exact: true }).fill('0');
      await sec.getByLabel('弃权', { exact: true }).fill('0');
      await sec.getByLabel('完成期限').fill(chinaDay(10));
      await sec.getByRole('button', { name: '记录决定' }).click();
      await expect.poll(() => sec.getByText('出席的议事会成员未达到法定人数，不能作出决定').count()).toBe(1);
      expect(await sec.locator('.council-decision').count()).toBe(0);
      await boxes.nth(4).click();
      await expect.poll(() => boxes.nth(4).isChecked()).toBe(true);
      await sec.getByLabel('赞成', { exact: true }).fill('5');
      await sec.getByRole('button', { name: '记录决定' }).click();
      await expect.poll(() => sec.locator('.council-decision').count()).toBe(1);
      const card = (await sec.locator('.council-decision').textContent()) ?? '';
      expect(card).toContain('出席 5 人（共 7 名成员，法定人数 5 人）');
      expect(card).toMatch(/负责人：\S+（[^）]+）/);
      expect(card).not.toMatch(/branch|owners_committee|resident_rep/);
      await bothSizes(sec, 'council-decision-quorum');

      // The district administrator reaches the council from a home tile.
      const district = await newPage(DISTRICT);
      await district.getByRole('link', { name: '党群议事会' }).click();
      await expect.poll(() => district.locator('h1').textContent()).toBe('党群议事会');
      await bothSizes(district, 'council-district-admin');
    });

    it('the 业委会 picker offers only owners of a unit in the compound', async () => {
      const admin = await newPage(DISTRICT);
      await admin.goto('/registry/compounds/longshengaz/org');
      const picker = admin.locator('section[aria-labelledby="picker-h"]');
      await picker.getByLabel('查找居民').fill('王');
      await picker.getByRole('button', { name: '查找' }).click();
      await expect.poll(() => picker.locator('li').count()).toBeGreaterThan(1);
      const items = picker.locator('li');
      const n = await items.count();
      let owners = 0;
      let others = 0;
      for (let i = 0; i < n; i++) {
        const li = items.nth(i);
        const can = await li.getByRole('button', { name: '加入业委会' }).count();
        const note = await li.getByText('非本小区业主，不能加入业委会').count();
        expect(can + note).toBe(1);
        owners += can;
        others += note;
      }
      expect(owners).toBeGreaterThan(0);
      expect(others).toBeGreaterThan(0);
      await bothSizes(admin, 'committee-owners-only');
    });

    it('the branch secretary is one fact: chosen on the organisation page, the role moves with it', async () => {
      const worker = await newPage({ phone: '19900000005', name: '邹晓敏' });
      // A community worker reaches the discussion board from a home tile.
      await worker.getByRole('link', { name: '居民议事厅' }).click();
      await expect.poll(() => worker.url()).toContain('/discussion');
      await bothSizes(worker, 'discussion-tile-worker');
      await worker.goto('/registry/compounds/wuxingaz/org');
      await expect.poll(() => worker.getByText('书记：李建国').count()).toBe(1);
      await worker.getByText('修改支部信息').click();
      const form = worker.locator('details', { hasText: '修改支部信息' });
      await form.getByLabel('书记', { exact: true }).selectOption('p-19900000002');
      await form.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => worker.getByText('书记：黄园').count()).toBe(1);
      await bothSizes(worker, 'org-secretary-chosen');
      await worker.goto('/admin/roles');
      await worker.getByLabel('范围（节点）').selectOption('wuxingaz');
      const grants = worker.locator('li', { hasText: '支部书记' });
      await expect.poll(() => grants.allTextContents()).toEqual([expect.stringContaining('黄园')]);
      await bothSizes(worker, 'org-secretary-role');
    });
  });
