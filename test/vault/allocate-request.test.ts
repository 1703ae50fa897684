// What a store receives for each new value (src/vault/plan.ts): the request seals the original on
// demand, and carries neither the original nor the key where a spread, JSON or a log would show them.
import { describe, expect, it } from 'vitest';
import { openRecord } from '../../src/vault/crypto.js';
import type { AllocateRequest } from '../../src/vault/interface.js';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { PseudonymVault } from '../../src/vault/vault.js';

describe('allocate requests', () => {
  it('seal the original under the current key, and show no original or key when spread, serialised or inspected', async () => {
    const backend = new MemoryBackend();
    const seen: AllocateRequest[] = [];
    const allocate = backend.allocate.bind(backend);
    backend.allocate = (reqs: readonly AllocateRequest[]) => {
      seen.push(...reqs);
      return allocate(reqs);
    };
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const v = new PseudonymVault(backend, keyring, {});
    const value = 'Kavitha Raghunathan';
    const [token] = await v.tokenize([{ session: 's1', type: 'PERSON', value, mode: 'surrogate' }]);
    const [again] = await v.tokenize([{ session: 's1', type: 'PERSON', value, mode: 'surrogate' }]);
    expect(again).toBe(token);
    expect(seen).toHaveLength(2);
    const [first, second] = seen as [AllocateRequest, AllocateRequest];
    expect(first.known).toBe(false);
    expect(second.known).toBe(true);
    expect(first.candidates).toContain(token);
    expect(openRecord(keyring.current.enc, first.seal(token!), 's1', token!, 'PERSON')).toBe(value);
    const { inspect } = await import('node:util');
    for (const shown of [JSON.stringify(first), JSON.stringify({ ...first }), inspect(first, { showHidden: true, depth: 5 })]) {
      expect(shown).not.toContain('Kavitha');
    }
    // No own field holds bytes (the key) or the original.
    for (const x of Object.values({ ...first })) {
      expect(x instanceof Uint8Array).toBe(false);
      expect(x).not.toBe(value);
    }
    expect(Object.keys(first)).toEqual(['session', 'type', 'kind', 'lookups', 'prefix', 'candidates', 'moreCandidates', 'keyId', 'known', 'now', 'expiresAt']);
  });
});
