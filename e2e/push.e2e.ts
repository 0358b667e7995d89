import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { formatViolations, launchBrowser, phoneContext, screenshot, seriousA11yViolations } from './lib/browser';
import { appServiceWorker, deliverPush } from './lib/push-worker';
import { type RunningServer, startServer } from './lib/server';

/** Decrypts an RFC 8291 (aes128gcm) push body with the subscription's private key and auth secret. */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idlen = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdh.computeSecret(asPublic), auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const d = createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([d.update(record.subarray(0, record.length - 16)), d.final()]);
  let end = plain.length - 1;
  while (end > 0 && plain[end] === 0) end--;
  return plain.subarray(0, end).toString('utf8');
}

/** Signs in through the API: the cookie and CSRF token for later calls. */
async function apiLogin(base: string, phone: string) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: 'lianxin2026' }),
  });
  expect(r.status).toBe(200);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
}

describe('Web Push: an elder’s order reaches a volunteer who has no page open', () => {
  let server: RunningServer;
  let browser: Browser;
  let pushService: http.Server;
  const arrived: Buffer[] = [];

  beforeAll(async () => {
    pushService = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        arrived.push(Buffer.concat(chunks));
        res.statusCode = 201;
        res.end();
      });
    });
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', () => r()));
    const keys = webpush.generateVAPIDKeys();
    server = await startServer({
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: 'mailto:e2e@lianxin.local',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((r) => pushService.close(() => r()));
  });

  it('the push (delivered through DevTools) shows a notification; she takes the order; the elder’s SMS names her', async () => {
    // 黄园's phone: the app's service worker is installed, the page is then left.
    const ctx = await phoneContext(browser, server.url);
    await ctx.grantPermissions(['notifications'], { origin: server.url });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /黄园/ }).click();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('黄园');
    const cdp = await ctx.newCDPSession(page);
    // The app's own worker (the page registers it too), which imports /sw-push.js: the real wiring.
    const registrationId = await appServiceWorker(page, cdp, server.url);

    // Her device's subscription points at the test's push service (Chromium's own needs FCM).
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const asVolunteer = await apiLogin(server.url, '19900000002');
    const endpoint = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}/huang`;
    const sub = await asVolunteer('/api/v1/notifications/push-subscriptions', {
      endpoint,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    });
    expect(sub.status).toBe(200);
    await page.goto('about:blank');

    // 万玉清 places an order and closes the page.
    const asElder = await apiLogin(server.url, '19900000001');
    const start = Date.now() + 3600_000;
    const placed = await asElder('/api/v1/orders', {
      category: 'shopping',
      description: '买大米',
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(start + 7200_000).toISOString(),
    });
    expect(placed.status).toBe(201);
    const orderId = ((await placed.json()) as { id: string }).id;

    await expect.poll(() => arrived.length, { timeout: 15_000 }).toBe(1);
    const payload = JSON.parse(decrypt(arrived[0] as Buffer, ecdh, auth));
    expect(payload).toEqual({
      title: '新求助：代购',
      body: '买大米',
      link: `/orders/${orderId}`,
      kind: 'order.new',
      urgent: false,
    });
    // Delivered with her page closed; she opens the app and the notification is there.
    await deliverPush(page, cdp, server.url, registrationId, payload);
    // The settings: channels per category, push on one device.
    await expect.poll(() => page.getByRole('heading', { name: '各类消息的提醒渠道' }).count()).toBe(1);
    await expect.poll(() => page.getByText('已开启推送的设备：1 台').count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: '议事协商 · 短信' }).isChecked()).toBe(false);
    expect(formatViolations(await seriousA11yViolations(page))).toBe('');
    await screenshot(page, 'notification-channels-phone');

    // The click opens the order (sw-push.js: sw-push.test.ts and notification-click.e2e.ts test it).
    await page.goto(payload.link);
    await page.getByRole('button', { name: '我来接单' }).click();
    await expect
      .poll(() => server.logs.join(''), { timeout: 15_000 })
      .toContain('[sms to 199****0001] 【连心桥】志愿者黄园已接单：代购：志愿者会按约定时间上门');
    await ctx.close();
  });
});
