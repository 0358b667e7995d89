import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const SOURCE = fs.readFileSync(path.resolve(import.meta.dirname, '../../../public/sw-push.js'), 'utf8');

type Handler = (event: Record<string, unknown>) => void;

/** Runs public/sw-push.js in a stand-in service-worker global and records what it does. */
function load(openWindows: Array<{ url: string }> = [], opts: { refuseOpen?: boolean } = {}) {
  const handlers = new Map<string, Handler>();
  const shown: Array<{ title: string; options: Record<string, unknown> }> = [];
  const opened: string[] = [];
  const focused: string[] = [];
  const navigated: string[] = [];
  const self = {
    location: { origin: 'https://lianxin.example' },
    addEventListener: (type: string, fn: Handler) => handlers.set(type, fn),
    registration: {
      showNotification: async (title: string, options: Record<string, unknown>) => {
        shown.push({ title, options });
      },
    },
    clients: {
      matchAll: async () =>
        openWindows.map((w) => ({
          url: w.url,
          focus: async () => focused.push(w.url),
          navigate: async (url: string) => {
            navigated.push(url);
            return { url, focus: async () => focused.push(url) };
          },
        })),
      openWindow: async (url: string) => {
        if (opts.refuseOpen) throw new Error('InvalidAccessError: Not allowed to open a window.');
        opened.push(url);
        return { url };
      },
    },
  } as Record<string, unknown>;
  vm.runInNewContext(SOURCE, { self });
  const run = async (type: string, event: Record<string, unknown>) => {
    let wait: Promise<unknown> = Promise.resolve();
    handlers.get(type)?.({ ...event, waitUntil: (p: Promise<unknown>) => (wait = p) });
    await wait;
  };
  return { self, run, shown, opened, focused, navigated };
}

const pushEvent = (data: unknown) => ({ data: { json: () => data, text: () => JSON.stringify(data) } });
const click = (link: unknown) => ({ notification: { data: { link }, close: () => undefined } });

describe('sw-push.js', () => {
  it('shows the pushed message, kept on screen when urgent', async () => {
    const sw = load();
    await sw.run('push', pushEvent({ title: '急单：代购', body: '买大米', link: '/orders/o1', kind: 'order.new', urgent: true }));
    expect(sw.shown).toEqual([
      {
        title: '急单：代购',
        options: {
          body: '买大米',
          tag: '/orders/o1',
          icon: '/favicon.svg',
          requireInteraction: true,
          data: { link: '/orders/o1' },
        },
      },
    ]);
  });

  it('opens the order on click, or focuses the window already showing it', async () => {
    const sw = load();
    await sw.run('notificationclick', click('/orders/o1'));
    expect(sw.opened).toEqual(['https://lianxin.example/orders/o1']);
    const open = load([{ url: 'https://lianxin.example/orders/o1' }]);
    await open.run('notificationclick', click('/orders/o1'));
    expect(open.opened).toEqual([]);
    expect(open.focused).toEqual(['https://lianxin.example/orders/o1']);
  });

  it('takes an open window of the app to the page when the browser refuses a new one', async () => {
    const sw = load([{ url: 'https://lianxin.example/notifications' }], { refuseOpen: true });
    await sw.run('notificationclick', click('/orders/o1'));
    expect([sw.opened, sw.navigated, sw.focused]).toEqual([
      [],
      ['https://lianxin.example/orders/o1'],
      ['https://lianxin.example/orders/o1'],
    ]);
    const none = load([], { refuseOpen: true });
    await none.run('notificationclick', click('/orders/o1'));
    expect([none.opened, none.navigated]).toEqual([[], []]);
  });

  it('never opens another origin: a foreign or malformed link opens the inbox', async () => {
    const sw = load();
    for (const link of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', null, 42]) {
      await sw.run('notificationclick', click(link));
    }
    expect(sw.opened).toEqual(Array(6).fill('https://lianxin.example/notifications'));
  });
});
