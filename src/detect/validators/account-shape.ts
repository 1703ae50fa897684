// Shapes of a bank account number (src/detect/detectors/bank-account.ts): what every account must
// pass, and the phone- and Aadhaar-shaped runs that need a label. Read with charCodeAt, per candidate:
// no regex, no string built (test/detect/ids-shapes.test.ts checks them against the regexes they replace).
import { cardValid } from './card.js';
import { allSameDigit, oneSeparatorKind } from './digits.js';
import { verhoeffValid } from './verhoeff.js';

/** Digit value of a character (ASCII or Devanagari), or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= DEVANAGARI_ZERO && c <= DEVANAGARI_ZERO + 9) return c - DEVANAGARI_ZERO;
  return -1;
}
const DEVANAGARI_ZERO = 0x0966;

/** The digit at `k` of an all-ASCII-digit string. */
const at = (d: string, k: number): number => d.charCodeAt(k) - 48;

/** Mobile (10 digits from 6-9, or 0- / 91-prefixed) and landline or toll-free numbers with a trunk 0, by length and leading digits. */
function phoneHead(n: number, d0: number, d1: number, d2: number, d3: number): boolean {
  if (n === 10) return d0 >= 6;
  if (n === 11) return (d0 === 0 && d1 >= 1) || (d0 === 1 && d1 === 8 && (d2 === 0 || d2 === 6) && d3 === 0);
  if (n === 12) return d0 === 9 && d1 === 1 && d2 >= 6;
  return false;
}

export function phoneShaped(d: string): boolean {
  return phoneHead(d.length, at(d, 0), at(d, 1), at(d, 2), at(d, 3));
}

/** 12 digits, first 2-9, Verhoeff-valid: what an Aadhaar number looks like. */
export function aadhaarShaped(d: string): boolean {
  return d.length === 12 && at(d, 0) >= 2 && verhoeffValid(d);
}

/** The two digits at k as a number. */
const two = (d: string, k: number): number => at(d, k) * 10 + at(d, k + 1);

/** yyyymmddhhmm or yyyymmddhhmmss (years 19xx/20xx): a timestamp, not an account. */
export function timestampShaped(d: string): boolean {
  if (d.length !== 12 && d.length !== 14) return false;
  const cc = two(d, 0);
  const mm = two(d, 4);
  const dd = two(d, 6);
  return (cc === 19 || cc === 20) && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31 && two(d, 8) <= 23 && two(d, 10) <= 59 && (d.length === 12 || two(d, 12) <= 59);
}

/**
 * Printed like a card: four groups of four digits (ASCII or Devanagari) joined by one kind of
 * separator, ' ' or '-' (characters other than digits and those separators are not read).
 */
export function cardGrouped(match: string): boolean {
  let k = 0; // position in the digits-and-separators reading of `match`
  let sep = 0;
  for (let i = 0; i < match.length; i++) {
    const c = match.charCodeAt(i);
    const isSep = c === 32 || c === 45;
    if (!isSep && digitAt(match, i) < 0) continue;
    if (k === 4 || k === 9 || k === 14) {
      if (!isSep || (sep !== 0 && c !== sep)) return false;
      sep = c;
    } else if (isSep) return false;
    if (++k > 19) return false;
  }
  return k === 19;
}

/** Shape checks every account must pass, whatever its context. */
export function accountShape(d: string, match: string): boolean {
  if (d.length < 9 || d.length > 18 || allSameDigit(d)) return false;
  // The grouped pattern allows either separator; one number uses one kind ("1234-5678 9012" is two things).
  if (!oneSeparatorKind(match)) return false;
  if (timestampShaped(d)) return false;
  // Printed like a card (4-4-4-4) and checksummed like a card or an Aadhaar VID: not an account.
  if (d.length === 16 && cardGrouped(match) && (cardValid(d) || verhoeffValid(d))) return false;
  return true;
}

/**
 * Phone- and Aadhaar-shaped digit runs are accounts only when an account label is written right
 * before them ("A/c No. 9876543210") or their table column is an account column: a context word
 * somewhere in the window is not enough ("Phone: 9876543210, A/c: ..."), and a bare "account"
 * is not a label (wallets are addressed by mobile number: "Paytm account 9876543210").
 */
export function ambiguousShape(d: string): boolean {
  return phoneShaped(d) || aadhaarShaped(d);
}

/** Whether text[start, end) may be ambiguous (see `ambiguousShape`), read from the text without building its digits. */
export function mayBeAmbiguous(text: string, start: number, end: number): boolean {
  if (end - start < 10) return false; // fewer than 10 characters hold fewer than 10 digits
  let n = 0;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (let i = start; i < end; i++) {
    const v = digitAt(text, i);
    if (v < 0) continue;
    if (n === 0) d0 = v;
    else if (n === 1) d1 = v;
    else if (n === 2) d2 = v;
    else if (n === 3) d3 = v;
    if (++n > 12) return false;
  }
  return phoneHead(n, d0, d1, d2, d3) || (n === 12 && d0 >= 2);
}
