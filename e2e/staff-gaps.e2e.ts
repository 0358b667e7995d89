import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeClean, bothSizes, launchBrowser, phoneContext, screenshot } from './lib/browser';
import { JOURNEY_DATABASES, type RunningServer, startServerOn } from './lib/server';

/**
 * Issue 19's last three gaps, at 1280 × 800 and 390 × 844: the dashboard's households and
 * residents open their lists; 业委会 members who own no unit are flagged; a contract as a PDF.
 */
const PASSWORD = 'lianxin2026';
const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区
const DISTRICT = '19900000008'; // 刘贞, district admin
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const WHOLE_PHONE = /1[3-9]\d{9}/;

/** expect.poll with room for a loaded machine: a lazy page's first load can take seconds here. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

/** A small, valid, one-page PDF. */
function pdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );
}

for (const database of JOURNEY_DATABASES)
  describe(`[${database}] staff gaps of issue 19: households and residents lists, non-owner committee members, PDF contracts`, () => {
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    /** A signed-in phone-sized page, and the session's CSRF token for API writes. */
    async function signedIn(phone: string): Promise<{ page: Page; csrf: string }> {
      const ctx = await phoneContext(browser, server.url);
      contexts.push(ctx);
      const r = await ctx.request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
      expect(r.status()).toBe(200);
      const { csrfToken } = (await r.json()) as { csrfToken: string };
      return { page: await ctx.newPage(), csrf: csrfToken };
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

    it('the households and residents figures open lists as long as they say, in the secretary’s compound only, phones masked', async () => {
      const { page } = await signedIn(SECRETARY);
      for (const [figure, size] of [
        ['households', DESKTOP],
        ['residents', PHONE],
      ] as const) {
        await page.setViewportSize(size);
        await page.goto('/dashboard/wuxingaz?static=1');
        const link = page.locator(`a[data-figure="${figure}"]`);
        await poll(() => link.count()).toBe(1);
        const shown = Number((await link.textContent())?.replaceAll(',', ''));
        expect(shown).toBeGreaterThan(50);
        await link.click();
        const pages = Math.ceil(shown / 50);
        await poll(() => page.getByTestId('figure-total').textContent()).toBe(`共 ${shown} 条，第 1 / ${pages} 页`);
        const rows = page.getByTestId('figure-rows').locator('li');
        expect(await rows.count()).toBe(50);
        const api = (await (await page.request.get(`/api/v1/dashboard/wuxingaz/lists/${figure}`)).json()) as {
          total: number;
          rows: Array<{ title: string; detail: string; place: string }>;
        };
        expect(api.total).toBe(shown);
        expect(await rows.allTextContents()).toEqual(api.rows.map((r) => `${r.title} · ${r.detail} · ${r.place}`));
        expect(new Set(api.rows.map((r) => r.place))).toEqual(new Set(['五星社区安置小区']));
        expect(await page.getByTestId('figure-rows').textContent()).not.toMatch(WHOLE_PHONE);
        expect(await page.getByTestId('figure-rows').textContent()).toMatch(/1[3-9]\d\*{4}\d{4}/);
        await axeClean(page);
        await screenshot(page, `staff-dashboard-list-${figure}-${size === DESKTOP ? 'desktop' : 'phone'}`);
        await page.getByRole('button', { name: '下一页' }).click();
        await poll(() => page.getByTestId('figure-total').textContent()).toBe(`共 ${shown} 条，第 2 / ${pages} 页`);
        await bothSizes(page, `staff-dashboard-list-${figure}-page2`);
      }
      // Another compound's people are not the secretary's to list.
      expect((await page.request.get('/api/v1/dashboard/longshengaz/lists/residents')).status()).toBe(404);
      await page.goto('/dashboard/longshengaz/lists/residents');
      await poll(() => page.getByRole('alert').count()).toBe(1);
      expect(await page.getByTestId('figure-rows').count()).toBe(0);
    });

    it('a 业委会 member whose ownership is removed in the register is flagged 不是本小区业主, with what to do and the count', async () => {
      const { page } = await signedIn(DISTRICT);
      const orgUrl = '/api/v1/registry/compounds/longshengaz/organisations';
      type Member = { id: string; name: string; position: string; owner: boolean };
      const before = ((await (await page.request.get(orgUrl)).json()) as { committee: { members: Member[]; notOwners: number } })
        .committee;
      // A member who is the one owner of the flat they live in, and owns nothing else here.
      let found: { seller: Member; buildingId: string; label: string } | undefined;
      for (const m of before.members.filter((x) => x.owner && x.position === 'member')) {
        const person = (await (await page.request.get(`/api/v1/registry/people/${m.id}`)).json()) as {
          address: { buildingId: string | null; unitId: string | null } | null;
          owns: Array<{ unitId: string }>;
        };
        const home = person.address;
        if (!home?.buildingId || person.owns.length !== 1 || person.owns[0]?.unitId !== home.unitId) continue;
        const building = (await (await page.request.get(`/api/v1/registry/buildings/${home.buildingId}`)).json()) as {
          units: Array<{ id: string; label: string; owners: unknown[] }>;
        };
        const unit = building.units.find((u) => u.id === home.unitId);
        if (unit?.owners.length === 1) {
          found = { seller: m, buildingId: home.buildingId, label: unit.label };
          break;
        }
      }
      expect(found).toBeDefined();
      const { seller, buildingId, label } = found as NonNullable<typeof found>;

      // They sold the flat: the staff untick them as its owner on the building page.
      await page.goto(`/registry/buildings/${buildingId}`);
      const editor = page.locator('details', { has: page.locator('summary', { hasText: `修改 ${label}` }) });
      await editor.locator('summary').click();
      const ownersForm = editor.locator('form', { has: page.locator('legend', { hasText: '业主（勾选）' }) });
      await ownersForm.getByLabel(seller.name, { exact: true }).uncheck();
      await ownersForm.getByRole('button', { name: '保存' }).click();
      await poll(() => ownersForm.getByRole('status').textContent()).toContain('已保存');

      await page.goto('/registry/compounds/longshengaz/org');
      const committee = page.locator('section[aria-labelledby="committee-h"]');
      await poll(() => committee.locator('li[data-member]').count()).toBe(before.members.length);
      const expected = before.members.map((m) => [m.id, m.id === seller.id ? 'no' : m.owner ? 'yes' : 'no']);
      const shown = await committee
        .locator('li[data-member]')
        .evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-member'), li.getAttribute('data-owner')]));
      expect(shown).toEqual(expected);
      const flagged = expected.filter(([, o]) => o === 'no').length;
      expect(flagged).toBe(before.notOwners + 1);
      expect(await committee.locator('li[data-member]', { hasText: '不是本小区业主' }).count()).toBe(flagged);
      expect(await committee.locator(`li[data-member="${seller.id}"]`).textContent()).toContain('不是本小区业主');
      expect(await page.getByTestId('not-owners').textContent()).toBe(
        `${flagged} 位委员不是本小区业主只有本小区的业主才能担任业委会委员。请先核实房屋登记：登记有误的，在楼栋页打开该户的“修改”，勾选其为业主；确已不是业主的（如已卖房），按业主大会议事规则终止其委员职务，再点“移出”。`,
      );
      await page.getByTestId('not-owners').scrollIntoViewIfNeeded();
      await bothSizes(page, 'committee-not-owner-flag');
      await page.getByRole('link', { name: '帮助' }).click();
      await poll(() => page.locator('h1').textContent()).toBe('怎样处理不是业主的业委会委员');
      await bothSizes(page, 'committee-not-owner-help');
    });

    it('a contract uploaded as a PDF: a fake and an oversized PDF are refused at the form, the real one is public only with consent, as a download', async () => {
      const { page, csrf } = await signedIn(DISTRICT);
      const created = await page.request.post('/api/v1/projects', {
        data: {
          nodeId: 'wuxingaz',
          title: '五星安置小区屋面防水',
          status: 'in_progress',
          items: [{ name: '防水', budgetFen: 100_000 }],
        },
        headers: { 'x-csrf-token': csrf },
      });
      expect(created.status()).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      await page.setViewportSize(DESKTOP);
      await page.goto(`/projects/${id}`);
      await poll(() => page.locator('h1').textContent()).toBe('五星安置小区屋面防水');
      await page.getByRole('button', { name: '公开到项目公示页' }).click();
      await poll(() => page.getByRole('button', { name: '取消公开' }).count()).toBe(1);

      const form = page.locator('form', { has: page.getByLabel('附件类型') });
      await form.getByLabel('附件类型').selectOption('contract');
      const file = form.getByLabel('上传文件（PDF 或图片）');
      expect(await file.getAttribute('accept')).toBe('application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif');
      // An HTML page named as a PDF.
      await file.setInputFiles({
        name: '合同.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('<html><script>alert(1)</script></html>'),
      });
      await form.getByRole('button', { name: '上传文件', exact: true }).click();
      await poll(() => form.getByRole('alert').textContent()).toBe('出错了：只能上传 PDF 文件或 JPEG、PNG、WebP 图片');
      await form.getByRole('alert').scrollIntoViewIfNeeded();
      await bothSizes(page, 'project-pdf-refused-fake');
      // Over 10 MB.
      const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
      await page.setViewportSize(DESKTOP);
      await file.setInputFiles({ name: '合同.pdf', mimeType: 'application/pdf', buffer: big });
      await form.getByRole('button', { name: '上传文件', exact: true }).click();
      await poll(() => form.getByRole('alert').textContent()).toBe('出错了：PDF 文件太大：最多 10 MB，请压缩或分成几份再上传');
      expect(((await (await page.request.get(`/api/v1/projects/${id}`)).json()) as { photos: unknown[] }).photos).toEqual([]);

      // The real contract, without consent: internal only.
      await file.setInputFiles({ name: '合同.pdf', mimeType: 'application/pdf', buffer: pdf() });
      await form.getByRole('button', { name: '上传文件', exact: true }).click();
      await poll(() => page.getByText('未同意公开，仅内部可见').count()).toBe(1);
      expect(await form.getByRole('alert').count()).toBe(0);
      const staffLink = page.locator('.pj-photos figure[data-file="pdf"] a');
      expect(await staffLink.textContent()).toBe('PDF 下载合同（PDF）PDF 文件，点击下载后用阅读器打开');
      const href = (await staffLink.getAttribute('href')) as string;
      const staffGet = await page.request.get(href);
      expect([staffGet.status(), staffGet.headers()['content-type'], staffGet.headers()['content-disposition']]).toEqual([
        200,
        'application/pdf',
        `attachment; filename="${href.split('/').at(-1)}.pdf"`,
      ]);
      expect((await staffGet.body()).equals(pdf())).toBe(true);
      await staffLink.scrollIntoViewIfNeeded();
      await bothSizes(page, 'project-pdf-internal');

      const pub = await browser.newContext({ baseURL: server.url, viewport: PHONE, locale: 'zh-CN' });
      contexts.push(pub);
      const anyone = await pub.newPage();
      await anyone.goto(`/public/projects/${id}`);
      await poll(() => anyone.locator('h1').textContent()).toBe('五星安置小区屋面防水');
      expect(await anyone.locator('.pj-photos figure').count()).toBe(0);
      expect((await anyone.request.get(href)).status()).toBe(404);

      // Consent recorded: the public page links the PDF, a sandboxed download.
      await page.setViewportSize(DESKTOP);
      await page.getByRole('button', { name: '记录合同的公开同意' }).click();
      await poll(() => page.getByText('已同意公开').count()).toBe(1);
      await anyone.reload();
      const publicLink = anyone.locator('.pj-photos figure[data-file="pdf"] a');
      await poll(() => publicLink.count()).toBe(1);
      expect([await publicLink.getAttribute('href'), await publicLink.getAttribute('type')]).toEqual([href, 'application/pdf']);
      const anon = await anyone.request.get(href);
      expect([
        anon.status(),
        anon.headers()['content-type'],
        anon.headers()['content-disposition'],
        anon.headers()['content-security-policy'],
      ]).toEqual([200, 'application/pdf', `attachment; filename="${href.split('/').at(-1)}.pdf"`, "sandbox; default-src 'none'"]);
      const [download] = await Promise.all([anyone.waitForEvent('download'), publicLink.click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      await publicLink.scrollIntoViewIfNeeded();
      await bothSizes(anyone, 'project-pdf-public');
    });
  });
