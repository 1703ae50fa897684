// A character trie over phrases, walked once over the text from each word start (leftmost-longest,
// case-insensitive, on word boundaries). Used by the lexicon detectors (HEALTH, CITY) instead of one
// regex per term: building is done once per process; a scan costs one Map lookup per word start plus
// one per matched character.
import { words } from '../detectors/define.js';

/** Key standing for "one or more separators" (space, tab, line break, no-break space, hyphen). */
const SEP = -1;

class TrieNode<T> {
  next: Map<number, TrieNode<T>> | undefined = undefined;
  value: T | undefined = undefined;

  child(key: number): TrieNode<T> | undefined {
    return this.next?.get(key);
  }

  grow(key: number): TrieNode<T> {
    if (!this.next) this.next = new Map();
    let n = this.next.get(key);
    if (!n) {
      n = new TrieNode<T>();
      this.next.set(key, n);
    }
    return n;
  }
}

// 0 = not yet known, 1 = word character (letter, mark or digit of any script), 2 = not.
const wordClass = new Uint8Array(0x10000);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Letter, combining mark or digit of any script (UTF-16 code unit; surrogates count as non-word). */
export function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdfff) return false;
  let k = wordClass[c]!;
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    wordClass[c] = k;
  }
  return k === 1;
}

function isSepCode(c: number): boolean {
  return c === 32 || c === 45 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2010 || c === 0x2011;
}

/** Characters skipped inside words: Devanagari nukta, zero-width (non-)joiners, soft hyphen. */
function isIgnorable(c: number): boolean {
  return c === 0x093c || c === 0x200c || c === 0x200d || c === 0xad;
}

const foldCache = new Map<number, number>();

/**
 * Case and spelling folding for one UTF-16 unit: ASCII lower case, Latin letters with diacritics to
 * their base letter ("Mahé" = "mahe"), curly apostrophes to ', Devanagari precomposed nukta letters to
 * their base letter and candrabindu to anusvara ("खाँसी" = "खांसी").
 */
export function foldCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  if (c >= 0x0958 && c <= 0x095f) return NUKTA_BASE[c - 0x0958]!;
  if (c === 0x0901) return 0x0902;
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc) return 39;
  if (c < 0x0250) {
    let f = foldCache.get(c);
    if (f === undefined) {
      f = String.fromCharCode(c).normalize('NFD').toLowerCase().charCodeAt(0);
      foldCache.set(c, f);
    }
    return f;
  }
  return c;
}

// क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ → क ख ग ज ड ढ फ य
const NUKTA_BASE = [0x0915, 0x0916, 0x0917, 0x091c, 0x0921, 0x0922, 0x092b, 0x092f];

/** A match of a phrase: UTF-16 offsets into the scanned text, `end` exclusive. */
export interface TrieMatch<T> {
  start: number;
  end: number;
  value: T;
}

/**
 * Phrases are folded the same way as the text (foldCode); any run of spaces or hyphens inside a phrase
 * matches any run of separators in the text ("type-2  diabetes" = "type 2 diabetes"). Other punctuation
 * ("hiv+", "bell's palsy", "hiv/aids") must match literally. The first value added for a phrase wins.
 */
export class PhraseTrie<T> {
  private readonly root = new TrieNode<T>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Add a phrase; returns false if it was empty, did not start with a word character, or was already present. */
  add(phrase: string, value: T): boolean {
    let node = this.root;
    let started = false;
    let pendingSep = false;
    for (let i = 0; i < phrase.length; i++) {
      const c = phrase.charCodeAt(i);
      if (isSepCode(c)) {
        if (started) pendingSep = true;
        continue;
      }
      if (isIgnorable(c)) continue;
      if (!started && !isWordCode(c)) return false;
      if (pendingSep) {
        node = node.grow(SEP);
        pendingSep = false;
      }
      node = node.grow(foldCode(c));
      started = true;
    }
    if (!started || node.value !== undefined) return false;
    node.value = value;
    this.count++;
    return true;
  }

  /** Exact lookup of a whole phrase (folded like the text). */
  get(phrase: string): T | undefined {
    const m = this.longestAt(phrase, 0);
    return m && m.end === phrase.length ? m.value : undefined;
  }

  /** The longest phrase starting exactly at `start` and ending on a word boundary, if any. */
  longestAt(text: string, start: number): TrieMatch<T> | undefined {
    const n = text.length;
    let node = this.root.child(foldCode(text.charCodeAt(start)));
    if (!node) return undefined;
    let bestEnd = -1;
    let best: T | undefined;
    let j = start + 1;
    for (;;) {
      if (node.value !== undefined) {
        // A phrase ending in a word character needs a boundary after it; one ending in "+" does not.
        if (j >= n || !isWordCode(text.charCodeAt(j)) || !isWordCode(text.charCodeAt(j - 1))) {
          bestEnd = j;
          best = node.value;
        }
      }
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (isSepCode(c)) {
        const sep = node.child(SEP);
        if (!sep) break;
        let k = j + 1;
        while (k < n && isSepCode(text.charCodeAt(k))) k++;
        if (k >= n) break;
        const after = sep.child(foldCode(text.charCodeAt(k)));
        if (!after) break;
        node = after;
        j = k + 1;
        continue;
      }
      if (isIgnorable(c)) {
        j++;
        continue;
      }
      const next = node.child(foldCode(c));
      if (!next) break;
      node = next;
      j++;
    }
    return bestEnd < 0 ? undefined : { start, end: bestEnd, value: best as T };
  }

  /**
   * Every non-overlapping match in one left-to-right pass: at each word start the longest phrase wins,
   * and the scan resumes after it; otherwise the scan skips to the end of the word, so phrases never
   * match inside a word ("pan" in "company").
   */
  findAll(text: string): Array<TrieMatch<T>> {
    const out: Array<TrieMatch<T>> = [];
    const n = text.length;
    const root = this.root;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!isWordCode(c)) {
        i++;
        continue;
      }
      if (root.next?.has(foldCode(c))) {
        const m = this.longestAt(text, i);
        if (m) {
          out.push(m);
          i = m.end;
          continue;
        }
      }
      i++;
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
    }
    return out;
  }
}

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
