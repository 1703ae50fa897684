// The unit table of the tokeniser (tokens.ts): for each UTF-16 unit its class bits (token-flags.ts)
// and its fold, filled at load for ASCII, Latin-1 and its extensions and Devanagari, lazily for the
// rest; the classes of astral code points and their lower case, memoised. Read by tokens.ts and, for
// ASCII, copied into the WebAssembly module's memory by wasm.ts.
import { C_ASTRAL, C_FOLD, C_HIGH, C_WORD, classOf, computeFold } from './token-flags.js';

/** Per UTF-16 unit: class bits << 16 | folded unit; 0 = not yet computed (C_KNOWN keeps entries non-zero). */
export const UNIT = new Uint32Array(0x10000);
export const U_WORD = C_WORD << 16;
export const U_HIGH = C_HIGH << 16;
export const U_FOLD = C_FOLD << 16;

export function fill(c: number): number {
  const e = ((classOf(String.fromCharCode(c), c) << 16) | computeFold(c)) >>> 0;
  UNIT[c] = e;
  return e;
}

for (let c = 0; c < 0x180; c++) fill(c);
for (let c = 0x0900; c <= 0x097f; c++) fill(c);

const astralClass = new Map<number, number>();
/** Class of the surrogate pair at text[i] (c = its high half) with C_ASTRAL, or 0 if there is none. */
export function astralAt(text: string, i: number, n: number, c: number): number {
  if (i + 1 >= n) return 0;
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return 0;
  const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  let k = astralClass.get(cp);
  if (k === undefined) astralClass.set(cp, (k = classOf(String.fromCodePoint(cp), cp) | C_ASTRAL));
  return k;
}

/** Letter, combining mark or digit of any script (UTF-16 unit; a lone surrogate counts as non-word). */
export function isWordCode(c: number): boolean {
  return ((UNIT[c]! || fill(c)) & U_WORD) !== 0;
}

/**
 * The fold of one UTF-16 unit for hashing and lexicon matching (tokens.ts's contract). Returns
 * FOLD_SKIP for the Devanagari nukta sign, which words are compared without.
 */
export function foldUnit(c: number): number {
  return (UNIT[c]! || fill(c)) & 0xffff;
}

const lowerAstral = new Map<number, string>();
export function astralLower(cp: number): string {
  let s = lowerAstral.get(cp);
  if (s === undefined) lowerAstral.set(cp, (s = String.fromCodePoint(cp).toLowerCase()));
  return s;
}
