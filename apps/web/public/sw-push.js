/*
 * Web Push for Lianxin's service worker. Works on its own (registered as /sw-push.js when no
 * other service worker controls the app) or inside the app's PWA service worker through
 * `importScripts('/sw-push.js')`. The server sends JSON {title, body, link, kind, urgent}
 * (apps/server/src/modules/notifications/push.ts), encrypted per RFC 8291.
 */

/** The page a notification opens: a path of this app only, never another origin. */
function lianxinTargetUrl(link, origin) {
  if (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//') || link.includes('\\')) {
    return `${origin}/notifications`;
  }
  return origin + link;
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: '连心桥', body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : '连心桥';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      tag: typeof data.link === 'string' ? data.link : undefined,
      icon: '/favicon.svg',
      requireInteraction: data.urgent === true,
      data: { link: data.link },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = lianxinTargetUrl(event.notification.data?.link, self.location.origin);
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = open.find((c) => c.url === url);
      if (same) return same.focus();
      // A new window (the app's other tabs keep what they show). A browser may refuse it — only a
      // click the browser itself delivered may open or focus a window — and then a window of
      // this app's that this worker controls is taken to the page instead, which needs no click.
      const win = await self.clients.openWindow(url).catch(() => null);
      if (win) return win;
      const mine = await self.clients.matchAll({ type: 'window' });
      const first = mine.find((c) => typeof c.navigate === 'function');
      if (!first) return null;
      const moved = await first.navigate(url);
      return moved ? moved.focus().catch(() => moved) : null;
    })(),
  );
});

self.lianxinTargetUrl = lianxinTargetUrl;
