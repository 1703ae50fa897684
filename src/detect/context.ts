// Context words around a candidate from the shared tokens (issue 11, pass B): a window is a binary
// search into `tokensOf(text)` and a walk over the few tokens in it; phrases are matched by the
// tokens' folded hashes (confirmed without allocating), never by slicing and re-tokenising the text.
//
// The window is the one the engine always used: `before` / `after` characters around the span, a
// word cut by the window edge dropped (ASCII letters/digits and the Devanagari block count as word
// characters there), e-mail addresses and URLs (found by a regex over a window holding '@' or '://')
// left out; the words on the span's own line (and after it up to a sentence end) are the "near"
// words negative context is looked for in, with the column header of a table cell before both.
import { hashWord, tokensAround, tokensIfDone, tokensOf, type Tokens } from '../text/tokens.js';
import { firstAbove } from '../text/search.js';
import { ContextMatcher, HashSet32 } from '../text/words.js';
import { ADDRESS, AddressMarks, holdsAddress, isSpace, strippedRanges } from './address-marks.js';
import { keepShape } from '../text/shapes.js';

export { ADDRESS, AddressMarks, holdsAddress };

/** Word characters for the window-edge rule (not the tokeniser's: this is the rule the scores were set with). */
export function isEdgeWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0x0900 && c <= 0x097f);
}

interface Phrase { text: string; words: string[]; hashes: Int32Array }

/** Context phrases, matched by hash against token sequences; also a `ContextMatcher` for word lists. */
export class PhraseSet extends ContextMatcher {
  readonly phrases: readonly Phrase[];
  /** First-word hash → phrases starting with that word, in the order `ContextMatcher.find` reports them. */
  private readonly byFirst = new Map<number, Phrase[]>();
  /** Every first-word hash: most positions are passed over on one table probe (a Map keyed by int32
   *  hashes boxes most of them as heap numbers on every lookup). */
  private readonly firsts: HashSet32;

  constructor(list: readonly string[]) {
    super(list);
    const out: Phrase[] = [];
    const singles: Phrase[] = [];
    for (const w of this.single) singles.push({ text: w, words: [w], hashes: Int32Array.of(hashWord(w)) });
    for (const p of singles) this.add(p, out);
    for (const group of this.multi.values()) {
      for (const ws of group) this.add({ text: ws.join(' '), words: ws, hashes: Int32Array.from(ws, hashWord) }, out);
    }
    this.phrases = out;
    this.firsts = new HashSet32(this.byFirst.keys());
  }

  private add(p: Phrase, out: Phrase[]): void {
    out.push(p);
    const list = this.byFirst.get(p.hashes[0]!);
    if (list) list.push(p);
    else this.byFirst.set(p.hashes[0]!, [p]);
  }

  /**
   * Phrases found in `seq` positions [from, to) (then [from2, to2), read as if it followed on), each
   * once, in the order `ContextMatcher.find` gives on the same words.
   */
  findIn(seq: Seq, from: number, to: number, from2 = 0, to2 = 0): string[] {
    let found: string[] | undefined;
    const first = to - from;
    const n = first + (to2 - from2);
    for (let k = 0; k < n; k++) {
      const h = seq.hash[k < first ? from + k : from2 + k - first]!;
      if (!this.firsts.has(h)) continue;
      for (const p of this.byFirst.get(h)!) {
        if (!matchAt(seq, p, k, n, from, first, from2)) continue;
        found ??= [];
        if (!found.includes(p.text)) found.push(p.text);
      }
    }
    return found ?? NONE;
  }

  /** Whether `findIn` would find any phrase (stops at the first). */
  anyIn(seq: Seq, from: number, to: number, from2 = 0, to2 = 0): boolean {
    const first = to - from;
    const n = first + (to2 - from2);
    for (let k = 0; k < n; k++) {
      const h = seq.hash[k < first ? from + k : from2 + k - first]!;
      if (!this.firsts.has(h)) continue;
      for (const p of this.byFirst.get(h)!) if (matchAt(seq, p, k, n, from, first, from2)) return true;
    }
    return false;
  }
}

/** Whether phrase p matches at position k of the joined positions (see `findIn`). */
function matchAt(seq: Seq, p: Phrase, k: number, n: number, from: number, first: number, from2: number): boolean {
  const len = p.words.length;
  if (k + len > n) return false;
  for (let j = 0; j < len; j++) {
    const q = k + j < first ? from + k + j : from2 + k + j - first;
    if (seq.hash[q] !== p.hashes[j] || !seq.is(q, p.words[j]!)) return false;
  }
  return true;
}

const NONE: string[] = [];

/**
 * A sequence of words: token references into `Tokens` (ref ≥ 0) and a few loose words (ref < 0:
 * header cells, words cut at the span's edge), with their hashes. Reused across candidates.
 */
export class Seq {
  hash = new Int32Array(64);
  ref = new Int32Array(64);
  loose: string[] = [];
  length = 0;
  tokens: Tokens | undefined;

  reset(tokens: Tokens): void {
    this.tokens = tokens;
    this.length = 0;
    if (this.loose.length !== 0) this.loose.length = 0;
  }

  private room(): void {
    if (this.length < this.hash.length) return;
    const h = new Int32Array(this.hash.length * 2);
    const r = new Int32Array(this.hash.length * 2);
    h.set(this.hash);
    r.set(this.ref);
    [this.hash, this.ref] = [h, r];
  }

  pushToken(i: number): void {
    this.room();
    this.hash[this.length] = this.tokens!.hash[i]!;
    this.ref[this.length++] = i;
  }

  pushWord(w: string, h = hashWord(w)): void {
    this.room();
    this.loose.push(w);
    this.hash[this.length] = h;
    this.ref[this.length++] = -this.loose.length;
  }

  /** Whether position q holds `word` (words from `words()`: lower case). */
  is(q: number, word: string): boolean {
    const r = this.ref[q]!;
    return r >= 0 ? this.tokens!.is(r, word) : this.loose[-r - 1] === word;
  }
}

/** Positions of one window in a `Seq`: [0, head) header words, then the window's words. */
export interface Window {
  head: number; // end of the header words
  nearFrom: number; // [nearFrom, nearTo): the words on the span's line before it and after it to a sentence end
  nearTo: number;
  to: number; // end of all words
}

/**
 * Whether tokens (and address marks) of a whole text pay for context windows that have read `read`
 * characters of it: a text up to 4 KB at its first window, a longer one once an eighth is read
 * (`TextWindows`; PHONE's cue scan takes the same rule to know the tokens will be made).
 */
export function wholeTextPays(length: number, read: number): boolean {
  return length <= 4096 || read > length >> 3;
}

/**
 * What context windows read from one text: its tokens and its address marks, each built for the
 * whole text only once the windows asked for have covered enough of it (a text with few candidates
 * tokenises and scans just their windows). The answers are the same either way.
 */
export class TextWindows {
  /** Characters of the windows asked about so far (until `enough`). */
  private read = 0;
  /** The text is short, or its windows have covered an eighth of it: tokens and marks of it whole pay. */
  private enough = false;
  private marks: AddressMarks | undefined;

  constructor(readonly text: string) {}

  /** Tokens covering text[from, to) (the shared whole-text tokens when they exist or pay). */
  tokens(from: number, to: number): Tokens {
    const text = this.text;
    return tokensIfDone(text) ?? (this.enough ? tokensOf(text) : tokensAround(text, from, to));
  }

  /**
   * Whether text[from, start) or text[end, stop) holds '@' or '://'. A text up to 4 KB takes its marks
   * at the first window (two indexOf scans of the text, against a character walk of every window: 3.5 %
   * of a 1 KB detect call); a longer one once its windows have read an eighth of it. Every window is
   * asked here first (`tokenWindow`), so the windows are counted here, for `tokens` too, whether or not
   * a finder tokenised the text first (counting only where tokens were still to be made left a long
   * text tokenised first walking every window by hand).
   */
  holdsAround(from: number, start: number, end: number, stop: number): boolean {
    const text = this.text;
    if (!this.enough) {
      this.read += stop - from;
      this.enough = wholeTextPays(text.length, this.read);
    }
    if (this.enough) return (this.marks ??= new AddressMarks(text)).holdsAround(from, start, end, stop);
    return holdsAddress(text, from, start) || holdsAddress(text, end, stop);
  }

  /** `strippedRanges` of text[a, b), from the address marks when they are built. */
  stripped(a: number, b: number, out: number[]): number[] {
    return this.marks ? this.marks.ranges(this.text, a, b, out) : strippedRanges(this.text, a, b, out);
  }
}

/** Start of the window before `start` after the edge rule (a word cut by the edge is dropped). */
function edgeFrom(text: string, start: number, before: number): number {
  let from = Math.max(0, start - before);
  while (from > 0 && from < start && isEdgeWordChar(text.charCodeAt(from - 1)) && isEdgeWordChar(text.charCodeAt(from))) from++;
  return from;
}

/** End of the window after `end` after the edge rule. */
function edgeStop(text: string, end: number, after: number): number {
  let stop = Math.min(text.length, end + after);
  while (stop < text.length && stop > end && isEdgeWordChar(text.charCodeAt(stop)) && isEdgeWordChar(text.charCodeAt(stop - 1))) stop--;
  return stop;
}

/** The window [from, stop) around [start, end) after the edge rule. */
export function windowEdges(text: string, start: number, end: number, before: number, after: number): [number, number] {
  return [edgeFrom(text, start, before), edgeStop(text, end, after)];
}

/** Push the words of text[a, b): whole tokens by reference, a token cut by a or b as a loose word. */
export function pushRange(seq: Seq, t: Tokens, text: string, a: number, b: number): void {
  if (b <= a) return;
  for (let i = t.indexAt(a); i < t.count && t.start[i]! < b; i++) pushClipped(seq, t, text, i, a, b);
}

/** Push token i clipped to [a, b): whole by reference, cut as a loose word. */
function pushClipped(seq: Seq, t: Tokens, text: string, i: number, a: number, b: number): void {
  const s = t.start[i]!;
  const e = t.end[i]!;
  if (s >= a && e <= b) {
    seq.pushToken(i);
    return;
  }
  // A cut token is its visible part; half of a cut surrogate pair is no word character (words()).
  let x = Math.max(s, a);
  let y = Math.min(e, b);
  if (x > s && (text.charCodeAt(x) & 0xfc00) === 0xdc00) x++;
  if (y < e && (text.charCodeAt(y - 1) & 0xfc00) === 0xd800) y--;
  if (y > x) seq.pushWord(text.slice(x, y).toLowerCase());
}

/**
 * Fill `seq` with the header words and the window's words around [start, end). A window holding an
 * address gives undefined, or with `addresses` is read by `addressWindow`.
 * `src`: the text's windows (tokens and address marks).
 */
export function tokenWindow(seq: Seq, text: string, start: number, end: number, before: number, after: number, header: readonly string[] | undefined, src?: TextWindows, addresses = false): Window | undefined {
  const from = edgeFrom(text, start, before);
  const stop = edgeStop(text, end, after);
  const address = src ? src.holdsAround(from, start, end, stop) : holdsAddress(text, from, start) || holdsAddress(text, end, stop);
  if (address && !addresses) return undefined;
  const t = src ? src.tokens(from, stop) : tokensOf(text);
  return address ? addressWindow(seq, t, start, end, from, stop, header, src) : plainWindow(seq, t, start, end, from, stop, header);
}

/** Whether text[p, s) holds a line break or '.', '!', '?' before white space (ahead of `stop`). */
function breakIn(text: string, p: number, s: number, stop: number): boolean {
  for (; p < s; p++) {
    const c = text.charCodeAt(p);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && p + 1 < stop && isSpace(text.charCodeAt(p + 1)))) return true;
  }
  return false;
}

// The first token of the last plain window: a detector meets its candidates in text order, so the
// next window starts at it or a few tokens on (a binary search over all of a 64 KB text's tokens
// per window otherwise). Only a guess: checked against the tokens at hand whatever text set it.
let hint = 0;

/** `t.indexAt(pos)` (the first token ending after pos), searched for from `hint` on when the tokens
 *  before it end at or before pos (a detector's next candidate on dense text is a few dozen tokens
 *  on; a binary search over all the text's tokens is fourteen steps). */
function indexNear(t: Tokens, pos: number): number {
  const valid = hint <= t.count && (hint === 0 || t.end[hint - 1]! <= pos);
  return (hint = firstAbove(t.end, t.count, pos, valid ? hint : -1));
}

function plainWindow(seq: Seq, t: Tokens, start: number, end: number, from: number, stop: number, header: readonly string[] | undefined): Window {
  const text = t.text;
  seq.reset(t);
  if (header) for (const w of header) seq.pushWord(w);
  const head = seq.length;
  // The words before the span; the near ones start after the last line break, looked for only in
  // the gaps between tokens (no token holds one): each line break restarts the near words.
  let nearFrom = -1;
  let p = from;
  let i = from < start ? indexNear(t, from) : t.indexFrom(start);
  for (; i < t.count && t.start[i]! < start; p = t.end[i++]!) {
    for (const s = t.start[i]!; p < s; p++) if (text.charCodeAt(p) === 10) nearFrom = -1;
    if (nearFrom < 0) nearFrom = seq.length;
    pushClipped(seq, t, text, i, from, start);
  }
  for (; p < start; p++) if (text.charCodeAt(p) === 10) nearFrom = -1;
  if (nearFrom < 0) nearFrom = seq.length;
  // The words after it: near up to a line break or a sentence end, neither of which is in a token:
  // only the gaps before the tokens are read for one, until it is found.
  if (i > 0) i--;
  while (i < t.count && t.end[i]! <= end) i++;
  let nearTo = -1;
  for (p = end; stop > end && i < t.count && t.start[i]! < stop; p = t.end[i++]!) {
    if (nearTo < 0 && breakIn(text, p, t.start[i]!, stop)) nearTo = seq.length;
    pushClipped(seq, t, text, i, end, stop);
  }
  if (nearTo < 0) nearTo = seq.length;
  return { head, nearFrom, nearTo, to: seq.length };
}

/** Stripped ranges of the two sides of an address window: pairs [start, end) into the text. */
const STRIP_BEFORE: number[] = [];
const STRIP_AFTER: number[] = [];

let splitAt = -1; // set by pushKept: the seq length at the first piece starting at or after `split`

/** Push the words of [a, b) outside the ranges `cut` (pairs), each range read as a space. */
function pushKept(seq: Seq, t: Tokens, a: number, b: number, cut: readonly number[], split: number): void {
  splitAt = -1;
  // The first token of each piece (`t.indexAt(x)`): the pieces go left to right, so it is searched
  // for from the last one's, not over all the text's tokens.
  let first = -1;
  for (let r = 0; r <= cut.length; r += 2) {
    const x = r === 0 ? a : cut[r - 1]!;
    const y = r < cut.length ? cut[r]! : b;
    if (y <= x) continue;
    if (first < 0) first = indexNear(t, x);
    else while (first < t.count && t.end[first]! <= x) first++;
    for (let i = first; i < t.count && t.start[i]! < y; i++) {
      if (splitAt < 0 && Math.max(t.start[i]!, x) >= split) splitAt = seq.length;
      pushClipped(seq, t, t.text, i, x, y);
    }
  }
  if (splitAt < 0) splitAt = seq.length;
}

/**
 * A window holding an address, read off the tokens as the string path read it (each address replaced
 * by a space in the window's text, then words()): the near words after the span end at the first
 * '\n', or '.', '!', '?' before white space, of what is left.
 */
function addressWindow(seq: Seq, t: Tokens, start: number, end: number, from: number, stop: number, header: readonly string[] | undefined, src: TextWindows | undefined): Window {
  const text = t.text;
  seq.reset(t);
  if (header) for (const w of header) seq.pushWord(w);
  const head = seq.length;
  let nl = start - 1; // a line break is never inside an address
  while (nl >= from && text.charCodeAt(nl) !== 10) nl--;
  pushKept(seq, t, from, start, src ? src.stripped(from, start, STRIP_BEFORE) : strippedRanges(text, from, start, STRIP_BEFORE), nl + 1);
  const nearFrom = splitAt;
  const strip = src ? src.stripped(end, stop, STRIP_AFTER) : strippedRanges(text, end, stop, STRIP_AFTER);
  let cut = stop;
  for (let p = end, r = 0; p < stop; p++) {
    if (r < strip.length && p === strip[r]) {
      p = strip[r + 1]! - 1;
      r += 2;
      continue;
    }
    const c = text.charCodeAt(p);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && p + 1 < stop && (p + 1 === strip[r] || isSpace(text.charCodeAt(p + 1))))) {
      cut = p;
      break;
    }
  }
  pushKept(seq, t, end, stop, strip, cut);
  return { head, nearFrom, nearTo: splitAt, to: seq.length };
}

keepShape(new TextWindows(''));
