// Verhoeff check digit (dihedral group D5), as used by UIDAI for Aadhaar and the Aadhaar VID.
// Tables from J. Verhoeff, "Error Detecting Decimal Codes" (1969).
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
] as const;
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
] as const;
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9] as const;

/** The tables flattened (row * 10 + column) for the per-candidate check. */
const DF = Uint8Array.from(D.flat());
const PF = Uint8Array.from(P.flat());

function checksum(digits: string, offset: number): number {
  let c = 0;
  for (let i = digits.length - 1, pos = offset; i >= 0; i--, pos++) {
    const d = digits.charCodeAt(i) - 48;
    c = D[c]![P[pos % 8]![d]!]!;
  }
  return c;
}

/** True when an all-ASCII-digit string carries a valid Verhoeff check digit as its last digit (one pass: digits checked as they are read). */
export function verhoeffValid(digits: string): boolean {
  if (typeof digits !== 'string') digits = String(digits);
  const n = digits.length;
  if (n === 0) return false;
  let c = 0;
  for (let i = n - 1, pos = 0; i >= 0; i--, pos++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    c = DF[c * 10 + PF[(pos & 7) * 10 + d]!]!;
  }
  return c === 0;
}

/** The check digit to append to `digits`. */
export function verhoeffDigit(digits: string): string {
  return String(INV[checksum(digits, 1)]);
}
