// Context words for AGE and DATE_OF_BIRTH read from the shared tokens (src/text/tokens.ts): a window
// of words before or after a span is a range of token indices found by binary search, and a phrase
// list is a hash lookup per token, confirmed exactly on a hit. No word strings are built.
//
// The ranges reproduce `wordsBefore` / `wordsAfter` (src/text/trie.ts) exactly: whole words only,
// lower-case comparison. Where they cannot (a window edge inside a word, a word holding an astral
// character, which the tokens keep and the old readers split at), `before`/`after` return undefined
// and the caller reads that window with the old string readers instead; both are rare.
import { PhraseSet } from '../../../text/trie.js';
import { hashWord, T_ASCII, type Tokens } from '../../../text/tokens.js';
import { words } from '../../../text/words.js';

interface Phrase {
  words: string[];
  hashes: number[];
}

/** A phrase list matched against token ranges (and, for the rare fallback, against word strings). */
export class TokenPhrases {
  private readonly first = new Map<number, Phrase[]>();
  /** The same list for windows read as strings. */
  readonly strings: PhraseSet;

  constructor(phrases: readonly string[]) {
    this.strings = new PhraseSet(phrases);
    for (const p of phrases) {
      const w = words(p);
      if (w.length === 0) continue;
      const h = w.map(hashWord);
      const list = this.first.get(h[0]!) ?? [];
      list.push({ words: w, hashes: h });
      this.first.set(h[0]!, list);
    }
  }

  /** Whether a phrase lies wholly inside tokens [from, to). */
  inRange(t: Tokens, from: number, to: number): boolean {
    const hash = t.hash;
    for (let i = from; i < to; i++) {
      const list = this.first.get(hash[i]!);
      if (list === undefined) continue;
      for (const ph of list) {
        const n = ph.hashes.length;
        if (i + n > to) continue;
        let ok = true;
        for (let j = 0; ok && j < n; j++) ok = hash[i + j] === ph.hashes[j] && sameWord(t, i + j, ph.words[j]!);
        if (ok) return true;
      }
    }
    return false;
  }

  /** Whether a phrase's first word is `word` (lower case: a word cut by a window's edge) and its other words lie in tokens [from, to). */
  startsWith(word: string, t: Tokens, from: number, to: number): boolean {
    const list = this.first.get(hashWord(word));
    if (list === undefined) return false;
    const hash = t.hash;
    for (const ph of list) {
      const n = ph.hashes.length;
      if (from + n - 1 > to || ph.words[0] !== word) continue;
      let ok = true;
      for (let j = 1; ok && j < n; j++) ok = hash[from + j - 1] === ph.hashes[j] && sameWord(t, from + j - 1, ph.words[j]!);
      if (ok) return true;
    }
    return false;
  }
}

/** Token i lower-cased equals `word` (a word from `words()`): what the string readers compare. */
function sameWord(t: Tokens, i: number, word: string): boolean {
  if (t.flags[i]! & T_ASCII) return t.is(i, word);
  return t.text.slice(t.start[i], t.end[i]).toLowerCase() === word;
}

/** A token with a UTF-16 surrogate: the string readers split words there, the tokens do not. */
function astral(t: Tokens, i: number): boolean {
  if (t.flags[i]! & T_ASCII) return false;
  const text = t.text;
  for (let k = t.start[i]!; k < t.end[i]!; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** A token index range [from, to). */
export interface Range {
  from: number;
  to: number;
}

/**
 * The tokens `wordsBefore(text, pos, count, stop)` returns, as a range; undefined when `pos` cuts a
 * word or a word in reach holds an astral character (read those with the string reader).
 */
export function before(t: Tokens, pos: number, count: number, stop: number, out: Range): Range | undefined {
  const to = t.indexAt(pos);
  if (to < t.count && t.start[to]! < pos) return undefined; // pos cuts a word
  const limit = Math.max(0, pos - stop);
  let from = to;
  while (from > 0 && to - from < count && t.start[from - 1]! >= limit) {
    if (astral(t, from - 1)) return undefined;
    from--;
  }
  // The word cut by the window edge is dropped, but one with an astral character may not be a word there.
  if (from > 0 && to - from < count && t.end[from - 1]! > limit && astral(t, from - 1)) return undefined;
  out.from = from;
  out.to = to;
  return out;
}

/** The tokens `wordsAfter(text, pos, count, stop)` returns, as a range; undefined as for `before`. */
export function after(t: Tokens, pos: number, count: number, stop: number, out: Range): Range | undefined {
  const from = t.indexFrom(pos);
  if (from > 0 && t.end[from - 1]! > pos) return undefined; // pos cuts a word
  const limit = Math.min(t.text.length, pos + stop);
  let to = from;
  while (to < t.count && to - from < count && t.end[to]! <= limit) {
    if (astral(t, to)) return undefined;
    to++;
  }
  if (to < t.count && to - from < count && t.start[to]! < limit && astral(t, to)) return undefined;
  out.from = from;
  out.to = to;
  return out;
}
