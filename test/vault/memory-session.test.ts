// One session of the memory store (src/vault/memory-session.ts): records in the arena, found by a scan
// while few, by a hash index past CHAIN_MAX. Whatever the form, it must answer as the two Maps the store
// used to keep (token → record, lookup → token) would: checked against that model under random
// sequences of adds, replacements (a rotation's re-keying) and removals across the switch, and through
// the vault. Records are made from the arena's bytes on every read, so they are compared by content.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { Arena } from '../../src/vault/memory-arena.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { CHAIN_MAX, type Held, MemorySession } from '../../src/vault/memory-session.js';
import { PseudonymVault } from '../../src/vault/vault.js';

function rec(token: string, lookup: string, blob = ''): Held {
  return { token, type: 'PERSON', kind: 'counter', lookup, keyId: 'k', blob, since: 0 };
}

/** The store's former session: a Map by token and one by lookup, kept as memory.ts kept them. */
class Model {
  readonly byToken = new Map<string, Held>();
  readonly byLookup = new Map<string, string>();

  add(h: Held): void {
    this.byToken.set(h.token, h);
    this.byLookup.set(h.lookup, h.token);
  }

  replace(h: Held): void {
    const old = this.byToken.get(h.token)!;
    if (this.byLookup.get(old.lookup) === h.token) this.byLookup.delete(old.lookup);
    this.byToken.set(h.token, h);
    this.byLookup.set(h.lookup, h.token);
  }

  remove(token: string): void {
    const h = this.byToken.get(token);
    if (!h) return;
    this.byToken.delete(token);
    if (this.byLookup.get(h.lookup) === token) this.byLookup.delete(h.lookup);
  }
}

type Op = { op: 'add' } | { op: 'replace'; pick: number } | { op: 'remove'; pick: number } | { op: 'removeMissing' };

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constant({ op: 'add' as const }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), pick: fc.nat(1000) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat(1000) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'removeMissing' as const }) },
  ),
  // Long enough to cross CHAIN_MAX in most runs (fast-check's default size keeps arrays short).
  { minLength: CHAIN_MAX, maxLength: 4 * CHAIN_MAX, size: 'max' },
);

function same(s: MemorySession, m: Model, everToken: readonly string[], everLookup: readonly string[]): void {
  expect(s.size).toBe(m.byToken.size);
  expect([...s.records()]).toEqual([...m.byToken.values()]);
  expect(new Set(s.lookups())).toEqual(new Set(m.byLookup.keys()));
  for (const t of everToken) {
    expect(s.record(t)).toEqual(m.byToken.get(t));
    expect(s.has(t)).toBe(m.byToken.has(t));
  }
  for (const l of everLookup) expect(s.tokenOf(l)).toBe(m.byLookup.get(l));
}

describe('memory store session', () => {
  it('answers as a Map by token and one by lookup would, as a chain and past CHAIN_MAX', () => {
    let crossed = 0;
    fc.assert(
      fc.property(ops, (list) => {
        const s = new MemorySession(new Arena(), 0, 1);
        const m = new Model();
        const tokens: string[] = [];
        const lookups: string[] = [];
        let n = 0;
        for (const o of list) {
          const live = [...m.byToken.keys()];
          if (o.op === 'add') {
            const h = rec(`<T_${++n}>`, `l${n}`);
            tokens.push(h.token);
            lookups.push(h.lookup);
            s.add(h);
            m.add({ ...h });
          } else if (o.op === 'replace' && live.length > 0) {
            // A rotation: the same token under a new lookup and blob.
            const t = live[o.pick % live.length]!;
            const h = rec(t, `r${++n}`, 'new');
            lookups.push(h.lookup);
            s.replace(h);
            m.replace({ ...h });
          } else if (o.op === 'remove' && live.length > 0) {
            const t = live[o.pick % live.length]!;
            expect(s.remove(t)?.token).toBe(t);
            m.remove(t);
          } else if (o.op === 'removeMissing') {
            expect(s.remove('<NONE>')).toBeUndefined();
          }
          // Records are compared by content: the model keeps copies.
          expect([...s.records()].map((h) => [h.token, h.lookup, h.blob])).toEqual([...m.byToken.values()].map((h) => [h.token, h.lookup, h.blob]));
        }
        if (s.size > CHAIN_MAX) crossed++;
        const byContent = new Model();
        for (const h of s.records()) byContent.add(h);
        same(s, byContent, tokens, lookups);
        for (const l of lookups) expect(s.tokenOf(l)).toBe(m.byLookup.get(l));
      }),
      { numRuns: 300 },
    );
    expect(crossed).toBeGreaterThan(50);
  });

  it('counters per prefix, each kept apart', () => {
    const s = new MemorySession(new Arena(), 0, 1);
    expect(s.counter('PERSON')).toBe(0);
    s.setCounter('PERSON', 3);
    s.setCounter('PHONE', 1);
    s.setCounter('PERSON', 4);
    expect([s.counter('PERSON'), s.counter('PHONE'), s.counter('EMAIL')]).toEqual([4, 1, 0]);
  });

  it('a session of many values through the vault: every value keeps its token, erasure and export find each', async () => {
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const backend = new MemoryBackend();
    const v = new PseudonymVault(backend, keyring, { memo: 0 });
    const values = Array.from({ length: 3 * CHAIN_MAX }, (_, i) => `Person Number ${i}`);
    const first = await v.tokenize(values.map((value) => ({ session: 's', type: 'PERSON', value })));
    expect(new Set(first).size).toBe(values.length);
    // Asked again one by one (the memo is off: each is found by its lookup in the store).
    for (let i = 0; i < values.length; i++) expect(await v.tokenize([{ session: 's', type: 'PERSON', value: values[i]! }])).toEqual([first[i]]);
    expect((await v.reveal('s', first)).get(first[5]!)).toBe(values[5]);
    expect(await v.exportValue(values[CHAIN_MAX + 2]!, { type: 'PERSON' })).toHaveLength(1);
    expect(await v.forgetValue(values[CHAIN_MAX + 2]!, { type: 'PERSON' })).toBe(1);
    expect(await v.exportValue(values[CHAIN_MAX + 2]!, { type: 'PERSON' })).toHaveLength(0);
    // A new value after an erasure gets the next number, not the erased one's.
    const [next] = await v.tokenize([{ session: 's', type: 'PERSON', value: 'Someone New' }]);
    expect(first).not.toContain(next);
    expect((await v.stats()).records).toBe(values.length);
  });
});
