// The bank-account shape checks and the account-label look-behind, read with charCodeAt since
// issue 11, against the regex and word-slice versions they replaced (copied here as the reference).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import data from '../../patterns/bank-account.json';
import { pushRange, Seq } from '../../src/detect/context.js';
import { labelledAccount } from '../../src/detect/validators/account-label.js';
import { accountShape, ambiguousShape, cardGrouped, mayBeAmbiguous, timestampShaped } from '../../src/detect/validators/account-shape.js';
import { cardValid } from '../../src/detect/validators/card.js';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../../src/detect/validators/digits.js';
import { verhoeffDigit, verhoeffValid } from '../../src/detect/validators/verhoeff.js';
import { hashWord, tokensOf } from '../../src/text/tokens.js';
import { words } from '../../src/text/words.js';

// ---- reference: src/detect/detectors/bank-account.ts and validators before issue 11 ----
function refDigitsOnly(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c >= 0x0966 && c <= 0x096f) out += String.fromCharCode(c - 0x0966 + 48);
  }
  return out;
}
const refPhoneShaped = (d: string): boolean =>
  d.length === 10 ? /^[6-9]/.test(d) : d.length === 11 ? /^0[1-9]/.test(d) || /^18[06]0/.test(d) : d.length === 12 ? /^91[6-9]/.test(d) : false;
const refAadhaarShaped = (d: string): boolean => d.length === 12 && /^[2-9]/.test(d) && verhoeffValid(d);
const refTimestamp = (d: string): boolean => /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d([0-5]\d)?$/.test(d);
const CARD_GROUPS = /^[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}$/;
function refKeepSeparators(s: string): string {
  let out = '';
  for (const ch of s) out += ch === ' ' || ch === '-' ? ch : refDigitsOnly(ch);
  return out;
}
function refAccountShape(d: string, match: string): boolean {
  if (d.length < 9 || d.length > 18 || /^(\d)\1*$/.test(d)) return false;
  if (match.includes(' ') && match.includes('-')) return false;
  if (refTimestamp(d)) return false;
  if (CARD_GROUPS.test(refKeepSeparators(match)) && (cardValid(d) || verhoeffValid(d))) return false;
  return true;
}
const LABELS = data.accountLabels.map((l) => words(l));
const LABEL_HASHES = LABELS.map((l) => Int32Array.from(l, hashWord));
const GAP = new Set([' ', '\t', ':', '.', '#', '-', '–', '=', '(', ')', '\u00a0']);
const seq = new Seq();
function refLabelled(text: string, start: number): boolean {
  let i = start;
  const floor = Math.max(0, start - 40);
  while (i > floor && GAP.has(text[i - 1]!)) i--;
  seq.reset(tokensOf(text));
  pushRange(seq, seq.tokens!, text, floor, i);
  const n = seq.length;
  return LABELS.some((l, k) => l.length <= n && l.every((w, j) => seq.hash[n - l.length + j] === LABEL_HASHES[k]![j] && seq.is(n - l.length + j, w)));
}

// ---- generators ----
const digit = fc.constantFrom(...'0123456789');
const anyDigit = fc.constantFrom(...'0123456789', '०', '३', '९');
const digitRun = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((a) => a.join(''));
/** Digit strings near the shapes that matter: timestamps, mobiles, Verhoeff-valid 12s, 16-digit cards. */
const shaped = fc.oneof(
  digitRun(0, 20),
  fc.tuple(fc.constantFrom('19', '20', '21', '18'), digitRun(2, 2), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 0, max: 60 })))
    .map(([c, y, m, d, h, mi, s]) => c + y + [m, d, h, mi, ...(s === null ? [] : [s])].map((v) => String(v).padStart(2, '0')).join('')),
  fc.tuple(fc.constantFrom('', '0', '91', '18', '180', '186', '1'), digitRun(8, 11)).map(([a, b]) => a + b),
  digitRun(11, 11).map((d) => d + verhoeffDigit(d)),
  digitRun(15, 15).map((d) => d + verhoeffDigit(d)),
  fc.constantFrom('4111111111111111', '5105105105105100', '6521123412341234', '000000000', '1111111111'),
);
/** A digit string written with separators, Devanagari digits and stray characters. */
const written = fc.tuple(shaped, fc.array(fc.constantFrom(' ', '-', '', '', '', 'x', '\u200b'), { minLength: 20, maxLength: 20 }), fc.boolean()).map(([d, seps, deva]) => {
  let s = '';
  for (let i = 0; i < d.length; i++) {
    s += deva && i % 3 === 0 ? String.fromCharCode(0x0966 + d.charCodeAt(i) - 48) : d[i];
    if (i % 4 === 3 || i % 3 === 2) s += seps[i]!;
  }
  return s;
});

describe('bank-account shapes read with charCodeAt', () => {
  it('digitsOnly, allSameDigit and oneSeparatorKind agree with the string versions', () => {
    fc.assert(fc.property(fc.oneof(written, fc.string(), fc.array(anyDigit).map((a) => a.join(''))), (s) => {
      expect(digitsOnly(s)).toBe(refDigitsOnly(s));
      expect(oneSeparatorKind(s)).toBe(!(s.includes(' ') && s.includes('-')));
      const d = refDigitsOnly(s);
      if (d.length > 0) expect(allSameDigit(d)).toBe(/^(\d)\1*$/.test(d));
    }), { numRuns: 4000 });
  });

  it('the account shape, the ambiguous shape and their text prefilter agree with the regexes', () => {
    fc.assert(fc.property(written, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (match, pre, post) => {
      const d = refDigitsOnly(match);
      expect(timestampShaped(d)).toBe(refTimestamp(d));
      expect(cardGrouped(match)).toBe(CARD_GROUPS.test(refKeepSeparators(match)));
      expect(accountShape(d, match)).toBe(refAccountShape(d, match));
      const amb = refPhoneShaped(d) || refAadhaarShaped(d);
      expect(ambiguousShape(d)).toBe(amb);
      // The prefilter may pass more than the shape, never less.
      if (amb) expect(mayBeAmbiguous(pre + match + post, pre.length, pre.length + match.length)).toBe(true);
    }), { numRuns: 6000 });
  });

  it('cards printed 4-4-4-4 are told apart from 4-4-4-4 with mixed or doubled separators', () => {
    expect(cardGrouped('4111 1111 1111 1111')).toBe(true);
    expect(cardGrouped('४१११-१११११-१११-११११')).toBe(false);
    expect(cardGrouped('४१११-११११-११११-११११')).toBe(true);
    expect(cardGrouped('4111 1111-1111 1111')).toBe(false);
    expect(cardGrouped('4111  1111 1111 1111')).toBe(false);
    expect(cardGrouped('4111x 1111 1111 1111')).toBe(true);
    expect(cardGrouped('4111111111111111')).toBe(false);
  });
});

describe('account label right before a number, read from the shared tokens', () => {
  const label = fc.constantFrom(...data.accountLabels, 'Account', 'A/C', 'ACCOUNT NO', 'a c no', 'ac/no', 'khata', 'खाता', 'Savings   Account', 'bank', 'no', 'number', 'xa/c', 'a/cno');
  const gap = fc.array(fc.constantFrom(' ', ':', '.', '#', '-', '–', '=', '(', ')', '\u00a0', '\t', ',', '/', '\n'), { maxLength: 4 }).map((a) => a.join(''));
  const filler = fc.oneof(fc.string({ maxLength: 45 }), fc.constantFrom('', 'Phone', 'x', 'Paytm', 'salary', 'the bank account of Mr X', 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz'));
  it('agrees with the word-slice version, labels cut by the 40-character reach included', () => {
    fc.assert(fc.property(filler, label, gap, fc.constantFrom('9876543210', '२३४५६७८९०१२४', '12 345'), fc.string({ maxLength: 5 }), (f, l, g, num, tail) => {
      const text = f + l + g + num + tail;
      const start = f.length + l.length + g.length;
      expect(labelledAccount(text, start)).toBe(refLabelled(text, start));
      // Every position, so the reach cuts words at every offset.
      for (let p = 0; p <= text.length; p += 3) expect(labelledAccount(text, p)).toBe(refLabelled(text, p));
    }), { numRuns: 1500 });
  });

  it('finds the labels it should', () => {
    const t = 'Salary A/c: 9876543210 and account 9876543210 and खाता संख्या १२३४५६७८९०१';
    expect(labelledAccount(t, t.indexOf('9876543210'))).toBe(true);
    expect(labelledAccount(t, t.lastIndexOf('9876543210'))).toBe(false);
    expect(labelledAccount(t, t.indexOf('१२३'))).toBe(true);
  });
});
