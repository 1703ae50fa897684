// The PERSON finder's tokens: one pass over the text into typed arrays (offsets, shape, lexicon facts,
// vocabulary id, spacing), so the rules compare integers instead of lower-cased strings. Tokens are
// what /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu gives (a word with inner
// apostrophes, a run of digits, or one other code point), with a possessive "'s" cut off a word longer
// than three characters ("Priya's" is the name "Priya"). A token's key is its text lower-cased; keys
// are looked up by a folded hash in the vocabulary, a hit confirmed character by character (exact).
import {
  ASCII_CLASS, bmpClass, C_L, C_N, C_P, C_S, CAP, classAt, DEVA, INIT, isSurrogate, LOWER, NUM, OTHER, PUNCT, punctShape, shapeOf, UPPER, widthAt,
} from './chars.js';
import { F, NAME_BITS, ROW_FLAGS, ROW_SETS, type Vocabulary } from './lexicon.js';
import { type Builder, builder, grow } from './token-arrays.js';
import { T_ALPHA, T_ASCII, T_CAP, T_LOWER, tokensOf } from '../../../text/tokens.js';

export { CAP, DEVA, INIT, LOWER, NUM, OTHER, PUNCT, UPPER };

export class NameTokens {
  readonly n: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly shape: Uint8Array;
  /** Lexicon facts (`F` bits); 0 for punctuation and numbers. An F.OPENER word that opens a sentence also has F.STOP. */
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
  /** 1: the token has units outside the fast path (ASCII, Devanagari, ’): compare it by its key string. */
  readonly slow: Uint8Array;
  /** Per-call scratch for the passes: `blocked` (all 0 when nameTokens returns) and `covered` (propagate zeroes it). */
  readonly blocked: Uint8Array;
  readonly covered: Uint8Array;
  /**
   * Cue tokens, in order: every token with a rule word set, an honorific, or a comma, hyphen or dash
   * (what the blocker, context and frame passes act on); `cues[0, nCues)`. The passes walk this list
   * instead of every token.
   */
  readonly cues: Int32Array;
  nCues = 0;
  /** Capitalised words (shape CAP), in order: `caps[0, nCaps)` (where foreign names may start). */
  readonly caps: Int32Array;
  nCaps = 0;
  /** Words not in lower case, and lower-case first names and surnames, in order: `lead[0, nLead)`
   *  (where a name run or a mention can start when no name was found in lower case). */
  readonly lead: Int32Array;
  nLead = 0;
  /** OR of every token's `flags` and `sets`: a rule whose trigger bit is absent cannot fire. */
  anyFlags = 0;
  anySets = 0;
  /** The text these tokens are of (the object is reused from call to call, see `nameTokens`). */
  text = '';
  /** Keys of multi-unit tokens outside the fast path. */
  private readonly slowKeys: Map<number, string>;

  constructor(b: Builder, n: number) {
    this.n = n;
    this.start = b.start.subarray(0, n);
    this.end = b.end.subarray(0, n);
    this.shape = b.shape.subarray(0, n);
    this.flags = b.flags.subarray(0, n);
    this.sets = b.sets.subarray(0, n);
    this.word = b.word.subarray(0, n);
    this.hash = b.hash.subarray(0, n);
    this.code = b.code.subarray(0, n);
    this.gap = b.gap.subarray(0, n);
    this.nl = b.nl.subarray(0, n);
    this.slow = b.slow.subarray(0, n);
    this.blocked = b.blocked.subarray(0, n);
    this.covered = b.covered.subarray(0, n);
    this.cues = b.cues;
    this.caps = b.caps;
    this.lead = b.lead;
    this.slowKeys = b.slowKeys;
  }

  /** Drop this call's text and keys (the object is reused: it must not keep an input alive). */
  release(): void {
    this.text = '';
    if (this.slowKeys.size > 0) this.slowKeys.clear();
  }

  /** The lower-cased key of token j (builds a string: for rare paths only). */
  key(j: number): string {
    return this.slowKeys.get(j) ?? this.text.slice(this.start[j], this.end[j]).toLowerCase();
  }

  /** The key of a token outside the fast path, else undefined. */
  slowKey(j: number): string | undefined {
    return this.slowKeys.size === 0 ? undefined : this.slowKeys.get(j);
  }

  /** Token j opens a sentence: the first token, after a line break, or after . ! ? : ; " “ ( */
  opensSentence(j: number): boolean {
    return j === 0 || this.nl[j] === 1 || sentenceMark(this.shape[j - 1]!, this.code[j - 1]!);
  }

  /** Tokens j and k have the same key. */
  sameKey(j: number, k: number): boolean {
    if (this.hash[j] !== this.hash[k]) return false;
    const wj = this.word[j]!;
    if (wj >= 0 || this.word[k]! >= 0) return wj === this.word[k];
    if (this.slow[j] || this.slow[k]) return this.key(j) === this.key(k);
    // Both in the fast path: the keys are the units with A-Z folded.
    const text = this.text;
    const sj = this.start[j]!;
    const sk = this.start[k]!;
    const len = this.end[j]! - sj;
    if (this.end[k]! - sk !== len) return false;
    for (let x = 0; x < len; x++) if (fold(text.charCodeAt(sj + x)) !== fold(text.charCodeAt(sk + x))) return false;
    return true;
  }
}

/** Arrays reused by every call (its tokens are views into them, dead once findNames returns). */
let scratch = builder(4096);

/**
 * Views per token count up to VIEW_CACHE (a 1 KB prompt has 40-300 tokens): short texts allocate no
 * views. Views read past their count as undefined (the rules rely on it), so each count keeps its own;
 * emptied when the scratch arrays grow.
 */
const VIEW_CACHE = 512;
let views: Array<NameTokens | undefined> = [];

/** Fast-path units: ASCII, Devanagari and the right single quote, whose lower case is one unit. */
const fastUnit = (c: number): boolean => c < 0x80 || (c >= 0x0900 && c <= 0x097f) || c === 0x2019;
/** A UTF-16 unit with A-Z folded to a-z (keys of fast-path tokens are their units folded so). */
export const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** A token of this shape and first unit ends a sentence before the next word: . ! ? : ; " “ ( */
const SENTENCE_MARKS = new Set([46, 33, 63, 58, 59, 34, 0x201c, 40]);
const sentenceMark = (shape: number, code: number): boolean => shape === PUNCT && SENTENCE_MARKS.has(code);
/** Folded hash of each one-unit ASCII key (FNV-1a of one unit). */
const ASCII_HASH = new Int32Array(128);
for (let c = 0; c < 128; c++) ASCII_HASH[c] = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);

/** Key, hash and vocabulary id of single-unit tokens outside ASCII, by unit (filled on first sight). */
const unitKey = new Map<number, { hash: number; id: number }>();

/** Tokenise `text` for the name rules. */
export function nameTokens(text: string, vocab: Vocabulary): NameTokens {
  const n = text.length;
  let b = scratch;
  if (b.slowKeys.size > 0) b.slowKeys.clear();
  let { start, end, shape: shapes, flags, sets, word, hash, code, gap, nl: nls, slow, cues, caps, lead } = b;
  let cap = start.length;
  const asciiIds = vocab.asciiIds;
  const asciiSets = vocab.asciiSets;
  const digitWords = vocab.hasDigitWords;
  const rows = vocab.rows;
  let count = 0;
  let anyFlags = 0;
  let anySets = 0;
  let nCues = 0;
  let nCaps = 0;
  let nLead = 0;
  let prevEnd = 0;
  let nl = 0;
  let i = 0;
  // The shared tokenisation (pass B, src/text/tokens.ts; the other finders of this call read the same
  // memo). A word of ASCII letters there is a word here with the same folded hash, unless an apostrophe
  // joins it to the next one: such words skip the unit loop below (`nextB` = start of pass B token `j`).
  const pb = tokensOf(text);
  const bStart = pb.start;
  const bCount = pb.count;
  let j = 0;
  let nextB = bCount > 0 ? bStart[0]! : n;
  while (i < n) {
    let c = text.charCodeAt(i);
    let plain = -1;
    if (i >= nextB) {
      while (nextB < i) nextB = ++j < bCount ? bStart[j]! : n; // tokens an apostrophe joined to the last word
      if (nextB === i) {
        const be = pb.end[j]!;
        // Read in bounds only: a charCodeAt past the end (NaN) deoptimises the compiled function once
        // per isolate, and each worker thread then compiles this large function again.
        const q = be < n ? text.charCodeAt(be) : -1;
        if ((pb.flags[j]! & (T_ASCII | T_ALPHA)) === (T_ASCII | T_ALPHA) && !((q === 39 || q === 0x2019) && be + 1 < n && classAt(text, be + 1, n) === C_L)) plain = j;
        nextB = ++j < bCount ? bStart[j]! : n;
      }
    }
    const cls = plain >= 0 ? C_L : c < 128 ? ASCII_CLASS[c]! : isSurrogate(c) ? classAt(text, i, n) : bmpClass(c);
    if (cls === C_S) {
      if (c === 10 || c === 13) nl = 1;
      i++;
      continue;
    }
    if (count === cap) {
      b.n = count;
      scratch = b = grow(b);
      views = [];
      ({ start, end, shape: shapes, flags, sets, word, hash, code, gap, nl: nls, slow, cues, caps, lead } = b);
      cap = start.length;
    }
    if (c < 128 && cls === C_P) {
      // ASCII punctuation (164k of 305k tokens in 1 MB of README prose): every array from tables by unit, no
      // vocabulary reads, no pass through the generic tail (with the CAP scan below: 11.8 -> 11.1 ns/char).
      const t = count++;
      const st = asciiSets[c]!;
      start[t] = i;
      end[t] = i + 1;
      shapes[t] = PUNCT;
      hash[t] = ASCII_HASH[c]!;
      word[t] = asciiIds[c]!;
      flags[t] = 0;
      sets[t] = st;
      anySets |= st;
      code[t] = c;
      if (st !== 0 || c === 44 || c === 45) cues[nCues++] = t;
      gap[t] = i - prevEnd;
      nls[t] = nl;
      slow[t] = 0;
      prevEnd = ++i;
      nl = 0;
      continue;
    }
    const s = i;
    let fast = true;
    let h = FNV_OFFSET;
    let shape: number;
    let e: number;
    let rawEnd: number;
    let id = -1;
    /** The id's row in `rows` when the fast path found it (facts are read there: no second table). */
    let row = -1;
    let slowKey: string | undefined;
    if (plain >= 0) {
      // A word of ASCII letters that pass B found: its end, hash and case are read from there.
      i = rawEnd = e = pb.end[plain]!;
      h = pb.hash[plain]!;
      const bf = pb.flags[plain]!;
      shape = (bf & T_CAP) === 0 ? LOWER : e - s === 1 ? INIT : bf & T_LOWER ? CAP : UPPER;
      row = vocab.rowAt(text, s, e, h);
      if (row >= 0) id = rows[row + 1]! - 1;
      // One space and the next word: the gap needs no pass of the loop above (the common case in prose).
      if (i < n && text.charCodeAt(i) === 32 && nextB === i + 1) i++;
    } else if (cls === C_L) {
      // A word: letters and marks, joined across ' and ’ with a letter after.
      for (;;) {
        while (i < n) {
          c = text.charCodeAt(i);
          if (c >= 97 && c <= 122) i++;
          else if (c >= 65 && c <= 90) {
            c += 32;
            i++;
          } else if (c < 128) break;
          else if (!isSurrogate(c)) {
            if (bmpClass(c) !== C_L) break;
            if (fast && (c < 0x0900 || c > 0x097f) && c !== 0x2019) fast = false;
            i++;
          } else {
            if (classAt(text, i, n) !== C_L) break;
            fast = false;
            i += widthAt(text, i, n);
          }
          h = Math.imul(h ^ c, FNV_PRIME);
        }
        if ((c === 39 || c === 0x2019) && i + 1 < n && classAt(text, i + 1, n) === C_L) {
          h = Math.imul(h ^ c, FNV_PRIME);
          i++;
        } else break;
      }
      rawEnd = i;
      e = rawEnd;
      if (fast) {
        // Possessive: "Priya's" / "PRIYA’S" is the name (its hash is taken again without the "'s").
        if (e - s > 3 && (text.charCodeAt(e - 1) | 32) === 115) {
          const q = text.charCodeAt(e - 2);
          if (q === 39 || q === 0x2019) {
            e -= 2;
            h = FNV_OFFSET;
            for (let x = s; x < e; x++) h = Math.imul(h ^ fold(text.charCodeAt(x)), FNV_PRIME);
          }
        }
        const f = text.charCodeAt(s);
        // A-Z first: CAP when some a-z follows it before e (found by a scan here, not tracked per unit in the loop).
        if (f >= 0x0900) shape = DEVA;
        else if (f >= 97) shape = LOWER;
        else if (e - s === 1) shape = INIT;
        else {
          shape = UPPER;
          for (let x = s + 1; x < e; x++) {
            const d = text.charCodeAt(x);
            if (d >= 97 && d <= 122) {
              shape = CAP;
              break;
            }
          }
        }
        row = vocab.rowAt(text, s, e, h);
        if (row >= 0) id = rows[row + 1]! - 1;
      } else shape = -1;
    } else if (cls === C_N) {
      while (i < n) {
        c = text.charCodeAt(i);
        if (c < 128) {
          if (ASCII_CLASS[c] !== C_N) break;
          i++;
        } else if (!isSurrogate(c)) {
          if (bmpClass(c) !== C_N) break;
          if (fast && (c < 0x0900 || c > 0x097f)) fast = false;
          i++;
        } else {
          if (classAt(text, i, n) !== C_N) break;
          fast = false;
          i += widthAt(text, i, n);
        }
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      rawEnd = e = i;
      if (fast) {
        shape = text.charCodeAt(s) >= 0x0900 ? DEVA : NUM;
        if (digitWords) id = vocab.idAt(text, s, e, h);
      } else shape = -1;
    } else {
      rawEnd = e = i + widthAt(text, i, n);
      i = rawEnd;
      if (e - s === 1) {
        // One unit outside ASCII: its key is its lower case, cached per unit.
        let u = unitKey.get(c);
        if (u === undefined) {
          const k = String.fromCharCode(c).toLowerCase();
          const uh = vocab.hashString(k);
          unitKey.set(c, (u = { hash: uh, id: vocab.idOfKey(k, uh) }));
        }
        h = u.hash;
        id = u.id;
        shape = punctShape(text, s);
        fast = fastUnit(c);
      } else shape = -1;
    }
    if (shape < 0) {
      // Outside the fast path: the general rule on the lower-cased string.
      let k = text.slice(s, e).toLowerCase();
      if (k.length > 3 && (k.endsWith("'s") || k.endsWith('’s'))) {
        e -= 2;
        k = k.slice(0, -2);
      }
      slowKey = k;
      h = vocab.hashString(k);
      shape = e - s === 1 && cls !== C_L ? punctShape(text, s) : shapeOf(text, s, e);
      id = vocab.idOfKey(k, h);
    }
    const t = count++;
    if (slowKey !== undefined) b.slowKeys.set(t, slowKey);
    start[t] = s;
    end[t] = e;
    shapes[t] = shape;
    hash[t] = h;
    word[t] = id;
    let f = 0;
    let st = 0;
    if (row >= 0) {
      f = rows[row + ROW_FLAGS]!;
      st = rows[row + ROW_SETS]!;
    } else if (id >= 0) {
      f = shape === PUNCT || shape === NUM ? 0 : vocab.flags[id]!;
      st = vocab.sets[id]!;
    }
    // An opener adverb (F.OPENER) that opens a sentence is a stop word there.
    if (f & F.OPENER && (t === 0 || nl || sentenceMark(shapes[t - 1]!, code[t - 1]!))) f |= F.STOP;
    flags[t] = f;
    sets[t] = st;
    anyFlags |= f;
    anySets |= st;
    const u = text.charCodeAt(s);
    code[t] = u;
    if (st !== 0 || f & F.HON || (shape === PUNCT && (u === 44 || u === 45 || u === 0x2013 || u === 0x2014))) cues[nCues++] = t;
    if (shape === CAP) caps[nCaps++] = t;
    if (shape <= OTHER && (shape !== LOWER || f & NAME_BITS)) lead[nLead++] = t;
    gap[t] = s - prevEnd;
    nls[t] = nl;
    slow[t] = fast ? 0 : 1;
    prevEnd = rawEnd;
    nl = 0;
  }
  b.n = count;
  let t = count <= VIEW_CACHE ? views[count] : undefined;
  if (t === undefined) {
    t = new NameTokens(b, count);
    if (count <= VIEW_CACHE) views[count] = t;
  }
  t.text = text;
  t.blocked.fill(0);
  t.anyFlags = anyFlags;
  t.anySets = anySets;
  t.nCues = nCues;
  t.nCaps = nCaps;
  t.nLead = nLead;
  return t;
}
