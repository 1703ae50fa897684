import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokensIn } from '../../src/transform/rewrite.js';
import { scanTokens } from '../../src/token.js';

// The rewrite skips the token scan of a text without an underscore; that must never lose a token.
const ALPHABET = ['<', '>', '[', ']', '{', '}', '\\', '&lt;', '&gt;', '&#60;', '&#x3e;', '_', '_', 'PERSON', 'person', 'A', 'z', '1', '7', '0', ' ', '.', "'", 'abcdefghijklmnop', 'k3f9x2qab7d4mn2p'];

describe('tokensIn', () => {
  it('finds exactly what scanTokens finds, on texts with and without underscores', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(tokensIn(text)).toEqual(scanTokens(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('a text without an underscore holds no token in any spelling the scanner accepts', () => {
    for (const t of ['<PERSON 1>', 'PERSON-1', '[PERSON1]', '&lt;PERSON1&gt;', 'PERSON\\1']) expect(tokensIn(t)).toEqual([]);
    expect(tokensIn('Hi <PERSON_1>').map((m) => m.token)).toEqual(['<PERSON_1>']);
    expect(tokensIn('Hi PERSON\\_1').map((m) => m.token)).toEqual(['<PERSON_1>']);
  });
});
