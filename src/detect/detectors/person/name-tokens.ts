// The view the PERSON rules read tokens through (filled by tokens.ts, which stays under 400 lines):
// typed arrays of one text's tokens, the cue, capital and lead lists, and key comparisons.
import { PUNCT } from './chars.js';
import type { Builder } from './token-arrays.js';

/** A UTF-16 unit with A-Z folded to a-z (keys of fast-path tokens are their units folded so). */
export const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
/** A token of this shape and first unit ends a sentence before the next word: . ! ? : ; " “ ( */
const SENTENCE_MARKS = new Set([46, 33, 63, 58, 59, 34, 0x201c, 40]);
export const sentenceMark = (shape: number, code: number): boolean => shape === PUNCT && SENTENCE_MARKS.has(code);

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

  /** First UTF-16 unit of token j (a punctuation token is one code point); -1 past the last token. */
  codeAt(j: number): number {
    return j >= 0 && j < this.n ? this.text.charCodeAt(this.start[j]!) : -1;
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
    return j === 0 || this.nl[j] === 1 || sentenceMark(this.shape[j - 1]!, this.codeAt(j - 1));
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
