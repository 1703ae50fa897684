// tokensAround (src/text/tokens.ts): the tokens overlapping a range, tokenised on their own, are
// exactly the whole text's tokens there (start, end, hash), surrogate pairs and cut words included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenise, tokensAround, tokensIfDone, tokensOf } from '../../src/text/tokens.js';

const unit = fc.constantFrom('a', 'Z', 'é', '1', '१', 'क़', 'ि', ' ', '\n', '.', '@', '-', '𝐀', '😀', '\ud835', '\udc00', 'İ', 'ß', '’');
const text = fc.array(unit, { minLength: 0, maxLength: 40 }).map((u) => u.join(''));

function overlapping(t: string, from: number, to: number): string[] {
  const all = tokenise(t);
  const out: string[] = [];
  for (let i = 0; i < all.count; i++) if (all.end[i]! > from && all.start[i]! < to) out.push(`${all.start[i]}-${all.end[i]}:${all.hash[i]}`);
  return out;
}

describe('tokensAround', () => {
  it('gives the whole text’s tokens overlapping the range, at every range', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (let from = 0; from <= t.length; from++) {
          for (let to = from + 1; to <= t.length; to++) {
            const r = tokensAround(t, from, to);
            const got = Array.from({ length: r.count }, (_, i) => `${r.start[i]}-${r.end[i]}:${r.hash[i]}`);
            expect(got, `${JSON.stringify(t)} ${from}-${to}`).toEqual(overlapping(t, from, to));
          }
        }
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('knows whether tokensOf holds a text', () => {
    const a = 'one two';
    tokensOf(a);
    expect(tokensIfDone(a)?.count).toBe(2);
    expect(tokensIfDone('three')).toBeUndefined();
  });
});
