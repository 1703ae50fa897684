// Aadhaar number and Aadhaar Virtual ID (UIDAI): 12 digits (first 2-9) or 16 digits, Verhoeff check digit.
import data from '../../patterns/aadhaar.json';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../validators/digits.js';
import { verhoeffValid } from '../validators/verhoeff.js';
import { defineDetector } from './define.js';

export const aadhaar = defineDetector({
  id: data.id,
  type: data.type,
  patterns: data.patterns,
  context: data.context,
  negativeContext: data.negativeContext,
  normalise: digitsOnly,
  validate: (digits, match) => {
    if (!oneSeparatorKind(match) || allSameDigit(digits) || !verhoeffValid(digits)) return false;
    return digits.length === 16 ? { valid: true, note: 'Aadhaar VID (16 digits)' } : true;
  },
});
