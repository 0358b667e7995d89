import type { CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A notification as the page's service worker registration lists it: title, body, link. */
export type ShownNotification = [string, string, string | undefined];

/** The notifications the page's worker registration shows now. */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map(
      (n) => [n.title, n.body, n.data?.link] as [string, string, string | undefined],
    ),
  );
}

/**
 * The app's own service worker (/sw.js, which imports /sw-push.js), registered from `page` and
 * followed over DevTools until one of its versions is activated and running: only then does
 * Chromium hand a DevTools push to the worker's push listener. Before that a push can be dropped
 * without an error, which is what made the click journey fail once under load.
 */
export async function appServiceWorker(page: Page, cdp: CDPSession, origin: string): Promise<string> {
  const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];
  const versions: Array<{ registrationId: string; runningStatus: string; status: string }> = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => versions.push(...e.versions));
  await cdp.send('ServiceWorker.enable');
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  const scope = `${origin}/`;
  const registrationId = async () => registrations.find((r) => r.scopeURL === scope && !r.isDeleted)?.registrationId;
  await expect.poll(registrationId).toBeTruthy();
  const id = (await registrationId()) as string;
  await expect
    .poll(() => versions.some((v) => v.registrationId === id && v.status === 'activated' && v.runningStatus === 'running'))
    .toBe(true);
  return id;
}

/**
 * Delivers one push (as the server sends it) to the worker and waits until it is shown. The
 * notification's tag is its link, so a delivery repeated because the first went unseen replaces
 * it instead of adding a second: the outcome is the same one notification either way. A page
 * that is not on the app (closed, as about:blank) is opened on `inbox` after the first delivery,
 * to read the notifications from.
 */
export async function deliverPush(
  page: Page,
  cdp: CDPSession,
  origin: string,
  registrationId: string,
  payload: { title: string; body: string; link: string; [field: string]: unknown },
  inbox = '/notifications',
): Promise<void> {
  const expected: ShownNotification[] = [[payload.title, payload.body, payload.link]];
  for (let attempt = 1; ; attempt++) {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
    if (!page.url().startsWith(origin)) await page.goto(origin + inbox);
    try {
      await expect.poll(() => shownNotifications(page), { timeout: 5_000 }).toEqual(expected);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}
