import webpush from 'web-push';

/** What the browser's PushSubscription.toJSON() gives: where to send and how to encrypt. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The JSON the service worker receives (apps/web/public/sw-push.js shows it). */
export interface PushPayload {
  title: string;
  body: string;
  /** The path to open on click, e.g. /orders/123. */
  link: string | null;
  kind: string;
  urgent: boolean;
}

/** Sends one Web Push message; `status` is the push service's answer (404/410: subscription gone). */
export interface PushSender {
  readonly publicKey: string;
  send(target: PushTarget, payload: PushPayload): Promise<{ status: number }>;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** mailto: or https: contact the push services may use (RFC 8292). */
  subject: string;
}

/** A new VAPID key pair (URL-safe base64), for `lianxin push keygen`. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

/**
 * Web Push through the `web-push` library: it signs the VAPID JWT and encrypts the payload
 * (RFC 8291, aes128gcm); the request itself goes out with fetch, so a timeout applies and a
 * local push service in a test can be plain HTTP.
 */
export function createWebPushSender(keys: VapidKeys, timeoutMs = 10_000): PushSender {
  return {
    publicKey: keys.publicKey,
    async send(target, payload) {
      const req = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: keys,
          TTL: payload.urgent ? 3600 : 24 * 3600,
          urgency: payload.urgent ? 'high' : 'normal',
          contentEncoding: 'aes128gcm',
        },
      );
      const res = await fetch(req.endpoint, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: new Uint8Array(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    },
  };
}
