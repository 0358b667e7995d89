import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
export const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 860 } as const;

/** The browsers this test file has open: what `on-failure.ts` looks into when a journey fails. */
export const openBrowsers = new Set<Browser>();

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh, empty user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  openBrowsers.add(browser);
  browser.once('disconnected', () => openBrowsers.delete(browser));
  return browser;
}

export async function phoneContext(browser: Browser, baseURL: string, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
}

/** Signs a browser context in with an API login's session cookie (`lx_session=…`). */
export async function withSession(ctx: BrowserContext, baseURL: string, cookie: string): Promise<BrowserContext> {
  const value = cookie.split('=').slice(1).join('=');
  await ctx.addCookies([{ name: 'lx_session', value, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
  return ctx;
}

/** A phone already signed in (see withSession). */
export async function signedInPhone(browser: Browser, baseURL: string, cookie: string): Promise<BrowserContext> {
  return withSession(await phoneContext(browser, baseURL), baseURL, cookie);
}

/**
 * Opens pages at the two sizes the journeys are shot at (1280×800 and the phone), in Chinese,
 * signed in as `who` when given. Every context opened joins `contexts`, which the caller closes in
 * afterAll; the browser and server come as getters because beforeAll starts them.
 */
export function pageOpener(browser: () => Browser, baseURL: () => string, contexts: BrowserContext[]) {
  const open = async (ctx: BrowserContext, who?: string) => {
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (who) await signIn(page, who);
    return page;
  };
  return {
    desktop: async (who?: string) =>
      open(await browser().newContext({ baseURL: baseURL(), viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }), who),
    phone: async (who?: string) => open(await phoneContext(browser(), baseURL(), 'zh-CN'), who),
  };
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core on the page; returns the serious and critical violations (the test fails on any). */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() runs through the DevTools protocol, so the strict CSP stays on while axe runs.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
    const axe = (window as any).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function formatViolations(v: AxeViolation[]): string {
  return v.map((x) => `${x.id} (${x.impact}): ${x.help} at ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in on the login page with a demo account's password; waits for the home page's greeting. */
export async function signIn(page: Page, phone: string, password = 'lianxin2026'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('您好');
}

/** Fails with the list of serious or critical axe violations, if any. */
export async function axeClean(page: Page): Promise<void> {
  expect(formatViolations(await seriousA11yViolations(page))).toBe('');
}

/** Signs in as a demo account from the login page's list (demo mode) and waits for the greeting. */
export async function signInDemo(page: Page, name: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('h1')?.textContent?.includes(`您好，${n}`), name);
}

/** An API session of its own (as another device), for setting up what a journey starts from. */
export async function apiAs(browser: Browser, baseURL: string, phone: string, password = 'lianxin2026') {
  const ctx = await browser.newContext({ baseURL });
  const login = await ctx.request.post('/api/v1/auth/login', { data: { phone, password } });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { ctx, post: (url: string, data: unknown) => ctx.request.post(url, { data, headers: { 'x-csrf-token': csrfToken } }) };
}

/**
 * Axe-clean and a screenshot at 1280 × 800 and at 390 × 844, ending at the phone size, where
 * nothing may scroll sideways.
 */
export async function bothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await axeClean(page);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await axeClean(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, `${name}-phone`);
}
