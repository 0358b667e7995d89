import { useEffect, useState } from 'react';
import { ApiError, api } from './api';

/**
 * Offline support of the page side: whether the phone is online, and the outbox — writes a
 * volunteer made without a network (a visit, a zone duty), kept in IndexedDB, shown as
 * "待上传 N 条" and sent with their Idempotency-Key when the phone is back online. The server
 * then records each once however often it is sent. An answer other than success (e.g. the pair
 * was ended meanwhile) marks the entry a conflict: it stays listed with the server's message until
 * the volunteer dismisses it — never dropped silently. The service worker (public/sw.js) keeps the
 * app and the last answers readable offline.
 */
export interface OutboxEntry {
  key: string;
  url: string;
  body: unknown;
  /** What it is, in the volunteer's words ("探访 万玉清"). */
  label: string;
  createdAt: string;
  state: 'pending' | 'conflict';
  message?: string;
}

const DB_NAME = 'lianxin';
const STORE = 'outbox';
export const API_CACHE = 'lx-api-v1';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const r = fn(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(r.result);
    };
    t.onerror = () => reject(t.error);
  });
}

const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

export function outboxEntries(): Promise<OutboxEntry[]> {
  return tx('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>).then((all) =>
    all.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  );
}

/** Keeps a write for later; `key` is the Idempotency-Key the first attempt already carried. */
export async function queueWrite(key: string, url: string, body: unknown, label: string): Promise<void> {
  const entry: OutboxEntry = { key, url, body, label, createdAt: new Date().toISOString(), state: 'pending' };
  await tx('readwrite', (s) => s.put(entry));
  changed();
}

export async function dismissEntry(key: string): Promise<void> {
  await tx('readwrite', (s) => s.delete(key));
  changed();
}

let sending: Promise<void> | null = null;

/** Sends every pending entry in order; stops at the first network failure (still offline). */
export function sendOutbox(): Promise<void> {
  sending ??= (async () => {
    try {
      for (const e of await outboxEntries()) {
        if (e.state !== 'pending') continue;
        try {
          await api(e.url, { method: 'POST', body: e.body, headers: { 'idempotency-key': e.key } });
          await tx('readwrite', (s) => s.delete(e.key));
        } catch (err) {
          if (err instanceof ApiError && err.code === 'NETWORK') break;
          const message = err instanceof Error ? err.message : String(err);
          await tx('readwrite', (s) => s.put({ ...e, state: 'conflict', message }));
        }
        changed();
      }
    } finally {
      sending = null;
    }
  })();
  return sending;
}

/** True when the browser says it has a network. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The outbox, kept current; sends it whenever the phone comes online (and once at start). */
export function useOutbox(enabled: boolean): OutboxEntry[] {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const online = useOnline();
  useEffect(() => {
    if (!enabled || typeof indexedDB === 'undefined') return;
    const load = () => void outboxEntries().then(setEntries, () => setEntries([]));
    listeners.add(load);
    load();
    return () => {
      listeners.delete(load);
    };
  }, [enabled]);
  useEffect(() => {
    if (enabled && online && typeof indexedDB !== 'undefined') void sendOutbox().catch(() => {});
  }, [enabled, online]);
  return entries;
}

/** At sign-out: forget the answers kept for offline reading (a shared phone keeps nobody's data). */
export async function forgetOfflineAnswers(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(API_CACHE).catch(() => false);
}

/** A fresh Idempotency-Key. */
export function newOutboxKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
