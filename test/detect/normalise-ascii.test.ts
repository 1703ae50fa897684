// normaliseValue skips NFKC and the format-character pass for ASCII values (their own NFKC form,
// with no format character in them). Pinned here to the implementation that normalised every value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePhone, normaliseValue } from '../../src/detect/normalise.js';
import { digitsOnly } from '../../src/detect/validators/digits.js';

// The previous implementation, verbatim but for names (src/detect/normalise.ts before the ASCII skip);
// normalisePhone, which the skip did not change, is the module's own.
const INVISIBLE = /[\u00ad\u034f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const asciiDigits = (s: string): string => s.replace(/[\u0966-\u096f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x0966 + 48));
const squash = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, ' ').trim();
const DIGIT_TYPES = new Set(['AADHAAR', 'BANK_ACCOUNT', 'CREDIT_CARD', 'ABHA', 'PIN_CODE', 'AGE']);
const CODE_TYPES = new Set(['PAN', 'GSTIN', 'IFSC', 'PASSPORT', 'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG']);
const FOLD_TYPES = new Set(['PERSON', 'CITY', 'HEALTH', 'EMAIL', 'UPI_ID', 'IP_ADDRESS']);
function before(type: string, raw: string): string {
  const value = raw.normalize('NFKC').replace(INVISIBLE, '');
  if (DIGIT_TYPES.has(type)) {
    const d = digitsOnly(value);
    return d.length > 0 ? d : squash(value);
  }
  if (type === 'PHONE') return digitsOnly(value).length > 0 ? normalisePhone(value) : squash(value);
  if (CODE_TYPES.has(type)) return asciiDigits(value.normalize('NFKC')).replace(/[\s\-./]+/gu, '').toUpperCase();
  if (FOLD_TYPES.has(type)) return squash(value).toLowerCase();
  return squash(value);
}

const TYPES = [...DIGIT_TYPES, 'PHONE', ...CODE_TYPES, ...FOLD_TYPES, 'DATE_OF_BIRTH', 'EMPLOYEE_ID'];
// Mostly ASCII (letters, digits, whitespace, separators, controls), with the characters NFKC and the
// format pass change: NBSP, soft hyphen, zero-width joiner, a combining accent, full-width and
// Devanagari digits, ligatures, a Latin-1 letter.
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'Z', 'k', '0', '7', ' ', '  ', '\t', '\n', '\r', '\u000b', '\u000c', '\u001f', '-', '.', '/', '+', '@', '_', '\u0000', '\u007f') },
  { weight: 1, arbitrary: fc.constantFrom('\u00a0', '\u00ad', '\u200d', '\u0301', '\uff17', '\u096b', '\ufb01', '\u00e9', '\u2002', '\u2126', 'ſ') },
);
const value = fc.array(unit, { maxLength: 24 }).map((xs) => xs.join(''));

describe('normaliseValue', () => {
  it('gives what normalising every value gave, for every type, ASCII or not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), value, (type, raw) => {
        expect(normaliseValue(type, raw)).toBe(before(type, raw));
      }),
      { numRuns: 5000, seed: 23 },
    );
  });

  it('reads ASCII values as before', () => {
    expect(normaliseValue('PERSON', '  Ramesh   Kumar ')).toBe('ramesh kumar');
    expect(normaliseValue('PAN', 'abcpe 1234-f')).toBe('ABCPE1234F');
    expect(normaliseValue('PHONE', '098765 43210')).toBe('+919876543210');
    expect(normaliseValue('AADHAAR', '2345 6789 0124')).toBe('234567890124');
    // A value that only looks ASCII still goes through NFKC: NBSP and a full-width digit.
    expect(normaliseValue('PERSON', 'Ramesh\u00a0Kumar')).toBe('ramesh kumar');
    expect(normaliseValue('PIN_CODE', '４１１００１')).toBe('411001');
  });
});
