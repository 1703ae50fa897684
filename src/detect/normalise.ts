// Normal forms used to decide "same value": the lookup HMAC is taken over `type + normalised value`,
// so "2345 6789 0124", "234567890124" and "२३४५ ६७८९ ०१२४" share one token in a session.
import { digitsOnly } from './validators/digits.js';

const DEVANAGARI_ZERO = 0x0966;

function asciiDigits(s: string): string {
  return s.replace(/[\u0966-\u096f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - DEVANAGARI_ZERO + 48));
}

/** `s` in NFKC with its whitespace runs collapsed; `ascii`: `s` is ASCII, which NFKC leaves as it is. */
function squash(s: string, ascii = false): string {
  if (ascii && squashed(s)) return s;
  return (ascii ? s : s.normalize('NFKC')).replace(/\s+/gu, ' ').trim();
}

/**
 * Whether an ASCII string is already squashed: no white space but single inner spaces (the regex
 * replace and trim made a new string per value even then: 0.37 µs of a vault value's ~11 µs).
 */
function squashed(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 9 && c <= 13) || (c === 32 && s.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}

/**
 * ASCII only. Such a string is its own NFKC form and holds no format character, so the normal form
 * needs neither pass (most values are ASCII; each `normalize` call cost ~0.3 µs per value).
 */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Phone numbers by digits with the country prefix normalised: "+91 98765 43210", "098765 43210",
 * "0091-9876543210" and "9876543210" are all "+919876543210". Other countries keep their digits.
 */
export function normalisePhone(s: string): string {
  let d = digitsOnly(s);
  const plus = /^\s*\+/.test(s);
  if (!plus && d.startsWith('00')) d = d.slice(2);
  else if (!plus && d.length === 11 && d.startsWith('0')) d = d.slice(1);
  if (d.length === 10) return `+91${d}`;
  if (d.length === 12 && d.startsWith('91')) return `+${d}`;
  return `+${d}`;
}

const DIGIT_TYPES = new Set(['AADHAAR', 'BANK_ACCOUNT', 'CREDIT_CARD', 'ABHA', 'PIN_CODE', 'AGE']);
const CODE_TYPES = new Set(['PAN', 'GSTIN', 'IFSC', 'PASSPORT', 'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG']);
const FOLD_TYPES = new Set(['PERSON', 'CITY', 'HEALTH', 'EMAIL', 'UPI_ID', 'IP_ADDRESS']);

/**
 * Format characters (soft hyphen, zero-width space/joiners, word joiner, bidi marks, BOM) are
 * invisible: detection reads past them (src/text/fold.ts), and so does the lookup.
 */
const INVISIBLE = /[\u00ad\u034f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/**
 * The normal form of `value` as an entity of `type`. Every type first reads as it looks: NFKC
 * (full-width `９８７６` is `9876`, `＋` is `+`) without invisible characters, so a value written with
 * them gets the same token as the plain one. Unknown types: that plus collapsed whitespace.
 */
export function normaliseValue(type: string, raw: string): string {
  const ascii = ASCII_ONLY.test(raw);
  const value = ascii ? raw : raw.normalize('NFKC').replace(INVISIBLE, '');
  if (DIGIT_TYPES.has(type)) {
    const d = digitsOnly(value);
    return d.length > 0 ? d : squash(value, ascii);
  }
  if (type === 'PHONE') return digitsOnly(value).length > 0 ? normalisePhone(value) : squash(value, ascii);
  if (CODE_TYPES.has(type)) return (ascii ? value : asciiDigits(value.normalize('NFKC'))).replace(/[\s\-./]+/gu, '').toUpperCase();
  if (FOLD_TYPES.has(type)) return squash(value, ascii).toLowerCase();
  return squash(value, ascii);
}
