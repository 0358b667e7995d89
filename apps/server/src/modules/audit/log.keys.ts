import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The deployment's Ed25519 checkpoint key, and the public half everyone verifies with. */
export interface LogSigner {
  keyId: string;
  /** Raw 32-byte public key, base64 (what WebCrypto's importKey('raw', …) takes). */
  publicKeyRaw: string;
  publicKeyPem: string;
  sign(note: string): string;
}

/** The key id: the first 16 hex digits of SHA-256 of the raw public key. */
export function keyIdOf(publicKeyRaw: Buffer): string {
  return createHash('sha256').update(publicKeyRaw).digest('hex').slice(0, 16);
}

function rawOf(pub: KeyObject): Buffer {
  // The raw key is the last 32 bytes of the Ed25519 SPKI DER encoding.
  return pub.export({ format: 'der', type: 'spki' }).subarray(-32);
}

/** Writes a new private key (PKCS#8 PEM, mode 0600). Refuses to overwrite an existing key. */
export function generateKeyFile(file: string): LogSigner {
  if (fs.existsSync(file)) throw new Error(`a key already exists at ${file}; move it away first`);
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return signerOf(privateKey);
}

function signerOf(privateKey: KeyObject): LogSigner {
  const pub = createPublicKey(privateKey);
  const raw = rawOf(pub);
  return {
    keyId: keyIdOf(raw),
    publicKeyRaw: raw.toString('base64'),
    publicKeyPem: pub.export({ format: 'pem', type: 'spki' }).toString(),
    sign: (note) => sign(null, Buffer.from(note, 'utf8'), privateKey).toString('base64'),
  };
}

/**
 * The signer from the key file; when the file does not exist yet (a first start, a test) a key
 * is made there, so a single instance works out of the box. Several instances must share one
 * key made with `lianxin log keygen` (docs/deploy.md).
 */
export function loadSigner(file: string): LogSigner {
  if (!fs.existsSync(file)) {
    try {
      return generateKeyFile(file);
    } catch (err) {
      // Another process made it between the check and the write: use theirs.
      if (!fs.existsSync(file)) throw err;
    }
  }
  return signerOf(createPrivateKey(fs.readFileSync(file)));
}

/** Checks a checkpoint signature against a raw base64 public key. */
export function verifySignature(publicKeyRaw: string, note: string, signature: string): boolean {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyRaw, 'base64')]);
  const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  try {
    return verify(null, Buffer.from(note, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
