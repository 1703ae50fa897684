// resolve's first step sorts the candidates by start, longest first, ties in input order. It packs
// each candidate into one number and sorts those natively; this pins it to the comparator sort it
// replaced, on packable offsets and on offsets that fall back to the comparator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byStart, type Candidate } from '../../src/resolve/resolve.js';

const cand = (start: number, end: number, k: number): Candidate => ({ type: 'X', start, end, score: 0.5, detector: `d${k}`, validated: false });
const reference = (cs: readonly Candidate[]): Candidate[] => cs.slice().sort((a, b) => a.start - b.start || b.end - a.end);

describe('resolve: order by start', () => {
  it('is the stable comparator sort, ties kept in input order', () => {
    const spans = fc.array(fc.tuple(fc.nat(40), fc.nat(12)), { maxLength: 120 });
    fc.assert(
      fc.property(spans, (xs) => {
        const cs = xs.map(([s, len], k) => cand(s, s + len, k));
        const got = byStart(cs);
        const want = reference(cs);
        expect(got.length).toBe(want.length);
        for (let i = 0; i < got.length; i++) expect(got[i]).toBe(want[i]);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('falls back to the comparator for offsets that do not pack (huge, fractional, negative)', () => {
    const many = Array.from({ length: 40 }, (_, k) => cand((k * 7) % 13, ((k * 7) % 13) + (k % 5), 10 + k));
    for (const odd of [cand(2 ** 40, 2 ** 40 + 3, 0), cand(1.5, 4, 3), cand(-1, 2, 4)]) {
      const cs = [...many.slice(0, 20), odd, ...many.slice(20)];
      const got = byStart(cs);
      const want = reference(cs);
      for (let i = 0; i < got.length; i++) expect(got[i]).toBe(want[i]);
    }
  });
});
