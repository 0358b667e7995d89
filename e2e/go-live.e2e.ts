import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../apps/server/src/test/harness';
import { axeClean, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';

const root = path.resolve(import.meta.dirname, '..');
/** The machine running the suite may be busy: give each polled expectation time. */
const SLOW = { timeout: 30_000, interval: 200 };
const ADMIN = '13900000001';
const WORKER = '13900000002';
const OWNER = '13700000001'; // 郭明, owner of 1栋-1-101 in the sheet
const NEWCOMER = '13700000009';

const TREE = ['区,街道,社区,小区', '荷塘区,月塘街道,新华社区,新华小区', '荷塘区,月塘街道,桂花社区,桂花苑'].join('\n');
const HOUSEHOLDS = [
  '楼栋,单元,门牌号,面积,户主,姓名,电话,出生年份,标签',
  `1栋,1,101,95.00,是,郭明,${OWNER},1955,党员`,
  '1栋,1,101,,,郭小明,,1985,',
  '1栋,1,102,88.00,是,林芳,13700000002,1960,独居老人',
  '2栋,1,201,75.00,是,郑伟,13700000003,1970,',
  '2栋,2,201,75.00,,,,,',
].join('\n');

/** `npx lianxin …` against the journey's database; resolves with stdout. */
function lianxin(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(root, 'apps/server/bin/lianxin.js'), ...args], {
      cwd: root,
      env: { ...process.env, LIANXIN_DEMO: 'off', LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += String(d);
    });
    p.stderr.on('data', (d) => {
      err += String(d);
    });
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

async function file(page: Page, label: string, name: string, text: string) {
  await page.getByLabel(label).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

for (const dialect of DIALECTS)
  describe(`[${dialect}] going live from an empty database (LIANXIN_DEMO=off)`, () => {
    let db: TestDatabase;
    let env: Record<string, string>;
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let compoundId = '';
    let voteId = '';

    const newPage = async () => {
      const c = await phoneContext(browser, server.url);
      contexts.push(c);
      return c.newPage();
    };

    /** Signs in with a one-time password and is led to choose a new one. */
    async function firstSignIn(page: Page, phone: string, oneTime: string, next: string) {
      await page.goto('/login');
      await page.getByLabel('手机号').fill(phone);
      await page.getByLabel('密码').fill(oneTime);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/password');
      await expect.poll(() => page.getByTestId('must-change-password').textContent(), SLOW).toContain('一次性密码');
      await page.getByLabel('一次性密码（或当前密码）').fill(oneTime);
      await page.getByLabel('设置密码（至少 8 位）').fill(next);
      await page.getByLabel('再输入一次新密码').fill(next);
      await page.getByRole('button', { name: '保存新密码' }).click();
      await expect.poll(() => page.locator('h1').textContent(), SLOW).toContain('您好');
    }

    /** Signs in with an SMS code read from the console provider's masked line in the server log. */
    async function codeSignIn(page: Page, phone: string) {
      await page.goto('/login');
      await page.getByRole('button', { name: '验证码登录' }).click();
      await page.getByLabel('手机号').fill(phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      const masked = `${phone.slice(0, 3)}\\*\\*\\*\\*${phone.slice(7)}`;
      let code = '';
      await expect
        .poll(() => {
          code = server.logs.join('').match(new RegExp(`\\[sms to ${masked}\\][^\\n]*?(\\d{6})`))?.[1] ?? '';
          return code;
        }, SLOW)
        .toMatch(/^\d{6}$/);
      await page.getByLabel('短信验证码').fill(code);
      await page.getByRole('button', { name: '登录', exact: true }).click();
    }

    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      await db.database.close();
      env = dialect === 'postgres' ? { DATABASE_URL: db.url ?? '' } : { LIANXIN_DATA_DIR: db.dataDir };
      [server, browser] = await Promise.all([startServer({ ...env, LIANXIN_DEMO: 'off' }), launchBrowser()]);
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.stop();
      await db?.drop();
    });

    it('the login page of a fresh deployment says how to get an account; admin create makes the first administrator', async () => {
      const page = await newPage();
      await page.goto('/login');
      await expect.poll(() => page.getByTestId('no-account').textContent(), SLOW).toContain('申请加入');
      await axeClean(page);
      if (dialect === 'sqlite') await screenshot(page, 'go-live-login');
      const made = await lianxin(env, ['admin', 'create', '--name', '刘敏', '--phone', ADMIN, '--node', '荷塘区']);
      expect(made.code).toBe(0);
      const oneTime = made.out.trimEnd().split('\n').at(-1) as string;
      expect(oneTime).toMatch(/^[A-Za-z2-9]{14}$/);
      await firstSignIn(page, ADMIN, oneTime, 'hetang-admin-2027');
    });

    it('the district administrator imports the organisation tree on the web page', async () => {
      const page = contexts[0]?.pages()[0] as Page;
      await page.goto('/import/tree');
      await file(page, '表格文件', 'tree.csv', TREE);
      await page.getByRole('button', { name: '检查表格（试导入）' }).click();
      await expect.poll(() => page.getByTestId('tree-summary').textContent(), SLOW).toContain('将新增 5 个节点');
      await axeClean(page);
      await page.getByRole('button', { name: '正式导入' }).click();
      await expect.poll(() => page.getByTestId('tree-done').textContent(), SLOW).toContain('新增 5 个节点');
      if (dialect === 'sqlite') await screenshot(page, 'go-live-tree');
      const worker = await lianxin(env, [
        'admin',
        'create',
        '--name',
        '邹敏',
        '--phone',
        WORKER,
        '--node',
        '新华社区',
        '--role',
        'community_worker',
      ]);
      expect(worker.code).toBe(0);
      const page2 = await newPage();
      await firstSignIn(page2, WORKER, worker.out.trimEnd().split('\n').at(-1) as string, 'xinhua-worker-2027');
      await page2.goto('/registry');
      await page2
        .getByRole('link', { name: /新华小区/ })
        .first()
        .click();
      await page2.waitForURL((u) => /\/registry\/nodes\/.+/.test(u.pathname));
      compoundId = page2.url().split('/').pop() as string;
    });

    it('the community worker imports the households sheet into the new compound, creating its buildings', async () => {
      const page = contexts[1]?.pages()[0] as Page;
      await page.goto(`/import?compound=${compoundId}`);
      await file(page, '表格文件', 'households.csv', HOUSEHOLDS);
      await page.getByRole('button', { name: '检查表格（试导入）' }).click();
      await expect.poll(() => page.getByTestId('import-changes').textContent(), SLOW).toContain('将新建楼栋：1栋、2栋');
      await expect
        .poll(() => page.getByTestId('import-changes').textContent(), SLOW)
        .toContain('将新建单元：1栋1单元、2栋1单元、2栋2单元');
      await axeClean(page);
      if (dialect === 'sqlite') await screenshot(page, 'go-live-households');
      await page.getByRole('button', { name: '正式导入' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent(), SLOW).toContain('导入完成：4 户，4 人');
    });

    it('the community worker opens a vote; an owner of the sheet signs in by SMS code as that person and votes online', async () => {
      const staff = contexts[1]?.pages()[0] as Page;
      await staff.goto('/votes/new');
      await staff.getByLabel('小区').selectOption(compoundId);
      await staff.getByLabel('表决事项').selectOption('4');
      await staff.getByLabel('标题').fill('续聘现物业服务企业（三年）');
      await staff.getByLabel('说明').fill('物业服务合同到期，是否续聘。');
      const local = await staff.evaluate(
        (ms) => {
          const d = new Date(ms);
          const p = (n: number) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
        },
        Date.now() + 3 * 3600_000,
      );
      await staff.getByLabel('截止时间').fill(local);
      await staff.getByRole('button', { name: '开始表决（冻结业主名单）' }).click();
      await staff.waitForURL((u) => /\/votes\/[A-Za-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
      voteId = staff.url().split('/').pop() as string;
      await expect.poll(() => staff.getByTestId('turnout').textContent(), SLOW).toMatch(/已参与业主：0 \/ 4 位/);

      const owner = await newPage();
      await codeSignIn(owner, OWNER);
      await expect.poll(() => owner.locator('h1').textContent(), SLOW).toContain('您好，郭明');
      await owner.goto(`/votes/${voteId}`);
      await owner.getByText('同意', { exact: true }).click();
      await owner.getByRole('button', { name: '提交选票' }).click();
      await owner.getByRole('button', { name: '确认提交' }).click();
      const receipt = (await owner.getByTestId('receipt-code').textContent({ timeout: 10_000 })) ?? '';
      expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      await axeClean(owner);
      await staff.reload();
      await expect.poll(() => staff.getByTestId('turnout').textContent(), SLOW).toMatch(/已参与业主：1 \/ 4 位/);
    });

    it('a newcomer asks to join from the poster’s page; the community worker approves; the newcomer signs in', async () => {
      const staff = contexts[1]?.pages()[0] as Page;
      await staff.goto(`/join/poster/${compoundId}`);
      await expect.poll(() => staff.getByTestId('join-poster').textContent(), SLOW).toContain('新华小区 加入连心桥');
      if (dialect === 'sqlite') await screenshot(staff, 'go-live-poster');

      const newcomer = await newPage();
      await newcomer.goto(`/join?compound=${compoundId}`);
      await expect.poll(() => newcomer.getByTestId('join-compound').textContent(), SLOW).toContain('新华社区 · 新华小区');
      await newcomer.getByLabel('姓名').fill('何新');
      await newcomer.getByLabel('手机号').fill(NEWCOMER);
      await newcomer.getByLabel('楼栋（如 1栋）').fill('2栋');
      await newcomer.getByLabel('单元（如 2）').fill('2');
      await newcomer.getByLabel('门牌号（如 301）').fill('999');
      await newcomer.getByLabel('您和这套房屋的关系').selectOption('tenant');
      await newcomer.getByRole('button', { name: '提交申请' }).click();
      await expect.poll(() => newcomer.locator('.field-error').first().textContent(), SLOW).toContain('这个小区没有这个门牌');
      await newcomer.getByLabel('门牌号（如 301）').fill('201');
      await axeClean(newcomer);
      await newcomer.getByRole('button', { name: '提交申请' }).click();
      await expect.poll(() => newcomer.getByTestId('join-sent').textContent(), SLOW).toContain('申请已提交');

      await staff.goto('/registry/join-requests');
      await expect.poll(() => staff.getByTestId('join-request').first().textContent(), SLOW).toContain('何新');
      await expect.poll(() => staff.getByTestId('join-request').first().textContent(), SLOW).toContain('137****0009');
      await axeClean(staff);
      if (dialect === 'sqlite') await screenshot(staff, 'go-live-join-requests');
      await staff.getByRole('button', { name: '核对无误，同意' }).click();
      await expect.poll(() => staff.getByTestId('no-join-requests').textContent(), SLOW).toContain('没有待审核的申请');

      await codeSignIn(newcomer, NEWCOMER);
      await expect.poll(() => newcomer.locator('h1').textContent(), SLOW).toContain('您好，何新');
    });
  });
