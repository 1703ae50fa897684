// Checksums the generator computes itself (Luhn) or borrows from the lead's validators, plus the
// validity checks the tricky-case parser and the corpus tests run over every labelled value.
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { digitsOnly } from '../../src/detect/validators/digits.js';
import { gstinValid } from '../../src/detect/validators/gstin.js';
import { verhoeffValid } from '../../src/detect/validators/verhoeff.js';

/** Luhn (ISO/IEC 7812-1 annex B) check digit for a digit string without its check digit. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function luhnValid(digits: string): boolean {
  return digits.length > 1 && /^\d+$/.test(digits) && luhnDigit(digits.slice(0, -1)) === digits[digits.length - 1];
}

export function aadhaarValueValid(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length === 12) return /^[2-9]/.test(d) && verhoeffValid(d);
  if (d.length === 16) return verhoeffValid(d);
  return false;
}

export function gstinValueValid(value: string): boolean {
  return /^(0[1-9]|[1-2]\d|3[0-8])[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(value) && gstinValid(value);
}

export function cardValueValid(value: string): boolean {
  const d = value.replace(/[\s-]/g, '');
  return /^\d{14,16}$/.test(d) && luhnValid(d);
}

export function panValueValid(value: string): boolean {
  return /^[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]$/.test(value) && !value.startsWith('0000', 5);
}

export function phoneValueValid(value: string): boolean {
  const compact = value.replace(/[\s().-]/g, '');
  if (compact.startsWith('+')) return isValidPhoneNumber(compact);
  return isValidPhoneNumber(compact, 'IN');
}

/** Per-type validity of a labelled value; types without a public check return true. */
export function valueValid(type: string, value: string): boolean {
  switch (type) {
    case 'AADHAAR': return aadhaarValueValid(value);
    case 'GSTIN': return gstinValueValid(value);
    case 'CREDIT_CARD': return cardValueValid(value);
    case 'PAN': return panValueValid(value);
    case 'VOTER_ID': return /^[A-Z]{3}\d{7}$/.test(value) && luhnValid(value.slice(3));
    case 'PHONE': return phoneValueValid(value);
    case 'IFSC': return /^[A-Z]{4}0[A-Z0-9]{6}$/.test(value);
    default: return true;
  }
}
