// MoneyFinder skips a text that holds no context phrase's first word and no 'lpa'. The skip must never
// change an answer: the finder is compared with the plain loop (the amount pattern over the whole
// text, the words around each amount) on generated texts rich in amounts, context words and fragments
// glued together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import data from '../../patterns/generalise/money.json';
import { AMOUNT_PATTERN, MoneyFinder, parseAmount } from '../../src/transform/money.js';
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
const GLUE = ['𝟙', '𝐀', 'income𝟙', '\ud835', '₹', 'Rs', 'rs.', 'RS. ', 'INR', 'inr ', 'रु', 'रु.', 'रुपये', 'रुपए ', '12', '5', '१२', '0,5', ',000', '.5', '/-', 'x', 'abc', 'lakh', 'LPA', 'k', '1234567890123456', '₹₹', ' rupees'];
const piece = fc.oneof(fc.constantFrom(...AMOUNTS), fc.constantFrom(...CONTEXT), fc.constantFrom(...FILLER), fc.constantFrom(...FILLER), fc.constantFrom(...GLUE));
const text = fc.array(fc.tuple(piece, fc.constantFrom(...SEPS)), { minLength: 1, maxLength: 30 }).map((ps) => ps.map(([p, s]) => p + s).join(''));

describe('money finder: the skip for texts without context', () => {
  it('answers as the plain loop does on generated texts', () => {
    const finder = new MoneyFinder();
    fc.assert(
      fc.property(text, (t) => {
        expect(finder.find(t).map((e) => `${e.start}:${e.text}`)).toEqual(reference(t));
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
