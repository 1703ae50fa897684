import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { luhnValid } from '../../src/detect/validators/card.js';
import { verhoeffValid } from '../../src/detect/validators/verhoeff.js';
import { all, find, values } from '../helpers.js';

describe('CREDIT_CARD', () => {
  it.each([
    ['card 4111 1111 1111 1111 exp 12/29', '4111 1111 1111 1111'], // Visa, spaces, expiry after
    ['Visa 4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['(4111111111111111)', '4111111111111111'],
    ['cc:4012888888881881,', '4012888888881881'],
    ['Mastercard 5555 5555 5555 4444', '5555 5555 5555 4444'],
    ['MC 2-series 2223003122003222', '2223003122003222'],
    ['Amex:3782-822463-10005,', '3782-822463-10005'],
    ['amex 3782 822463 10005', '3782 822463 10005'],
    ['amex 378282246310005', '378282246310005'],
    ['Diners 3056 930902 5904', '3056 930902 5904'],
    ['JCB 3566002020360505', '3566002020360505'],
    ['RuPay debit 6521-1234-5678-9012', '6521-1234-5678-9012'],
    ['rupay 5085 1234 5678 9012', '5085 1234 5678 9012'],
    ['rupay 8170123456789012', '8170123456789012'],
    ['Visa 19: 4111 1111 1111 1111 110', '4111 1111 1111 1111 110'],
    ['Visa 19: 4111111111111111110', '4111111111111111110'],
    ['card 4111 1111 1111 1111 cvv 123', '4111 1111 1111 1111'],
    ['कार्ड4111111111111111', '4111111111111111'], // glued to Devanagari
    ['4111111111111111का बिल', '4111111111111111'],
    ['डेबिट कार्ड 4111 1111 1111 1111', '4111 1111 1111 1111'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'CREDIT_CARD')).toEqual([value]);
  });

  it.each([
    ['card 4111 1111 1111 1112'], // Luhn fails
    ['card 4111111111111112'],
    ['card 9111 1111 1111 1110'], // Luhn passes, no scheme starts with 9
    ['card 40000012345676'], // Luhn passes, but Visa issues no 14-digit numbers
    ['card 3782 8224 6310 005'], // Amex grouped 4-4-4-3 is not a card grouping
    ['card 4111 1111 1111 1111 1111'], // cut from a longer grouped run
    ['card 1234 4111 1111 1111 1111'],
    ['card 41111111111111111111'], // 20 digits
    ['card 4111 1111-1111 1111'], // mixed separators
    ['card 4111-1111 1111-1111'],
    ['Amex 3782 822463-10005'],
    ['card X4111111111111111'], // glued to a letter
    ['card 0000 0000 0000 0000'],
    ['order id 4111111111111111'], // negative context without card context
    ['Aadhaar VID 4111 1111 1111 1111'],
    ['account number 50100123456789'], // Luhn-valid Maestro-prefixed bank account: account words lower it
  ])('rejects %s', (text) => {
    expect(values(text, 'CREDIT_CARD')).toEqual([]);
  });

  it('the rejects above fail for the stated reason', () => {
    expect(luhnValid('9111111111111110')).toBe(true);
    expect(luhnValid('40000012345676')).toBe(true);
    expect(luhnValid('50100123456789')).toBe(true);
  });

  it('a bare Luhn+IIN number is kept with a lower score than one with context', () => {
    const bare = find('no 4111111111111111', 'CREDIT_CARD')[0]!;
    const ctx = find('credit card 4111111111111111', 'CREDIT_CARD')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
    const grouped = find('no 4111 1111 1111 1111', 'CREDIT_CARD')[0]!;
    expect(grouped.score).toBeGreaterThan(bare.score);
  });

  it('card context outweighs a reference word', () => {
    expect(values('card 4111 1111 1111 1111 ref 12', 'CREDIT_CARD')).toEqual(['4111 1111 1111 1111']);
  });

  it('finds two cards in one line', () => {
    expect(values('cards 4111111111111111 and 5555-5555-5555-4444', 'CREDIT_CARD')).toEqual([
      '4111111111111111',
      '5555-5555-5555-4444',
    ]);
  });

  it('beats an Aadhaar VID reading of the same 16 digits when card words are near', () => {
    // 4111 1111 1111 1111 is no VID; find a 16-digit number that passes both Luhn (with a Visa prefix) and Verhoeff.
    let both = '';
    for (let n = 4000000000000000; !both; n += 7) {
      const s = String(n);
      if (luhnValid(s) && verhoeffValid(s)) both = s;
    }
    expect(all(`credit card ${both}`)).toEqual([['CREDIT_CARD', both]]);
    expect(all(`Aadhaar VID ${both}`)).toEqual([['AADHAAR', both]]);
  });

  it('names the scheme in the explanation', () => {
    const [e] = detect('card 378282246310005', { entities: ['CREDIT_CARD'], explain: true });
    expect(e!.explanation).toMatchObject({ validated: true, notes: ['scheme: American Express'] });
  });
});
