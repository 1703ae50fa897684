// Phone numbers: TRAI National Numbering Plan (Indian mobiles 6-9, STD fixed lines) and ITU-T E.164 '+' form.
import data from '../../patterns/phone.json';
import { allSameDigit, digitsOnly } from '../validators/digits.js';
import { checkIndian, checkInternational, isMobileKind } from '../validators/phone.js';
import { defineDetector, type ValidationResult } from './define.js';

const S = data.scores;

/** Split a non-'+' Indian candidate into its 10-digit national number and whether it had a 0/91 prefix. */
function national(digits: string): { n: string; prefixed: boolean } | undefined {
  if (digits.length === 10) return { n: digits, prefixed: false };
  if (digits.length === 11 && digits[0] === '0') return { n: digits.slice(1), prefixed: true };
  if (digits.length === 12 && digits.startsWith('91')) return { n: digits.slice(2), prefixed: true };
  return undefined;
}

function validatePhone(digits: string, match: string): boolean | ValidationResult {
  if (match.includes('+')) {
    const c = checkInternational(match);
    if (!c) return false;
    const indianMobile = c.country === 'IN' && isMobileKind(c.kind);
    return { valid: true, score: indianMobile ? S.intlIndianMobile : S.intlOther, note: `${c.country ?? '?'} ${c.kind ?? 'number'}` };
  }
  const nat = national(digits);
  if (!nat || allSameDigit(nat.n)) return false;
  const c = checkIndian(nat.n);
  if (!c) return false;
  if (isMobileKind(c.kind) && /^[6-9]/.test(nat.n)) {
    return { valid: true, score: nat.prefixed ? S.prefixedMobile : S.bareMobile, note: 'IN mobile' };
  }
  // A fixed line needs its trunk prefix and a visible STD split; a bare 10/11-digit run is too ambiguous.
  if (nat.prefixed && /[\s()-]/.test(match)) return { valid: true, score: S.landline, note: `IN ${c.kind ?? 'fixed line'}` };
  return false;
}

export const phone = defineDetector({
  id: data.id,
  type: data.type,
  patterns: data.patterns,
  context: data.context,
  negativeContext: data.negativeContext,
  normalise: digitsOnly,
  validate: validatePhone,
});
