import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { find, values } from '../helpers.js';

describe('AADHAAR', () => {
  it.each([
    ['Aadhaar: 2345 6789 0124', '2345 6789 0124'],
    ['aadhaar 2345-6789-0124', '2345-6789-0124'],
    ['UID:234567890124.', '234567890124'],
    ['(aadhar 234567890124)', '234567890124'],
    ['आधार: २३४५ ६७८९ ०१२४', '२३४५ ६७८९ ०१२४'],
    ['आधार234567890124', '234567890124'],
    ['my VID is 9123 4567 8901 2346 pls', '9123 4567 8901 2346'],
    ['2341234123412341', '2341234123412341'], // a bare Verhoeff-valid 16-digit VID (python-stdnum vid.py vector)
    ['id: 9123 4567 8901 2346.', '9123 4567 8901 2346'],
    ['account 234567890124', '234567890124'], // a bare "account" is no label
    ['A/c No. 12345678901, Aadhaar 234567890124', '234567890124'], // the label belongs to the first number
  ])('finds %s', (text, value) => {
    expect(values(text, 'AADHAAR')).toEqual([value]);
  });

  it.each([
    ['Aadhaar 2345 6789 0123'], // Verhoeff fails
    ['Aadhaar 1234 5678 9012'], // first digit 1
    ['aadhaar 2222 2222 2222'], // placeholder
    ['number 92345678901241'], // 12 digits inside a longer run
    ['2345 6789 0124 5678 9012'], // cut from a longer grouped run
    ['Order id 234567890124 shipped'], // negative context
    ['code A234567890124'], // glued to a letter
    ['Aadhaar 2345 6789-0124'], // mixed separators
    ['my VID is 9123 4567-8901 2346'], // mixed separators (the pattern allows either; the validator wants one kind)
    ['2341234123412342'], // 16 digits, Verhoeff fails
    ['Order id 9123 4567 8901 2346'], // negative context drops a bare VID
    ['A/c No. 234567890124'], // right after an account label it is an account number, Verhoeff or not
    ['Aadhaar 2345 6789 0125, Salary A/c: 2345 6789 0124'], // ... even with an Aadhaar word in the window
  ])('rejects %s', (text) => {
    expect(values(text, 'AADHAAR')).toEqual([]);
  });

  it('scores a bare checksum match lower than one with context, and minScore drops it', () => {
    const bare = find('note 234567890124', 'AADHAAR');
    const ctx = find('Aadhaar 234567890124', 'AADHAAR');
    expect(bare).toHaveLength(1);
    expect(ctx[0]!.score).toBeGreaterThan(bare[0]!.score);
    expect(detect('note 234567890124', { minScore: 0.6 })).toEqual([]);
    expect(detect('Aadhaar 234567890124', { minScore: 0.6 })).toHaveLength(1);
  });

  it('matches context as whole words only', () => {
    // "uid" inside "fluid" is not context; the bare score stays.
    const bare = find('fluid 234567890124', 'AADHAAR')[0]!;
    const ctx = find('uid 234567890124', 'AADHAAR')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
  });

  it('explains what it kept', () => {
    const [e] = detect('Aadhaar 234567890124', { explain: true });
    expect(e!.explanation).toMatchObject({ pattern: 'aadhaar-12', validated: true, context: ['aadhaar'] });
  });
});

describe('AADHAAR: a 12-digit RRN inside a UPI/IMPS narration is no Aadhaar', () => {
  it.each([['12/03/2024  UPI/DR/234567890124/RAVI K/ybl'], ['IMPS ref 234567890124 credited'], ['UAN: 234567890124']])('rejects %s', (text) => {
    expect(values(text, 'AADHAAR')).toEqual([]);
  });
});
