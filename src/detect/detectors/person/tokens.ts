// The PERSON finder's tokens: one pass over the text into typed arrays (offsets, shape, lexicon
// facts, vocabulary id, spacing), so the rules compare integers instead of lower-cased strings.
//
// Tokens are what the regex /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu
// gives (a word with inner apostrophes, a run of digits, or one other code point), with a
// possessive "'s" cut off a word longer than three characters ("Priya's" is the name "Priya").
// A token's key is its text lower-cased; keys are looked up by a folded hash in the vocabulary,
// and a hash hit is confirmed character by character, so a lookup is exact.
import { foldedHash, type Vocabulary } from './lexicon.js';

/** Token shapes. Words are LOWER..OTHER (`shape <= OTHER`). */
export const LOWER = 0;
export const CAP = 1;
export const UPPER = 2;
export const INIT = 3;
export const DEVA = 4;
export const OTHER = 5;
export const PUNCT = 6;
export const NUM = 7;

export class NameTokens {
  readonly n: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly shape: Uint8Array;
  /** Lexicon facts (`F` bits); 0 for punctuation and numbers. */
  readonly flags: Int32Array;
  /** Rule word sets the key belongs to (`W` bits of lexicon.ts). */
  readonly sets: Int32Array;
  /** Vocabulary id of the key, or -1 when the finder knows no such word. */
  readonly word: Int32Array;
  /** Folded hash of the key. */
  readonly hash: Int32Array;
  /** First UTF-16 unit of the token (punctuation tokens are one code point). */
  readonly code: Uint16Array;
  /** Characters between the previous token's end (before any possessive cut) and this token's start. */
  readonly gap: Int32Array;
  /** A newline lies in that gap. */
  readonly nl: Uint8Array;
  /** Keys of tokens outside the fast path (characters other than ASCII, Devanagari and ’). */
  private readonly slowKeys: Map<number, string>;

  constructor(private readonly text: string, b: Builder) {
    const n = b.n;
    this.n = n;
    this.start = b.start.slice(0, n);
    this.end = b.end.slice(0, n);
    this.shape = b.shape.slice(0, n);
    this.flags = b.flags.slice(0, n);
    this.sets = b.sets.slice(0, n);
    this.word = b.word.slice(0, n);
    this.hash = b.hash.slice(0, n);
    this.code = b.code.slice(0, n);
    this.gap = b.gap.slice(0, n);
    this.nl = b.nl.slice(0, n);
    this.slowKeys = b.slowKeys;
  }

  /** The lower-cased key of token j (builds a string: for rare paths only). */
  key(j: number): string {
    return this.slowKeys.get(j) ?? this.text.slice(this.start[j], this.end[j]).toLowerCase();
  }

  /** The key of a token outside the fast path, else undefined. */
  slowKey(j: number): string | undefined {
    return this.slowKeys.size === 0 ? undefined : this.slowKeys.get(j);
  }

  /** Tokens j and k have the same key. */
  sameKey(j: number, k: number): boolean {
    if (this.hash[j] !== this.hash[k]) return false;
    const wj = this.word[j]!;
    if (wj >= 0 || this.word[k]! >= 0) return wj === this.word[k];
    if (this.slowKeys.size > 0 && (this.slowKeys.has(j) || this.slowKeys.has(k))) return this.key(j) === this.key(k);
    // Both in the fast path: the keys are the units with A-Z folded.
    const sj = this.start[j]!;
    const sk = this.start[k]!;
    const len = this.end[j]! - sj;
    if (this.end[k]! - sk !== len) return false;
    for (let x = 0; x < len; x++) if (fold(this.text.charCodeAt(sj + x)) !== fold(this.text.charCodeAt(sk + x))) return false;
    return true;
  }
}

// Character classes: letter or mark, number, white space, anything else.
const C_L = 1;
const C_N = 2;
const C_S = 3;
const C_P = 4;
const LM = /[\p{L}\p{M}]/u;
const NUMBER = /\p{N}/u;
const SPACE = /\s/u;

const classOf = (ch: string): number => (LM.test(ch) ? C_L : NUMBER.test(ch) ? C_N : SPACE.test(ch) ? C_S : C_P);
/** Class of every UTF-16 unit that is not a surrogate, filled on first sight. */
const unitClass = new Uint8Array(65536);
const astralClass = new Map<number, number>();

function unitClassOf(c: number): number {
  let k = unitClass[c]!;
  if (k === 0) unitClass[c] = k = classOf(String.fromCharCode(c));
  return k;
}

/** Class of the code point at i, and its width in units (as the `u` regex reads it). */
function classAt(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) return c >= 0xdc00 && c <= 0xdfff ? C_P : unitClassOf(c);
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return C_P; // a lone high surrogate
  const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  let k = astralClass.get(cp);
  if (k === undefined) astralClass.set(cp, (k = classOf(String.fromCodePoint(cp))));
  return k;
}

const widthAt = (text: string, i: number, n: number): number => {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
};

/** Shape of a single UTF-16 unit token or of a token outside the fast path (the general rule). */
function shapeOf(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (c >= 0x0900 && c <= 0x097f) return DEVA;
  if ((c >= 48 && c <= 57) || (c >= 0x0966 && c <= 0x096f)) return NUM;
  const ch = text[s]!;
  const up = ch !== ch.toLowerCase();
  const low = ch !== ch.toUpperCase();
  if (!up && !low) {
    // Not a cased letter: punctuation, a digit of another script, or an uncased script.
    const k = c >= 0xd800 && c <= 0xdfff ? C_P : unitClassOf(c);
    return k === C_L ? OTHER : k === C_N ? NUM : PUNCT;
  }
  if (low) return LOWER;
  if (e - s === 1) return INIT;
  const rest = text.slice(s + 1, e);
  return rest === rest.toUpperCase() ? UPPER : CAP;
}

/** Shape of one-unit tokens by unit (punctuation, digits): cached, +1 so 0 means unknown. */
const unitShape = new Uint8Array(65536);

interface Builder {
  n: number;
  start: Int32Array;
  end: Int32Array;
  shape: Uint8Array;
  flags: Int32Array;
  sets: Int32Array;
  word: Int32Array;
  hash: Int32Array;
  code: Uint16Array;
  gap: Int32Array;
  nl: Uint8Array;
  slowKeys: Map<number, string>;
}

function builder(cap: number): Builder {
  return {
    n: 0,
    start: new Int32Array(cap),
    end: new Int32Array(cap),
    shape: new Uint8Array(cap),
    flags: new Int32Array(cap),
    sets: new Int32Array(cap),
    word: new Int32Array(cap),
    hash: new Int32Array(cap),
    code: new Uint16Array(cap),
    gap: new Int32Array(cap),
    nl: new Uint8Array(cap),
    slowKeys: new Map(),
  };
}

/** Fast-path units: ASCII, Devanagari and the right single quote, whose lower case is one unit. */
const fastUnit = (c: number): boolean => c < 0x80 || (c >= 0x0900 && c <= 0x097f) || c === 0x2019;
const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** Tokenise `text` for the name rules. */
export function nameTokens(text: string, vocab: Vocabulary): NameTokens {
  const n = text.length;
  // At most one token per character; most texts have one per 4-6, so start there and grow.
  let b = builder(Math.max(16, n >> 2));
  let prevEnd = 0;
  let i = 0;
  while (i < n) {
    const cls = classAt(text, i, n);
    if (cls === C_S) {
      i++;
      continue;
    }
    const s = i;
    let fast = true;
    if (cls === C_L) {
      for (;;) {
        while (i < n && classAt(text, i, n) === C_L) {
          if (fast && !fastUnit(text.charCodeAt(i))) fast = false;
          i += widthAt(text, i, n);
        }
        const q = text.charCodeAt(i);
        if ((q === 39 || q === 0x2019) && i + 1 < n && classAt(text, i + 1, n) === C_L) i++;
        else break;
      }
    } else if (cls === C_N) {
      while (i < n && classAt(text, i, n) === C_N) {
        if (fast && !fastUnit(text.charCodeAt(i))) fast = false;
        i += widthAt(text, i, n);
      }
    } else {
      const w = widthAt(text, i, n);
      if (w === 2 || !fastUnit(text.charCodeAt(i))) fast = false;
      i += w;
    }
    const rawEnd = i;
    let e = rawEnd;
    if (b.n === b.start.length) b = grow(b);
    const t = b.n++;
    let hash: number;
    let shape: number;
    let slowKey: string | undefined;
    if (fast) {
      // Possessive: "Priya's" / "PRIYA’S" is the name.
      if (e - s > 3 && fold(text.charCodeAt(e - 1)) === 115) {
        const a = text.charCodeAt(e - 2);
        if (a === 39 || a === 0x2019) e -= 2;
      }
      hash = foldedHash(text, s, e);
      shape = cls === C_L ? fastWordShape(text, s, e) : cls === C_N ? (text.charCodeAt(s) >= 0x0900 ? DEVA : NUM) : punctShape(text, s);
    } else {
      let k = text.slice(s, e).toLowerCase();
      if (k.length > 3 && (k.endsWith("'s") || k.endsWith('’s'))) {
        e -= 2;
        k = k.slice(0, -2);
      }
      slowKey = k;
      hash = vocab.hashString(k);
      shape = e - s === 1 && cls !== C_L ? punctShape(text, s) : shapeOf(text, s, e);
    }
    let nl = 0;
    for (let x = prevEnd; x < s; x++) {
      const c = text.charCodeAt(x);
      if (c === 10 || c === 13) {
        nl = 1;
        break;
      }
    }
    const id = slowKey === undefined ? vocab.idAt(text, s, e, hash) : vocab.idOfKey(slowKey, hash);
    if (slowKey !== undefined) b.slowKeys.set(t, slowKey);
    b.start[t] = s;
    b.end[t] = e;
    b.shape[t] = shape;
    b.hash[t] = hash;
    b.word[t] = id;
    b.flags[t] = id < 0 || shape === PUNCT || shape === NUM ? 0 : vocab.flags[id]!;
    b.sets[t] = id < 0 ? 0 : vocab.sets[id]!;
    b.code[t] = text.charCodeAt(s);
    b.gap[t] = s - prevEnd;
    b.nl[t] = nl;
    prevEnd = rawEnd;
  }
  return new NameTokens(text, b);
}

function punctShape(text: string, s: number): number {
  const c = text.charCodeAt(s);
  let k = unitShape[c]!;
  if (k === 0) unitShape[c] = k = shapeOf(text, s, s + 1) + 1;
  return k - 1;
}

/** Shape of a fast-path word (ASCII letters, Devanagari, apostrophes). */
function fastWordShape(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (c >= 0x0900) return DEVA;
  if (c >= 97 && c <= 122) return LOWER;
  if (e - s === 1) return INIT;
  for (let x = s + 1; x < e; x++) {
    const d = text.charCodeAt(x);
    if (d >= 97 && d <= 122) return CAP;
  }
  return UPPER;
}

function grow(b: Builder): Builder {
  const g = builder(b.start.length * 2);
  g.n = b.n;
  g.start.set(b.start);
  g.end.set(b.end);
  g.shape.set(b.shape);
  g.flags.set(b.flags);
  g.sets.set(b.sets);
  g.word.set(b.word);
  g.hash.set(b.hash);
  g.code.set(b.code);
  g.gap.set(b.gap);
  g.nl.set(b.nl);
  g.slowKeys = b.slowKeys;
  return g;
}

const CONTRACTION = /^[a-z]{1,4}['’](?:m|re|ll|ve|d|t|s)$/;

/** A contraction such as "i'm", "we're", "didn't" (a pronoun or verb, never part of a name). */
export function contraction(text: string, t: NameTokens, j: number): boolean {
  const slow = t.slowKey(j);
  if (slow !== undefined) return CONTRACTION.test(slow);
  const s = t.start[j]!;
  const e = t.end[j]!;
  const len = e - s;
  if (len < 3 || len > 7) return false;
  let p = -1;
  for (let x = s; x < e; x++) {
    const c = fold(text.charCodeAt(x));
    if (c === 39 || c === 0x2019) {
      if (p >= 0) return false;
      p = x;
    } else if (p < 0 && (c < 97 || c > 122)) return false;
  }
  if (p < 0 || p === s || p - s > 4) return false;
  const tail = e - p - 1;
  const a = fold(text.charCodeAt(p + 1));
  if (tail === 1) return a === 109 || a === 100 || a === 116 || a === 115; // m d t s
  if (tail !== 2) return false;
  const z = fold(text.charCodeAt(p + 2));
  return (a === 114 && z === 101) || (a === 108 && z === 108) || (a === 118 && z === 101); // re ll ve
}
