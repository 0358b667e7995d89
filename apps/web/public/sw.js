/*
 * Lianxin's service worker (hand-written; no build step). It makes the installed app open with no
 * network and show what was last loaded:
 * - pages (navigations): network first, else the cached app shell (index.html);
 * - built assets (/assets/*, icons): cache first — their names carry a content hash;
 * - GET /api/v1/* answers: network first, each good answer kept, the kept one served offline with
 *   the header "x-lianxin-offline: 1" so the page can say 离线. The page deletes this cache at
 *   sign-out (lib/offline.ts), so one person's data does not stay on a shared phone.
 * Writes (POST/PUT/PATCH/DELETE) are never cached or replayed here: the page's outbox
 * (IndexedDB, lib/offline.ts) sends them with Idempotency-Keys when the phone is back online.
 *
 * PUSH HOOK: Web Push (issue 16, items 2–3) lives in its own file, /sw-push.js (apps/web/public/),
 * with the `push` and `notificationclick` listeners. It is imported below when present; until it
 * exists the import fails quietly and this worker runs without push.
 */
const SHELL = 'lx-shell-v1';
const API = 'lx-api-v1';

try {
  importScripts('/sw-push.js');
} catch {
  // no push handler deployed
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function shellFirstOffline(request) {
  try {
    const res = await fetch(request);
    if (res.ok) {
      const c = await caches.open(SHELL);
      await c.put('/', res.clone());
    }
    return res;
  } catch {
    return (await caches.match('/')) ?? Response.error();
  }
}

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) (await caches.open(SHELL)).put(request, res.clone());
  return res;
}

async function apiNetworkFirst(request) {
  try {
    const res = await fetch(request);
    if (res.ok) (await caches.open(API)).put(request, res.clone());
    return res;
  } catch {
    const hit = await (await caches.open(API)).match(request);
    if (!hit) return Response.error();
    const headers = new Headers(hit.headers);
    headers.set('x-lianxin-offline', '1');
    return new Response(await hit.blob(), { status: hit.status, statusText: hit.statusText, headers });
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The live stream (SSE) and uploads are never cached.
  if (url.pathname === '/api/v1/live' || url.pathname.startsWith('/api/v1/uploads/')) return;
  if (request.mode === 'navigate') return event.respondWith(shellFirstOffline(request));
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) return event.respondWith(cacheFirst(request));
  if (url.pathname.startsWith('/api/v1/')) return event.respondWith(apiNetworkFirst(request));
});
