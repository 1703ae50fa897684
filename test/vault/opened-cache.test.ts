// The vault keeps what it decrypted per record object when the backend says its records are stable
// objects (src/vault/vault.ts, `opened`): a value read back again is not opened again, every erasure,
// purge, rotation and close drops what was kept, and a backend without the flag is read every time.
// Records here count how often their ciphertext is read: that is what opening a record costs.
import { describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import type { StoredRecord, VaultBackend } from '../../src/vault/interface.js';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { PseudonymVault } from '../../src/vault/vault.js';

/** A memory backend whose `get` hands out counting views of its records (one per record object). */
function counting(stable: boolean): { backend: VaultBackend; reads: () => number } {
  const inner = new MemoryBackend();
  const views = new WeakMap<StoredRecord, StoredRecord>();
  let reads = 0;
  const view = (r: StoredRecord): StoredRecord => {
    let v = views.get(r);
    if (v === undefined) {
      v = { ...r };
      Object.defineProperty(v, 'blob', { get: () => (reads++, r.blob), enumerable: true });
      views.set(r, v);
    }
    // Without the flag, a fresh object per read (as SQLite and Redis build them).
    return stable ? v : Object.defineProperty({ ...r }, 'blob', { get: () => (reads++, r.blob), enumerable: true });
  };
  const backend = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'stableRecords') return stable;
      if (prop === 'get') {
        return async (session: string, tokens: readonly string[], now: number) => (await target.get(session, tokens, now)).map(view);
      }
      const f = Reflect.get(target, prop, receiver) as unknown;
      return typeof f === 'function' ? f.bind(target) : f;
    },
  });
  return { backend, reads: () => reads };
}

function vaultOver(stable: boolean): { v: PseudonymVault; reads: () => number } {
  const { backend, reads } = counting(stable);
  return { v: new PseudonymVault(backend, Keyring.load({ key: generateKey(), env: {} }, true, 'memory')), reads };
}

describe('decrypted values kept per stable record', () => {
  it('a value read back again is not opened again, and reads the same', async () => {
    const { v, reads } = vaultOver(true);
    const [t] = await v.tokenize([{ session: 's', type: 'PHONE', value: '9876543210' }]);
    expect((await v.reveal('s', [t!])).get(t!)).toBe('9876543210');
    const once = reads();
    expect(once).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await v.reveal('s', [t!])).get(t!)).toBe('9876543210');
    expect(reads()).toBe(once);
  });

  it('without the flag every read opens the record', async () => {
    const { v, reads } = vaultOver(false);
    const [t] = await v.tokenize([{ session: 's', type: 'PHONE', value: '9876543210' }]);
    await v.reveal('s', [t!]);
    const once = reads();
    await v.reveal('s', [t!]);
    expect(reads()).toBe(2 * once);
  });

  it('erasure, purge and rotation drop what was kept; erased values are gone', async () => {
    const { v, reads } = vaultOver(true);
    const [a, b] = await v.tokenize([
      { session: 's', type: 'PHONE', value: '9876543210' },
      { session: 's', type: 'EMAIL', value: 'ravi.k@example.com' },
    ]);
    const both = async (): Promise<Map<string, string>> => v.reveal('s', [a!, b!]);
    await both();
    let before = reads();
    await both();
    expect(reads()).toBe(before);

    // forgetValue: the other record is opened again (nothing kept survives an erasure).
    expect(await v.forgetValue('9876543210', { type: 'PHONE' })).toBe(1);
    before = reads();
    const after = await both();
    expect(after.has(a!)).toBe(false);
    expect(after.get(b!)).toBe('ravi.k@example.com');
    expect(reads()).toBeGreaterThan(before);

    await v.purgeExpired();
    before = reads();
    await both();
    expect(reads()).toBeGreaterThan(before);

    await v.rotateKey(generateKey());
    expect((await both()).get(b!)).toBe('ravi.k@example.com');

    await v.forgetSession('s');
    expect((await both()).size).toBe(0);
    await v.close();
  });

  it('a chat session anonymised turn after turn gives the same text as a vault that keeps nothing', async () => {
    const turns = [
      'Ravi Kumar (9876543210) asked about PAN ABCPE1234F.',
      'RAVI KUMAR called again from 98765 43210; PAN ABCPE1234F.',
      'Ravi Kumar, 9876543210, ravi.k@example.com',
    ];
    const key = generateKey();
    const kept = new PseudonymVault(new MemoryBackend(), Keyring.load({ key, env: {} }, true, 'memory'));
    const plain = new PseudonymVault(counting(false).backend, Keyring.load({ key, env: {} }, true, 'memory'));
    for (const text of [...turns, ...turns]) {
      const x = await anonymise(text, { vault: kept, session: 'chat' });
      const y = await anonymise(text, { vault: plain, session: 'chat' });
      expect(x.text).toBe(y.text);
    }
  });
});
