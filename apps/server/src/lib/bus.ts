import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type BusHandler = (payload: unknown) => void;

/**
 * Live events between the app instances: in one process an EventEmitter; with REDIS_URL, Redis
 * pub/sub, so an event raised on instance A reaches a page connected to instance B.
 */
export interface Bus {
  publish(channel: string, payload: unknown): Promise<void>;
  subscribe(channel: string, handler: BusHandler): () => void;
  /** Resolves once every subscription made so far is live (Redis confirms SUBSCRIBE asynchronously). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createLocalBus(): Bus {
  const em = new EventEmitter();
  em.setMaxListeners(0);
  return {
    async publish(channel, payload) {
      em.emit(channel, payload);
    },
    subscribe(channel, handler) {
      em.on(channel, handler);
      return () => em.off(channel, handler);
    },
    async flush() {},
    async close() {
      em.removeAllListeners();
    },
  };
}

export function createRedisBus(url: string): Bus {
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const counts = new Map<string, number>();
  let pending: Array<Promise<unknown>> = [];
  sub.on('message', (channel: string, message: string) => {
    try {
      local.emit(channel, JSON.parse(message));
    } catch {
      // a malformed message from outside is ignored
    }
  });
  return {
    async publish(channel, payload) {
      await pub.publish(channel, JSON.stringify(payload));
    },
    subscribe(channel, handler) {
      local.on(channel, handler);
      const n = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, n);
      if (n === 1) {
        const p = sub.subscribe(channel).catch(() => undefined);
        pending.push(p);
        void p.then(() => {
          pending = pending.filter((x) => x !== p);
        });
      }
      return () => {
        local.off(channel, handler);
        const left = (counts.get(channel) ?? 1) - 1;
        if (left <= 0) {
          counts.delete(channel);
          void sub.unsubscribe(channel);
        } else counts.set(channel, left);
      };
    },
    async flush() {
      await Promise.all(pending);
    },
    async close() {
      local.removeAllListeners();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
