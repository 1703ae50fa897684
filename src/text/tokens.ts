// One tokenisation of a text into typed arrays, shared by every detector of a detect call (issue 11,
// pass B). A character-class table drives one loop over the text; nothing is allocated per token.
//
// CONTRACT (other modules build on it; extend it, never change it incompatibly):
//   - A token is a maximal run of word characters: letters, combining marks and number characters of
//     any script ([\p{L}\p{M}\p{N}], astral code points included) — the same boundaries as `words()`
//     in words.ts. `start[i]`/`end[i]` are UTF-16 offsets into the text, `end` exclusive, ascending.
//   - `hash[i]` is a 32-bit FNV-1a hash (int32) of the token's folded UTF-16 units. The fold is
//     `foldUnit`: case folded (ASCII, Latin with diacritics to the base letter, other cased scripts
//     lower-cased), curly apostrophes to ', Devanagari nukta letters to their base letter, candrabindu
//     to anusvara; the Devanagari nukta sign U+093C is skipped. `hashWord(w)` gives the same hash for a
//     string written like the token ("Mahé", "mahe" and "MAHE" hash alike). Hashes can collide: when
//     exactness matters, confirm a hit with `Tokens.is(i, word)` (no allocation).
//   - A phrase's hash chains its tokens' hashes with `mixHash`, starting from the first token's hash,
//     so a one-token phrase hashes like the word. `hashPhrase(p)` = `Tokens.phraseHash(i, n)` for the
//     same words; gaps between tokens (spaces, punctuation) do not enter the hash.
//   - `flags[i]` holds the T_* bits of token-flags.ts, re-exported here (about the token and the gap before it).
//   - `tokensOf(text)` memoises the last text, so all finders of one detect call share one result;
//     it is valid until the next call with another text. The arrays must be treated as read-only.
//   - What pass A needs besides the digits inside tokens (so it can be read off the tokens instead of
//     scanning the text again, src/text/anchors.ts): T_ANCHOR_BEFORE marks a gap holding '@' or ':',
//     `anchorAtEnd` the gap after the last token; `foldable` says whether any unit of the text is one
//     the fold changes (fold.ts `foldableCode`).
// This module imports nothing else from kavach but its flag, class and fold tables (token-flags.ts)
// and a binary search (search.ts).

export { T_DIGIT, T_ALPHA, T_CAP, T_UPPER, T_DEVA, T_NL_BEFORE, T_SENT_BEFORE, T_SEP_BEFORE, T_FIRST, T_ASCII, T_LOWER, T_ASTRAL, T_ANCHOR_BEFORE } from './token-flags.js';
import { firstOver } from './search.js';
import { C_ANCHOR, C_ASTRAL, C_FOLD, C_UP, C_WORD, FOLD_SKIP, GAP_FLAGS, gapIndex, T_ASCII, T_FIRST, TOKEN_BITS, TOKEN_FLAGS } from './token-flags.js';
import { astralAt, astralLower, fill, foldUnit, U_FOLD, U_HIGH, U_WORD, UNIT } from './units.js';
import { asciiTokens, holds, tokOut, tokState } from './wasm.js';

export { foldUnit, isWordCode } from './units.js';

/** Texts shorter than this are tokenised in JS alone: the copy into WebAssembly memory and the calls
 *  cost more than they save below it. Measured on corpus records, each tokenised alone (ns a unit,
 *  JS / WebAssembly): under 64 units 9.9 / 25.0, 64-127 7.5 / 5.5, 128-255 7.3 / 4.6; a record's whole
 *  `detect` call went 40.0 → 37.9 µs at 64 against 256 (bench/README.md, nineteenth stop). */
const WASM_MIN = 64;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Continue a token hash with one folded unit. */
function step(h: number, f: number): number {
  return f === FOLD_SKIP ? h : Math.imul(h ^ f, FNV_PRIME);
}

/** Chain the next token's hash onto a phrase hash (the first token's hash starts the chain). */
export function mixHash(acc: number, tokenHash: number): number {
  return Math.imul(((acc << 7) | (acc >>> 25)) ^ tokenHash, 0x9e3779b1) | 0;
}

/**
 * Hash of one word as the tokeniser hashes a token of that spelling. Every unit of `word` is folded
 * and hashed (pass a single token; separators inside are hashed too, unlike in `hashPhrase`).
 */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  const n = word.length;
  for (let i = 0; i < n; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = word.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const low = astralLower(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        for (let k = 0; k < low.length; k++) h = Math.imul(h ^ low.charCodeAt(k), FNV_PRIME);
        i++;
        continue;
      }
    }
    h = step(h, foldUnit(c));
  }
  return h | 0;
}

/** The token hashes of a phrase, tokenised like a text ("Type-2 diabetes" → 3 hashes). */
export function wordHashes(phrase: string): number[] {
  const t = tokenise(phrase);
  return Array.from(t.hash);
}

/** Hash of a phrase's words chained with `mixHash`; 0 tokens → 0. Equals `Tokens.phraseHash`. */
export function hashPhrase(phrase: string): number {
  const t = tokenise(phrase);
  return t.count === 0 ? 0 : t.phraseHash(0, t.count);
}

/** The tokens of one text. Arrays have exactly `count` entries; treat them as read-only. */
export class Tokens {
  constructor(
    readonly text: string,
    readonly count: number,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly hash: Int32Array,
    readonly flags: Uint16Array,
    /** Whether any token holds an astral code point (T_ASTRAL). */
    readonly astral = false,
    /** Whether any unit of the tokenised range, in a token or a gap, is one the fold changes. */
    readonly foldable = false,
    /** Whether the gap after the last token (to the end of the range) holds '@' or ':'. */
    readonly anchorAtEnd = false,
  ) {}

  /**
   * Index of the first token ending after `pos`: the token containing `pos`, else the next one;
   * `count` if none. Equally, the number of tokens that end at or before `pos`.
   */
  indexAt(pos: number): number {
    return firstOver(this.end, this.count, pos + 1);
  }

  /** Index of the first token starting at or after `pos`; `count` if none. */
  indexFrom(pos: number): number {
    return firstOver(this.start, this.count, pos);
  }

  /** Chained hash of tokens [i, i + n) (see `mixHash`); n ≥ 1 and i + n ≤ count. */
  phraseHash(i: number, n: number): number {
    const hash = this.hash;
    let acc = hash[i]!;
    for (let k = i + 1; k < i + n; k++) acc = mixHash(acc, hash[k]!);
    return acc;
  }

  /** Whether token i, folded, equals `word` folded (exact: use it to confirm a hash hit). */
  is(i: number, word: string): boolean {
    const text = this.text;
    let a = this.start[i]!;
    const aEnd = this.end[i]!;
    let b = 0;
    const bEnd = word.length;
    if (aEnd - a === bEnd) {
      // ASCII on both sides (most hash hits): the fold there is A-Z to a-z alone; else the loop below.
      let x = 0;
      let y = 0;
      while (b < bEnd && ((x = text.charCodeAt(a + b)) | (y = word.charCodeAt(b))) < 128 && (x === y || ((x | 32) === (y | 32) && (x | 32) - 97 >>> 0 <= 25))) b++;
      if (b === bEnd) return true;
      if ((x | y) < 128) return false;
      b = 0;
    }
    for (;;) {
      let fa = FOLD_SKIP;
      while (a < aEnd && (fa = foldOrPair(text, a, aEnd)) === FOLD_SKIP) a++;
      let fb = FOLD_SKIP;
      while (b < bEnd && (fb = foldOrPair(word, b, bEnd)) === FOLD_SKIP) b++;
      if (a >= aEnd || b >= bEnd) return a >= aEnd && b >= bEnd;
      if (fa !== fb) return false;
      a += pairAt(text, a, aEnd) ? 2 : 1;
      b += pairAt(word, b, bEnd) ? 2 : 1;
    }
  }

  /** Token i's text, lower-cased (allocates: for rare use and tests, not per token in a scan). */
  word(i: number): string {
    return this.text.slice(this.start[i]!, this.end[i]!).toLowerCase();
  }
}

/** Whether s[i] starts a surrogate pair (within `end`). */
function pairAt(s: string, i: number, end: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= end) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Fold at s[i]: a surrogate pair folds to its lower-cased code point, other units by foldUnit. */
function foldOrPair(s: string, i: number, end: number): number {
  if (pairAt(s, i, end)) return astralLower(s.codePointAt(i)!).codePointAt(0)!;
  return foldUnit(s.charCodeAt(i));
}

/** Arrays a tokenisation writes into (the memo reuses one set from text to text). */
type Scratch = { start: Int32Array; end: Int32Array; hash: Int32Array; flags: Uint16Array };

/** Tokenise a text (no memo: use `tokensOf` in detectors). */
export function tokenise(text: string): Tokens {
  return tokeniseInto(text, undefined)!;
}

/** Tokenise text[from, to). With `plainOnly`, give up (undefined) at the first token whose unit or gap
 *  before it is one the fold changes, or at the end when the last gap holds one. */
function tokeniseInto(text: string, scratch: Scratch | undefined, from = 0, to = text.length, plainOnly = false): Tokens | undefined {
  const n = to;
  let cap = scratch ? scratch.start.length : ((n - from) >> 2) + 16;
  let start: Int32Array = scratch ? scratch.start : new Int32Array(cap);
  let end: Int32Array = scratch ? scratch.end : new Int32Array(cap);
  let hash: Int32Array = scratch ? scratch.hash : new Int32Array(cap);
  let flags: Uint16Array = scratch ? scratch.flags : new Uint16Array(cap);
  let count = 0;
  let gapOr = 0; // OR of the table entries of the current gap's units (0: no gap)
  let gapAnd = -1; // AND of them (C_SEP stays set when every unit is a separator)
  let astral = false;
  let seen = 0; // OR of every unit's table entry (class << 16 | fold), gaps and tokens
  let i = from;
  // The stretches of ASCII of a whole text, or of a range of the text in WebAssembly memory already (pass
  // A copied it), go through the WebAssembly loop (wasm.ts), which gives the same tokens; a token it
  // hands back (a unit outside ASCII follows its letters) is read here, from jsUntil on.
  let useWasm = (from === 0 && n === text.length && n >= WASM_MIN) || holds(text);
  let jsUntil = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (useWasm && c < 128 && i >= jsUntil) {
      // A text to give up on gives up here, before the module's next stretch of tokens; after the
      // module's stretch the loop comes back here, or its own check at the next token's end reads
      // what the module added to `seen`.
      if (plainOnly && ((seen | gapOr) & U_FOLD) !== 0) return undefined;
      if (asciiTokens(text, i, n, count, gapOr, gapAnd)) {
        const w = tokState;
        if (w.tokens > 0) {
          if (count + w.tokens > cap) {
            while (count + w.tokens > cap) cap *= 2;
            [start, end, hash, flags] = [grow(start, cap), grow(end, cap), grow(hash, cap), grow(flags, cap)];
          }
          tokOut(start, end, hash, flags, count);
          count += w.tokens;
        }
        i = w.i;
        gapOr = w.gapOr;
        gapAnd = w.gapAnd;
        seen |= w.seen;
        jsUntil = w.handedBack ? i + 1 : 0;
        continue;
      }
      useWasm = false;
    }
    let e = UNIT[c]! || fill(c);
    if ((e & U_WORD) === 0) {
      if ((e & U_HIGH) === 0) {
        // This gap unit and the ASCII gap units after it, in a tight loop (ASCII entries are filled
        // at load: no lazy-fill test for them).
        do {
          gapOr |= e;
          gapAnd &= e;
          i++;
        } while (i < n && (c = text.charCodeAt(i)) < 128 && ((e = UNIT[c]!) & U_WORD) === 0);
        continue;
      }
      const a = astralAt(text, i, n, c);
      if ((a & C_WORD) === 0) {
        const k = (a || e >>> 16) << 16;
        gapOr |= k;
        gapAnd &= k;
        i += a ? 2 : 1;
        continue;
      }
    }
    // A token starts at i: fold and hash unit by unit, OR-ing the table entries (class << 16 | fold).
    // ASCII units take the short branch: their fold is never FOLD_SKIP and they leave T_ASCII alone.
    // With the gap and flag tables (token-flags.ts): 12.4 -> 9.2 ns/char on README prose; with the tight
    // loops over runs of ASCII units, `tokenise` 7.4 -> 6.8 ns/char on prose, 7.8 -> 7.2 on dense text.
    const s = i;
    let h = FNV_OFFSET;
    let acc = 0;
    let units = 0;
    let first = -1;
    for (;;) {
      if (c < 128) {
        if ((e & U_WORD) === 0) break;
        // This unit and the ASCII word units after it, in a tight loop as for gaps above.
        do {
          acc |= e;
          h = Math.imul(h ^ (e & 0xffff), FNV_PRIME);
          i++;
        } while (i < n && (c = text.charCodeAt(i)) < 128 && ((e = UNIT[c]!) & U_WORD) !== 0);
        if (i >= n || c < 128) break;
        e = UNIT[c]! || fill(c);
        continue;
      } else if ((e & U_WORD) !== 0) {
        acc |= e;
        units |= c;
        const f = e & 0xffff;
        if (f !== FOLD_SKIP) h = Math.imul(h ^ f, FNV_PRIME);
        i++;
      } else {
        // An astral letter, mark or number, or the end of the token.
        const k = e & U_HIGH ? astralAt(text, i, n, c) : 0;
        if ((k & C_WORD) === 0) break;
        if (i === s) first = k;
        acc |= k << 16;
        units |= 0x10000;
        const low = astralLower(((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000);
        for (let q = 0; q < low.length; q++) h = Math.imul(h ^ low.charCodeAt(q), FNV_PRIME);
        i += 2;
      }
      if (i >= n) break;
      c = text.charCodeAt(i);
      e = UNIT[c]! || fill(c);
    }
    if (first < 0) first = (UNIT[text.charCodeAt(s)]! >>> 16);
    seen |= gapOr | acc;
    if (plainOnly && (seen & U_FOLD) !== 0) return undefined;
    acc >>>= 16;
    if (count === cap) {
      cap *= 2;
      [start, end, hash, flags] = [grow(start, cap), grow(end, cap), grow(hash, cap), grow(flags, cap)];
    }
    let f = TOKEN_FLAGS[(acc & TOKEN_BITS) | ((first & C_UP) >>> 2)]!;
    if (gapOr !== 0) f |= GAP_FLAGS[gapIndex(gapOr >>> 16, gapAnd >>> 16)]!;
    if (count === 0) f |= T_FIRST;
    if (units < 128) f |= T_ASCII;
    if (acc & C_ASTRAL) astral = true;
    start[count] = s;
    end[count] = i;
    hash[count] = h | 0;
    flags[count] = f;
    count++;
    gapOr = 0;
    gapAnd = -1;
  }
  const foldable = (((seen | gapOr) >>> 16) & C_FOLD) !== 0;
  const anchorAtEnd = ((gapOr >>> 16) & C_ANCHOR) !== 0;
  if (plainOnly && foldable) return undefined;
  if (!scratch) return new Tokens(text, count, start.subarray(0, count), end.subarray(0, count), hash.subarray(0, count), flags.subarray(0, count), astral, foldable, anchorAtEnd);
  Object.assign(scratch, { start, end, hash, flags }); // the memo's arrays, whole: readers stop at `count`
  return new Tokens(text, count, start, end, hash, flags, astral, foldable, anchorAtEnd);
}

function grow<A extends Int32Array | Uint16Array>(a: A, cap: number): A {
  const b = new (a.constructor as new (n: number) => A)(cap);
  b.set(a);
  return b;
}

let lastText: string | undefined;
let lastTokens: Tokens | undefined;

/** The memo's arrays, reused from text to text (fresh ones per call were garbage on every detect call). */
const memoScratch: Scratch = { start: new Int32Array(1024), end: new Int32Array(1024), hash: new Int32Array(1024), flags: new Uint16Array(1024) };

/** The tokens of `text`, memoised for the last text: every finder of one detect call shares them.
 *  Valid until the next call with another text (its arrays are reused); `tokenise` for tokens you keep. */
export function tokensOf(text: string): Tokens {
  return memoised(text, false)!;
}

/**
 * `tokensOf(text)` when no unit of the text is one the fold changes, else undefined: then the text is
 * read only up to the first token at or after such a unit, and nothing is memoised (the caller folds
 * the text and tokenises the folded view instead).
 */
export function tokensIfPlain(text: string): Tokens | undefined {
  return memoised(text, true);
}

function memoised(text: string, plainOnly: boolean): Tokens | undefined {
  if (lastTokens !== undefined && text === lastText) {
    lastText = text; // an equal copy: keep this one, so the next checks compare pointers
    return plainOnly && lastTokens.foldable ? undefined : lastTokens;
  }
  lastTokens = undefined;
  const t = tokeniseInto(text, memoScratch, 0, text.length, plainOnly);
  if (t !== undefined) {
    lastTokens = t;
    lastText = text;
  }
  return t;
}

/** Whether a word character (an astral one: its pair) starts at i, or with `back` ends at i. */
function wordAt(text: string, i: number, back: boolean): boolean {
  const n = text.length;
  if (back && i >= 2 && pairAt(text, i - 2, n)) return (astralAt(text, i - 2, n, text.charCodeAt(i - 2)) & C_WORD) !== 0;
  const c = text.charCodeAt(back ? i - 1 : i);
  const e = UNIT[c]! || fill(c);
  return (e & U_WORD) !== 0 || (!back && (e & U_HIGH) !== 0 && (astralAt(text, i, n, c) & C_WORD) !== 0);
}

const rangeScratch: Scratch = { start: new Int32Array(256), end: new Int32Array(256), hash: new Int32Array(256), flags: new Uint16Array(256) };
/** The tokens overlapping text[from, to), read to their ends: start, end and hash as `tokensOf` gives
 *  them, the rest of the text untouched. The first token's gap bits and T_FIRST are not known.
 *  The arrays are reused by the next call: valid until then. */
export function tokensAround(text: string, from: number, to: number): Tokens {
  const n = text.length;
  let a = Math.max(0, Math.min(from, n));
  if (a > 0 && pairAt(text, a - 1, n)) a--; // never start or end inside a surrogate pair
  if (a < n && wordAt(text, a, false)) while (a > 0 && wordAt(text, a, true)) a -= a >= 2 && pairAt(text, a - 2, n) ? 2 : 1;
  let b = Math.max(a, Math.min(to, n));
  if (b > a && pairAt(text, b - 1, n)) b++;
  if (b > a && wordAt(text, b, true)) while (b < n && wordAt(text, b, false)) b += pairAt(text, b, n) ? 2 : 1;
  return tokeniseInto(text, rangeScratch, a, b)!;
}

/** The memoised tokens of `text` when `tokensOf(text)` was the last tokenisation, else undefined. */
export function tokensIfDone(text: string): Tokens | undefined {
  if (lastTokens === undefined || text !== lastText) return undefined;
  lastText = text;
  return lastTokens;
}
