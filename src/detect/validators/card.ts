// Payment card numbers (ISO/IEC 7812): 13-19 digits, Luhn (mod 10) check digit, scheme IIN prefix ranges
// and lengths from patterns/card-iin.json.
import luhn from 'luhn';
import iin from '../../../patterns/card-iin.json';

interface Range { low: number; high: number; digits: number }
interface Scheme { brand: string; ranges: Range[]; lengths: ReadonlySet<number> }

function parseRange(p: string): Range {
  const [low, high = low] = p.split('-') as [string, string?];
  return { low: Number(low), high: Number(high), digits: low.length };
}

const SCHEMES: readonly Scheme[] = iin.schemes.map((s) => ({
  brand: s.brand,
  ranges: s.prefixes.map(parseRange),
  lengths: new Set(s.lengths),
}));
const LONGEST_PREFIX = Math.max(...SCHEMES.flatMap((s) => s.ranges.map((r) => r.digits)));

/**
 * Luhn check over ASCII digits (the `luhn` package, a fixed runtime choice of the project): false for
 * empty, non-digit or all-zero input. The digit test is a char loop; the package runs only on a
 * candidate that already has a card's shape, so its cost (~170 ns) is off the per-anchor path.
 */
export function luhnValid(digits: string): boolean {
  if (typeof digits !== 'string') digits = String(digits);
  const n = digits.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return luhn.validate(digits);
}

/** The number formed by the first k digits of an ASCII digit string (k ≤ 15). */
function head(digits: string, k: number): number {
  let v = 0;
  for (let i = 0; i < k; i++) v = v * 10 + (digits.charCodeAt(i) - 48);
  return v;
}

interface Entry { brand: string; range: Range }
/**
 * Per number length, the ranges of the schemes that issue it, longest prefix first and otherwise in
 * file order: the first range holding the number is the answer the scheme-by-scheme walk gives
 * (longest matching prefix; among equal lengths the first one listed).
 */
const BY_LENGTH = new Map<number, readonly Entry[]>();
for (const s of SCHEMES) {
  for (const len of s.lengths) {
    const list = (BY_LENGTH.get(len) ?? []) as Entry[];
    for (const range of s.ranges) list.push({ brand: s.brand, range });
    BY_LENGTH.set(len, list);
  }
}
for (const [len, list] of BY_LENGTH) BY_LENGTH.set(len, [...list].sort((a, b) => b.range.digits - a.range.digits));

/**
 * The card scheme whose IIN range holds `digits` and which issues numbers of that length (the longest
 * matching prefix wins, so 3528 is JCB, not RuPay 353), or `undefined`.
 */
export function cardBrand(digits: string): string | undefined {
  if (typeof digits !== 'string') digits = String(digits);
  const list = BY_LENGTH.get(digits.length);
  if (list === undefined) return undefined;
  // Digit strings are read in place; anything else through Number() of the prefix, as the ranges were.
  const ascii = /^[0-9]*$/.test(digits) && LONGEST_PREFIX <= 15;
  for (const { brand, range: r } of list) {
    if (digits.length < r.digits) continue;
    const h = ascii ? head(digits, r.digits) : Number(digits.slice(0, r.digits));
    if (h >= r.low && h <= r.high) return brand;
  }
  return undefined;
}

/** True for a 13-19 digit number with a valid Luhn digit and a known scheme prefix for its length. */
export function cardValid(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && cardBrand(digits) !== undefined;
}
