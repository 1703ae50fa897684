// The memory store keeps each record compactly (src/vault/memory.ts: a latin1 blob, its time as an
// offset from its session's) and makes a StoredRecord on every read: what a read gives must be what a
// StoredRecord held as is would give, and a rotation's compare-and-swap must still see a changed record.
import { describe, expect, it } from 'vitest';
import { openRecord, sealedRoom, sealRecord, sealRecordInto, sealRecordLatin1 } from '../../src/vault/crypto.js';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { DAY_MS, PseudonymVault } from '../../src/vault/vault.js';
import { FakeClock } from '../support/stores.js';

describe('memory store records', () => {
  it('read back with their session, times, key id and a blob that opens, after later calls in the session', async () => {
    const backend = new MemoryBackend();
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const clock = new FakeClock();
    const v = new PseudonymVault(backend, keyring, { clock: clock.now });
    const t0 = clock.t;
    const [a] = await v.tokenize([{ session: 's', type: 'PERSON', value: 'Meenakshi Iyer' }]);
    clock.advance(5 * DAY_MS + 123);
    const [b] = await v.tokenize([{ session: 's', type: 'EMAIL', value: 'meenakshi.iyer@example.in', mode: 'surrogate' }]);
    const recs = await backend.get('s', [b!, a!, '<NOPE_1>'], clock.t);
    expect(recs.map((r) => [r.session, r.token, r.type, r.kind, r.keyId, r.createdAt, r.expiresAt])).toEqual([
      ['s', b, 'EMAIL', 'surrogate', keyring.current.id, t0 + 5 * DAY_MS + 123, t0 + 90 * DAY_MS],
      ['s', a, 'PERSON', 'counter', keyring.current.id, t0, t0 + 90 * DAY_MS],
    ]);
    expect(openRecord(keyring.current.enc, recs[0]!.blob, 's', b!, 'EMAIL')).toBe('meenakshi.iyer@example.in');
    expect(openRecord(keyring.current.enc, recs[1]!.blob, 's', a!, 'PERSON')).toBe('Meenakshi Iyer');
    expect(await v.exportValue('Meenakshi Iyer')).toEqual([{ session: 's', token: a, type: 'PERSON', keyId: keyring.current.id, createdAt: t0, expiresAt: t0 + 90 * DAY_MS }]);
  });

  it('replace swaps only the record it was read as: a stale read is "changed"', async () => {
    const backend = new MemoryBackend();
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const v = new PseudonymVault(backend, keyring, {});
    const [t] = await v.tokenize([{ session: 's', type: 'PHONE', value: '98450 12345' }]);
    const [read] = await backend.get('s', [t!], Date.now());
    const enc = keyring.current.enc;
    const next = { ...read!, keyId: 'k2', lookup: 'l2', blob: sealRecord(enc, '98450 12345', 's', t!, 'PHONE') };
    const stale = { ...read!, blob: Buffer.from(read!.blob) };
    stale.blob[stale.blob.length - 1]! ^= 1;
    expect(await backend.replace(stale, next)).toBe('changed');
    expect(await backend.replace(read!, next)).toBe('ok');
    expect(await backend.replace(read!, next)).toBe('changed');
    const [now] = await backend.get('s', [t!], Date.now());
    expect([now!.keyId, now!.lookup, now!.createdAt, now!.blob.equals(next.blob)]).toEqual(['k2', 'l2', read!.createdAt, true]);
    expect(await backend.findLookups(['l2'], Date.now())).toHaveLength(1);
  });

  it('sealRecordLatin1 makes a record of the same format, one character per byte, that opens like sealRecord\'s', () => {
    const key = Buffer.alloc(32, 7);
    // 5000: past the keystream pool (4 KB); 20000: past the reused scratch (16 KB).
    for (const value of ['', 'Ravi', 'रवि कुमार', 'x'.repeat(5000), 'y'.repeat(20000), 'Ravi']) {
      const s = sealRecordLatin1(key, value, 'sess', '<PERSON_1>', 'PERSON');
      const b = Buffer.from(s, 'latin1');
      expect(b.toString('latin1')).toBe(s);
      expect(b.length).toBe(sealRecord(key, value, 'sess', '<PERSON_1>', 'PERSON').length);
      expect(b[0]).toBe(2);
      expect(openRecord(key, b, 'sess', '<PERSON_1>', 'PERSON')).toBe(value);
      expect(() => openRecord(key, b, 'sess', '<PERSON_2>', 'PERSON')).toThrow();
    }
  });

  it('sealRecordInto writes such a record into a buffer at an offset, within sealedRoom, and nothing outside it', () => {
    const key = Buffer.alloc(32, 9);
    for (const value of ['', 'Ravi', 'रवि कुमार 😀', 'x'.repeat(5000), 'y'.repeat(20000)]) {
      const room = sealedRoom(value);
      const out = Buffer.alloc(room + 16, 0xee);
      const n = sealRecordInto(key, value, 'sess', '<PERSON_1>', 'PERSON', out, 8);
      expect(n).toBe(sealRecord(key, value, 'sess', '<PERSON_1>', 'PERSON').length);
      expect(n).toBeLessThanOrEqual(room);
      // The bytes around the record are untouched.
      expect(out.subarray(0, 8).every((x) => x === 0xee)).toBe(true);
      expect(out.subarray(8 + n).every((x) => x === 0xee)).toBe(true);
      const b = Buffer.from(out.subarray(8, 8 + n));
      expect(b[0]).toBe(2);
      expect(openRecord(key, b, 'sess', '<PERSON_1>', 'PERSON')).toBe(value);
      expect(() => openRecord(key, b, 'sess', '<PERSON_1>', 'EMAIL')).toThrow();
    }
  });
});
