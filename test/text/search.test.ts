// firstAbove: the hinted search context windows and table headers use. Against a linear reference on
// random ascending arrays, for every x and every hint at or before the answer (-1: none).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstAbove } from '../../src/text/search.js';

const reference = (a: readonly number[], count: number, x: number): number => {
  for (let i = 0; i < count; i++) if (a[i]! > x) return i;
  return count;
};

describe('firstAbove', () => {
  it('finds the first entry above x from any hint at or before it', () => {
    const arr = fc.array(fc.nat(6), { maxLength: 300, size: 'max' }).map((d) => {
      let s = 0;
      return d.map((x) => (s += x));
    });
    fc.assert(
      fc.property(arr, fc.integer({ min: -2, max: 200 }), (a, slack) => {
        const count = Math.max(0, a.length - (slack & 3)); // entries past count are never read
        const last = count > 0 ? a[count - 1]! : 0;
        for (const x of [-1, 0, 1, Math.floor(last / 2), last - 1, last, last + 1, slack]) {
          const want = reference(a, count, x);
          for (let from = -1; from <= want; from++) {
            if (firstAbove(a, count, x, from) !== want) expect(firstAbove(a, count, x, from), `x=${x} from=${from}`).toBe(want);
          }
        }
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});
