// The PERSON cue-phrase filter (src/detect/detectors/person/phrase-pairs.ts) may pass a list over only
// when no phrase of it can match at the token: checked against the lists themselves, for every word
// that starts a phrase and every word id that may follow it (and none).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameLexicon } from '../../src/detect/detectors/person/lexicon.js';
import { PhrasePairs, phrasePairs } from '../../src/detect/detectors/person/phrase-pairs.js';

const lex = nameLexicon();
const filter = phrasePairs(lex);
const firsts = lex.phrases.flatMap((list, id) => (list ? [id] : []));

/** What the full check needs of the next token: a phrase of one word, or one whose second id is `next`. */
const couldMatch = (first: number, next: number): boolean =>
  (lex.phrases[first] ?? []).some((p) => p.ids.length === 1 || p.ids[1] === next);

describe('PERSON phrase-pair filter', () => {
  it('never passes over a list one of whose phrases continues with the next word', () => {
    expect(firsts.length).toBeGreaterThan(100);
    for (const id of firsts) {
      for (const p of lex.phrases[id]!) expect(filter.may(id, p.ids.length > 1 ? p.ids[1]! : -1), p.key).toBe(true);
    }
  });

  it('agrees with the lists on any next word id, and on none', () => {
    const n = lex.words.length;
    fc.assert(
      fc.property(fc.constantFrom(...firsts), fc.integer({ min: -1, max: n - 1 }), (first, next) => {
        // A hashed pair may let a list through that cannot match (the full check then fails it); it may
        // never stop one that can.
        if (couldMatch(first, next)) expect(filter.may(first, next)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('passes most lists over where the next word continues none of their phrases', () => {
    let multiOnly = 0;
    let passed = 0;
    for (const id of firsts) {
      if (lex.phrases[id]!.some((p) => p.ids.length === 1)) {
        expect(filter.may(id, -1)).toBe(true);
        continue;
      }
      multiOnly++;
      if (!filter.may(id, -1)) passed++;
    }
    expect(multiOnly).toBeGreaterThan(50);
    expect(passed).toBe(multiOnly);
  });

  it('is built once per vocabulary, from its lists', () => {
    expect(phrasePairs(lex)).toBe(filter);
    const own = new PhrasePairs([undefined, [{ ids: Int32Array.of(1, 7) } as never], [{ ids: Int32Array.of(2) } as never]]);
    expect(own.may(1, 7)).toBe(true);
    expect(own.may(1, 8)).toBe(false);
    expect(own.may(1, -1)).toBe(false);
    expect(own.may(2, -1)).toBe(true);
    expect(own.may(0, 7)).toBe(false);
  });
});
