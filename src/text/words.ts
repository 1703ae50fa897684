// Word tokens and whole-word phrase matching: the context primitives every stage shares.
import { hashWord, type Tokens } from './tokens.js';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased word tokens of a string (letters, marks and digits of any script). */
export function words(s: string): string[] {
  return s.toLowerCase().match(WORD) ?? [];
}

/** Matches whole-word context phrases ("a/c", "account no", "जन्म तिथि") against word tokens. */
export class ContextMatcher {
  protected readonly single = new Set<string>();
  protected readonly multi = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const w = words(p);
      if (w.length === 0) continue;
      if (w.length === 1) this.single.add(w[0]!);
      else {
        const list = this.multi.get(w[0]!) ?? [];
        list.push(w);
        this.multi.set(w[0]!, list);
      }
    }
  }

  /** Phrases found in a token list (each phrase reported once, in its normalised form). */
  find(tokens: readonly string[]): string[] {
    const found: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (this.single.has(t) && !found.includes(t)) found.push(t);
      const phrases = this.multi.get(t);
      if (!phrases) continue;
      for (const ph of phrases) {
        let ok = i + ph.length <= tokens.length;
        for (let j = 1; ok && j < ph.length; j++) ok = tokens[i + j] === ph[j];
        const joined = ph.join(' ');
        if (ok && !found.includes(joined)) found.push(joined);
      }
    }
    return found;
  }
}

/**
 * First index of up to `count` whole tokens before `pos` that start no more than `stop` characters
 * back: the tokens [result, t.indexAt(pos)) are what `wordsBefore(text, pos, count, stop)` reads.
 */
export function tokensBefore(t: Tokens, pos: number, count: number, stop = 64): number {
  const hi = t.indexAt(pos);
  const limit = pos - stop;
  let lo = hi;
  while (lo > 0 && hi - lo < count && t.start[lo - 1]! >= limit) lo--;
  return lo;
}

/**
 * End of up to `count` whole tokens from `pos` that end within `stop` characters: the tokens
 * [t.indexFrom(pos), result) are what `wordsAfter(text, pos, count, stop)` reads.
 */
export function tokensAfter(t: Tokens, pos: number, count: number, stop = 64): number {
  const lo = t.indexFrom(pos);
  const limit = pos + stop;
  let hi = lo;
  while (hi < t.count && hi - lo < count && t.end[hi]! <= limit) hi++;
  return hi;
}

/** Whether token i, lower-cased, is `word` (exact, as PhraseSet compares: confirms a hash hit). */
function sameWord(t: Tokens, i: number, word: string): boolean {
  const s = t.start[i]!;
  const e = t.end[i]!;
  return t.text.slice(s, e).toLowerCase() === word;
}

/**
 * PhraseSet over the shared tokens: whole-word phrases looked up by token hash in a token range,
 * with no string built except to confirm a hash hit (so it answers exactly as PhraseSet would on
 * `words()` of the same range).
 */
export class TokenPhraseSet {
  /** Hash → the words with that hash (several spellings fold alike: "जिला", "ज़िला"). */
  private readonly single = new Map<number, string[]>();
  private readonly multi = new Map<number, Array<{ hashes: number[]; words: string[] }>>();
  /** Every phrase's first-word hash: most tokens are passed over on one table probe. */
  private firsts: HashSet32 | undefined;

  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const w = words(p);
      if (w.length === 0) continue;
      const hashes = w.map(hashWord);
      if (w.length === 1) {
        const list = this.single.get(hashes[0]!) ?? [];
        list.push(w[0]!);
        this.single.set(hashes[0]!, list);
      } else {
        const list = this.multi.get(hashes[0]!) ?? [];
        list.push({ hashes, words: w });
        this.multi.set(hashes[0]!, list);
      }
    }
  }

  /** Whether a phrase lies wholly within tokens [from, to). */
  matches(t: Tokens, from: number, to: number): boolean {
    const end = Math.min(to, t.count);
    const hash = t.hash;
    this.firsts ??= new HashSet32([...this.single.keys(), ...this.multi.keys()]);
    for (let i = Math.max(0, from); i < end; i++) {
      const h = hash[i]!;
      if (!this.firsts.has(h)) continue;
      const ws = this.single.get(h);
      if (ws !== undefined) for (const w of ws) if (sameWord(t, i, w)) return true;
      const phrases = this.multi.get(h);
      if (!phrases) continue;
      for (const ph of phrases) {
        const n = ph.hashes.length;
        if (i + n > end) continue;
        let ok = true;
        for (let j = 1; ok && j < n; j++) ok = hash[i + j] === ph.hashes[j];
        for (let j = 0; ok && j < n; j++) ok = sameWord(t, i + j, ph.words[j]!);
        if (ok) return true;
      }
    }
    return false;
  }

  /** Whether tokens [from, from + words.length) are exactly these lower-case words (hash first, then text). */
  static sequenceAt(t: Tokens, from: number, hashes: readonly number[], ws: readonly string[]): boolean {
    for (let j = 0; j < hashes.length; j++) if (t.hash[from + j] !== hashes[j]) return false;
    for (let j = 0; j < ws.length; j++) if (!sameWord(t, from + j, ws[j]!)) return false;
    return true;
  }
}

/**
 * A set of token hashes (int32) in an open-addressing table: most hashes are outside V8's small
 * integers, so a JS Set would hash them as heap numbers on every lookup.
 */
export class HashSet32 {
  private readonly keys: Int32Array;
  private readonly used: Uint8Array;
  private readonly mask: number;

  constructor(hashes: Iterable<number>) {
    const all = [...new Set(hashes)];
    let cap = 16;
    while (cap < all.length * 4) cap *= 2;
    this.keys = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    for (const h of all) {
      let i = slotOf(h, this.mask);
      while (this.used[i] === 1) i = (i + 1) & this.mask;
      this.keys[i] = h;
      this.used[i] = 1;
    }
  }

  has(h: number): boolean {
    const mask = this.mask;
    let i = slotOf(h, mask);
    for (;;) {
      if (this.used[i] === 0) return false;
      if (this.keys[i] === h) return true;
      i = (i + 1) & mask;
    }
  }
}

function slotOf(h: number, mask: number): number {
  return (h ^ (h >>> 15)) & mask;
}
