import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../apps/server/src/test/harness';
import { formatViolations, launchBrowser, PHONE, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { type RunningServer, startServer } from './lib/server';
import { type Client, login, long, PHONES, seedXss, type Target, type Who } from './lib/xss-seed';

/**
 * Browser security: stored-XSS payloads written through the API into every user-facing text field
 * we can reach come back as literal text in Chromium — no dialog, no script run, no live
 * javascript: link — under a strict Content-Security-Policy; the session cookie is HttpOnly and
 * SameSite; a cookie without the CSRF header cannot write; uploads are checked by their bytes.
 */

const SCREENSHOTS = new Set(['order done (resident)', 'council issue (resident)', 'vote (resident)', 'project (public)']);

/** A 1×1 PNG: the control that proves the upload route accepts a real image. */
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function directive(csp: string, name: string): string[] | undefined {
  for (const part of csp.split(';')) {
    const [key, ...values] = part.trim().split(/\s+/);
    if (key === name) return values;
  }
  return undefined;
}

async function upload(url: string, c: Client, nodeId: string, filename: string, type: string, bytes: Buffer | string) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type }), filename);
  return fetch(`${url}/api/v1/uploads?nodeId=${nodeId}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
    body: form,
  });
}

for (const dialect of DIALECTS)
  describe(`[${dialect}] browser security: stored XSS, CSP, cookies, CSRF, uploads`, () => {
    let db: TestDatabase;
    let server: RunningServer;
    let secure: RunningServer;
    let browser: Browser;
    let targets: Target[] = [];
    let failures: string[] = [];
    const sessions = new Map<Who, Client>();

    beforeAll(async () => {
      // A second server configured as in production (Secure cookies), started alongside.
      db = await createTestDatabase(dialect);
      await db.database.close();
      const env: Record<string, string> = { LIANXIN_DATA_DIR: db.dataDir };
      if (dialect === 'postgres') env.DATABASE_URL = db.url ?? '';
      [server, secure, browser] = await Promise.all([startServer(env), startServer({ COOKIE_SECURE: 'true' }), launchBrowser()]);
      ({ targets, failures } = await seedXss(server.url));
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await secure?.stop();
      await db?.drop();
    });

    it('accepts the payloads as ordinary text in every module (nothing refused, nothing 5xx)', () => {
      expect(failures.join('\n')).toBe('');
      expect(targets.length).toBeGreaterThanOrEqual(30);
    });

    async function contextFor(who: Who | null): Promise<BrowserContext> {
      const ctx = await phoneContext(browser, server.url);
      if (!who) return ctx;
      if (!sessions.has(who)) sessions.set(who, await login(server.url, who));
      const value = (sessions.get(who) as Client).cookie.split('=').slice(1).join('=');
      await ctx.addCookies([{ name: 'lx_session', value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
      return ctx;
    }

    /** What the page did that it must not: dialogs, script results, live handlers and javascript: URLs. */
    async function executed(page: Page, dialogs: string[]): Promise<string[]> {
      const found = await page.evaluate(() => {
        const out: string[] = [];
        // biome-ignore lint/suspicious/noExplicitAny: the payloads set this global when they run
        const w = window as any;
        if (w.__xss !== undefined) out.push(`window.__xss = ${String(w.__xss)}`);
        for (const el of document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover]'))
          out.push(`element with an inline handler: ${el.outerHTML.slice(0, 120)}`);
        for (const el of document.querySelectorAll('script:not([src])')) out.push(`inline script: ${el.outerHTML.slice(0, 120)}`);
        for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
          for (const attr of ['href', 'src', 'action', 'formaction']) {
            // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop control characters in a URL's scheme, so must this check
            const v = (el.getAttribute(attr) ?? '').replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
            if (v.startsWith('javascript:') || v.startsWith('data:text/html'))
              out.push(`${attr}=${v.slice(0, 60)} on ${el.tagName}`);
          }
        }
        for (const el of document.querySelectorAll('img[src="x"], svg[onload]'))
          out.push(`payload element in the DOM: ${el.outerHTML}`);
        return out;
      });
      return [...dialogs.map((d) => `dialog: ${d}`), ...found];
    }

    // A hang guard, not a speed limit: some 35 pages, each opened, waited on (15 s at most per
    // step) and checked with axe, one after the other; a loaded two-core machine took over 170 s.
    it('shows every payload as literal text on every page that displays it, for the right role', {
      timeout: 480_000,
    }, async () => {
      expect(targets.length).toBeGreaterThan(0);
      const problems: string[] = [];
      let shown = 0;
      const overflow: string[] = [];
      for (const t of targets) {
        const ctx = await contextFor(t.who);
        const page = await ctx.newPage();
        const began = Date.now();
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(`${d.type()} ${d.message()} on ${t.name}`);
          void d.dismiss().catch(() => undefined);
        });
        await page.goto(t.path);
        // Wait for the page's own content (its heading) before judging it.
        await page.locator('h1').first().waitFor({ timeout: 15_000 });
        if (t.press) await page.getByRole('button', { name: t.press }).first().click({ timeout: 15_000 });
        // innerText, not textContent: the payload must be rendered visibly, not just sit in the DOM.
        // biome-ignore lint/performance/useDomNodeTextContent: visible text is the point here
        const missing = async () => page.evaluate((texts) => texts.filter((x) => !document.body.innerText.includes(x)), t.texts);
        const deadline = Date.now() + 10_000;
        let left = await missing();
        while (left.length > 0 && Date.now() < deadline) {
          await page.waitForTimeout(200);
          left = await missing();
        }
        shown += t.texts.length - left.length;
        for (const text of left) problems.push(`${t.name} (${t.path}): payload not shown as text: ${text.slice(0, 40)}…`);
        if (process.env.XSS_DEBUG) console.log(t.name, Date.now() - began, left.length);
        // Give an injected onerror/onload time to fire before looking for its effects.
        await page.waitForTimeout(300);
        for (const p of await executed(page, dialogs)) problems.push(`${t.name} (${t.path}): ${p}`);
        // Reported, not failed (layout, not security): an unbreakable payload that widens the page.
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) overflow.push(`${t.name} (${t.path}): page ${width}px wide`);
        const a11y = formatViolations(await seriousA11yViolations(page));
        if (a11y) problems.push(`${t.name} (${t.path}): accessibility: ${a11y}`);
        if (SCREENSHOTS.has(t.name)) await screenshot(page, `xss-${t.name.replace(/[^a-z]+/gi, '-').toLowerCase()}`);
        await ctx.close();
      }
      if (overflow.length > 0) console.warn(`long unbroken text widens these pages past 390px:\n${overflow.join('\n')}`);
      expect(problems.join('\n')).toBe('');
      expect(shown).toBeGreaterThanOrEqual(40);
    });

    it('the detectors can fail: HTML injected into the page is flagged, and runs only when the CSP is bypassed', async () => {
      const html = `${long('SELF')}<a href="javascript:alert(2)">x</a>`;
      for (const bypassCSP of [false, true]) {
        const ctx = await browser.newContext({ baseURL: server.url, bypassCSP });
        const page = await ctx.newPage();
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss().catch(() => undefined);
        });
        await page.goto('/');
        await page.locator('h1').first().waitFor();
        await page.evaluate((h) => document.body.insertAdjacentHTML('beforeend', h), html);
        await page.waitForTimeout(500);
        const found = (await executed(page, dialogs)).join('\n');
        expect(found).toContain('inline handler');
        expect(found).toContain('href=javascript:');
        // Under the policy the handler is refused; without it, it runs and the dialog is caught.
        if (bypassCSP) {
          expect(found).toContain('window.__xss = ');
          expect(found).toContain('dialog: 1');
        } else expect(found).not.toMatch(/window\.__xss = |dialog:/);
        await ctx.close();
      }
    });

    it('serves the web app under a strict Content-Security-Policy and safe headers', async () => {
      for (const path of ['/', '/orders/mine', '/council/public/issues/x']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        const csp = res.headers.get('content-security-policy') ?? '';
        const scripts = directive(csp, 'script-src') ?? directive(csp, 'default-src');
        expect(scripts).toEqual(["'self'"]);
        expect(directive(csp, 'object-src')).toEqual(["'none'"]);
        expect(directive(csp, 'base-uri')).toEqual(["'self'"]);
        expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
        expect(directive(csp, 'script-src-attr') ?? ["'none'"]).toEqual(["'none'"]);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        // The shell itself carries no inline script the policy would have to allow.
        expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      }
    });

    it('sets the session cookie HttpOnly, SameSite=Lax and Path=/; Secure when configured for production', async () => {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: PHONES.resident, password: 'lianxin2026' }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^lx_session=/);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
      // The login answer hands the CSRF token to the page, never the session token.
      const body = await res.text();
      expect(body).not.toContain(cookie.split(';')[0]?.split('=')[1] ?? '--');

      const r2 = await fetch(`${secure.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: PHONES.resident, password: 'lianxin2026' }),
      });
      expect(r2.status).toBe(200);
      expect(r2.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i);
    });

    it('refuses a cookie-authenticated write without (or with a wrong) x-csrf-token: 403 CSRF_FAILED, nothing written', async () => {
      const c = await login(server.url, 'resident');
      const body = JSON.stringify({ compoundId: 'wuxingaz', title: 'csrf probe', body: 'should not be stored' });
      for (const headers of [{}, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': '' }] as Array<Record<string, string>>) {
        const res = await fetch(`${server.url}/api/v1/discussion/topics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: c.cookie, ...headers },
          body,
        });
        expect(res.status).toBe(403);
        expect((await res.json()).error.code).toBe('CSRF_FAILED');
      }
      // A form-encoded cross-site post (what a forged <form> sends) is refused too.
      const form = await fetch(`${server.url}/api/v1/discussion/topics`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookie },
        body: 'compoundId=wuxingaz&title=csrf+probe&body=x',
      });
      expect(form.status).toBeGreaterThanOrEqual(400);
      expect(form.status).toBeLessThan(500);
      const list = await fetch(`${server.url}/api/v1/discussion/topics?compoundId=wuxingaz`, { headers: { cookie: c.cookie } });
      expect(await list.text()).not.toContain('csrf probe');
      // The same write with the token goes through: the refusal above was the CSRF check.
      const ok = await fetch(`${server.url}/api/v1/discussion/topics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: c.cookie, 'x-csrf-token': c.csrf },
        body,
      });
      expect(ok.status).toBe(201);
    });

    it('checks uploads by their bytes: HTML and SVG named .jpg are refused, a real PNG is kept and served as an image', async () => {
      const c = await login(server.url, 'councilResident');
      const fakes: Array<[string, string, string]> = [
        ['photo.jpg', 'image/jpeg', '<html><body><script>alert(1)</script></body></html>'],
        ['photo.jpg', 'image/jpeg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'],
        ['photo.png', 'image/png', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'],
        ['photo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
        ['photo.gif', 'image/gif', 'GIF89a<script>alert(1)</script>'],
      ];
      for (const [name, type, bytes] of fakes) {
        const res = await upload(server.url, c, 'longshengaz', name, type, bytes);
        expect(res.status, `${name} ${type}: ${bytes.slice(0, 30)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      const res = await upload(server.url, c, 'longshengaz', 'dot.jpg', 'image/jpeg', PNG_1PX);
      expect(res.status).toBe(201);
      const [img] = (await res.json()).images as Array<{ id: string; mime: string }>;
      expect(img?.mime).toBe('image/png');
      const got = await fetch(`${server.url}/api/v1/uploads/${img?.id}`, { headers: { cookie: c.cookie } });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');

      // An order's proof of service goes through the same uploads: the done body takes an upload id,
      // never inline bytes, and only the volunteer's own upload.
      const v = await login(server.url, 'volunteer');
      const r = await login(server.url, 'resident');
      const start = new Date(Date.now() + 3600_000);
      const order = await fetch(`${server.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: r.cookie, 'x-csrf-token': r.csrf },
        body: JSON.stringify({
          category: 'other',
          description: 'upload probe',
          windowStart: start.toISOString(),
          windowEnd: new Date(start.getTime() + 3600_000).toISOString(),
        }),
      });
      const { id } = (await order.json()) as { id: string };
      const w = { cookie: v.cookie, 'x-csrf-token': v.csrf };
      expect((await fetch(`${server.url}/api/v1/orders/${id}/take`, { method: 'POST', headers: w })).status).toBe(200);
      expect((await fetch(`${server.url}/api/v1/orders/${id}/start`, { method: 'POST', headers: w })).status).toBe(200);
      const done = await fetch(`${server.url}/api/v1/orders/${id}/done`, {
        method: 'POST',
        headers: { ...w, 'content-type': 'application/json' },
        body: JSON.stringify({ minutes: 30, photoBase64: Buffer.from('<svg onload=alert(1)></svg>').toString('base64') }),
      });
      expect(done.status).toBe(400);
      const foreign = await fetch(`${server.url}/api/v1/orders/${id}/done`, {
        method: 'POST',
        headers: { ...w, 'content-type': 'application/json' },
        body: JSON.stringify({ minutes: 30, photoId: img?.id }),
      });
      expect(foreign.status).toBe(400);
      expect((await foreign.json()).error.code).toBe('VALIDATION_FAILED');
    });
  });
