// IntMap (src/text/int-map.ts) against a Map, through clears and growth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntMap } from '../../src/text/int-map.js';

type Op = { op: 'set'; key: number; value: number } | { op: 'get'; key: number } | { op: 'clear' };

describe('IntMap', () => {
  it('answers as a Map does through sets, overwrites, clears and growth', () => {
    // Keys from a small range (collisions, overwrites) and a wide one (spread slots), runs long enough to grow.
    const key = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0x7fffffff }));
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 12, arbitrary: fc.record({ op: fc.constant('set' as const), key, value: fc.integer({ min: 0, max: 0x7fffffff }) }) },
      { weight: 8, arbitrary: fc.record({ op: fc.constant('get' as const), key }) },
      { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
      const m = new IntMap();
      const ref = new Map<number, number>();
      for (const o of ops) {
        if (o.op === 'set') {
          m.set(o.key, o.value);
          ref.set(o.key, o.value);
        } else if (o.op === 'clear') {
          m.clear();
          ref.clear();
        } else {
          expect(m.get(o.key)).toBe(ref.get(o.key) ?? -1);
        }
      }
      for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    }), { numRuns: 200, seed: 11 });
  });

  it('holds every key after growing many times, and none after a clear', () => {
    const m = new IntMap();
    for (let i = 0; i < 20000; i++) m.set(i * 45 + 44, i);
    for (let i = 0; i < 20000; i++) expect(m.get(i * 45 + 44)).toBe(i);
    expect(m.get(43)).toBe(-1);
    m.clear();
    for (let i = 0; i < 20000; i += 997) expect(m.get(i * 45 + 44)).toBe(-1);
    m.set(44, 7);
    expect(m.get(44)).toBe(7);
  });

  it('refuses keys and values it cannot hold, naming no value', () => {
    const m = new IntMap();
    expect(() => m.set(-1, 0)).toThrow(RangeError);
    expect(() => m.set(1, -1)).toThrow(RangeError);
    expect(() => m.set(1.5, 0)).toThrow(RangeError);
    expect(() => m.set(2 ** 31, 0)).toThrow(RangeError);
    expect(m.get(1)).toBe(-1);
  });
});
