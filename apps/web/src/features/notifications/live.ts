import { useEffect, useRef, useState } from 'react';

type Handler = (data: Record<string, unknown>) => void;

/**
 * One EventSource per tab on /api/v1/live, shared by every component that listens. It opens
 * with the first listener and closes with the last; the browser reconnects by itself.
 */
let source: EventSource | null = null;
const listeners = new Map<string, Set<Handler>>();
const statusListeners = new Set<(connected: boolean) => void>();
let connected = false;
let everConnected = false;

function setConnected(v: boolean) {
  connected = v;
  for (const l of statusListeners) l(v);
}

function ensureSource() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/live');
  source.onerror = () => setConnected(false);
  const dispatch = (type: string) => (ev: MessageEvent) => {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(ev.data as string);
    } catch {
      return;
    }
    for (const h of listeners.get(type) ?? []) h(data);
  };
  for (const type of ['order', 'notification']) source.addEventListener(type, dispatch(type));
  source.addEventListener('ready', () => {
    // After a reconnect (say the instance we were on went away) events may have been missed:
    // every listener gets a resync so lists reload once.
    if (everConnected) for (const set of listeners.values()) for (const h of set) h({ resync: true });
    everConnected = true;
    setConnected(true);
  });
}

function maybeClose() {
  const any = [...listeners.values()].some((s) => s.size > 0);
  if (!any && source) {
    source.close();
    source = null;
    everConnected = false;
    setConnected(false);
  }
}

/** Calls `handler` for each live event of `type` ('order' | 'notification') while mounted. */
export function useLiveEvent(type: 'order' | 'notification', handler: Handler, enabled = true): boolean {
  const ref = useRef(handler);
  ref.current = handler;
  const [isConnected, setIsConnected] = useState(connected);
  useEffect(() => {
    if (!enabled) return;
    const h: Handler = (d) => ref.current(d);
    const set = listeners.get(type) ?? new Set();
    set.add(h);
    listeners.set(type, set);
    statusListeners.add(setIsConnected);
    ensureSource();
    return () => {
      set.delete(h);
      statusListeners.delete(setIsConnected);
      maybeClose();
    };
  }, [type, enabled]);
  return isConnected;
}
