import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateVapidKeys } from '../modules/notifications/push';

/** VAPID keys for a test server (config.vapid). */
export function testVapid() {
  return { ...generateVapidKeys(), subject: 'mailto:test@lianxin.local' };
}

/** A browser's side of a push subscription: its P-256 key pair and auth secret. */
export function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, p256dh: ecdh.getPublicKey().toString('base64url'), authB64: auth.toString('base64url') };
}
export type BrowserKeys = ReturnType<typeof browserKeys>;

/**
 * RFC 8291 (Message Encryption for Web Push) with RFC 8188 aes128gcm, as a browser decrypts:
 * header = salt(16) | rs(4) | idlen(1) | keyid (the server's ephemeral public key); then
 * IKM = HKDF(auth, ECDH, "WebPush: info\0" | ua_public | as_public, 32),
 * CEK = HKDF(salt, IKM, "Content-Encoding: aes128gcm\0", 16), NONCE = HKDF(salt, IKM, "Content-Encoding: nonce\0", 12).
 * Throws when the record's padding delimiter is not 0x02 (a single, last record).
 */
export function decryptPush(body: Buffer, keys: BrowserKeys): string {
  const salt = body.subarray(0, 16);
  const idlen = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  const secret = keys.ecdh.computeSecret(asPublic);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, keys.auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end > 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error(`padding delimiter ${plain[end]}, expected 2`);
  return plain.subarray(0, end).toString('utf8');
}

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A local push service: records what arrives and answers with the status set per path (201 by default). */
export function startPushService() {
  const received: ReceivedPush[] = [];
  const status = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = status.get(req.url ?? '') ?? 201;
      res.end();
    });
  });
  return new Promise<{
    server: http.Server;
    base: string;
    received: ReceivedPush[];
    status: Map<string, number>;
    close(): Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        status,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}
