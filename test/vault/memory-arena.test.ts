// The memory store's arena (src/vault/memory-arena.ts): several sessions' records in one buffer (a
// session's records move there past CHAIN_MAX), blocks moved to its end when a session that is not last
// grows, garbage squeezed out by `compact`. Checked against a Map per session under random
// interleavings, with tokens and lookups outside ASCII, and for what an erasure must leave behind: no
// bytes of the erased record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { Arena, type RecordInput } from '../../src/vault/memory-arena.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { CHAIN_MAX, MemorySession } from '../../src/vault/memory-session.js';
import { DAY_MS, PseudonymVault } from '../../src/vault/vault.js';
import { FakeClock } from '../support/stores.js';

type Op =
  | { op: 'add'; s: number; wide: boolean }
  | { op: 'replace'; s: number; pick: number }
  | { op: 'remove'; s: number; pick: number }
  | { op: 'drop'; s: number }
  | { op: 'compact' };

const SESSIONS = 4;
const session = fc.nat(SESSIONS - 1);
const ops = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('add' as const), s: session, wide: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), s: session, pick: fc.nat(1000) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), s: session, pick: fc.nat(1000) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), s: session }) },
    { weight: 1, arbitrary: fc.constant({ op: 'compact' as const }) },
  ),
  { minLength: 20, maxLength: 300, size: 'max' },
);

/** The model of one session: its records by token, in the order they came, and lookup → token. */
class Model {
  readonly byToken = new Map<string, RecordInput>();
  readonly byLookup = new Map<string, string>();
}

describe('memory store arena', () => {
  it('sessions sharing one arena answer as Maps would, across moves, drops and compactions', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const arena = new Arena(1024);
        const live: Array<MemorySession | undefined> = [];
        const models: Model[] = [];
        let n = 0;
        const record = (wide: boolean): RecordInput => {
          n++;
          // Outside ASCII (two bytes a unit), Devanagari and an astral character among them.
          const token = wide ? `<नाम_${n}😀>` : `<T_${n}>`;
          const lookup = wide ? `é${n}ल` : `l${n}`.padEnd(40 + (n % 50), 'x');
          return { token, type: n % 2 ? 'PERSON' : 'PHONE', kind: n % 3 ? 'counter' : 'surrogate', lookup, keyId: `k${n % 2}`, blob: `\u0000b${n}\u00ff`.repeat(1 + (n % 5)), since: n * 1.5e9 };
        };
        const add = (s: MemorySession, m: Model, h: RecordInput): void => {
          s.add({ ...h }); // the session owns what it is given; the model keeps its own copy
          m.byToken.set(h.token, h);
          m.byLookup.set(h.lookup, h.token);
        };
        // Sessions start with 0, 11, 22 or 33 records: chains that cross CHAIN_MAX, and one in the arena.
        const fresh = (i: number): MemorySession => {
          const m = (models[i] = new Model());
          const s = (live[i] = new MemorySession(arena, 1000, 2000));
          for (let k = 0; k < i * 11; k++) add(s, m, record(k % 7 === 0));
          return s;
        };
        for (const o of list) {
          if (o.op === 'compact') {
            arena.compact(live.filter((s): s is MemorySession => s !== undefined), 0);
            continue;
          }
          const s = live[o.s] ?? fresh(o.s);
          const m = models[o.s]!;
          const tokens = [...m.byToken.keys()];
          if (o.op === 'add') {
            add(s, m, record(o.wide));
          } else if (o.op === 'replace' && tokens.length > 0) {
            const t = tokens[o.pick % tokens.length]!;
            const old = m.byToken.get(t)!;
            const h: RecordInput = { ...old, lookup: `r${++n}`, keyId: 'k9', blob: `new${n}` };
            s.replace({ ...h });
            // What an earlier read noted (memory-reads.ts) is gone with the old record.
            expect(s.tokenOf(old.lookup)).toBeUndefined();
            expect(s.storedOf('sid', t)?.lookup).toBe(h.lookup);
            m.byLookup.delete(old.lookup);
            m.byToken.set(t, h);
            m.byLookup.set(h.lookup, t);
          } else if (o.op === 'remove' && tokens.length > 0) {
            const t = tokens[o.pick % tokens.length]!;
            expect(s.remove(t)).toEqual(m.byToken.get(t));
            expect(s.storedOf('sid', t)).toBeUndefined();
            expect(s.tokenOf(m.byToken.get(t)!.lookup)).toBeUndefined();
            m.byLookup.delete(m.byToken.get(t)!.lookup);
            m.byToken.delete(t);
          } else if (o.op === 'drop') {
            s.drop();
            live[o.s] = undefined;
            continue;
          }
          for (let i = 0; i < SESSIONS; i++) {
            const x = live[i];
            if (x === undefined) continue;
            const mi = models[i]!;
            expect(x.size).toBe(mi.byToken.size);
            expect([...x.records()]).toEqual([...mi.byToken.values()]);
            // Reads between changes, of the session this step changed: a session read again answers
            // from what it noted (memory-reads.ts), and a change must drop that.
            if (x !== s) continue;
            const known = [...mi.byToken];
            for (let k = 0; k < Math.min(8, known.length); k++) {
              const [t, h] = known[(k * 13 + list.length) % known.length]!;
              const r = x.storedOf('sid', t);
              const got = [x.tokenOf(h.lookup), r?.lookup, r?.keyId, r?.type, r?.kind, r?.blob.toString('latin1'), r?.createdAt];
              const want = [t, h.lookup, h.keyId, h.type, h.kind, h.blob, 1000 + h.since];
              // a plain compare first: an expect per read made this test three times slower
              if (got.some((v, q) => v !== want[q])) expect(got).toEqual(want);
            }
          }
        }
        for (let i = 0; i < SESSIONS; i++) {
          const x = live[i];
          if (x === undefined) continue;
          const mi = models[i]!;
          for (const [t, h] of mi.byToken) {
            expect(x.record(t)).toEqual(h);
            expect(x.has(t)).toBe(true);
            expect(x.tokenOf(h.lookup)).toBe(t);
          }
          expect(new Set(x.lookups())).toEqual(new Set(mi.byLookup.keys()));
          expect(x.has('<NONE>')).toBe(false);
          expect(x.tokenOf('none')).toBeUndefined();
        }
        // What is used is the live records plus what `garbage` counts, never less.
        expect(arena.used).toBeGreaterThanOrEqual(arena.garbage);
      }),
      { numRuns: 200 },
    );
  });

  it('a removed record, a dropped session and a compacted buffer keep no bytes of their records', () => {
    const arena = new Arena(1024);
    const a = new MemorySession(arena, 0, 1);
    const b = new MemorySession(arena, 0, 1);
    const rec = (token: string, blob: string): RecordInput => ({ token, type: 'PHONE', kind: 'counter', lookup: `lookup-of-${token}`, keyId: 'k', blob, since: 0 });
    // Past CHAIN_MAX, so both sessions' records are in the arena.
    for (let k = 0; k <= CHAIN_MAX; k++) {
      a.add(rec(`<A_F${k}>`, 'filler'));
      b.add(rec(`<B_F${k}>`, 'filler'));
    }
    a.add(rec('<A_1>', 'SECRET-BLOB-A1'));
    b.add(rec('<B_1>', 'SECRET-BLOB-B1'));
    a.add(rec('<A_2>', 'SECRET-BLOB-A2')); // a's block moves past b's
    const holds = (buf: Buffer, s: string): boolean => buf.includes(Buffer.from(s, 'latin1'));
    expect(holds(arena.buf, 'SECRET-BLOB-A1')).toBe(true);
    a.remove('<A_1>');
    expect(holds(arena.buf, 'SECRET-BLOB-A1')).toBe(false);
    expect(holds(arena.buf, 'lookup-of-<A_1>')).toBe(false);
    expect(a.record('<A_2>')?.blob).toBe('SECRET-BLOB-A2');
    b.drop();
    expect(holds(arena.buf, 'SECRET-BLOB-B1')).toBe(false);
    const before = arena.buf;
    const usedBefore = arena.used;
    expect(arena.compact([a], 0)).toBe(true);
    // Everything the old buffer held is zeroed (past `used` it was never written).
    expect(before.subarray(0, usedBefore).every((x) => x === 0)).toBe(true);
    expect(holds(before, 'SECRET-BLOB-A2')).toBe(false);
    expect(arena.garbage).toBe(0);
    expect(a.record('<A_2>')?.blob).toBe('SECRET-BLOB-A2');
    expect([...a.records()].map((h) => h.token).slice(-1)).toEqual(['<A_2>']);
    expect(a.size).toBe(CHAIN_MAX + 2);
  });

  it('through the store: erasing most sessions compacts the arena, and the rest still open', async () => {
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const backend = new MemoryBackend();
    const v = new PseudonymVault(backend, keyring, { memo: 0 });
    const arena = (backend as unknown as { arena: Arena }).arena;
    const values = Array.from({ length: 40 }, (_, i) => `Someone Number ${i}`);
    const sessions = 200;
    const tokens: string[][] = [];
    for (let s = 0; s < sessions; s++) tokens.push(await v.tokenize(values.map((value) => ({ session: `s${s}`, type: 'PERSON', value }))));
    const full = arena.used;
    expect(full).toBeGreaterThan(1 << 20);
    for (let s = 0; s < sessions; s++) if (s % 10 !== 0) await v.forgetSession(`s${s}`);
    // `used` only ever shrinks in a compaction; one ran once the garbage passed 1 MB and half the
    // buffer, and what the later erasures left is below that bound.
    expect(arena.used).toBeLessThan(full / 3);
    expect(arena.garbage).toBeLessThan(1 << 20);
    expect(arena.used - arena.garbage).toBeLessThan(full / 8);
    for (let s = 0; s < sessions; s += 10) {
      const back = await v.reveal(`s${s}`, tokens[s]!);
      expect(tokens[s]!.map((t) => back.get(t))).toEqual(values);
    }
    expect(await v.reveal('s1', tokens[1]!)).toEqual(new Map());
    expect((await v.stats()).records).toBe(20 * values.length);
    // Closing the store zeroes the arena and lets its buffer go.
    const last = arena.buf;
    const lastUsed = arena.used;
    await v.close();
    expect(last.subarray(0, lastUsed).every((x) => x === 0)).toBe(true);
    expect([arena.used, arena.buf.length]).toEqual([0, 64 * 1024]);
  });

  it('a session id used again after it expired: the expired records are dropped, not kept beside the new ones', async () => {
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const backend = new MemoryBackend();
    const clock = new FakeClock();
    const v = new PseudonymVault(backend, keyring, { memo: 0, clock: clock.now });
    const arena = (backend as unknown as { arena: Arena }).arena;
    // Past CHAIN_MAX, so the first session's records are one block in the arena.
    const values = Array.from({ length: CHAIN_MAX + 8 }, (_, i) => `Someone Number ${i}`);
    const first = await v.tokenize(values.map((value) => ({ session: 'reused', type: 'PERSON', value })));
    expect(arena.garbage).toBe(0);
    const block = arena.used;
    clock.advance(91 * DAY_MS);
    const again = await v.tokenize([{ session: 'reused', type: 'PERSON', value: 'Someone Else' }]);
    // The expired block is garbage now (compaction may take it later); the new session holds one record.
    expect(arena.garbage).toBe(block);
    // Counter tokens start over in the new session: its first token is the expired one's first.
    expect(again).toEqual([first[0]]);
    expect(await v.reveal('reused', first)).toEqual(new Map([[first[0]!, 'Someone Else']]));
    expect((await v.stats()).records).toBe(1);
  });

  it('a chat session read on every turn: erasure and rotation are seen at once', async () => {
    const keyring = Keyring.load({ key: generateKey() }, true, 'memory');
    const backend = new MemoryBackend();
    const v = new PseudonymVault(backend, keyring);
    const values = Array.from({ length: CHAIN_MAX + 8 }, (_, i) => `Someone Number ${i}`);
    const turn = () => v.tokenize(values.map((value) => ({ session: 'chat', type: 'PERSON', value })));
    const tokens = await turn();
    // Turns read every value back (its token, then its spelling): the session notes what it read.
    for (let i = 0; i < 3; i++) {
      expect(await turn()).toEqual(tokens);
      const back = await v.reveal('chat', tokens);
      expect(tokens.map((t) => back.get(t))).toEqual(values);
    }
    expect(await v.forgetValue(values[5]!, { type: 'PERSON' })).toBe(1);
    expect((await v.reveal('chat', [tokens[5]!])).size).toBe(0);
    const again = await turn();
    expect(again[5]).not.toBe(tokens[5]);
    expect(again.filter((t, i) => t !== tokens[i])).toEqual([again[5]]);
    const read = await v.reveal('chat', again);
    expect(again.map((t) => read.get(t))).toEqual(values);
    const { keyId, reencrypted } = await v.rotateKey(generateKey());
    expect(reencrypted).toBe(values.length);
    // The store hands out the re-keyed records, not what it noted before the rotation.
    expect(new Set((await backend.get('chat', again, Date.now())).map((r) => r.keyId))).toEqual(new Set([keyId]));
    expect(await turn()).toEqual(again);
    const back = await v.reveal('chat', again);
    expect(again.map((t) => back.get(t))).toEqual(values);
  });
});
