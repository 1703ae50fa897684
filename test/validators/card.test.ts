import { describe, expect, it } from 'vitest';
import { cardBrand, cardValid, luhnValid } from '../../src/detect/validators/card.js';

describe('card', () => {
  it.each([
    ['4111111111111111', true], ['4111111111111112', false], ['0000000000000000', false], ['', false], ['4111 1111', false],
  ])('luhnValid %s → %s', (n, ok) => expect(luhnValid(n)).toBe(ok));

  it.each([
    ['4111111111111111', 'Visa'],
    ['4111111111111111110', 'Visa'],
    ['5555555555554444', 'Mastercard'],
    ['2223003122003222', 'Mastercard'],
    ['2720990000000000', 'Mastercard'],
    ['378282246310005', 'American Express'],
    ['30569309025904', 'Diners Club'],
    ['3566002020360505', 'JCB'], // 3566 is JCB, though 356 is also a RuPay prefix: the longer prefix wins
    ['6521123456789012', 'RuPay'],
    ['5085123456789012', 'RuPay'], // 508 over Maestro's 50
    ['6011111111111117', 'Discover'],
    ['6200000000000005', 'UnionPay'],
    ['5010012345678', 'Maestro'],
  ])('cardBrand %s → %s', (n, brand) => expect(cardBrand(n)).toBe(brand));

  it.each([
    ['9111111111111110'], // no scheme starts with 9
    ['40000012345676'], // Visa issues no 14-digit numbers
    ['2221000000000'], // Mastercard is 16 digits only
    ['1800000000000000'],
  ])('cardBrand %s → undefined', (n) => expect(cardBrand(n)).toBeUndefined());

  it('cardValid needs Luhn, scheme and length', () => {
    expect(cardValid('4111111111111111')).toBe(true);
    expect(cardValid('4111111111111112')).toBe(false);
    expect(cardValid('9111111111111110')).toBe(false);
    expect(cardValid('411111111111')).toBe(false);
  });
});
