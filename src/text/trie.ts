// A character trie over phrases, walked once over the text from each word start (leftmost-longest,
// case-insensitive, on word boundaries). Used by the lexicon detectors (HEALTH, CITY) instead of one
// regex per term: building is done once per process; a scan costs one Map lookup per word start plus
// one per matched character.
import { hasJoiner } from './joiners.js';
import { foldUnit, hashWord, isWordCode, tokensOf } from './tokens.js';
import { HashSet32 } from './words.js';

export { isWordCode };

/** Key standing for "one or more separators" (space, tab, line break, no-break space, hyphen). */
const SEP = -1;

/**
 * Transitions are edges in a child list per node (first child, next sibling, edge key). A node with
 * ROW_AT children or more (the root and ~2% of the others) also gets a row of WIDTH slots for the
 * common keys a-z (0-25), 0-9 (26-35) and SEP (36); its other keys (Devanagari, Latin-1, ' + /) stay
 * in its list. Almost every node below the root has one or two children, so the trie takes ~20 bytes
 * per node instead of a 37-slot row for each (148 bytes): the health lexicon's 18,000 nodes fit in
 * 0.5 MB, where rows for all took 4.8 MB that a cold process spent 20-100 ms allocating and copying
 * as the table doubled.
 */
const WIDTH = 37;

function slot(key: number): number {
  if (key >= 97 && key <= 122) return key - 97;
  if (key >= 48 && key <= 57) return key - 22;
  if (key === SEP) return 36;
  return -1;
}

/** Case and spelling folding of one UTF-16 unit (tokens.ts `foldUnit`; the nukta sign maps to itself here: the trie skips it). */
export function foldCode(c: number): number {
  return c === 0x093c ? c : foldUnit(c);
}

function isSepCode(c: number): boolean {
  return c === 32 || c === 45 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2010 || c === 0x2011;
}

/** Characters skipped inside words: Devanagari nukta, zero-width (non-)joiners, soft hyphen. */
function isIgnorable(c: number): boolean {
  return c === 0x093c || c === 0x200c || c === 0x200d || c === 0xad;
}

/** Receives each word that starts no match (findAll's `onMiss`) as a method: a finder keeps one, so no closure per call. */
export interface MissSink {
  miss(start: number, end: number, token: number): void;
  /**
   * On the token path, only tokens at least this long or whose hash has its bit (hash & 0xffff) set
   * in `bits` reach `miss`: the sink promises to do nothing with the others. Unset: every token.
   */
  readonly minLength?: number;
  readonly bits?: Uint32Array;
}

/** A node gets a row of WIDTH slots once its child list is this long (about 2% of the nodes of the health and city tries). */
const ROW_AT = 4;

/** Bits of the first-word filter: a token is looked up in the first-word set only when its bit is set. */
const FILTER_BITS = 1 << 16;

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
 * Nodes are integers: node 0 is the root; 0 also stands for "no such child".
 */
export class PhraseTrie<T> {
  /** Per node: its first child, its next sibling, the key of the edge into it, its row + 1 (0 = none), its list length. */
  private firstChild: Int32Array = new Int32Array(1024);
  private nextSibling: Int32Array = new Int32Array(1024);
  private edgeKey: Int32Array = new Int32Array(1024);
  private rowOf: Int32Array = new Int32Array(1024);
  private listLength: Int32Array = new Int32Array(1024);
  /** Rows of WIDTH children for the common keys (slot()), for the root (row 0) and every node with ROW_AT children. */
  private rows: Int32Array = new Int32Array(WIDTH * 64);
  private rowCount = 1;
  private readonly values: Array<T | undefined> = [undefined];
  private nodes = 1;
  private count = 0;
  /** Token hashes (tokens.ts) of every phrase's first word: a phrase can only start at such a token. */
  private readonly firstWords: number[] = [];
  private firsts: HashSet32 | undefined;
  /** Bit (hash & 0xffff) set for every first word's hash: most tokens are passed after one read. */
  private firstBits: Uint32Array | undefined;

  constructor() {
    this.rowOf[0] = 1;
  }

  get size(): number {
    return this.count;
  }

  private next(node: number, key: number): number {
    const r = this.rowOf[node]!;
    if (r !== 0) {
      const s = slot(key);
      if (s >= 0) return this.rows[(r - 1) * WIDTH + s]!;
    }
    const keys = this.edgeKey;
    const sibling = this.nextSibling;
    for (let c = this.firstChild[node]!; c !== 0; c = sibling[c]!) if (keys[c] === key) return c;
    return 0;
  }

  private grow(node: number, key: number): number {
    const existing = this.next(node, key);
    if (existing !== 0) return existing;
    const id = this.nodes++;
    if (id >= this.edgeKey.length) {
      const cap = this.edgeKey.length * 2;
      this.firstChild = bigger(this.firstChild, cap);
      this.nextSibling = bigger(this.nextSibling, cap);
      this.edgeKey = bigger(this.edgeKey, cap);
      this.rowOf = bigger(this.rowOf, cap);
      this.listLength = bigger(this.listLength, cap);
    }
    this.values.push(undefined);
    this.edgeKey[id] = key;
    const r = this.rowOf[node]!;
    const s = slot(key);
    if (r !== 0 && s >= 0) this.rows[(r - 1) * WIDTH + s] = id;
    else {
      this.nextSibling[id] = this.firstChild[node]!;
      this.firstChild[node] = id;
      if (++this.listLength[node]! >= ROW_AT && r === 0) this.makeRow(node);
    }
    return id;
  }

  /** Give `node` a row: its children on the common keys move there from its list. */
  private makeRow(node: number): void {
    const row = this.rowCount++;
    if ((row + 1) * WIDTH > this.rows.length) this.rows = bigger(this.rows, this.rows.length * 2);
    this.rowOf[node] = row + 1;
    let kept = 0;
    let length = 0;
    for (let c = this.firstChild[node]!; c !== 0; ) {
      const following = this.nextSibling[c]!;
      const s = slot(this.edgeKey[c]!);
      if (s >= 0) this.rows[row * WIDTH + s] = c;
      else {
        // the list keeps its order: rebuilt from its tail end
        this.nextSibling[c] = 0;
        if (kept === 0) this.firstChild[node] = c;
        else this.nextSibling[kept] = c;
        kept = c;
        length++;
      }
      c = following;
    }
    if (kept === 0) this.firstChild[node] = 0;
    this.listLength[node] = length;
  }

  /** Add a phrase; returns false if it was empty, did not start with a word character, or was already present. */
  add(phrase: string, value: T): boolean {
    let node = 0;
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
        node = this.grow(node, SEP);
        pendingSep = false;
      }
      node = this.grow(node, foldCode(c));
      started = true;
    }
    if (!started || this.values[node] !== undefined) return false;
    this.values[node] = value;
    this.count++;
    this.firstWords.push(firstWordHash(phrase));
    this.firsts = undefined;
    this.firstBits = undefined;
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
    const values = this.values;
    const first = this.firstChild;
    const sibling = this.nextSibling;
    const keys = this.edgeKey;
    const rowOf = this.rowOf;
    const rows = this.rows;
    let node = this.next(0, foldCode(text.charCodeAt(start)));
    if (node === 0) return undefined;
    let bestEnd = -1;
    let best: T | undefined;
    let j = start + 1;
    for (;;) {
      const v = values[node];
      // A phrase ending in a word character needs a boundary after it; one ending in "+" does not.
      if (v !== undefined && (j >= n || !isWordCode(text.charCodeAt(j)) || !isWordCode(text.charCodeAt(j - 1)))) {
        bestEnd = j;
        best = v;
      }
      if (j >= n) break;
      const c = text.charCodeAt(j);
      // the key and its row slot (-1: not a common key)
      let key: number;
      let s: number;
      if (c >= 97 && c <= 122) {
        key = c;
        s = c - 97;
      } else if (c >= 65 && c <= 90) {
        key = c + 32;
        s = c - 65;
      } else if (c >= 48 && c <= 57) {
        key = c;
        s = c - 22;
      } else if (isSepCode(c)) {
        const r = rowOf[node]!;
        let sep: number;
        if (r !== 0) sep = rows[(r - 1) * WIDTH + 36]!;
        else {
          sep = first[node]!;
          while (sep !== 0 && keys[sep] !== SEP) sep = sibling[sep]!;
        }
        if (sep === 0) break;
        let k = j + 1;
        while (k < n && isSepCode(text.charCodeAt(k))) k++;
        if (k >= n) break;
        const nextNode = this.next(sep, foldCode(text.charCodeAt(k)));
        if (nextNode === 0) break;
        node = nextNode;
        j = k + 1;
        continue;
      } else if (isIgnorable(c)) {
        j++;
        continue;
      } else {
        // A letter that folds to a common key ("é" to "e") lives in the row like the key itself.
        key = foldCode(c);
        s = slot(key);
      }
      const r = rowOf[node]!;
      let child: number;
      if (r !== 0 && s >= 0) child = rows[(r - 1) * WIDTH + s]!;
      else {
        child = first[node]!;
        while (child !== 0 && keys[child] !== key) child = sibling[child]!;
      }
      if (child === 0) break;
      node = child;
      j++;
    }
    return bestEnd < 0 ? undefined : { start, end: bestEnd, value: best as T };
  }

  /**
   * Every non-overlapping match, left to right: at each word start the longest phrase wins and the
   * scan resumes after it; otherwise it moves to the next word, so phrases never match inside a word
   * ("pan" in "company"). `onMiss`, when given, sees each word that starts no match (its start, end
   * and token index in `tokensOf(text)`, or -1 on the character path), so a caller can judge it by
   * shape in the same pass.
   *
   * Driven by the shared tokens: only a token whose hash is some phrase's first word is walked in
   * the trie. Texts the tokens would split differently from the trie (a zero-width joiner or soft
   * hyphen inside a word, which the trie skips; an astral letter, which it does not count as a word
   * character) take the character path, with the same results as before.
   */
  findAll(text: string, onMiss?: (start: number, end: number, token: number) => void): Array<TrieMatch<T>> {
    return this.findAllTo(text, onMiss ? { miss: onMiss } : undefined);
  }

  /** findAll with the misses going to a sink's `miss` method. */
  findAllTo(text: string, sink: MissSink | undefined): Array<TrieMatch<T>> {
    // A joiner is a unit the fold changes: a text without any (the tokens tell) needs no search for one.
    const t = tokensOf(text);
    if (t.astral || (t.foldable && hasJoiner(text))) return this.findAllChars(text, sink ? (s, e, i) => sink.miss(s, e, i) : undefined);
    const out: Array<TrieMatch<T>> = [];
    const { start, end, hash, count } = t;
    if (this.firstBits === undefined) {
      this.firsts = new HashSet32(this.firstWords);
      const bits = new Uint32Array(FILTER_BITS >>> 5);
      for (const h of this.firstWords) bits[(h & (FILTER_BITS - 1)) >>> 5]! |= 1 << (h & 31);
      this.firstBits = bits;
    }
    const bits = this.firstBits;
    const firsts = this.firsts!;
    const minLength = sink?.bits !== undefined || sink?.minLength !== undefined ? (sink.minLength ?? Infinity) : 0;
    const missBits = sink?.bits;
    let resume = 0;
    for (let i = 0; i < count; i++) {
      const s = start[i]!;
      if (s < resume) continue;
      const h = hash[i]!;
      if ((bits[(h & (FILTER_BITS - 1)) >>> 5]! & (1 << (h & 31))) !== 0 && firsts.has(h)) {
        const m = this.longestAt(text, s);
        if (m) {
          out.push(m);
          resume = m.end;
          continue;
        }
      }
      if (sink === undefined) continue;
      const e = end[i]!;
      if (e - s >= minLength || (missBits !== undefined && (missBits[(h & (FILTER_BITS - 1)) >>> 5]! & (1 << (h & 31))) !== 0)) sink.miss(s, e, i);
    }
    return out;
  }

  /** findAll by walking the characters: every word start tries the trie. */
  findAllChars(text: string, onMiss?: (start: number, end: number, token: number) => void): Array<TrieMatch<T>> {
    const out: Array<TrieMatch<T>> = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (!isWordCode(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const m = this.longestAt(text, i);
      if (m) {
        out.push(m);
        i = m.end;
        continue;
      }
      const start = i;
      i++;
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
      if (onMiss) onMiss(start, i, -1);
    }
    return out;
  }
}

function bigger(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** The token hash of a phrase's first word, as the trie reads it (skipped characters left out). */
function firstWordHash(phrase: string): number {
  let i = 0;
  while (i < phrase.length && !isWordCode(phrase.charCodeAt(i))) i++;
  let word = '';
  for (; i < phrase.length; i++) {
    const c = phrase.charCodeAt(i);
    if (isIgnorable(c)) continue;
    if (!isWordCode(c)) break;
    word += phrase[i];
  }
  return hashWord(word);
}

export { PhraseSet, wordsAfter, wordsAround, wordsBefore } from './word-windows.js';
