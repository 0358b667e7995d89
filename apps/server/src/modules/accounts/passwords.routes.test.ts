import { type Algorithm, hash as argon2Hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../test/harness';
import { DEMO_PASSWORD } from '../demo/seed-demo';
import { ARGON2_PARAMS, hashPassword, legacyScryptHash, needsRehash, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with argon2id at OWASP parameters (19 MiB, 2 passes, 1 lane)', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('treats full-width and ASCII forms of a password as the same (NFKC), as the scrypt hashes did', async () => {
    const stored = await hashPassword('ｌｉａｎｘｉｎ２０２６');
    expect(await verifyPassword('lianxin2026', stored)).toBe(true);
    expect(await verifyPassword('lianxin2026', await legacyScryptHash('ｌｉａｎｘｉｎ２０２６'))).toBe(true);
  });

  it('verifies the scrypt hashes stored before argon2id and marks them for rehashing', async () => {
    const legacy = await legacyScryptHash('old-password');
    expect(await verifyPassword('old-password', legacy)).toBe(true);
    expect(await verifyPassword('old-passwore', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('marks argon2 hashes at other parameters or of another variant for rehashing', async () => {
    const weak = await argon2Hash('pw', { ...ARGON2_PARAMS, memoryCost: 4096 });
    const argon2i = await argon2Hash('pw', { ...ARGON2_PARAMS, algorithm: 1 as Algorithm } /* Argon2i */);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(argon2i)).toBe(true);
    expect(await verifyPassword('pw', weak)).toBe(true);
  });

  it('matches nothing against a missing or malformed stored hash', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', '$argon2id$v=19$garbage')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$1$2')).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });
});

const PHONE = '19900000001';

async function storedHash(h: Harness): Promise<string> {
  const account = await h.ctx.accounts.findByPhone(PHONE);
  if (!account?.password_hash) throw new Error('demo account missing');
  return account.password_hash;
}

async function rehashEntries(h: Harness, accountId: string): Promise<number> {
  const rows = await h.ctx.db
    .selectFrom('audit_log')
    .select('seq')
    .where('action', '=', 'auth.password_rehashed')
    .where('target_id', '=', accountId)
    .execute();
  return rows.length;
}

function login(h: Harness, password: string) {
  return h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: PHONE, password } });
}

describeEachDialect('accounts.login rehashes old password hashes', (h) => {
  it('signs in with a scrypt hash and replaces it with argon2id, audited once; a wrong password changes nothing', async () => {
    const account = await h().ctx.accounts.findByPhone(PHONE);
    if (!account) throw new Error('demo account missing');
    const legacy = await legacyScryptHash(DEMO_PASSWORD);
    await h().ctx.accounts.setPassword(account.id, legacy);

    expect((await login(h(), 'wrong-password')).statusCode).toBe(401);
    expect(await storedHash(h())).toBe(legacy);
    expect(await rehashEntries(h(), account.id)).toBe(0);

    expect((await login(h(), DEMO_PASSWORD)).statusCode).toBe(200);
    const upgraded = await storedHash(h());
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(DEMO_PASSWORD, upgraded)).toBe(true);
    expect(await rehashEntries(h(), account.id)).toBe(1);

    // the next sign-in verifies the argon2id hash and leaves it as it is
    expect((await login(h(), DEMO_PASSWORD)).statusCode).toBe(200);
    expect(await storedHash(h())).toBe(upgraded);
    expect(await rehashEntries(h(), account.id)).toBe(1);
  });

  it('raises an argon2id hash at weaker parameters to the current ones at sign-in', async () => {
    const account = await h().ctx.accounts.findByPhone(PHONE);
    if (!account) throw new Error('demo account missing');
    await h().ctx.accounts.setPassword(account.id, await argon2Hash(DEMO_PASSWORD, { ...ARGON2_PARAMS, memoryCost: 4096 }));
    expect((await login(h(), DEMO_PASSWORD)).statusCode).toBe(200);
    expect(await storedHash(h())).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await rehashEntries(h(), account.id)).toBe(2);
  });
});
