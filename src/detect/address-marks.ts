// Where a text holds an e-mail address or URL mark ('@', '://'): the test that decides whether a
// context window is read by the address rule (context.ts), and the stretches of such a window that
// rule leaves out. Apart from context.ts to keep it under 400 lines; it imports only src/text/shapes.ts.
import { keepShape } from '../text/shapes.js';

/** Whether text[from, to) holds '@' or '://' (then the address rule applies). */
export function holdsAddress(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 64 || (c === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47)) return true;
  }
  return false;
}

/** The positions of every '@' and of every ':' followed by "//" in a text, ascending (indexOf runs at
 *  memory speed): `holdsAddress` as a binary search. A plain array: typed arrays per text cost more. */
export class AddressMarks {
  private readonly at: number[] = [];

  constructor(text: string) {
    const at = this.at;
    let u = text.indexOf('://');
    for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) {
      for (; u >= 0 && u < i; u = text.indexOf('://', u + 1)) at.push(u);
      at.push(i);
    }
    for (; u >= 0; u = text.indexOf('://', u + 1)) at.push(u);
  }

  /** Whether text[from, start) or text[end, stop) holds '@' or '://' (the ':' within the range), as
   *  `holdsAddress` on each: one search when the first mark is past the span. */
  holdsAround(from: number, start: number, end: number, stop: number): boolean {
    const at = this.at;
    let k = this.first(from, 0);
    if (k < at.length && at[k]! < end) {
      if (at[k]! < start) return true;
      k = this.first(end, k);
    }
    return k < at.length && at[k]! < stop;
  }

  /**
   * `strippedRanges(text, a, b, out)` for the text the marks were taken from, read off the marks: a
   * slice without a URL is not walked, only each '@' in it, back over its run and on over its domain.
   * The match holding an '@' starts at the start of the run of address characters before it, never
   * before the end of the last match (which is an '@' or white space: the run starts after it, or
   * the '@' is that end and the match starts at it by the second alternative); it needs one address
   * character after the '@'.
   */
  ranges(text: string, a: number, b: number, out: number[]): number[] {
    out.length = 0;
    const at = this.at;
    const k0 = this.first(a, 0);
    let any = false;
    for (let k = k0; k < at.length && at[k]! < b; k++) {
      if (text.charCodeAt(at[k]!) === 64) any = true;
      else if (at[k]! + 2 < b) return strippedRanges(text, a, b, out);
    }
    if (!any) return out;
    let resume = a;
    for (let k = k0; k < at.length && at[k]! < b; k++) if (text.charCodeAt(at[k]!) === 64) resume = atMatch(text, at[k]!, resume, b, out);
    return out;
  }

  /** Index of the first mark at or after `pos`, searching from index `lo`. */
  private first(pos: number, lo: number): number {
    const at = this.at;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** JavaScript's `\s`: white space and line terminators. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// An e-mail address or URL is one thing, not a run of words: "ref" in "ref.1@example.com" or
// "order" in "shop.in/order/17" is no context for a number nearby. It runs only when the window holds
// '@' or '://'. Each alternative may start only where a match can begin (a run's start, an '@', the
// first letter of a scheme run), so no position re-reads the run after it: linear (recheck), and
// the same replacements as the plain `[^\s@]*@[^\s@]+|[a-z][a-z0-9+.-]*:\/\/\S*` (checked against it
// on random strings). Group 1 is what precedes the scheme's first letter in its run; it stays.
export const ADDRESS = /(?<![^\s@])[^\s@]*@[^\s@]+|@[^\s@]+|(?<![a-z0-9+.-])([0-9+.-]*)[a-z][a-z0-9+.-]*:\/\/\S*/giu;

/**
 * The ranges of text[a, b) that ADDRESS replaces by a space in that slice (group 1 stays), as pairs
 * [start, end) into the text in `out`. A slice without '://' can only match the two '@' alternatives:
 * those are walked by hand (`atRanges`), the regex runs on the slice only for a URL. Address windows
 * are one in ten on dense text, and the regex on two slices per window was a third of their cost.
 */
export function strippedRanges(text: string, a: number, b: number, out: number[]): number[] {
  out.length = 0;
  let at = false;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 64) at = true;
    else if (c === 58 && i + 2 < b && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) {
      const s = text.slice(a, b);
      ADDRESS.lastIndex = 0;
      for (let m = ADDRESS.exec(s); m; m = ADDRESS.exec(s)) out.push(a + m.index + (m[1]?.length ?? 0), a + m.index + m[0].length);
      return out;
    }
  }
  if (at) atRanges(text, a, b, out);
  return out;
}

/** [^\s@] */
function isAddressChar(c: number): boolean {
  return c !== 64 && !isSpace(c);
}

/**
 * ADDRESS's matches in the slice text[a, b) when it holds no '://': `(?<![^\s@])[^\s@]*@[^\s@]+`
 * (a run of address characters from a run start, then '@' and at least one more) or `@[^\s@]+`,
 * leftmost first, each search resuming at the end of the last match. The slice start counts as a
 * run start, as it does for the regex on the slice.
 */
function atRanges(text: string, a: number, b: number, out: number[]): void {
  let resume = a;
  for (let q = text.indexOf('@', a); q >= 0 && q < b; q = text.indexOf('@', q + 1)) resume = atMatch(text, q, resume, b, out);
}

/**
 * The match holding the '@' at q, if it has one: from the start of the run of address characters
 * before it, never before `resume` (the end of the last match, or the slice start), to the end of the
 * run after it, which must hold one character at least. Pushes it and returns its end, else returns
 * `resume`. (A match never starts on the low half of a surrogate pair: its high half is an address
 * character, as the Unicode-mode regex reads it.)
 */
function atMatch(text: string, q: number, resume: number, b: number, out: number[]): number {
  if (q < resume) return resume;
  let r = q + 1;
  while (r < b && isAddressChar(text.charCodeAt(r))) r++;
  if (r === q + 1) return resume;
  let i = q;
  while (i > resume && isAddressChar(text.charCodeAt(i - 1))) i--;
  out.push(i, r);
  return r;
}

keepShape(new AddressMarks(''));
