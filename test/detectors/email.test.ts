import { describe, expect, it } from 'vitest';
import { all, values } from '../helpers.js';

describe('EMAIL', () => {
  it.each([
    ['ravi@example.com', 'ravi@example.com'],
    ['Ravi.Kumar@Example.CO.IN', 'Ravi.Kumar@Example.CO.IN'],
    ['first.last+tag@sub.mail.example.org', 'first.last+tag@sub.mail.example.org'],
    ['priya_s-99%x@my-domain.in', 'priya_s-99%x@my-domain.in'],
    ['9876543210@example.com', '9876543210@example.com'],
    // trailing punctuation and glue
    ['mail ravi@example.com.', 'ravi@example.com'],
    ['(ravi@example.com)', 'ravi@example.com'],
    ['<ravi@example.com>,', 'ravi@example.com'],
    ['email:ravi@example.com;', 'ravi@example.com'],
    ['"ravi@example.com"', 'ravi@example.com'],
    ['ईमेलravi@example.com', 'ravi@example.com'],
    ['ईमेल: ravi@example.com।', 'ravi@example.com'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'EMAIL')).toEqual([value]);
  });

  it.each([
    ['ravi@okaxis'], // UPI ID: no TLD
    ['ravi.kumar@abdm'], // ABHA address
    ['a..b@example.com'], // double dot in the local part
    ['ravi.@example.com'], // trailing dot in the local part
    ['user@-bad.com'], // label starts with a hyphen
    ['user@bad-.com'], // label ends with a hyphen
    ['user@example.c'], // one-letter TLD
    ['user@example.123'], // numeric TLD
    ['@example.com'],
    ['user@'],
    ['user at example dot com'],
    [`${'a'.repeat(65)}@example.com`], // local part over 64 characters
  ])('rejects %s', (text) => {
    expect(values(text, 'EMAIL')).toEqual([]);
  });

  it('leaves UPI IDs and ABHA addresses to their own detectors', () => {
    expect(all('pay ravi@okaxis')).toEqual([['UPI_ID', 'ravi@okaxis']]);
    expect(all('ABHA ravi.kumar@abdm')).toEqual([['ABHA', 'ravi.kumar@abdm']]);
  });

  it('finds several addresses in one line', () => {
    expect(values('to: a@example.com, b@example.org', 'EMAIL')).toEqual(['a@example.com', 'b@example.org']);
  });
});
