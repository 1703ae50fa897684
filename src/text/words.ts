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
    for (let i = Math.max(0, from); i < end; i++) {
      const h = hash[i]!;
      const ws = this.single.get(h);
      if (ws !== undefined && ws.some((w) => sameWord(t, i, w))) return true;
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
