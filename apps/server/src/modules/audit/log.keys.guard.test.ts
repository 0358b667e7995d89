import { createHash, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointNote } from '@lianxin/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyFile, keyIdOf, loadSigner, verifySignature } from './log.keys';

/*
 * The checkpoint key (issue #21, the public log), against RFC 8032's first Ed25519 test vector:
 * its secret key, public key and the signature of the empty message are known answers.
 */
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_EMPTY_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
/** The RFC's secret key 9d61b1…7f60 as PKCS#8 PEM, as `lianxin log keygen` writes keys. */
const RFC8032_PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n';
const RFC8032_SPKI_PEM = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([
  Buffer.from('302a300506032b6570032100', 'hex'),
  Buffer.from(RFC8032_PUBLIC, 'hex'),
]).toString('base64')}\n-----END PUBLIC KEY-----\n`;
const PUBLIC_B64 = Buffer.from(RFC8032_PUBLIC, 'hex').toString('base64');
const KEY_ID = createHash('sha256').update(Buffer.from(RFC8032_PUBLIC, 'hex')).digest('hex').slice(0, 16);

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-keys-'));
  dirs.push(d);
  return d;
}
function rfcKeyFile(): string {
  const file = path.join(tempDir(), 'log-key.pem');
  fs.writeFileSync(file, RFC8032_PEM, { mode: 0o600 });
  return file;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const NOTE = checkpointNote({ treeSize: 7, rootHash: 'ab'.repeat(32), at: '2026-12-01T08:00:00.000Z' });

describe('log key', () => {
  it('loads a key file into the signer of RFC 8032 test 1: raw key, key id, PEM and signatures exactly', () => {
    const s = loadSigner(rfcKeyFile());
    expect({ keyId: s.keyId, publicKeyRaw: s.publicKeyRaw, publicKeyPem: s.publicKeyPem }).toEqual({
      keyId: KEY_ID,
      publicKeyRaw: PUBLIC_B64,
      publicKeyPem: RFC8032_SPKI_PEM,
    });
    expect(KEY_ID).toBe(keyIdOf(Buffer.from(RFC8032_PUBLIC, 'hex')));
    expect(KEY_ID).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(s.sign(''), 'base64').toString('hex')).toBe(RFC8032_EMPTY_SIGNATURE);
    // The note is signed as UTF-8 text.
    const sig = s.sign(NOTE);
    expect(verifySignature(PUBLIC_B64, NOTE, sig)).toBe(true);
    expect(verifySignature(PUBLIC_B64, '', Buffer.from(RFC8032_EMPTY_SIGNATURE, 'hex').toString('base64'))).toBe(true);
    expect(verifySignature(PUBLIC_B64, '签名 ✓', s.sign('签名 ✓'))).toBe(true);
    expect(verifySignature(PUBLIC_B64, '签名 ✗', s.sign('签名 ✓'))).toBe(false);
  });

  it('publishes the raw public key WebCrypto imports, and the browser verifies the signature with it', async () => {
    const s = loadSigner(rfcKeyFile());
    const key = await webcrypto.subtle.importKey('raw', Buffer.from(s.publicKeyRaw, 'base64'), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    expect(await webcrypto.subtle.verify('Ed25519', key, Buffer.from(s.sign(NOTE), 'base64'), Buffer.from(NOTE))).toBe(true);
  });

  it('refuses a signature over any other note, by another key, or with any byte changed', () => {
    const s = loadSigner(rfcKeyFile());
    const sig = s.sign(NOTE);
    const other = generateKeyFile(path.join(tempDir(), 'other.pem'));
    const otherNotes = [
      checkpointNote({ treeSize: 8, rootHash: 'ab'.repeat(32), at: '2026-12-01T08:00:00.000Z' }),
      checkpointNote({ treeSize: 7, rootHash: 'ac'.repeat(32), at: '2026-12-01T08:00:00.000Z' }),
      checkpointNote({ treeSize: 7, rootHash: 'ab'.repeat(32), at: '2026-12-01T08:00:00.001Z' }),
      NOTE.trimEnd(),
      '',
    ];
    expect(otherNotes.map((n) => verifySignature(PUBLIC_B64, n, sig))).toEqual(otherNotes.map(() => false));
    expect(verifySignature(other.publicKeyRaw, NOTE, sig)).toBe(false);
    expect(verifySignature(PUBLIC_B64, NOTE, other.sign(NOTE))).toBe(false);
    const bytes = Buffer.from(sig, 'base64');
    const flipped = Array.from({ length: bytes.length }, (_, i) => {
      const b = Buffer.from(bytes);
      b[i] = (b[i] as number) ^ 1;
      return verifySignature(PUBLIC_B64, NOTE, b.toString('base64'));
    });
    expect(flipped).toEqual(Array.from({ length: 64 }, () => false));
    expect([
      verifySignature(PUBLIC_B64, NOTE, ''),
      verifySignature(PUBLIC_B64, NOTE, bytes.subarray(0, 63).toString('base64')),
    ]).toEqual([false, false]);
  });

  it('writes a new key with mode 0600 in a folder it makes, and loads the same key again', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'log-key.pem');
    const made = generateKeyFile(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]{64}\n-----END PRIVATE KEY-----\n$/,
    );
    const again = loadSigner(file);
    expect([again.keyId, again.publicKeyRaw, again.publicKeyPem]).toEqual([made.keyId, made.publicKeyRaw, made.publicKeyPem]);
    expect(made.keyId).toBe(keyIdOf(Buffer.from(made.publicKeyRaw, 'base64')));
    expect(verifySignature(made.publicKeyRaw, NOTE, again.sign(NOTE))).toBe(true);
  });

  it('refuses to overwrite an existing key', () => {
    const file = rfcKeyFile();
    expect(() => generateKeyFile(file)).toThrow(new Error(`a key already exists at ${file}; move it away first`));
    expect(fs.readFileSync(file, 'utf8')).toBe(RFC8032_PEM);
  });

  it('makes a key on first use where none exists, and reuses it after', () => {
    const file = path.join(tempDir(), 'first-start', 'log-key.pem');
    const first = loadSigner(file);
    const pem = fs.readFileSync(file, 'utf8');
    const second = loadSigner(file);
    expect([second.keyId, fs.readFileSync(file, 'utf8')]).toEqual([first.keyId, pem]);
  });

  it('uses the key another process made between its check and its write, and leaves that key as it is', () => {
    const file = rfcKeyFile();
    // Both existence checks run before the other process's write lands; the exclusive write fails.
    const exists = vi.spyOn(fs, 'existsSync');
    exists.mockReturnValueOnce(false).mockReturnValueOnce(false);
    const s = loadSigner(file);
    expect([s.keyId, fs.readFileSync(file, 'utf8')]).toEqual([KEY_ID, RFC8032_PEM]);
  });

  it('passes on the error when no key could be made and none appeared', () => {
    const blocker = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const file = path.join(blocker, 'log-key.pem');
    expect(() => loadSigner(file)).toThrow(`EEXIST: file already exists, mkdir '${blocker}'`);
  });
});
