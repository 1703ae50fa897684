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

/** Luhn check over ASCII digits (wraps the `luhn` package; false for empty, non-digit or all-zero input). */
export function luhnValid(digits: string): boolean {
  return /^[0-9]+$/.test(digits) && luhn.validate(digits);
}

/**
 * The card scheme whose IIN range holds `digits` and which issues numbers of that length (the longest
 * matching prefix wins, so 3528 is JCB, not RuPay 353), or `undefined`.
 */
export function cardBrand(digits: string): string | undefined {
  let best: string | undefined;
  let bestLen = 0;
  for (const s of SCHEMES) {
    if (!s.lengths.has(digits.length)) continue;
    for (const r of s.ranges) {
      if (r.digits <= bestLen || digits.length < r.digits) continue;
      const head = Number(digits.slice(0, r.digits));
      if (head >= r.low && head <= r.high) {
        best = s.brand;
        bestLen = r.digits;
      }
    }
  }
  return best;
}

/** True for a 13-19 digit number with a valid Luhn digit and a known scheme prefix for its length. */
export function cardValid(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && cardBrand(digits) !== undefined;
}
