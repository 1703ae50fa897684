// What every PERSON pass shares: the per-call state (tokens, blocked tokens, spans found, windows for
// compromise) and small token helpers.
import { F, NAME_BITS, W, type Phrase, type Vocabulary } from './lexicon.js';
import { INIT, OTHER, PUNCT, type NameTokens } from './tokens.js';

export interface NameSpan {
  start: number;
  end: number;
  score: number;
  /** Which rule produced it: honorific, label, relation, chat, greeting, signoff, lexicon, nlp. */
  rule: string;
}

/** A run of unknown capitalised words that a name cue points at, for compromise to judge. */
export interface NameWindow {
  from: number;
  to: number;
  cue: number;
  score: number;
  rule: string;
}

export interface Ctx {
  text: string;
  t: NameTokens;
  lex: Vocabulary;
  /** 1: inside a company, place, deity or ordinary phrase; 2: inside a name already emitted. */
  blocked: Uint8Array;
  out: NameSpan[];
  /** Token ranges [from, to) of unknown capitalised words that a context points at. */
  windows: NameWindow[];
}

/** A run of name tokens found by a capture. */
export interface Capture {
  from: number;
  /** Exclusive token index. */
  to: number;
  lexHits: number;
  strongHits: number;
  unknown: number;
}

export { NAME_BITS };
export const BAD_BITS = F.COMPANY | F.PLACE | F.TIME | F.STOP | F.FIELD;

// UTF-16 units of the punctuation the rules look at.
export const DOT = 46;
export const UNDERSCORE = 95;
export const LT = 60;
export const GT = 62;
export const AT = 64;
export const HYPHEN = 45;
export const COMMA = 44;
export const COLON = 58;
export const SLASH = 47;
export const OPEN_PAREN = 40;
export const QUOTE = 34;
export const APOSTROPHE = 39;
export const EN_DASH = 0x2013;
export const EM_DASH = 0x2014;

/**
 * A copy of `s` that shares no storage with the text it was cut from, for a key a cache keeps
 * across calls: V8 keeps a slice of 13+ units as a pointer into its parent (and lower-casing a
 * string already in lower case returns it), so a cached slice would keep a whole input alive.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : s.split('').join('');
}

export const isWord = (t: NameTokens, j: number): boolean => j >= 0 && j < t.n && t.shape[j]! <= OTHER;

/** Token j is the one-unit punctuation mark `code`. */
export const isMark = (t: NameTokens, j: number, code: number): boolean => t.shape[j] === PUNCT && t.codeAt(j) === code;

/** Token j is punctuation and one of the characters of `marks`. */
export function punctIn(t: NameTokens, j: number, marks: string): boolean {
  if (t.shape[j] !== PUNCT) return false;
  const c = t.codeAt(j);
  for (let x = 0; x < marks.length; x++) if (marks.charCodeAt(x) === c) return t.end[j]! - t.start[j]! === 1;
  return false;
}

/** A token glued to "_", "<" or ">" ("<PERSON_1>", "customer_id"): an identifier, not a name. */
export function typeWord(c: Ctx, j: number): boolean {
  const { t } = c;
  const s = t.start[j]!;
  const e = t.end[j]!;
  if (j > 0 && t.end[j - 1] === s && (isMark(t, j - 1, UNDERSCORE) || isMark(t, j - 1, LT))) return true;
  return j + 1 < t.n && t.start[j + 1] === e && (isMark(t, j + 1, UNDERSCORE) || isMark(t, j + 1, GT));
}

/** The phrases whose first token has token i's key, longest first (undefined: none). */
export function phrasesOf(c: Ctx, i: number): readonly Phrase[] | undefined {
  return c.t.sets[i]! & W.PHRASE ? c.lex.phrases[c.t.word[i]!] : undefined;
}

/** Some phrase starts with token i's key. */
export const phraseStart = (c: Ctx, i: number): boolean => (c.t.sets[i]! & W.PHRASE) !== 0;

/** Phrase p (whose first token has token i's key) continues at i: same keys, no newline, single spaces. */
export function phraseAt(c: Ctx, i: number, p: Phrase): boolean {
  const { t } = c;
  const ids = p.ids;
  const n = ids.length;
  if (i + n > t.n) return false;
  for (let j = 1; j < n; j++) {
    const x = i + j;
    if (t.word[x] !== ids[j] || t.nl[x] || t.gap[x]! > 1) return false;
  }
  return true;
}

export function emit(c: Ctx, cap: Capture, score: number, rule: string): void {
  emitTokens(c, cap.from, cap.to, score, rule);
}

/** Emit tokens [from, to) as a name and block them. */
export function emitTokens(c: Ctx, from: number, to: number, score: number, rule: string): void {
  c.out.push({ start: c.t.start[from]!, end: c.t.end[to - 1]!, score, rule });
  for (let j = from; j < to; j++) c.blocked[j] = 2;
}

/** Skip up to `max` punctuation tokens in `marks` from index i; returns the next index. */
export function skipPunct(c: Ctx, i: number, marks: string, max = 2): number {
  let j = i;
  let n = 0;
  while (j < c.t.n && n < max && punctIn(c.t, j, marks)) {
    j++;
    n++;
  }
  return j;
}

export function lineStart(c: Ctx, i: number): boolean {
  return i === 0 || c.t.nl[i] === 1;
}

export function countWords(c: Ctx, cap: Capture): number {
  let n = 0;
  for (let j = cap.from; j < cap.to; j++) if (isWord(c.t, j)) n++;
  return n;
}

/** Index of the first word of a capture (its first token when it has none). */
export function firstWord(c: Ctx, cap: Capture): number {
  for (let j = cap.from; j < cap.to; j++) if (isWord(c.t, j)) return j;
  return cap.from;
}

/** Every word of the capture that is not an initial has `bit`. */
export function allBits(c: Ctx, cap: Capture, bit: number): boolean {
  const { t } = c;
  for (let j = cap.from; j < cap.to; j++) {
    if (isWord(t, j) && t.shape[j] !== INIT && !(t.flags[j]! & bit)) return false;
  }
  return true;
}

/** Index of the token that starts exactly at offset `s`, or -1 (binary search; tokens are sorted). */
export function tokenAt(c: Ctx, s: number): number {
  const { start } = c.t;
  let lo = 0;
  let hi = c.t.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = start[mid]!;
    if (v === s) return mid;
    if (v < s) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
