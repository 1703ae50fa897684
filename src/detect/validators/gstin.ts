// GSTIN check character: base-36 weighted sum with alternating factors 1 and 2 (GSTN's published
// algorithm, also described in CBIC's GSTIN format note). Characters 0-9A-Z map to 0..35.
const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character for the first 14 characters of a GSTIN. */
export function gstinCheckChar(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const v = CHARS.indexOf(first14[i]!);
    if (v < 0) return '';
    const p = v * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return CHARS[(36 - (sum % 36)) % 36]!;
}

/** Per ASCII code: the character's value in CHARS, or -1. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARS.length; i++) VALUE[CHARS.charCodeAt(i)] = i;

export function gstinValid(gstin: string): boolean {
  if (typeof gstin !== 'string' || gstin.length !== 15) return false;
  // gstinCheckChar(gstin.slice(0, 14)) === gstin[14], read in place.
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const c = gstin.charCodeAt(i);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) return false;
    const p = v * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return gstin.charCodeAt(14) === CHARS.charCodeAt((36 - (sum % 36)) % 36);
}
