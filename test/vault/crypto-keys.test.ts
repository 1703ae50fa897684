import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KavachError } from '../../src/errors.js';
import { open, seal } from '../../src/vault/crypto.js';
import { deriveKeys, generateKey, Keyring, parseKey, resolveKey } from '../../src/vault/keys.js';

describe('sealed records (AES-256-CTR + HMAC-SHA-256)', () => {
  const key = randomBytes(32);

  it('round-trips, with a fresh counter and a different ciphertext per record', () => {
    const a = seal(key, 'Ravi Kumar', 'aad');
    const b = seal(key, 'Ravi Kumar', 'aad');
    expect(open(key, a, 'aad')).toBe('Ravi Kumar');
    expect(a.subarray(1, 17).equals(b.subarray(1, 17))).toBe(false);
    expect(a.subarray(17, 27).equals(b.subarray(17, 27))).toBe(false);
    expect(a.includes(Buffer.from('Ravi'))).toBe(false);
  });

  it.each([
    ['other AAD (another session or token)', (b: Buffer) => b, 'other'],
    ['flipped counter bit', (b: Buffer) => (b[14]! ^= 1, b), 'aad'],
    ['flipped ciphertext bit', (b: Buffer) => (b[18]! ^= 1, b), 'aad'],
    ['another version byte', (b: Buffer) => ((b[0] = 1), b), 'aad'],
    ['flipped tag bit', (b: Buffer) => (b[b.length - 1]! ^= 1, b), 'aad'],
    ['truncated', (b: Buffer) => b.subarray(0, 20), 'aad'],
  ])('rejects %s with BAD_RECORD and no value in the message', (_l, mutate, aad) => {
    const blob = mutate(seal(key, 'Ravi Kumar', 'aad'));
    let err: unknown;
    try {
      open(key, blob, aad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KavachError);
    expect((err as KavachError).code).toBe('BAD_RECORD');
    expect((err as Error).message).not.toContain('Ravi');
  });

  it('rejects the wrong key', () => {
    expect(() => open(randomBytes(32), seal(key, 'x', 'a'), 'a')).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
  });
});

describe('keys', () => {
  it('derives independent encryption, lookup and token keys and a key id from HMAC(key, "kid")', () => {
    const master = randomBytes(32);
    const d = deriveKeys(master);
    expect(new Set([d.enc.toString('hex'), d.lookup.toString('hex'), d.token.toString('hex'), master.toString('hex')]).size).toBe(4);
    expect(d.id).toMatch(/^[0-9a-f]{8}$/);
    expect(deriveKeys(Buffer.from(master)).id).toBe(d.id);
    expect(deriveKeys(randomBytes(32)).id).not.toBe(d.id);
  });

  it('reads KAVACH_KEY, then KAVACH_KEY_FILE (base64 or 32 raw bytes)', () => {
    const k = generateKey();
    expect(resolveKey({ env: { KAVACH_KEY: k } })!.toString('base64')).toBe(k);
    const dir = mkdtempSync(join(tmpdir(), 'kavach-key-'));
    writeFileSync(join(dir, 'k.b64'), `${k}\n`);
    expect(resolveKey({ env: { KAVACH_KEY_FILE: join(dir, 'k.b64') } })!.toString('base64')).toBe(k);
    const raw = randomBytes(32);
    writeFileSync(join(dir, 'k.bin'), raw);
    expect(resolveKey({ env: { KAVACH_KEY_FILE: join(dir, 'k.bin') } })!.equals(raw)).toBe(true);
    expect(resolveKey({ env: {} })).toBeUndefined();
    expect(() => resolveKey({ env: { KAVACH_KEY_FILE: join(dir, 'missing') } })).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
  });

  it.each([
    ['too short', Buffer.from('0123456789').toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['not base64', 'this is not a key!!'],
  ])('KEY_INVALID for a key that is %s, never echoing it', (_l, bad) => {
    let err: unknown;
    try {
      parseKey(bad, 'KAVACH_KEY');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'KEY_INVALID' });
    expect((err as Error).message).not.toContain(bad);
    expect((err as Error).message).toContain('KAVACH_KEY');
  });

  it('persistent stores require a key; memory vaults fall back to an ephemeral one', () => {
    expect(() => Keyring.load({ env: {} }, true, 'sqlite')).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
    const ring = Keyring.load({ env: {} }, false, 'memory');
    expect(ring.ephemeral).toBe(true);
    expect(Keyring.load({ env: { KAVACH_KEY: generateKey() } }, true, 'sqlite').ephemeral).toBe(false);
  });

  it('a keyring reads previous keys and rotates', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const ring = new Keyring(a, [b]);
    const idA = ring.current.id;
    const idB = deriveKeys(b).id;
    expect(ring.byId(idB)).toBeDefined();
    ring.rotate(b);
    expect(ring.current.id).toBe(idB);
    expect(ring.keys.map((k) => k.id)).toEqual([idB, idA]);
  });
});
