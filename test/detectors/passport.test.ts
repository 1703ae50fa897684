import { describe, expect, it } from 'vitest';
import { values } from '../helpers.js';

describe('PASSPORT', () => {
  it.each([
    ['Passport No: J8369854', 'J8369854'],
    ['passport number A1234567.', 'A1234567'],
    ['PASSPORT Z7654321', 'Z7654321'],
    ['(passport A1234567)', 'A1234567'],
    ['passport:A1234567,', 'A1234567'],
    ['ppt no. K1234567', 'K1234567'],
    ['पासपोर्ट A1234567', 'A1234567'],
    ['पासपोर्टA1234567', 'A1234567'],
    ['A1234567 is my passport', 'A1234567'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'PASSPORT')).toEqual([value]);
  });

  it.each([
    ['A1234567'], // no context: the shape alone is too weak
    ['flight seat A1234567'],
    ['passport a1234567'], // lower case
    ['passport AB1234567'], // two letters
    ['passport A123456'], // six digits
    ['passport A12345678'], // eight digits
    ['passport XA1234567'],
    ['passport A1234567B'],
    ['passport A0000000'], // placeholder
    ['passport ref A1234567'], // negative context
    ['passport 12A1234567'],
    ['passport ID-A1234567'], // glued with a hyphen to a code
    ['passport A1234567-99'],
  ])('rejects %s', (text) => {
    expect(values(text, 'PASSPORT')).toEqual([]);
  });

  it('needs the context word to be a whole word', () => {
    expect(values('passports A1234567', 'PASSPORT')).toEqual([]);
  });
});
