// The feature bits of the shape dispatch's second table (scan.ts): what an anchor's surroundings say
// about it beyond its bucket, so a pattern that needs them is never visited at a run without them.
// Bits, in order: one per distinct `prev` / `next` table of the digit patterns (up to PREV_NEXT_BITS;
// a pattern whose table took no bit stays in the first table, where `fitsRest` checks it); then
// "a separator and another digit run follow" (SEP: what every `sep` filter, and a `runs` filter that
// refuses a run alone, needs) and "two capitals before" (CAPS: `capsBefore`), each only when some
// pattern needs it.
import { DIGITS } from '../text/anchors.js';
import type { Shape } from './shape.js';

/** At most this many prev / next bits, plus SEP and CAPS: five in all (scan.ts packs combinations of five). */
const PREV_NEXT_BITS = 3;

/** Per ASCII character, the bits of the `prev` / `next` tables holding it; per table, its bit; the
 *  SEP and CAPS bits (0 when no pattern needs them); how many bits in all. */
export interface Features {
  readonly bits: number;
  readonly prev: Uint8Array;
  readonly next: Uint8Array;
  readonly bitOf: ReadonlyMap<Uint8Array, number>;
  readonly sep: number;
  readonly caps: number;
}

/** Whether a digit pattern is never matched at a run that no separator and digit run follow. */
function needsSep(shape: Shape): boolean {
  return shape.sep !== undefined || shape.runs[1] === 0;
}

/** The feature bits of a set of patterns (see above). */
export function features(shapes: readonly Shape[]): Features {
  const prev = new Uint8Array(128);
  const next = new Uint8Array(128);
  const bitOf = new Map<Uint8Array, number>();
  let bits = 0;
  for (const [side, into] of [['prev', prev], ['next', next]] as const) {
    // Tables equal in content share a bit (each pattern's spec compiles its own copy).
    const seen: Array<{ table: Uint8Array; bit: number }> = [];
    for (const s of shapes) {
      const table = s.kind === DIGITS ? s[side] : undefined;
      if (table === undefined || bitOf.has(table)) continue;
      const same = seen.find((x) => x.table.every((v, c) => v === table[c]));
      if (same !== undefined) bitOf.set(table, same.bit);
      else if (bits < PREV_NEXT_BITS) {
        const bit = 1 << bits++;
        seen.push({ table, bit });
        bitOf.set(table, bit);
        for (let c = 0; c < 128; c++) if (table[c] === 1) into[c]! |= bit;
      }
    }
  }
  const sep = shapes.some((s) => s.kind === DIGITS && needsSep(s)) ? 1 << bits++ : 0;
  const caps = shapes.some((s) => s.kind === DIGITS && s.capsBefore) ? 1 << bits++ : 0;
  return { bits, prev, next, bitOf, sep, caps };
}

/** The feature bits a pattern needs (0: none; it is listed in the first table). */
export function needOf(shape: Shape, f: Features): number {
  if (shape.kind !== DIGITS) return 0;
  return (shape.prev ? f.bitOf.get(shape.prev) ?? 0 : 0) | (shape.next ? f.bitOf.get(shape.next) ?? 0 : 0)
    | (needsSep(shape) ? f.sep : 0) | (shape.capsBefore ? f.caps : 0);
}

const isCap = (c: number): boolean => c >= 65 && c <= 90;

/** Two capitals A-Z end at p, or at p - 1 with ' ', '-' or '/' there (`capsBefore`). */
export function capsBefore(text: string, p: number): boolean {
  const c = p < 2 ? 0 : text.charCodeAt(p - 1);
  if (isCap(c)) return isCap(text.charCodeAt(p - 2));
  return (c === 32 || c === 45 || c === 47) && p >= 3 && isCap(text.charCodeAt(p - 2)) && isCap(text.charCodeAt(p - 3));
}
