// Word windows for context checks: the lower-case whole words around, before or after a position,
// and a boolean phrase test over such a word list. Small readers for the date and age cues; the
// lexicon tries (trie.ts) re-export them under their old import path.
import { isWordCode } from './tokens.js';
import { ContextMatcher, words } from './words.js';

/**
 * Whole word tokens (lower case) in a window around [start, end): up to `before` characters before and
 * `after` characters after, dropping a token cut by the window edge.
 */
export function wordsAround(
  text: string,
  start: number,
  end: number,
  before: number,
  after: number,
): { before: string[]; after: string[] } {
  let from = Math.max(0, start - before);
  while (from > 0 && from < start && isWordCode(text.charCodeAt(from - 1)) && isWordCode(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, end + after);
  while (to < text.length && to > end && isWordCode(text.charCodeAt(to)) && isWordCode(text.charCodeAt(to - 1))) to--;
  return { before: words(text.slice(from, start)), after: words(text.slice(end, to)) };
}

/**
 * Up to `count` whole words (lower case) before `pos`, nearest last, not crossing `stop` characters back.
 * A cheap reader for context checks: no regex, only the words it returns are allocated.
 */
export function wordsBefore(text: string, pos: number, count: number, stop = 64): string[] {
  const out: string[] = [];
  const limit = Math.max(0, pos - stop);
  let i = pos;
  while (out.length < count && i > limit) {
    while (i > limit && !isWordCode(text.charCodeAt(i - 1))) i--;
    if (i <= limit) break;
    const end = i;
    while (i > 0 && isWordCode(text.charCodeAt(i - 1))) i--;
    if (i < limit) break; // cut by the window
    out.unshift(text.slice(i, end).toLowerCase());
  }
  return out;
}

/** Up to `count` whole words (lower case) after `pos`, nearest first, not crossing `stop` characters ahead. */
export function wordsAfter(text: string, pos: number, count: number, stop = 64): string[] {
  const out: string[] = [];
  const n = text.length;
  const limit = Math.min(n, pos + stop);
  let i = pos;
  while (out.length < count && i < limit) {
    while (i < limit && !isWordCode(text.charCodeAt(i))) i++;
    if (i >= limit) break;
    const start = i;
    while (i < n && isWordCode(text.charCodeAt(i))) i++;
    if (i > limit) break;
    out.push(text.slice(start, i).toLowerCase());
  }
  return out;
}

/**
 * A set of whole-word phrases ("k c o", "pan card", "में") tested against a short token list: a
 * boolean form of the engine's ContextMatcher for the hot path (same phrase index; no result array,
 * stops at the first hit).
 */
export class PhraseSet extends ContextMatcher {
  /** Whether any phrase occurs in `tokens[from, to)` (lower-case whole words). */
  matches(tokens: readonly string[], from = 0, to = tokens.length): boolean {
    const end = Math.min(to, tokens.length);
    for (let i = Math.max(0, from); i < end; i++) {
      const t = tokens[i]!;
      if (this.single.has(t)) return true;
      const phrases = this.multi.get(t);
      if (!phrases) continue;
      for (const ph of phrases) {
        if (i + ph.length > end) continue;
        let ok = true;
        for (let j = 1; ok && j < ph.length; j++) ok = tokens[i + j] === ph[j];
        if (ok) return true;
      }
    }
    return false;
  }
}
