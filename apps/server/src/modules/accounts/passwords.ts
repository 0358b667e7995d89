import { randomBytes, type ScryptOptions, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { type Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's recommended minimum (Password Storage Cheat Sheet): m = 19 MiB, t = 2, p = 1.
 * Memory-hard and resistant to side channels; the cost is in bench/results/auth.md.
 */
/** `Algorithm.Argon2id`: the package's enum is a const enum, which isolated modules cannot read. */
export const ARGON2ID = 2 as Algorithm;
export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The parameters of the scrypt hashes stored before argon2id; verified, then rehashed at sign-in. */
const SCRYPT_MAXMEM = 64 * 1024 * 1024;
const SCRYPT_KEYLEN = 32;

function scrypt(password: string, salt: Buffer, p: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, SCRYPT_KEYLEN, p, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The one form a password is hashed and compared in: "ｐａｓｓ" and "pass" are the same password. */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

/** Returns an argon2id PHC string ("$argon2id$v=19$m=…,t=…,p=…$salt$hash"), self-describing. */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(normalize(password), ARGON2_PARAMS);
}

/** Only for tests of the upgrade path: a hash in the pre-argon2 scrypt format, "scrypt$N$r$p$salt$hash". */
export async function legacyScryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(normalize(password), salt, { N: 1 << 14, r: 8, p: 1, maxmem: SCRYPT_MAXMEM });
  return `scrypt$${1 << 14}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6) return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const key = await scrypt(normalize(password), Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  });
  const expected = Buffer.from(hash, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/**
 * Checks a password against a stored hash: argon2id, or the scrypt format used before it. Without a
 * stored hash it still spends the time of one argon2id verify, so timing does not reveal accounts.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (stored === null) {
    await argon2Verify(await dummyHash(), normalize(password));
    return false;
  }
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  if (!stored.startsWith('$argon2')) return false;
  try {
    return await argon2Verify(stored, normalize(password));
  } catch {
    return false; // a malformed stored hash matches nothing
  }
}

/**
 * True when a stored hash is not argon2id at the current parameters: the sign-in that has just
 * verified the password replaces it.
 */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return (
    !m ||
    Number(m[1]) !== ARGON2_PARAMS.memoryCost ||
    Number(m[2]) !== ARGON2_PARAMS.timeCost ||
    Number(m[3]) !== ARGON2_PARAMS.parallelism
  );
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= argon2Hash(randomBytes(16).toString('hex'), ARGON2_PARAMS);
  return dummy;
}
