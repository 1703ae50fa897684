// Birth cues for DATE_OF_BIRTH: where a date with no birth label of its own still is a birth date.
//
// Every cue needs a birth word: its line and the next non-empty line are the only places a cued date
// can be (`Stretches`). The birth words are found once per text, lazily (only when a date-shaped run
// is found at all), by one literal-led scan; the same list gates the labelled patterns (a birth word
// must sit just before the date) and the stretches. Each cue is then checked on the date's own line.
import { T_ASCII, tokensOf, type Tokens } from '../../../text/tokens.js';
import { isDigit } from '../../../text/fold.js';
import { ContextMatcher, words } from '../../../text/words.js';
import { TokenPhrases } from './context.js';
import { keepShape } from '../../../text/shapes.js';

interface CueLists {
  context: string[];
  otherDateWords: string[];
  cueWindow: { before: number; after: number };
}

function lineStartAt(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEndAt(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}

// A birth word anywhere, inside words too ("date_of_birth", "birthDate"): a literal-led alternation.
// Every birth word of the labelled date patterns holds one of these literals, "b." excepted.
const BIRTH_WORD = /birth|born|d\.?\s?o\.?\s?b|जन्म|janam|janm/gi;

/** The birth words of a text: one scan, run only when the text holds a date at all. */
export class BirthWords {
  readonly start: number[] = [];
  readonly end: number[] = [];

  constructor(readonly text: string) {
    BIRTH_WORD.lastIndex = 0;
    for (let m = BIRTH_WORD.exec(text); m; m = BIRTH_WORD.exec(text)) {
      this.start.push(m.index);
      this.end.push(m.index + m[0].length);
    }
  }

  /** Index of the first birth word starting at or after `pos`. */
  private from(pos: number): number {
    let lo = 0;
    let hi = this.start.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether a birth word overlaps [from, to). */
  near(from: number, to: number): boolean {
    const j = this.from(to) - 1;
    return j >= 0 && this.end[j]! > from;
  }

  /**
   * The birth word a scan resumed at `pos` finds first, as [start, end], or undefined. That is the first
   * one of the list at or after `pos`, unless a listed word straddles `pos`: then the scan is rerun there.
   */
  next(pos: number): [number, number] | undefined {
    const j = this.from(pos);
    if (j > 0 && this.end[j - 1]! > pos) {
      BIRTH_WORD.lastIndex = pos;
      const m = BIRTH_WORD.exec(this.text);
      return m ? [m.index, m.index + m[0].length] : undefined;
    }
    return j < this.start.length ? [this.start[j]!, this.end[j]!] : undefined;
  }
}

/**
 * The stretches of text a cued date may sit in: from a birth word's line start to the end of the next
 * non-empty line after it, in text order, not overlapping (a birth word inside a stretch starts none).
 */
export class Stretches {
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  constructor(words: BirthWords) {
    const text = words.text;
    let doneTo = 0;
    let resume = 0;
    for (let m = words.next(0); m; m = words.next(resume)) {
      resume = m[1];
      const from = Math.max(doneTo, lineStartAt(text, m[0]));
      let nl = text.indexOf('\n', m[0]);
      while (nl >= 0 && text[nl + 1] === '\n') nl++;
      const to = nl < 0 ? text.length : lineEndAt(text, nl + 1);
      if (to <= from) continue;
      doneTo = to;
      resume = Math.max(resume, to);
      this.from.push(from);
      this.to.push(to);
    }
  }

  /** Whether [start, end) lies inside one stretch (binary search: stretches are sorted and disjoint). */
  covers(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.from.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.from[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.to[lo - 1]! >= end;
  }
}

const SPEAKER = /^[\s\p{L}\p{M}.\-—–'()]{0,40}:\s*/u;
const HAS_DIGIT = /[0-9०-९]/;
// After the date, a cue must sit in the same field: a digit, comma, semicolon, pipe or tab ends it.
const FIELD_END = /[0-9०-९,;|\t]/;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** FIELD_END as a character test. */
function isFieldEnd(c: number): boolean {
  return isDigit(c) || c === 44 || c === 59 || c === 124 || c === 9;
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Tokens [lo, hi) covering exactly [from, to): undefined when an edge cuts a word or a word is not ASCII. */
function wholeAsciiTokens(t: Tokens, from: number, to: number): [number, number] | undefined {
  const lo = t.indexFrom(from);
  if (lo > 0 && t.end[lo - 1]! > from) return undefined;
  const hi = t.indexAt(to);
  if (hi < t.count && t.start[hi]! < to) return undefined;
  for (let i = lo; i < hi; i++) if ((t.flags[i]! & T_ASCII) === 0) return undefined;
  return [lo, hi];
}

/**
 * The last occurrence of the word text[ws, we) in [ws, start) (inside a later word too, ASCII case
 * ignored) has no digit between it and `start`: what the string reader's lastIndexOf + digit test says.
 */
function noDigitAfterLast(text: string, ws: number, we: number, start: number): boolean {
  const n = we - ws;
  let at = start - n;
  for (; at > ws; at--) {
    let j = 0;
    while (j < n && lowerAscii(text.charCodeAt(at + j)) === lowerAscii(text.charCodeAt(ws + j))) j++;
    if (j === n) break;
  }
  for (let k = at; k < start; k++) if (isDigit(text.charCodeAt(k))) return false;
  return true;
}

export class BirthCues {
  private readonly birthWords: ContextMatcher;
  private readonly otherDateWords: ContextMatcher;
  private readonly birthTokens: TokenPhrases;
  private readonly otherDateTokens: TokenPhrases;
  private readonly window: { before: number; after: number };

  constructor(lists: CueLists) {
    this.birthWords = new ContextMatcher(lists.context);
    this.otherDateWords = new ContextMatcher(lists.otherDateWords);
    this.birthTokens = new TokenPhrases(lists.context);
    this.otherDateTokens = new TokenPhrases(lists.otherDateWords);
    this.window = lists.cueWindow;
  }

  /** Words of a column header that name a birth date (dob, date_of_birth …). */
  isBirthHeader(header: readonly string[]): boolean {
    return this.birthWords.find(header).length > 0;
  }

  /** Any of the three cues around the date [start, end). */
  cued(text: string, start: number, end: number): boolean {
    return this.cueBefore(text, start) || this.cueAfter(text, end) || this.cuePreviousLine(text, start, end);
  }

  /**
   * A birth word before the date on its line, nearer than any other date word and with no number in
   * between: "I was born in a small town on 22/11/1972", `"dob": "1985-01-01"`, "DOB (as per PAN) -".
   */
  private cueBefore(text: string, start: number): boolean {
    const fast = this.cueBeforeTokens(text, start);
    if (fast !== undefined) return fast;
    const from = Math.max(lineStartAt(text, start), start - this.window.before);
    const before = text.slice(from, start);
    const w = words(before);
    for (let i = w.length - 1; i >= 0; i--) {
      const tail = w.slice(i);
      if (this.otherDateWords.find([w[i]!]).length) return false;
      if (this.birthWords.find(tail.slice(0, 3)).length) {
        // no digit between the birth word and the date (another date or number would own the word)
        const at = before.toLowerCase().lastIndexOf(w[i]!);
        return at >= 0 && !HAS_DIGIT.test(before.slice(at));
      }
    }
    return false;
  }

  /** A birth word right after the date in its field: "1985-01-01 is my birthday", "12/03/1985 (DOB)". */
  private cueAfter(text: string, end: number): boolean {
    const fast = this.cueAfterTokens(text, end);
    if (fast !== undefined) return fast;
    const to = Math.min(lineEndAt(text, end), end + this.window.after);
    const after = text.slice(end, to);
    const cut = after.search(FIELD_END);
    const w = words(cut >= 0 ? after.slice(0, cut) : after);
    for (let i = 0; i < w.length; i++) {
      if (this.otherDateWords.find([w[i]!]).length) return false;
      if (this.birthWords.find(w.slice(i, i + 3)).length) return true;
    }
    return false;
  }

  /** The date is all its line says (after a "Speaker:" label) and the previous non-empty line asks for a birth date. */
  private cuePreviousLine(text: string, start: number, end: number): boolean {
    const ls = lineStartAt(text, start);
    if (ls === 0) return false;
    // a letter or digit after the date on its line: the line says more than the date
    for (let k = end; k < text.length; k++) {
      const c = lowerAscii(text.charCodeAt(k));
      if (c === 10) break;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return false;
    }
    const rest = text.slice(ls, start).replace(SPEAKER, '') + text.slice(end, lineEndAt(text, end));
    if (LETTER_OR_NUMBER.test(rest)) return false;
    let pe = ls - 1;
    while (pe > 0 && text[pe - 1] === '\n') pe--;
    const prev = text.slice(lineStartAt(text, pe), pe);
    return this.birthWords.find(words(prev)).length > 0 && this.otherDateWords.find(words(prev)).length === 0;
  }

  /**
   * cueBefore on the shared tokens when the window [from, start) holds whole ASCII words only (the
   * usual case): the same words, the same "any birth phrase within three words", the same last
   * occurrence of the word in the window for the digit check. Undefined: read the window as a string.
   */
  private cueBeforeTokens(text: string, start: number): boolean | undefined {
    let from = Math.max(0, start - this.window.before);
    for (let k = start - 1; k >= from; k--) {
      if (text.charCodeAt(k) === 10) {
        from = k + 1;
        break;
      }
    }
    const t = tokensOf(text);
    // The window's edge may cut an ASCII word: the string reader sees its tail as the first word.
    let cut = -1;
    let lo = t.indexFrom(from);
    if (lo > 0 && t.end[lo - 1]! > from) {
      cut = lo - 1;
      if (t.end[cut]! > start || (t.flags[cut]! & T_ASCII) === 0) return undefined;
    }
    const range = wholeAsciiTokens(t, cut >= 0 ? t.end[cut]! : from, start);
    if (range === undefined) return undefined;
    lo = range[0];
    const hi = range[1];
    for (let i = hi - 1; i >= lo; i--) {
      if (this.otherDateTokens.inRange(t, i, i + 1)) return false;
      if (this.birthTokens.inRange(t, i, Math.min(i + 3, hi))) return noDigitAfterLast(text, t.start[i]!, t.end[i]!, start);
    }
    if (cut < 0) return false;
    // The cut word's tail, last: a phrase inside the whole words after it was found above, so only
    // one starting at the tail is left (within three words, as the string reader's tail).
    const tail = text.slice(from, t.end[cut]!).toLowerCase();
    if (this.otherDateTokens.startsWith(tail, t, lo, lo)) return false;
    if (this.birthTokens.startsWith(tail, t, lo, Math.min(lo + 2, hi))) return noDigitAfterLast(text, from, t.end[cut]!, start);
    return false;
  }

  /** cueAfter on the shared tokens, under the same condition as cueBeforeTokens. */
  private cueAfterTokens(text: string, end: number): boolean | undefined {
    // the field ends at a line break, a FIELD_END character or the window's edge
    const to = Math.min(text.length, end + this.window.after);
    let cut = end;
    while (cut < to && text.charCodeAt(cut) !== 10 && !isFieldEnd(text.charCodeAt(cut))) cut++;
    const t = tokensOf(text);
    const range = wholeAsciiTokens(t, end, cut);
    if (range === undefined) return undefined;
    const [lo, hi] = range;
    for (let i = lo; i < hi; i++) {
      if (this.otherDateTokens.inRange(t, i, i + 1)) return false;
      if (this.birthTokens.inRange(t, i, Math.min(i + 3, hi))) return true;
    }
    return false;
  }
}

keepShape(new Stretches(keepShape(new BirthWords(''))));
