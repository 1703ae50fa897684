// Issue 14: a wrong key (item 5), a wedged rotation with duplicates and a rotation killed midway
// (item 6), and Redis rotation that is linear in the number of sessions (item 8, counted in commands).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { hmac, seal } from '../../src/vault/crypto.js';
import type { VaultBackend } from '../../src/vault/interface.js';
import { deriveKeys, generateKey, Keyring, parseKey } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { normaliseValue } from '../../src/detect/normalise.js';
import { createRedisVault, RedisBackend } from '../../src/vault/redis.js';
import { SqliteBackend } from '../../src/vault/sqlite.js';
import { tokenPrefix } from '../../src/token.js';
import { DAY_MS, PseudonymVault, type VaultOptions } from '../../src/vault/vault.js';
import { FakeClock, HAS_REDIS, makeHarness, redisUrl, skipRedisStoreWithoutRedis, STORES, type Harness, type StoreName } from '../support/stores.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NAME = 'Ravi Kumar';

/** Several vaults (any keys) over one storage location; memory shares one backend object. */
interface Shared {
  open(key: string, previousKeys?: string[], clock?: () => number): PseudonymVault;
  backend(): VaultBackend;
  harness: Harness;
}

function shared(store: StoreName): Shared {
  const harness = makeHarness(store);
  const mem = new MemoryBackend();
  return {
    harness,
    open(key, previousKeys = [], clock) {
      const o: VaultOptions = { key, previousKeys, env: {}, ...(clock ? { clock } : {}) };
      return store === 'memory' ? new PseudonymVault(mem, Keyring.load(o, false, 'memory'), o) : harness.open(o);
    },
    backend() {
      if (store === 'memory') return mem;
      if (store === 'sqlite') return new SqliteBackend({ path: harness.location.path! });
      return new RedisBackend({ url: harness.location.url!, prefix: harness.location.prefix! });
    },
  };
}

/**
 * Write a record the way a vault holding only `key` wrote it before the key check existed: a second
 * token for a value the session already holds under another key (the state that wedged rotation).
 */
async function legacyDuplicate(backend: VaultBackend, key: string, session: string, type: string, value: string): Promise<string> {
  const d = deriveKeys(parseKey(key));
  const now = Date.now();
  const [token] = await backend.allocate([{
    session, type, kind: 'counter', prefix: tokenPrefix(type), candidates: [], keyId: d.id, now, expiresAt: now + 90 * DAY_MS,
    lookups: [hmac(d.lookup, `${type}\u0000${normaliseValue(type, value)}`).toString('hex')],
    seal: (t) => seal(d.enc, value, `kavach/v1\u0000${session}\u0000${t}\u0000${type}`),
  }]);
  return token!;
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  return p.then(() => {
    throw new Error('expected a rejection');
  }, (e: unknown) => e as Error & { code?: string });
}

describe.each(STORES)('wrong key: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let s: Shared;
  afterEach(async () => {
    await s?.harness.cleanup();
  });

  it('refuses writes, forgetValue, exportValue and rotateKey with KEY_MISSING naming the key id, never the data', async () => {
    s = shared(store);
    const k1 = generateKey();
    const k2 = generateKey();
    const right = s.open(k1);
    const [t] = await right.tokenize([{ session: 'sess', type: 'PERSON', value: NAME }]);
    const wrong = s.open(k2);
    for (const p of [
      wrong.tokenize([{ session: 'sess', type: 'PERSON', value: NAME }]),
      wrong.tokenize([{ session: 'other', type: 'PERSON', value: 'Anita Desai' }]),
      wrong.forgetValue(NAME),
      wrong.exportValue(NAME),
      wrong.rotateKey(generateKey()),
    ]) {
      const err = await rejection(p);
      expect(err.code).toBe('KEY_MISSING');
      expect(err.message).toContain(right.keyId);
      expect(err.message).not.toMatch(/Ravi|Kumar|Anita|sess/);
    }
    // Nothing was written or erased behind the error.
    expect(await right.stats()).toMatchObject({ records: 1, byKeyId: { [right.keyId]: 1 } });
    expect((await right.reveal('sess', [t!])).get(t!)).toBe(NAME);
    // With the old key as previous, the same vault works and finds the stored value.
    const both = s.open(k2, [k1]);
    expect(await both.tokenize([{ session: 'sess', type: 'PERSON', value: 'RAVI KUMAR' }])).toEqual([t]);
    expect(await both.exportValue(NAME)).toHaveLength(1);
    // Erasing a whole session does not depend on the key and stays available.
    expect(await wrong.forgetSession('sess')).toBe(1);
  });

  it('an erased session under an unknown key does not block a vault', async () => {
    s = shared(store);
    await s.open(generateKey()).tokenize([{ session: 'gone', type: 'PERSON', value: NAME }]);
    const other = s.open(generateKey());
    await expect(other.tokenize([{ session: 'new', type: 'PERSON', value: NAME }])).rejects.toMatchObject({ code: 'KEY_MISSING' });
    expect(await other.forgetSession('gone')).toBe(1);
    expect(await other.tokenize([{ session: 'new', type: 'PERSON', value: NAME }])).toEqual(['<PERSON_1>']);
    expect(await other.exportValue(NAME)).toHaveLength(1);
  });

  it('an expired record under an unknown key does not block a vault', async () => {
    s = shared(store);
    const k1 = generateKey();
    const clock = new FakeClock();
    await s.open(k1, [], clock.now).tokenize([{ session: 'old', type: 'PERSON', value: NAME, ttl: '1d' }]);
    clock.advance(2 * DAY_MS);
    const other = s.open(generateKey(), [], clock.now);
    expect(await other.tokenize([{ session: 'new', type: 'PERSON', value: NAME }])).toEqual(['<PERSON_1>']);
  });
});

describe.skipIf(!HAS_REDIS)('wrong key: a Redis vault written before the key-id index existed', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('is indexed once on first use, then refuses the wrong key like any other', async () => {
    h = makeHarness('redis');
    const k1 = generateKey();
    const right = h.open({ key: k1, previousKeys: [], env: {} });
    await right.tokenize([{ session: 'sess', type: 'PERSON', value: NAME }]);
    const r = new Redis(h.location.url!);
    try {
      await r.del(`${h.location.prefix}kids`, `${h.location.prefix}kids:built`);
    } finally {
      await r.quit();
    }
    const wrong = h.open({ key: generateKey(), previousKeys: [], env: {} });
    const err = await rejection(wrong.forgetValue(NAME));
    expect(err.code).toBe('KEY_MISSING');
    expect(err.message).toContain(right.keyId);
    expect(await right.exportValue(NAME)).toHaveLength(1);
  });
});

describe.each(STORES)('rotation with duplicates: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let s: Shared;
  afterEach(async () => {
    await s?.harness.cleanup();
  });

  it('merges one value held under two keys in a session, completes, and erasure still finds both', async () => {
    s = shared(store);
    const k1 = generateKey();
    const k2 = generateKey();
    const [t1, other] = await s.open(k1).tokenize([
      { session: 'sess', type: 'PERSON', value: NAME }, { session: 'sess', type: 'PERSON', value: 'Anita Desai' },
    ]);
    const t2 = await legacyDuplicate(s.backend(), k2, 'sess', 'PERSON', 'ravi kumar');
    expect(t2).not.toBe(t1);
    const v = s.open(k2, [k1]);
    const first = await v.rotateKey(k2);
    expect(first.reencrypted).toBe(2);
    expect(await v.stats()).toMatchObject({ records: 3, byKeyId: { [v.keyId]: 3 } });
    // Both tokens still restore to their own spelling; new allocations get one of them, not a third.
    const got = await v.reveal('sess', [t1!, t2, other!]);
    expect([got.get(t1!), got.get(t2), got.get(other!)]).toEqual([NAME, 'ravi kumar', 'Anita Desai']);
    const [again] = await v.tokenize([{ session: 'sess', type: 'PERSON', value: 'Ravi  KUMAR' }]);
    expect([t1, t2]).toContain(again);
    expect((await v.stats()).records).toBe(3);
    // A second rotation moves the alias along with the rest.
    const k3 = generateKey();
    expect((await v.rotateKey(k3)).reencrypted).toBe(3);
    expect((await v.exportValue(NAME)).map((l) => l.token).sort()).toEqual([t1, t2].sort());
    expect(await v.forgetValue('RAVI KUMAR')).toBe(2);
    expect((await v.reveal('sess', [t1!, t2, other!])).size).toBe(1);
  });
});

function runChild(cfg: object): Promise<{ signal: NodeJS.Signals | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'vault', 'rotate-child.ts'), JSON.stringify(cfg)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve({ signal, out, err })));
}

describe.each(['sqlite', 'redis'] as const)('rotation killed midway: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let s: Shared;
  afterEach(async () => {
    await s?.harness.cleanup();
  });

  it('a rotation SIGKILLed after 40 records resumes when run again, with duplicates merged', async () => {
    s = shared(store);
    const k1 = generateKey();
    const k2 = generateKey();
    const v1 = s.open(k1);
    const values = Array.from({ length: 120 }, (_, i) => `Tester Number${i}`);
    const tokens = await v1.tokenize(values.map((value, i) => ({ session: `s${i % 7}`, type: 'PERSON', value })));
    const dup = await legacyDuplicate(s.backend(), k2, 's0', 'PERSON', values[0]!.toUpperCase());
    const { signal, out, err } = await runChild({ store, ...s.harness.location, oldKey: k1, newKey: k2, killAfter: 40 });
    expect(signal, err.slice(0, 2000)).toBe('SIGKILL');
    expect(out).toBe('');
    const mid = await s.open(k2, [k1]).stats();
    expect(Object.keys(mid.byKeyId).length).toBe(2);
    const v = s.open(k2, [k1]);
    const { reencrypted } = await v.rotateKey(k2);
    expect(reencrypted).toBe(120 - 40);
    expect(await v.stats()).toMatchObject({ records: 121, byKeyId: { [v.keyId]: 121 } });
    const alone = s.open(k2);
    for (let i = 0; i < 7; i++) {
      const mine = tokens.filter((_, j) => j % 7 === i);
      const got = await alone.reveal(`s${i}`, mine);
      expect(mine.map((t) => got.get(t))).toEqual(values.filter((_, j) => j % 7 === i));
    }
    expect((await alone.reveal('s0', [dup])).get(dup)).toBe(values[0]!.toUpperCase());
    // The new key alone now covers everything: writes are allowed again.
    const [again] = await alone.tokenize([{ session: 's0', type: 'PERSON', value: values[0]! }]);
    expect([tokens[0], dup]).toContain(again);
    expect((await alone.stats()).records).toBe(121);
  });
});

describe.skipIf(!HAS_REDIS)('redis rotation is linear in the number of sessions (counted commands)', () => {
  let hs: Harness[] = [];
  afterEach(async () => {
    for (const h of hs) await h.cleanup();
    hs = [];
  });

  async function commandsToRotate(sessions: number): Promise<number> {
    const h = makeHarness('redis');
    hs.push(h);
    const key = generateKey();
    const client = new Redis(redisUrl());
    let count = 0;
    const send = client.sendCommand.bind(client);
    client.sendCommand = ((...a: Parameters<typeof send>) => {
      count++;
      return send(...a);
    }) as typeof client.sendCommand;
    const v = createRedisVault({ client, prefix: h.location.prefix!, key, env: {} });
    const reqs = Array.from({ length: sessions * 2 }, (_, i) => ({ session: `sess-${i >> 1}`, type: 'PERSON', value: `Tester ${i}` }));
    for (let i = 0; i < reqs.length; i += 500) await v.tokenize(reqs.slice(i, i + 500));
    count = 0;
    const { reencrypted } = await v.rotateKey(generateKey());
    expect(reencrypted).toBe(sessions * 2);
    const n = count;
    await client.quit();
    return n;
  }

  it('10× the sessions costs about 10× the commands (it was 25× at this size, growing quadratically)', async () => {
    const small = await commandsToRotate(200);
    const large = await commandsToRotate(2000);
    expect(large / small).toBeLessThan(13);
  });
});
