// ABHA (NHA / Ayushman Bharat Digital Mission): 14-digit ABHA number (2-4-4-4) and ABHA address user@abdm.
import data from '../../../patterns/abha.json';
import { allSameDigit, digitsOnly } from '../validators/digits.js';
import { defineDetector, type ValidationResult } from '../define.js';

const DOMAINS: ReadonlySet<string> = new Set(data.addressDomains);
/** Results shared by every candidate (no object per validation). */
const ADDRESS: ValidationResult = Object.freeze({ valid: true, note: 'ABHA address' });
const BARE_91: ValidationResult = Object.freeze({ valid: true, score: data.scores.bare91 });
const GROUPED_91: ValidationResult = Object.freeze({ valid: true, score: data.scores.grouped91 });

function validateAbha(_normalised: string, match: string): boolean | ValidationResult {
  const at = match.indexOf('@');
  if (at >= 0) {
    const user = match.slice(0, at);
    if (/^[._]|[._]$/.test(user) || /[._]{2}/.test(user)) return false;
    return DOMAINS.has(match.slice(at + 1).toLowerCase()) && ADDRESS;
  }
  const d = digitsOnly(match);
  if (d.length !== 14 || allSameDigit(d)) return false;
  if (!d.startsWith('91')) return true;
  return d.length === match.length ? BARE_91 : GROUPED_91;
}

export const abha = defineDetector(data, {
  validate: validateAbha,
});
