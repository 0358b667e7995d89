import { useEffect, useSyncExternalStore } from 'react';
import { api } from './api';

/**
 * The signed-in person's unread-notification count, one per tab: the header badge reads it, and
 * the inbox reports what it learns (marking read), so the two never disagree.
 */
let unread = 0;
let generation = 0;
let inFlight: Promise<void> | null = null;
let again = false;
const subscribers = new Set<() => void>();

function publish(n: number) {
  if (n === unread) return;
  unread = n;
  for (const s of subscribers) s();
}

/** Tell the badge the count the server just gave (the inbox's answers carry it). */
export function setUnreadCount(n: number): void {
  publish(n);
}

/**
 * Ask the server again. Calls while a request is out coalesce into one more, so a burst of live
 * events costs two requests, and an answer for a signed-out or other account is dropped.
 */
export function refreshUnreadCount(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  const gen = generation;
  inFlight = api<{ unread: number }>('/api/v1/notifications/unread-count')
    .then(
      (r) => {
        if (gen === generation) publish(r.unread);
      },
      () => {
        // The badge is a hint; the inbox shows errors. Keep the last count.
      },
    )
    .finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        void refreshUnreadCount();
      }
    });
  return inFlight;
}

function resetUnreadCount() {
  generation++;
  again = false;
  publish(0);
}

function subscribe(cb: () => void) {
  subscribers.add(cb);
  return () => subscribers.delete(cb);
}

/**
 * The unread count for `accountId` (null: signed out, always 0). Loads once per account;
 * call `refreshUnreadCount` when something may have changed it (a live notification event).
 */
export function useUnreadCount(accountId: string | null): number {
  useEffect(() => {
    resetUnreadCount();
    if (accountId) void refreshUnreadCount();
  }, [accountId]);
  return useSyncExternalStore(subscribe, () => unread);
}
