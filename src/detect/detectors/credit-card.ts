// Payment card number (ISO/IEC 7812): 13-19 digits, Luhn check digit, scheme IIN prefix and length.
import data from '../../../patterns/credit-card.json';
import { cardBrand, cardValid } from '../validators/card.js';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../validators/digits.js';
import { defineDetector } from '../define.js';

export const creditCard = defineDetector(data, {
  normalise: digitsOnly,
  validate: (digits, match) => {
    if (!oneSeparatorKind(match) || allSameDigit(digits) || !cardValid(digits)) return false;
    return { valid: true, note: `scheme: ${cardBrand(digits)}` };
  },
});
