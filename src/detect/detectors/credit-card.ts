// Payment card number (ISO/IEC 7812): 13-19 digits, Luhn check digit, scheme IIN prefix and length.
import data from '../../../patterns/credit-card.json';
import { cardBrand, cardValid } from '../validators/card.js';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../validators/digits.js';
import { defineDetector, type ValidationResult } from '../define.js';

/** One frozen result per scheme: validating a candidate builds no note. */
const RESULTS = new Map<string | undefined, ValidationResult>();
function resultFor(brand: string | undefined): ValidationResult {
  let r = RESULTS.get(brand);
  if (r === undefined) RESULTS.set(brand, (r = Object.freeze({ valid: true, note: `scheme: ${brand}` })));
  return r;
}

export const creditCard = defineDetector(data, {
  normalise: digitsOnly,
  validate: (digits, match) => {
    if (!oneSeparatorKind(match) || allSameDigit(digits) || !cardValid(digits)) return false;
    return resultFor(cardBrand(digits));
  },
});
