// Payment card number (ISO/IEC 7812): 13-19 digits, Luhn check digit, scheme IIN prefix and length.
import data from '../../../patterns/credit-card.json';
import { cardBrand, luhnValid } from '../validators/card.js';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../validators/digits.js';
import { defineDetector, type ValidationResult } from '../define.js';

/** One frozen result per scheme: validating a candidate builds no note. */
const RESULTS = new Map<string, ValidationResult>();
function resultFor(brand: string): ValidationResult {
  let r = RESULTS.get(brand);
  if (r === undefined) RESULTS.set(brand, (r = Object.freeze({ valid: true, note: `scheme: ${brand}` })));
  return r;
}

export const creditCard = defineDetector(data, {
  normalise: digitsOnly,
  validate: (digits, match) => {
    // cardValid, with the scheme it finds kept for the note.
    if (!oneSeparatorKind(match) || allSameDigit(digits) || digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return false;
    const brand = cardBrand(digits);
    return brand !== undefined && resultFor(brand);
  },
});
