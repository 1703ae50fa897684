// The bits of src/text/tokens.ts: the T_* flags its tokens carry (part of its contract), the character
// classes and folds its unit table holds, and the two tables that turn the classes seen in a token and
// in the gap before it into flags. Kept apart so tokens.ts stays under 400 lines; imports only fold.ts's
// unit table (for C_FOLD).
import { foldableCode } from './fold.js';

export const T_DIGIT = 1; // The token holds a number character (\p{N}: ASCII, Devanagari and other digits).
export const T_ALPHA = 2; // Letters and marks only (no number character).
export const T_CAP = 4; // The first character is an upper-case or title-case letter.
export const T_UPPER = 8; // At least one upper-case letter and no lower-case letter ("PAN", "A", "GST2").
export const T_DEVA = 16; // At least one Devanagari character (U+0900–U+097F, U+A8E0–U+A8FF).
export const T_NL_BEFORE = 32; // The gap before the token (from the previous token, or the text start) holds a line break.
export const T_SENT_BEFORE = 64; // The gap before holds a sentence end: . ! ? । ॥ (also in "3.5", "Dr. X": the reader decides).
export const T_SEP_BEFORE = 128; // The gap before is non-empty and only separators: space, tab, CR, LF, '-', NBSP, U+2010, U+2011.
export const T_FIRST = 256; // The first token of the text.
export const T_ASCII = 512; // Every character is ASCII.
export const T_LOWER = 1024; // At least one lower-case letter.
export const T_ASTRAL = 2048; // Holds a surrogate pair (an astral letter, mark or number, e.g. 𝐀).
export const T_ANCHOR_BEFORE = 4096; // The gap before holds an anchor character of pass A ('@' or ':'; src/text/anchors.ts).

// Character classes (one Uint16Array slot per UTF-16 unit, filled lazily outside ASCII).
export const C_WORD = 1; // letter, mark or number ([\p{L}\p{M}\p{N}])
export const C_NUM = 2; // number (\p{N})
export const C_UP = 4; // upper or title case
export const C_LOW = 8; // lower case
export const C_SEP = 16; // separator (see T_SEP_BEFORE)
export const C_NL = 32; // line break
export const C_END = 64; // sentence end
export const C_DEVA = 128; // Devanagari
export const C_HIGH = 256; // high surrogate
export const C_KNOWN = 512; // the entry was computed
export const C_ASTRAL = 1024; // an astral code point (set on the classes of surrogate pairs only)
export const C_ANCHOR = 2048; // '@' or ':' (pass A's anchor characters outside digits)
export const C_FOLD = 4096; // a unit the fold changes (fold.ts `foldableCode`)

/** Token flags by the OR of its units' classes (the bits in TOKEN_BITS) and, in bit 0 (C_WORD, always
 *  set in that OR), whether its first unit is upper or title case: one load instead of a branch per flag. */
export const TOKEN_BITS = C_NUM | C_UP | C_LOW | C_DEVA | C_ASTRAL;
export const TOKEN_FLAGS = new Uint16Array(2048);
for (let k = 0; k < 2048; k++) {
  if ((k & ~(TOKEN_BITS | 1)) !== 0) continue;
  let f = k & C_NUM ? T_DIGIT : T_ALPHA;
  if (k & 1) f |= T_CAP;
  if (k & C_UP && (k & C_LOW) === 0) f |= T_UPPER;
  if (k & C_LOW) f |= T_LOWER;
  if (k & C_DEVA) f |= T_DEVA;
  if (k & C_ASTRAL) f |= T_ASTRAL;
  TOKEN_FLAGS[k] = f;
}
/** Gap flags by the OR of the gap's classes (C_NL, C_END), C_SEP when every unit of it is a separator,
 *  and in bit GAP_ANCHOR whether it holds C_ANCHOR (see `gapIndex`). */
export const GAP_ANCHOR = 128;
export const GAP_FLAGS = new Uint16Array(256);
for (let k = 0; k < 256; k++) {
  GAP_FLAGS[k] = (k & C_NL ? T_NL_BEFORE : 0) | (k & C_END ? T_SENT_BEFORE : 0) | (k & C_SEP ? T_SEP_BEFORE : 0) | (k & GAP_ANCHOR ? T_ANCHOR_BEFORE : 0);
}
/** GAP_FLAGS's index for a gap: `or` / `and` are the OR / AND of its units' classes. */
export function gapIndex(or: number, and: number): number {
  return (or & (C_NL | C_END)) | (and & C_SEP) | ((or & C_ANCHOR) >>> 4);
}

const WORD_RE = /^[\p{L}\p{M}\p{N}]$/u;
const NUM_RE = /^\p{N}$/u;
const UP_RE = /^[\p{Lu}\p{Lt}]$/u;
const LOW_RE = /^\p{Ll}$/u;

/** The class bits (C_*) of the unit or astral code point c, whose string is s. */
export function classOf(s: string, c: number): number {
  let k = C_KNOWN | (WORD_RE.test(s) ? C_WORD : 0) | (NUM_RE.test(s) ? C_NUM : 0);
  k |= (UP_RE.test(s) ? C_UP : 0) | (LOW_RE.test(s) ? C_LOW : 0);
  if (c === 32 || c === 45 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2010 || c === 0x2011) k |= C_SEP;
  if (c === 10 || c === 13 || c === 11 || c === 12 || c === 0x85 || c === 0x2028 || c === 0x2029) k |= C_NL;
  if (c === 46 || c === 33 || c === 63 || c === 0x0964 || c === 0x0965) k |= C_END;
  if ((c >= 0x0900 && c <= 0x097f) || (c >= 0xa8e0 && c <= 0xa8ff)) k |= C_DEVA;
  if (c >= 0xd800 && c <= 0xdbff) k |= C_HIGH;
  if (c === 58 || c === 64) k |= C_ANCHOR;
  if (c <= 0xffff && foldableCode(c)) k |= C_FOLD;
  return k;
}

// क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ → क ख ग ज ड ढ फ य
const NUKTA_BASE = [0x0915, 0x0916, 0x0917, 0x091c, 0x0921, 0x0922, 0x092b, 0x092f];
/** foldUnit's result for a unit that folds to nothing (the Devanagari nukta sign). */
export const FOLD_SKIP = 0xffff;

/** The fold of unit c (tokens.ts `foldUnit`, whose contract says what it does). */
export function computeFold(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  if (c === 0x093c) return FOLD_SKIP;
  if (c >= 0x0958 && c <= 0x095f) return NUKTA_BASE[c - 0x0958]!;
  if (c === 0x0901) return 0x0902;
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc) return 39;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  if (c < 0x0250) return String.fromCharCode(c).normalize('NFD').toLowerCase().charCodeAt(0);
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}
