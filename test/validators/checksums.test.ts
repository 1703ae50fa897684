import { describe, expect, it } from 'vitest';
import { verhoeffDigit, verhoeffValid } from '../../src/detect/validators/verhoeff.js';
import { gstinCheckChar, gstinValid } from '../../src/detect/validators/gstin.js';
import { digitsOnly, oneSeparatorKind } from '../../src/detect/validators/digits.js';

describe('verhoeff', () => {
  it.each([
    ['236', true], ['2363', true], ['234567890124', true], ['234567890123', false], ['', false], ['12a4', false],
  ])('%s valid=%s', (s, ok) => expect(verhoeffValid(s)).toBe(ok));
  it('computes the digit that validates', () => {
    for (const base of ['23456789012', '99999999999', '200000000000000']) {
      expect(verhoeffValid(base + verhoeffDigit(base))).toBe(true);
    }
  });
  it('catches every single-digit error and adjacent transposition', () => {
    const good = '234567890124';
    for (let i = 0; i < good.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        expect(verhoeffValid(good.slice(0, i) + d + good.slice(i + 1))).toBe(false);
      }
      if (i + 1 < good.length && good[i] !== good[i + 1]) {
        expect(verhoeffValid(good.slice(0, i) + good[i + 1] + good[i] + good.slice(i + 2))).toBe(false);
      }
    }
  });
});

describe('gstin', () => {
  it('computes the published check character', () => {
    expect(gstinCheckChar('27AAPFU0939F1Z')).toBe('V');
    expect(gstinValid('27AAPFU0939F1ZV')).toBe(true);
    expect(gstinValid('27AAPFU0939F1ZW')).toBe(false);
  });
});

describe('digitsOnly', () => {
  it('maps Devanagari digits and drops separators', () => {
    expect(digitsOnly('२३४५ 6789-०१२४')).toBe('234567890124');
  });
});

describe('oneSeparatorKind', () => {
  it.each([
    ['1234 5678 9012', true], ['1234-5678-9012', true], ['123456789012', true],
    ['1234 5678-9012', false], ['1234-5678 9012', false],
  ])('%s → %s', (s, ok) => expect(oneSeparatorKind(s)).toBe(ok));
});
