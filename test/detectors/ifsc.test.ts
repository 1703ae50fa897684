import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { find, values } from '../helpers.js';

describe('IFSC', () => {
  it.each([
    ['IFSC: SBIN0001234', 'SBIN0001234'],
    ['(HDFC0000123)', 'HDFC0000123'],
    ['IFSC:ICIC0ABC123,', 'ICIC0ABC123'], // alphanumeric branch code
    ['आईएफएससीUTIB0000456', 'UTIB0000456'], // glued to Devanagari
    ['UTIB0000456की शाखा', 'UTIB0000456'],
    ['neft to KKBK0000958 please', 'KKBK0000958'],
    ['Payments bank PYTM0123456', 'PYTM0123456'],
    ['old cheque BKDN0123456', 'BKDN0123456'], // Dena Bank, merged but its code is in the dataset
    ['ifsc code sbin0001234', 'sbin0001234'], // lower case with context
  ])('finds %s', (text, value) => {
    expect(values(text, 'IFSC')).toEqual([value]);
  });

  it.each([
    ['IFSC QQQQ0001234'], // not a bank code
    ['IFSC ABCD0123456'], // not a bank code
    ['IFSC SBIN1001234'], // 5th character must be 0
    ['IFSC SBIN000123'], // too short
    ['IFSC SBIN00012345'], // too long
    ['IFSC XSBIN0001234'], // inside a longer token
    ['IFSC SBIN0001234X'],
    ['IFSC 9SBIN0001234'], // glued to a digit
    ['note sbin0001234'], // lower case without context
    ['IFSC Sbin0001234'], // mixed case
  ])('rejects %s', (text) => {
    expect(values(text, 'IFSC')).toEqual([]);
  });

  it('scores context above no context', () => {
    const bare = find('see SBIN0001234', 'IFSC')[0]!;
    const ctx = find('IFSC SBIN0001234', 'IFSC')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
    expect(bare.score).toBeGreaterThanOrEqual(0.4);
  });

  it('finds an IFSC and an account together', () => {
    const text = 'A/c 12345678901, IFSC SBIN0001234';
    expect(values(text, 'IFSC')).toEqual(['SBIN0001234']);
    expect(values(text, 'BANK_ACCOUNT')).toEqual(['12345678901']);
  });

  it('names the bank code in the explanation', () => {
    const [e] = detect('IFSC SBIN0001234', { entities: ['IFSC'], explain: true });
    expect(e!.explanation).toMatchObject({ validated: true, notes: ['known IFSC bank code SBIN'] });
  });
});
