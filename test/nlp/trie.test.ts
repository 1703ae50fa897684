import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenise } from '../../src/text/tokens.js';
import { PhraseSet, PhraseTrie, foldCode, isWordCode, wordsAfter, wordsAround, wordsBefore } from '../../src/text/trie.js';
import { HashSet32, TokenPhraseSet, tokensAfter, tokensBefore } from '../../src/text/words.js';

function trieOf(...phrases: string[]): PhraseTrie<string> {
  const t = new PhraseTrie<string>();
  for (const p of phrases) t.add(p, p);
  return t;
}

/** [matched text, phrase it matched] pairs, checking that offsets slice out the text. */
function scan(t: PhraseTrie<string>, text: string): Array<[string, string]> {
  return t.findAll(text).map((m) => {
    expect(m.end).toBeGreaterThan(m.start);
    return [text.slice(m.start, m.end), m.value];
  });
}

describe('PhraseTrie', () => {
  const t = trieOf('diabetes', 'type 2 diabetes', 'type 2 diabetes mellitus', 'pan', 'pan d', 'hiv+', 'hiv', "bell's palsy", 'मधुमेह', 'खांसी', 'mahe');

  it.each([
    ['k/c/o Type 2 Diabetes Mellitus.', [['Type 2 Diabetes Mellitus', 'type 2 diabetes mellitus']]],
    ['type-2  diabetes', [['type-2  diabetes', 'type 2 diabetes']]],
    ['type 2\ndiabetes', [['type 2\ndiabetes', 'type 2 diabetes']]],
    ['type 2 diabetic', []], // "type 2 diabetes" must end on a word boundary; "diabetic" is another word
    ['DIABETES!', [['DIABETES', 'diabetes']]],
    ['tab Pan-D od', [['Pan-D', 'pan d']]],
    ['tab Pan 40', [['Pan', 'pan']]],
    ['company panel japan', []], // never inside a word
    ['(HIV+ve)', [['HIV+', 'hiv+']]],
    ['HIV-1', [['HIV', 'hiv']]],
    ['Bell’s palsy', [['Bell’s palsy', "bell's palsy"]]],
    ['पिता को मधुमेह है', [['मधुमेह', 'मधुमेह']]],
    ['खाँसी', [['खाँसी', 'खांसी']]], // candrabindu folds to anusvara
    ['Mahé', [['Mahé', 'mahe']]], // Latin diacritics fold
    ['मधुमेहरोग', []], // glued Devanagari word is another word
    ['diabetes diabetes', [['diabetes', 'diabetes'], ['diabetes', 'diabetes']]],
  ] as Array<[string, Array<[string, string]>]>)('%j', (text, expected) => {
    expect(scan(t, text)).toEqual(expected);
  });

  it('keeps the first value for a phrase and reports its size', () => {
    const x = new PhraseTrie<number>();
    expect(x.add('Pune', 1)).toBe(true);
    expect(x.add('PUNE', 2)).toBe(false);
    expect(x.add('  ', 3)).toBe(false);
    expect(x.add('+x', 4)).toBe(false);
    expect(x.size).toBe(1);
    expect(x.get('pune')).toBe(1);
    expect(x.get('pun')).toBeUndefined();
    expect(x.get('pune city')).toBeUndefined();
  });

  it('folds case, nukta letters and apostrophes', () => {
    expect(foldCode('A'.charCodeAt(0))).toBe('a'.charCodeAt(0));
    expect(foldCode('ज़'.charCodeAt(0))).toBe('ज'.charCodeAt(0)); // precomposed U+095B
    expect(foldCode('’'.charCodeAt(0))).toBe("'".charCodeAt(0));
    const n = trieOf('ज़ुकाम');
    expect(scan(n, 'ज़ुकाम')).toHaveLength(1); // decomposed nukta in the text
    expect(scan(n, '\u095bुकाम')).toHaveLength(1); // precomposed in the text
  });

  it('classifies word characters of any script', () => {
    expect(isWordCode('a'.charCodeAt(0))).toBe(true);
    expect(isWordCode('९'.charCodeAt(0))).toBe(true);
    expect(isWordCode('ि'.charCodeAt(0))).toBe(true); // a combining vowel sign
    expect(isWordCode('।'.charCodeAt(0))).toBe(false);
    expect(isWordCode(' '.charCodeAt(0))).toBe(false);
    expect(isWordCode(0xd83d)).toBe(false); // emoji half
  });

  it('reads whole words around a span, dropping words cut by the window', () => {
    const text = 'the patient in Japan has HTN since 2010';
    const s = text.indexOf('HTN');
    expect(wordsAround(text, s, s + 3, 12, 8)).toEqual({ before: ['japan', 'has'], after: ['since'] });
    expect(wordsAround(text, s, s + 3, 7, 100).before).toEqual(['has']); // "japan" is cut, not "pan"
  });

  it('reads a few whole words before and after a position', () => {
    const text = 'k/c/o HTN, DM since 2010 in Japan';
    const s = text.indexOf('HTN');
    expect(wordsBefore(text, s, 5)).toEqual(['k', 'c', 'o']);
    expect(wordsBefore(text, s, 2)).toEqual(['c', 'o']);
    expect(wordsAfter(text, s + 3, 3)).toEqual(['dm', 'since', '2010']);
    expect(wordsAfter(text, text.indexOf(' in '), 5, 6)).toEqual(['in']); // "japan" is cut by the window
    expect(wordsBefore(text, text.length, 5, 8)).toEqual(['in', 'japan']);
    expect(wordsBefore(text, text.length, 5, 7)).toEqual(['japan']); // "in" is cut by the window
    expect(wordsBefore('', 0, 3)).toEqual([]);
  });

  it('tests whole-word phrases in a token range', () => {
    const set = new PhraseSet(['k/c/o', 'pan card', 'में', 'dr']);
    expect(set.matches(['k', 'c', 'o'])).toBe(true);
    expect(set.matches(['k', 'c'])).toBe(false);
    expect(set.matches(['your', 'pan', 'card'])).toBe(true);
    expect(set.matches(['your', 'pan', 'card'], 0, 2)).toBe(false); // the phrase must end inside the range
    expect(set.matches(['x', 'dr'], 1)).toBe(true);
    expect(set.matches(['dr', 'x'], 1)).toBe(false);
    expect(set.matches(['मुंबई', 'में'])).toBe(true);
    expect(set.matches(['drive'])).toBe(false);
  });

  it('scans a long text linearly (no match inside long words)', () => {
    const text = 'a'.repeat(200_000) + ' diabetes ' + 'pan'.repeat(50_000);
    expect(scan(t, text)).toEqual([['diabetes', 'diabetes']]);
  });
});

// The token-index readers that replaced wordsBefore/wordsAfter + PhraseSet in the lexicon finders
// must read the same words and give the same answers.
describe('context on shared tokens', () => {
  const PHRASES = ['k/c/o', 'pan card', 'में', 'dr', 'जिला', 'ज़िला', 'district', 'near', 'a c'];
  const UNITS = [...'abcdkoprnt ', ' ', ' ', ',', '/', '-', '\n', '.', ...'मेंजिलाज़'];
  const textArb = fc.array(fc.oneof(fc.constantFrom(...PHRASES, 'card', 'pan', 'Dr.', 'DISTRICT'), fc.constantFrom(...UNITS)), { maxLength: 30 }).map((a) => a.join(''));

  it('tokensBefore / tokensAfter read what wordsBefore / wordsAfter read at word boundaries', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }), (text, at, count, stop) => {
        const t = tokenise(text);
        // Positions the finders use: token starts and ends.
        const bounds = [0, text.length, ...Array.from(t.start), ...Array.from(t.end)];
        const pos = bounds[at % bounds.length]!;
        const words = (lo: number, hi: number): string[] => Array.from({ length: hi - lo }, (_, k) => t.word(lo + k));
        expect(words(tokensBefore(t, pos, count, stop), t.indexAt(pos))).toEqual(wordsBefore(text, pos, count, stop));
        expect(words(t.indexFrom(pos), tokensAfter(t, pos, count, stop))).toEqual(wordsAfter(text, pos, count, stop));
      }),
      { numRuns: 3000 },
    );
  });

  it('TokenPhraseSet answers as PhraseSet on the same token range', () => {
    const byHash = new TokenPhraseSet(PHRASES);
    const byWords = new PhraseSet(PHRASES);
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        const t = tokenise(text);
        const from = t.count ? a % (t.count + 1) : 0;
        const to = t.count ? b % (t.count + 1) : 0;
        const all = Array.from({ length: t.count }, (_, k) => t.word(k));
        expect(byHash.matches(t, from, to)).toBe(byWords.matches(all, from, to));
      }),
      { numRuns: 3000 },
    );
    const t = tokenise('your PAN  card, near जिला');
    expect(byHash.matches(t, 0, t.count)).toBe(true);
    expect(byHash.matches(t, 0, 2)).toBe(false); // "pan card" must end inside the range
    expect(new TokenPhraseSet(['ज़िला']).matches(tokenise('जिला'), 0, 1)).toBe(false); // exact, as PhraseSet
    expect(new TokenPhraseSet(['ज़िला', 'जिला']).matches(tokenise('जिला'), 0, 1)).toBe(true);
  });

  it('HashSet32 holds exactly what it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 200 }), fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 50 }), (keys, probes) => {
        const set = new HashSet32(keys);
        const want = new Set(keys);
        for (const k of [...keys, ...probes, 0, -1]) expect(set.has(k)).toBe(want.has(k));
      }),
    );
  });
});

