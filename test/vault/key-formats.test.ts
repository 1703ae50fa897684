// Issue 14, item 16: key formats (raw keys are base64/hex of 32 bytes; passphrases are stretched,
// never used as key bytes), the all-zero key, and owner-only SQLite files.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKey, resolveKey } from '../../src/vault/keys.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'kavach-keyfmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function error(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected an error');
}

describe('key formats', () => {
  it('accepts 32 random bytes as base64, URL-safe base64, hex, bytes and a binary key file, all alike', () => {
    const raw = randomBytes(32);
    const file = join(dir, 'bin.key');
    writeFileSync(file, Buffer.concat([Buffer.from([0x00, 0xff]), raw.subarray(2)]));
    const bin = Buffer.concat([Buffer.from([0x00, 0xff]), raw.subarray(2)]);
    expect(resolveKey({ keyFile: file, env: {} })!.equals(bin)).toBe(true);
    for (const form of [raw.toString('base64'), raw.toString('base64url'), raw.toString('hex'), raw.toString('hex').toUpperCase(), raw]) {
      expect(parseKey(form).equals(raw)).toBe(true);
    }
  });

  it.each([
    ['base64', Buffer.alloc(32).toString('base64')],
    ['hex', '0'.repeat(64)],
    ['bytes', Buffer.alloc(32)],
  ])('refuses an all-zero key given as %s', (_l, key) => {
    const err = error(() => parseKey(key, 'KAVACH_KEY'));
    expect(err.code).toBe('KEY_INVALID');
    expect(err.message).toContain('KAVACH_KEY');
  });

  it('refuses an all-zero key file', () => {
    const file = join(dir, 'zero.key');
    writeFileSync(file, Buffer.alloc(32));
    expect(error(() => resolveKey({ keyFile: file, env: {} })).code).toBe('KEY_INVALID');
  });

  it('never uses a 32-character passphrase in a key file as raw key bytes', () => {
    const phrase = 'correct horse battery staple 42!';
    expect(phrase.length).toBe(32);
    const file = join(dir, 'phrase.key');
    writeFileSync(file, phrase);
    const err = error(() => resolveKey({ keyFile: file, env: {} }));
    expect(err.code).toBe('KEY_INVALID');
    expect(err.message).not.toContain(phrase);
    expect(err.message).toContain('passphrase:');
    // Alphanumeric, so it also parses as base64 text: still refused (24 bytes), never used.
    const alnum = 'abcdefghijklmnopqrstuvwxyz012345';
    writeFileSync(file, alnum);
    expect(error(() => resolveKey({ keyFile: file, env: {} })).code).toBe('KEY_INVALID');
    expect(error(() => parseKey(alnum)).code).toBe('KEY_INVALID');
    // The same passphrase as bytes, or base64/hex of those bytes, is refused the same way.
    for (const form of [Buffer.from(phrase), Buffer.from(phrase).toString('base64'), Buffer.from(phrase).toString('hex')]) {
      const e = error(() => parseKey(form, 'key option'));
      expect(e.code).toBe('KEY_INVALID');
      expect(e.message).not.toContain(phrase);
    }
  });

  it('derives a key from an explicit passphrase with scrypt: stable, never the passphrase bytes, min 16 characters', () => {
    const phrase = 'correct horse battery staple 42!';
    const a = parseKey(`passphrase:${phrase}`);
    expect(a.length).toBe(32);
    expect(a.equals(Buffer.from(phrase))).toBe(false);
    expect(parseKey(`passphrase:${phrase}`).equals(a)).toBe(true);
    expect(parseKey('passphrase:another sixteen chars').equals(a)).toBe(false);
    const file = join(dir, 'phrase2.key');
    writeFileSync(file, `passphrase:${phrase}\n`);
    expect(resolveKey({ keyFile: file, env: {} })!.equals(a)).toBe(true);
    expect(resolveKey({ env: { KAVACH_KEY: `passphrase:${phrase}` } })!.equals(a)).toBe(true);
    const short = error(() => parseKey('passphrase:too short', 'KAVACH_KEY'));
    expect(short.code).toBe('KEY_INVALID');
    expect(short.message).not.toContain('too short');
  });
});

describe('sqlite file permissions', () => {
  it('creates the database, its WAL and SHM owner-only (0600)', async () => {
    const path = join(dir, 'perm.db');
    const old = process.umask(0o022);
    try {
      const v = createSqliteVault({ path, key: randomBytes(32).toString('base64') });
      await v.tokenize([{ session: 's', type: 'PERSON', value: 'Ravi Kumar' }]);
      for (const p of [path, `${path}-wal`, `${path}-shm`]) expect((statSync(p).mode & 0o777).toString(8), p).toBe('600');
      await v.close();
    } finally {
      process.umask(old);
    }
  });

  it('tightens an existing world-readable vault file to 0600', async () => {
    const path = join(dir, 'loose.db');
    writeFileSync(path, '');
    const { chmodSync } = await import('node:fs');
    chmodSync(path, 0o644);
    const v = createSqliteVault({ path, key: randomBytes(32).toString('base64') });
    expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
    await v.close();
  });
});
