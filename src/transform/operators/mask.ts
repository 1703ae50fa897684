import { checkParams, int, maskChar } from '../../decide/params.js';
import type { Apply } from './operator.js';

/**
 * `mask`: hide most characters and keep the shape. Per type:
 * - AADHAAR: the UIDAI masked-Aadhaar form `XXXX XXXX 0124` (a VID: `XXXX XXXX XXXX 2346`);
 * - PHONE: country code / trunk prefix kept, then the first 2 and last 3 digits of the national
 *   number, separators as written: `+91 98765 43210` → `+91 98XXX XX210`;
 * - CREDIT_CARD: the last 4 digits, separators as written: `XXXX XXXX XXXX 1234`;
 * - EMAIL, UPI_ID (and any value with an `@`): `r***@gmail.com`;
 * - PERSON, HEALTH, CITY, AGE: every letter and digit masked, spaces and punctuation kept;
 * - anything else: the last 4 letters/digits and all separators kept.
 * Params: `char` (default `X`; `*` for the e-mail form), `visibleStart`, `visibleEnd` (counts of letters/digits left
 * visible; for PHONE they count within the national number, for EMAIL `visibleStart` is the
 * local part). Outside the fixed Aadhaar/e-mail forms, at most half of a value's letters and digits
 * are ever left visible, whatever the counts say.
 */

export interface MaskOptions {
  /** Mask character (default `X`; e-mail local parts use `***` unless a char is set). */
  char?: string;
  visibleStart?: number;
  visibleEnd?: number;
}

const ALNUM = /[\p{L}\p{N}]/u;
const DIGIT = /[0-9\u0966-\u096F]/;

function isAlnum(ch: string): boolean {
  return ALNUM.test(ch);
}

/** Mask letters/digits (or only digits) at positions outside the visible head and tail, keeping separators. */
function maskUnits(value: string, char: string | undefined = 'X', head: number, tail: number, unit: (ch: string) => boolean): string {
  const chars = [...value];
  const idx: number[] = [];
  chars.forEach((c, i) => {
    if (unit(c)) idx.push(i);
  });
  const n = idx.length;
  // Never reveal more than half of the units.
  let h = Math.min(head, n);
  let t = Math.min(tail, n - h);
  while (h + t > Math.floor(n / 2) && h + t > 0) {
    if (t >= h && t > 0) t--;
    else h--;
  }
  for (let k = h; k < n - t; k++) chars[idx[k]!] = char;
  return chars.join('');
}

export function maskGeneric(value: string, o: MaskOptions): string {
  return maskUnits(value, o.char, o.visibleStart ?? 0, o.visibleEnd ?? 4, isAlnum);
}

export function maskAadhaar(value: string, o: MaskOptions): string {
  const digits = [...value].filter((c) => DIGIT.test(c));
  if (digits.length !== 12 && digits.length !== 16) return maskGeneric(value, o);
  const visible = Math.min(o.visibleEnd ?? 4, 4);
  const out: string[] = [];
  for (let g = 0; g < digits.length / 4; g++) {
    let s = '';
    for (let k = g * 4; k < g * 4 + 4; k++) s += k >= digits.length - visible ? digits[k] : (o.char ?? 'X');
    out.push(s);
  }
  return out.join(' ');
}

/** Count of leading digits that are not the national number: `+91`, `0091`, trunk `0`, bare `91`. */
function phonePrefixDigits(value: string, digits: number): number {
  const t = value.trimStart();
  if (digits <= 10) return 0;
  if (t.startsWith('+') || t.startsWith('00')) return Math.max(0, digits - 10);
  if (digits === 11 && /^[0\u0966]/.test(t)) return 1;
  if (digits === 12 && /^(91|\u096F\u0967)/.test(t)) return 2;
  return Math.max(0, digits - 10);
}

export function maskPhone(value: string, o: MaskOptions): string {
  const chars = [...value];
  const idx: number[] = [];
  chars.forEach((c, i) => {
    if (DIGIT.test(c)) idx.push(i);
  });
  const prefix = phonePrefixDigits(value, idx.length);
  const national = idx.slice(prefix);
  const n = national.length;
  let h = Math.min(o.visibleStart ?? 2, n);
  let t = Math.min(o.visibleEnd ?? 3, n - h);
  while (h + t > Math.floor(n / 2) && h + t > 0) {
    if (t >= h && t > 0) t--;
    else h--;
  }
  for (let k = h; k < n - t; k++) chars[national[k]!] = o.char ?? 'X';
  return chars.join('');
}

export function maskCard(value: string, o: MaskOptions): string {
  return maskUnits(value, o.char, o.visibleStart ?? 0, o.visibleEnd ?? 4, (c) => DIGIT.test(c));
}

export function maskEmail(value: string, o: MaskOptions): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return maskGeneric(value, o);
  const local = [...value.slice(0, at)];
  const keep = Math.min(o.visibleStart ?? 1, Math.floor(local.length / 2) || (local.length > 1 ? 1 : 0));
  return `${local.slice(0, keep).join('')}${(o.char ?? '*').repeat(3)}${value.slice(at)}`;
}

const FULL = new Set(['PERSON', 'HEALTH', 'CITY', 'AGE']);

/** Mask one value of `type` with checked options. */
export function maskValue(value: string, type: string, o: MaskOptions): string {
  switch (type) {
    case 'AADHAAR':
      return maskAadhaar(value, o);
    case 'PHONE':
      return maskPhone(value, o);
    case 'CREDIT_CARD':
      return maskCard(value, o);
    case 'EMAIL':
    case 'UPI_ID':
      return maskEmail(value, o);
    default:
      if (value.includes('@')) return maskEmail(value, o);
      if (FULL.has(type)) return maskGeneric(value, { ...o, visibleEnd: o.visibleEnd ?? 0 });
      return maskGeneric(value, o);
  }
}

export function prepareMask(params: unknown, path: string): Apply {
  const p = checkParams(params, path, { char: maskChar, visibleStart: int(0, 32), visibleEnd: int(0, 32) });
  const o: MaskOptions = {};
  if (p.char !== undefined) o.char = p.char;
  if (p.visibleStart !== undefined) o.visibleStart = p.visibleStart;
  if (p.visibleEnd !== undefined) o.visibleEnd = p.visibleEnd;
  return (value, type) => ({ action: 'replace', text: maskValue(value, type, o), via: 'mask' });
}
