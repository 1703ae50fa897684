// MoneyFinder skips a text that holds no context phrase's first word and no 'lpa'. The skip must never
// change an answer: the finder is compared with the plain loop (the amount pattern over the whole
// text, the words around each amount) on generated texts rich in amounts, context words and fragments
// glued together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import data from '../../patterns/generalise/money.json';
import { AMOUNT_PATTERN, amountMatches, MoneyFinder, parseAmount } from '../../src/transform/money.js';
import { tokensOf } from '../../src/text/tokens.js';
import { ContextMatcher, words } from '../../src/text/words.js';

const WINDOW = { before: 48, after: 24 };

/** The finder without the skip, as it was written before it. */
function reference(text: string, extra: readonly string[] = []): string[] {
  const context = new ContextMatcher([...data.context, ...extra]);
  // A unit is a word character when its code point is (a surrogate pair's halves answer together).
  const isWord = (i: number): boolean => {
    if (i < 0 || i >= text.length) return false;
    const c = text.charCodeAt(i);
    const cp = c >= 0xdc00 && c <= 0xdfff && i > 0 ? text.codePointAt(i - 1)! : text.codePointAt(i)!;
    return (cp > 0xffff || c < 0xdc00 || c > 0xdfff) && /^[\p{L}\p{M}\p{N}]$/u.test(String.fromCodePoint(cp));
  };
  const around = (start: number, end: number): string[] => {
    let from = Math.max(0, start - WINDOW.before);
    const to = Math.min(text.length, end + WINDOW.after);
    while (from > 0 && from < start && isWord(from - 1) && isWord(from)) from++;
    let stop = to;
    while (stop < text.length && stop > end && isWord(stop) && isWord(stop - 1)) stop--;
    return words(text.slice(from, start)).concat(words(text.slice(end, stop)));
  };
  const re = new RegExp(AMOUNT_PATTERN.source, AMOUNT_PATTERN.flags);
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const ok = /lpa/i.test(m[0]) || context.find(around(m.index, m.index + m[0].length)).length > 0;
    if (ok && parseAmount(m[0]) !== undefined) out.push(`${m.index}:${m[0]}`);
  }
  return out;
}

const AMOUNTS = ['₹12,50,000', 'Rs. 4.5 lakh', 'INR 1,20,00,000', '45k', '18 LPA', '18LPA', '12.5L', '2.5 crore', '₹45,000', '1,200', 'रु 5000', '५०,००० रुपये', '85,000/-', '3 cr', '7 mn', '2024'];
const CONTEXT = [...data.context, 'Salary', 'CTC', 'INCOME', 'Net Pay', 'take-home', 'वेतन', 'तनख़्वाह'];
const FILLER = ['the', 'my', 'is', 'per', 'month', 'paid', 'order', 'total', 'phone', 'costs', 'for', 'March', 'pays', 'salaryman', 'lp', 'a', 'नमस्ते', 'है', 'net', 'home'];
const SEPS = [' ', ' ', ' ', ', ', ': ', '\n', '. ', ' - ', '', '\u00a0'];

// Fragments an amount can be glued from or to: bare marks, digits of both scripts, letters, a long run.
const GLUE = [
  '𝟙', '𝐀', 'income𝟙', '\ud835', '₹', 'Rs', 'rs.', 'RS. ', 'INR', 'inr ', 'रु', 'रु.', 'रुपये', 'रुपए ', '12', '5', '१२', '0,5', ',000', '.5', '/-', 'x', 'abc', 'lakh', 'LPA', 'k', '1234567890123456', '₹₹', ' rupees',
  // what the anchored scan reads around a digit run: marks glued to letters and digits, case-folded
  // spellings (ſ, the Kelvin sign), marks cut short, runs too long for a number, a dot or comma after a run
  'rſ', 'rſ.', 'İnr', 'ınr', 'iNR', 'r', 'i', 'n', 's', 'र', 'ु', 'रुप', 'xrs', '9rs', 'a₹', '1₹', '\u212a', 'ſ', 'Cr', 'M', 'H', 'T', 'हज़ार', 'करोड़', 'ल', '.', ',', ' ', '1234567890123', '12,3', '1,00', '4.', '५', 'lpa',
];
const piece = fc.oneof(fc.constantFrom(...AMOUNTS), fc.constantFrom(...CONTEXT), fc.constantFrom(...FILLER), fc.constantFrom(...FILLER), fc.constantFrom(...GLUE));
const text = fc.array(fc.tuple(piece, fc.constantFrom(...SEPS)), { minLength: 1, maxLength: 30 }).map((ps) => ps.map(([p, s]) => p + s).join(''));

describe('money finder: the skip for texts without context', () => {
  it('answers as the plain loop does on generated texts', () => {
    const finder = new MoneyFinder();
    fc.assert(
      fc.property(text, (t) => {
        const want = reference(t);
        expect(finder.find(t).map((e) => `${e.start}:${e.text}`)).toEqual(want);
        // With the text's tokens already made (detect just read it), the context check runs first.
        tokensOf(t);
        expect(finder.find(t).map((e) => `${e.start}:${e.text}`)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('with a policy\'s extra context words too', () => {
    const extra = ['stipend amount', 'fees'];
    const finder = new MoneyFinder(extra);
    for (const t of ['stipend amount 12,000 credited', 'fees ₹45,000', 'amount 12,000 stipend', 'school fees: 1,20,000', 'the fee was 1,20,000']) {
      expect(finder.find(t).map((e) => `${e.start}:${e.text}`), t).toEqual(reference(t, extra));
    }
    expect(finder.find('school fees: 1,20,000').length).toBe(1);
  });

  it('still finds amounts whose context is only the unit (LPA glued to the number)', () => {
    expect(new MoneyFinder().find('offer: 18LPA fixed').map((e) => e.text)).toEqual(['18LPA']);
  });
});

describe('money finder: where amounts are looked for', () => {
  const whole = (t: string): number[] => {
    const re = new RegExp(AMOUNT_PATTERN.source, AMOUNT_PATTERN.flags);
    const out: number[] = [];
    for (let m = re.exec(t); m !== null; m = re.exec(t)) out.push(m.index, m.index + m[0].length);
    return out;
  };

  it('finds the matches of the pattern over the whole text, on generated texts', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(amountMatches(t)).toEqual(whole(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips no unit of the BMP that the pattern reads as a mark, a unit or a separator', () => {
    // Each unit c in every place the scan's cheap checks read: the first and second unit of a
    // currency mark, the unit before it, after a digit run (comma, dot, space, a unit's first letter).
    const shapes = (c: string): string[] => [
      `${c}s 500`, `${c}s.500`, `${c}nr 500`, `${c}ु 500`, `${c}500`, `r${c} 500`, `r${c}.500`, `i${c}r 500`, `र${c} 500`,
      `x ${c}rs 5`, `5${c}5`, `5 ${c}`, `5${c}`, `5${c}akh`, `5 ${c}r`, `5${c}n`, `12${c}000`,
      `r${c}500`, `rs${c}500`, `rs${c} 500`, `in${c} 500`, `in${c}5`, `र${c}5`, `रु${c}5`, `रुपय${c} 5`, `रुप${c}5`,
    ];
    const missed: string[] = [];
    for (let u = 0; u <= 0xffff; u++) {
      if (u >= 0xd800 && u <= 0xdfff) continue;
      for (const t of shapes(String.fromCharCode(u))) {
        if (amountMatches(t).join() !== whole(t).join()) missed.push(`U+${u.toString(16)}: ${JSON.stringify(t)}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('skips no digit run whose length the pattern could take', () => {
    const missed: string[] = [];
    for (let a = 1; a <= 14; a++) {
      for (const d of ['5', '५']) {
        const run = d.repeat(a);
        for (let g = 0; g <= 6; g++) {
          const group = d.repeat(g);
          for (const t of [`${run} lakh`, `${run}k`, `${run},${group}`, `${run},${group},00`, `${run},${group}.5 cr`, `${run}.${group}`, `${run}.${group} lakh`, `₹${run}.${group}`, `Rs ${run},${group}`, `${run},${group}/-`, `${run}.${group}x`]) {
            if (amountMatches(t).join() !== whole(t).join()) missed.push(JSON.stringify(t));
          }
        }
      }
    }
    expect(missed).toEqual([]);
  });
});
