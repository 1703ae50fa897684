// One suite, three stores: the vault contract must hold identically for memory, SQLite and Redis.
import { afterEach, describe, expect, it } from 'vitest';
import { KavachError } from '../../src/errors.js';
import { generateKey } from '../../src/vault/keys.js';
import type { TokenRequest } from '../../src/vault/interface.js';
import { DAY_MS } from '../../src/vault/vault.js';
import { FakeClock, HAS_REDIS, makeHarness, skipRedisStoreWithoutRedis, STORES, type Harness } from '../support/stores.js';

const AADHAAR = '234567890124';
const NAME = 'Ravi Kumar';
const PHONE = '+91 98765 43210';
const EMAIL = 'ravi.kumar@example.com';

const req = (session: string, type: string, value: string, extra: Partial<TokenRequest> = {}): TokenRequest => ({ session, type, value, ...extra });

describe.each(STORES)('vault contract: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let h: Harness;
  const harness = (key?: string): Harness => (h = makeHarness(store, key));
  afterEach(async () => {
    await h?.cleanup();
  });

  it('refuses a type with a control character (a NUL would let one record AAD read as another), writing nothing', async () => {
    const v = harness().open();
    for (const type of ['PERSON\u0000X', '', 'A\nB', 'T'.repeat(65)]) {
      await expect(v.tokenize([req('s', 'PERSON', NAME), req('s', type, NAME)])).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    }
    expect((await v.stats()).records).toBe(0);
    expect(await v.tokenize([req('s', 'T\u00e9', NAME)])).toHaveLength(1);
  });

  it('gives one token per value and distinct tokens to distinct values, numbered per type', async () => {
    const v = harness().open();
    const t = await v.tokenize([
      req('s', 'PERSON', NAME), req('s', 'AADHAAR', AADHAAR), req('s', 'PERSON', 'Anita Desai'), req('s', 'PERSON', NAME),
    ]);
    expect(t).toEqual(['<PERSON_1>', '<AADHAAR_1>', '<PERSON_2>', '<PERSON_1>']);
    expect(await v.tokenize([req('s', 'PERSON', 'Anita Desai')])).toEqual(['<PERSON_2>']);
  });

  it.each([
    ['AADHAAR', ['2345 6789 0124', '234567890124', '२३४५ ६७८९ ०१२४', '2345-6789-0124']],
    ['PHONE', ['+91 98765 43210', '9876543210', '098765 43210', '0091-98765-43210', '+919876543210']],
    ['PERSON', ['Ravi Kumar', 'ravi  kumar', 'RAVI KUMAR', ' Ravi\tKumar ']],
    ['EMAIL', ['Ravi.Kumar@Example.com', 'ravi.kumar@example.com']],
  ])('normalises %s before lookup: every form shares one token', async (type, forms) => {
    const v = harness().open();
    const tokens = await v.tokenize(forms.map((f) => req('s', type, f)));
    expect(new Set(tokens).size).toBe(1);
    // The first surface form seen is what comes back.
    expect((await v.reveal('s', [tokens[0]!])).get(tokens[0]!)).toBe(forms[0]);
  });

  it('keeps sessions apart: same value, independent numbering, no cross-session reveal', async () => {
    const v = harness().open();
    const [a] = await v.tokenize([req('A', 'PERSON', NAME)]);
    await v.tokenize([req('B', 'PERSON', 'Anita Desai')]);
    const [b] = await v.tokenize([req('B', 'PERSON', NAME)]);
    expect(a).toBe('<PERSON_1>');
    expect(b).toBe('<PERSON_2>');
    expect((await v.reveal('B', ['<PERSON_1>'])).get('<PERSON_1>')).toBe('Anita Desai');
    expect((await v.reveal('C', ['<PERSON_1>'])).size).toBe(0);
  });

  it('reveals known tokens only and survives reopening the store', async () => {
    const hh = harness();
    const v = hh.open();
    const [t] = await v.tokenize([req('s', 'EMAIL', EMAIL)]);
    const again = hh.open();
    const got = await again.reveal('s', [t!, '<EMAIL_2>', '<PERSON_1>']);
    expect([...got]).toEqual([[t, EMAIL]]);
  });

  it('deterministic tokens: the same in every session and vault instance with the same key, unguessable otherwise', async () => {
    const key = generateKey();
    const h1 = harness(key);
    const v1 = h1.open();
    const other = makeHarness(store === 'memory' ? 'memory' : store, key);
    const otherKey = makeHarness('memory', generateKey());
    try {
      const [t1] = await v1.tokenize([req('s1', 'PERSON', NAME, { mode: 'deterministic' })]);
      const [t2] = await v1.tokenize([req('s2', 'PERSON', 'ravi KUMAR', { mode: 'deterministic' })]);
      const [t3] = await other.open().tokenize([req('x', 'PERSON', NAME, { mode: 'deterministic' })]);
      const [t4] = await otherKey.open().tokenize([req('s1', 'PERSON', NAME, { mode: 'deterministic' })]);
      expect(t1).toMatch(/^<PERSON_[a-z2-7]{16}>$/);
      expect(t2).toBe(t1);
      expect(t3).toBe(t1);
      expect(t4).not.toBe(t1);
      expect((await v1.reveal('s2', [t1!])).get(t1!)).toBe('ravi KUMAR');
    } finally {
      await other.cleanup();
      await otherKey.cleanup();
    }
  });

  it('surrogates: same shape, stable in a session, different across sessions, reversible', async () => {
    const v = harness().open();
    const [a1, a2] = await v.tokenize([
      req('s', 'AADHAAR', '2345 6789 0124', { mode: 'surrogate' }), req('s', 'AADHAAR', '234567890124', { mode: 'surrogate' }),
    ]);
    const [b] = await v.tokenize([req('other', 'AADHAAR', '2345 6789 0124', { mode: 'surrogate' })]);
    expect(a1).toMatch(/^[2-9]\d{3} \d{4} \d{4}$/);
    expect(a2).toBe(a1);
    expect(b).not.toBe(a1);
    expect(await v.surrogates('s')).toEqual([a1]);
    expect((await v.reveal('s', [a1!])).get(a1!)).toBe('2345 6789 0124');
  });

  it('expires sessions after their TTL (default 90 days) and purges them from storage', async () => {
    const clock = new FakeClock();
    const v = harness().open({ clock: clock.now });
    const [t] = await v.tokenize([req('expiring-session-7f3a', 'PERSON', NAME)]);
    await v.tokenize([req('short', 'PERSON', NAME, { ttl: '1d' })]);
    clock.advance(2 * DAY_MS);
    expect((await v.reveal('short', [t!])).size).toBe(0);
    expect((await v.reveal('expiring-session-7f3a', [t!])).get(t!)).toBe(NAME);
    clock.advance(89 * DAY_MS);
    expect((await v.reveal('expiring-session-7f3a', [t!])).size).toBe(0);
    expect(await v.exportValue(NAME, { type: 'PERSON' })).toEqual([]);
    expect(await v.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await v.stats()).toMatchObject({ sessions: 0, records: 0 });
    expect(await v.purgeExpired()).toBe(0);
    const raw = await h.rawBytes();
    // Purged means gone from the files too (WAL included), not just hidden.
    expect(raw.includes(Buffer.from('expiring-session-7f3a'))).toBe(false);
    // An expired session id starts afresh.
    expect(await v.tokenize([req('expiring-session-7f3a', 'PERSON', 'Anita Desai')])).toEqual(['<PERSON_1>']);
  });

  it('vault ttl option sets the default lifetime', async () => {
    const clock = new FakeClock();
    const v = harness().open({ clock: clock.now, ttl: '12h' });
    const [t] = await v.tokenize([req('s', 'PERSON', NAME)]);
    clock.advance(11 * 3_600_000);
    expect((await v.reveal('s', [t!])).size).toBe(1);
    clock.advance(2 * 3_600_000);
    expect((await v.reveal('s', [t!])).size).toBe(0);
  });

  it('forgetSession erases one session only', async () => {
    const v = harness().open();
    await v.tokenize([req('a', 'PERSON', NAME), req('a', 'EMAIL', EMAIL), req('b', 'PERSON', NAME)]);
    expect(await v.forgetSession('a')).toBe(2);
    expect((await v.reveal('a', ['<PERSON_1>', '<EMAIL_1>'])).size).toBe(0);
    expect((await v.reveal('b', ['<PERSON_1>'])).get('<PERSON_1>')).toBe(NAME);
  });

  it('forgetValue erases one person across sessions (any surface form), never reusing the freed token', async () => {
    const v = harness().open();
    await v.tokenize([req('a', 'PHONE', PHONE), req('a', 'PERSON', NAME), req('b', 'PHONE', '9876543210'), req('c', 'PHONE', '+91 91234 56780')]);
    expect(await v.forgetValue('098765 43210')).toBe(2);
    expect((await v.reveal('a', ['<PHONE_1>', '<PERSON_1>'])).size).toBe(1);
    expect((await v.reveal('b', ['<PHONE_1>'])).size).toBe(0);
    expect((await v.reveal('c', ['<PHONE_1>'])).size).toBe(1);
    expect(await v.exportValue(PHONE)).toEqual([]);
    expect(await v.tokenize([req('a', 'PHONE', PHONE)])).toEqual(['<PHONE_2>']);
  });

  it('exportValue lists where a value is held without revealing anything', async () => {
    const clock = new FakeClock();
    const v = harness().open({ clock: clock.now });
    await v.tokenize([req('a', 'AADHAAR', AADHAAR), req('a', 'PERSON', NAME)]);
    clock.advance(1000);
    await v.tokenize([req('b', 'PERSON', 'Anita Desai'), req('b', 'AADHAAR', '2345 6789 0124')]);
    const where = await v.exportValue('२३४५६७८९०१२४');
    expect(where).toEqual([
      { session: 'a', token: '<AADHAAR_1>', type: 'AADHAAR', keyId: v.keyId, createdAt: clock.t - 1000, expiresAt: clock.t - 1000 + 90 * DAY_MS },
      { session: 'b', token: '<AADHAAR_1>', type: 'AADHAAR', keyId: v.keyId, createdAt: clock.t, expiresAt: clock.t + 90 * DAY_MS },
    ]);
    // toEqual above pins every field; the whole value must not show in any form either. (A check for
    // '6789' alone failed now and then: the random key id is 8 hex digits and may hold it.)
    for (const form of ['2345 6789 0124', '234567890124', '२३४५६७८९०१२४']) expect(JSON.stringify(where)).not.toContain(form);
  });

  it('stats counts sessions, records, types and key ids', async () => {
    const v = harness().open();
    await v.tokenize([req('a', 'PERSON', NAME), req('a', 'EMAIL', EMAIL), req('b', 'PERSON', NAME)]);
    expect(await v.stats()).toEqual({ sessions: 2, records: 3, byType: { PERSON: 2, EMAIL: 1 }, byKeyId: { [v.keyId]: 3 } });
  });

  it('rotateKey re-encrypts and re-indexes every record; nothing is lost, lookups still hit', async () => {
    const oldKey = generateKey();
    const newKey = generateKey();
    const hh = harness(oldKey);
    const v = hh.open();
    const values = Array.from({ length: 40 }, (_, i) => `Person Number${i}`);
    const before = await v.tokenize(values.map((x, i) => req(`s${i % 3}`, 'PERSON', x)));
    const { reencrypted, keyId } = await v.rotateKey(newKey);
    expect(reencrypted).toBe(40);
    expect(keyId).toBe(v.keyId);
    expect((await v.stats()).byKeyId).toEqual({ [keyId]: 40 });
    // Lookups under the new key find the old records: same tokens, no new ones.
    expect(await v.tokenize(values.map((x, i) => req(`s${i % 3}`, 'PERSON', x.toUpperCase())))).toEqual(before);
    expect((await v.stats()).records).toBe(40);
    if (store !== 'memory') {
      // Everything is now readable with the new key alone, and no longer with the old key alone.
      const fresh = hh.open({ key: newKey });
      const got = await fresh.reveal('s0', before.filter((_, i) => i % 3 === 0));
      expect([...got.values()]).toEqual(values.filter((_, i) => i % 3 === 0));
      const stale = hh.open({ key: oldKey });
      await expect(stale.reveal('s0', [before[0]!])).rejects.toMatchObject({ code: 'KEY_MISSING' });
    }
  });

  it('reads old-key records during a rotation (keyring: current + previous)', async () => {
    if (store === 'memory') return; // a memory vault cannot be reopened with another keyring
    const oldKey = generateKey();
    const newKey = generateKey();
    const hh = harness(oldKey);
    const [t] = await hh.open().tokenize([req('s', 'PERSON', NAME)]);
    const mid = hh.open({ key: newKey, previousKeys: [oldKey] });
    expect((await mid.reveal('s', [t!])).get(t!)).toBe(NAME);
    expect(await mid.tokenize([req('s', 'PERSON', 'ravi kumar'), req('s', 'PERSON', 'Anita Desai')])).toEqual([t, '<PERSON_2>']);
    expect((await mid.stats()).byKeyId).toEqual({ [hh.open({ key: oldKey }).keyId]: 1, [mid.keyId]: 1 });
  });

  it('closed vaults refuse calls with VAULT_CLOSED', async () => {
    const v = harness().open();
    await v.close();
    await expect(v.tokenize([req('s', 'PERSON', NAME)])).rejects.toMatchObject({ code: 'VAULT_CLOSED' });
    await expect(v.reveal('s', [])).rejects.toBeInstanceOf(KavachError);
  });

  it('rejects bad requests with typed errors that never contain the value', async () => {
    const v = harness().open();
    await expect(v.tokenize([{ session: 's', type: 'PERSON', value: 42 as unknown as string }])).rejects.toThrow(/value must be a string, got number/);
    const err = await v.tokenize([req('bad\u0000session', 'PERSON', NAME)]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_OPTION' });
    expect(String((err as Error).message)).not.toContain('Ravi');
    await expect(v.tokenize([req('s', 'PERSON', NAME, { mode: 'nope' as never })])).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    // A missing type, first in a call or after a good one (each type of a call is checked once).
    const noType = { session: 's', value: NAME } as unknown as TokenRequest;
    await expect(v.tokenize([noType])).rejects.toThrow(/type must be a string, got undefined/);
    await expect(v.tokenize([req('s', 'PERSON', NAME), noType])).rejects.toThrow(/type must be a string, got undefined/);
    await expect(v.tokenize([req('s', 'PERSON', NAME), { ...req('s', 'PERSON', NAME), type: 7 as unknown as string }])).rejects.toThrow(/type must be a string, got number/);
  });
});

describe.each(['sqlite', 'redis'] as const)('at rest: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('holds no plaintext personal data: raw bytes contain no original, normalised or base64 form', async () => {
    h = makeHarness(store);
    const v = h.open();
    const originals: Array<[string, string]> = [
      ['AADHAAR', '2345 6789 0124'], ['AADHAAR', '987654321096'], ['PERSON', 'Ravindra Kumaraswamy'], ['PHONE', PHONE],
      ['EMAIL', 'ravindra.k@example.com'], ['PAN', 'ABCPK1234F'], ['LITERAL', '<ZZTOP_77>'],
    ];
    for (const mode of ['token', 'deterministic', 'surrogate'] as const) {
      await v.tokenize(originals.map(([type, value]) => req(`sess-${mode}`, type, value, { mode })));
    }
    const stats = await v.stats();
    expect(stats.records).toBe(originals.length * 3);
    const raw = await h.rawBytes();
    expect(raw.length).toBeGreaterThan(1000);
    const forms = originals.flatMap(([, value]) => [
      value, value.toLowerCase(), value.replace(/\s+/g, ''), value.replace(/\D+/g, '').length >= 10 ? value.replace(/\D+/g, '') : value,
      Buffer.from(value).toString('base64'),
    ]);
    for (const f of new Set(forms)) expect(raw.includes(Buffer.from(f, 'utf8')), `found ${JSON.stringify(f)} in raw bytes`).toBe(false);
    // Sanity: the grep does see what is stored in clear (tokens and session ids).
    expect(raw.includes(Buffer.from('<AADHAAR_1>'))).toBe(true);
    expect(raw.includes(Buffer.from('sess-surrogate'))).toBe(true);
  });

  it('persistent stores refuse to start without a key, or with a bad one, without echoing it', () => {
    h = makeHarness(store);
    const env = { KAVACH_KEY: undefined, KAVACH_KEY_FILE: undefined } as Record<string, string | undefined>;
    expect(() => h.open({ key: undefined, env })).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
    const bad = 'c2hvcnQta2V5LW1hdGVyaWFs';
    let err: unknown;
    try {
      h.open({ key: bad });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'KEY_INVALID' });
    expect(String((err as Error).message)).not.toContain(bad);
  });
});

describe('sqlite specifics', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('binds each ciphertext to its session and token: swapped blobs fail authentication', async () => {
    h = makeHarness('sqlite');
    const v = h.open();
    await v.tokenize([req('s', 'PERSON', NAME), req('s', 'PERSON', 'Anita Desai')]);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(h.location.path!);
    const rows = db.prepare('SELECT token, blob FROM kavach_record ORDER BY token').all() as Array<{ token: string; blob: Buffer }>;
    db.prepare('UPDATE kavach_record SET blob = ? WHERE token = ?').run(rows[1]!.blob, rows[0]!.token);
    db.close();
    const err = await v.reveal('s', [rows[0]!.token]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_RECORD' });
    expect(String((err as Error).message)).not.toMatch(/Ravi|Anita/);
  });

  it('uses WAL with a busy timeout', async () => {
    h = makeHarness('sqlite');
    h.open();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(h.location.path!, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe.skipIf(!HAS_REDIS)('redis specifics', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('session keys carry native expiry; purgeExpired sweeps index entries left by natively expired sessions', async () => {
    const { Redis } = await import('ioredis');
    h = makeHarness('redis');
    const clock = new FakeClock();
    const v = h.open({ clock: clock.now, ttl: '1d' });
    await v.tokenize([req('gone', 'PERSON', NAME), req('kept', 'PERSON', NAME)]);
    const r = new Redis(h.location.url!);
    try {
      const p = h.location.prefix!;
      for (const k of [`${p}s:{gone}`, `${p}l:{gone}`, `${p}t:{gone}`]) {
        const ttl = await r.pttl(k);
        expect(ttl).toBeGreaterThan(DAY_MS - 60_000);
        expect(ttl).toBeLessThanOrEqual(DAY_MS);
      }
      // What Redis does when the TTL fires: the session's own keys vanish, the index is left behind.
      await r.del(`${p}s:{gone}`, `${p}l:{gone}`, `${p}t:{gone}`, `${p}n:{gone}`);
      const indexKeys = await r.keys(`${p}v:*`);
      expect(indexKeys.length).toBe(1);
      expect(await r.zrange(indexKeys[0]!, '0', '-1')).toEqual(['gone', 'kept']);
      expect((await v.reveal('gone', ['<PERSON_1>'])).size).toBe(0);
      clock.advance(2 * DAY_MS);
      await v.tokenize([req('fresh', 'EMAIL', EMAIL)]);
      await v.purgeExpired();
      expect(await r.keys(`${p}v:*`)).toHaveLength(1); // only the fresh session's e-mail index remains
      expect(await r.zrange(`${p}sessions`, '0', '-1')).toEqual(['fresh']);
    } finally {
      await r.quit();
    }
  });
});
