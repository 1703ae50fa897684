// Indian bank account number: 9-18 digits (no national format or checksum), reported only with account context.
import data from '../../patterns/bank-account.json';
import { cardValid } from '../validators/card.js';
import { allSameDigit, digitsOnly } from '../validators/digits.js';
import { verhoeffValid } from '../validators/verhoeff.js';
import { defineDetector } from './define.js';

/** Mobile (10 digits from 6-9, or 0- / 91-prefixed) and landline or toll-free numbers with a trunk 0. */
function phoneShaped(d: string): boolean {
  if (d.length === 10) return /^[6-9]/.test(d);
  if (d.length === 11) return /^0[1-9]/.test(d) || /^18[06]0/.test(d);
  if (d.length === 12) return /^91[6-9]/.test(d);
  return false;
}

/** yyyymmddhhmm or yyyymmddhhmmss: a timestamp, not an account. */
function timestampShaped(d: string): boolean {
  const m = /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d([0-5]\d)?$/.exec(d);
  return m !== null;
}

const CARD_GROUPS = /^[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}$/;

export const bankAccount = defineDetector({
  id: data.id,
  type: data.type,
  patterns: data.patterns,
  context: data.context,
  negativeContext: data.negativeContext,
  requireContext: true,
  normalise: digitsOnly,
  validate: (d, match) => {
    if (d.length < 9 || d.length > 18 || allSameDigit(d)) return false;
    // The grouped pattern allows either separator; one number uses one kind ("1234-5678 9012" is two things).
    if (match.includes(' ') && match.includes('-')) return false;
    if (phoneShaped(d) || timestampShaped(d)) return false;
    // An Aadhaar number belongs to the Aadhaar detector, whatever words are near it.
    if (d.length === 12 && /^[2-9]/.test(d) && verhoeffValid(d)) return false;
    // Printed like a card (4-4-4-4) and checksummed like a card or an Aadhaar VID: not an account.
    if (CARD_GROUPS.test(digitsOnlyKeepSeparators(match)) && (cardValid(d) || verhoeffValid(d))) return false;
    return true;
  },
});

/** Devanagari digits mapped to ASCII, separators kept, so the grouping can be tested. */
function digitsOnlyKeepSeparators(s: string): string {
  let out = '';
  for (const ch of s) out += ch === ' ' || ch === '-' ? ch : digitsOnly(ch);
  return out;
}
