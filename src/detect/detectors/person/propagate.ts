// Every mention of a found name is that name, whatever its case: "KAIZAD WADIA" found in a heading
// makes "Kaizad Wadia" and "Kaizad" further down the same name. Whole names match in any case; a
// single part (3+ letters, not an ordinary, place or stop word) matches when capitalised, all caps
// or Devanagari, or lower case when it was found in lower case.
import { institutionAfter } from './capture.js';
import { AT, emit, isMark, isWord, typeWord, UNDERSCORE, type Ctx, type NameSpan } from './context.js';
import { F } from './lexicon.js';
import { SCORE } from './score.js';
import { CAP, DEVA, INIT, LOWER, NUM, PUNCT, UPPER } from './tokens.js';

const MENTION_BAD = F.STOP | F.FIELD | F.HON | F.PLACE | F.COMPANY | F.TIME | F.CITY | F.SUFFIX | F.DEITY | F.AMBIG;

/** A key seen in a found name: the token that shows it, the whole names it starts, and whether it may match alone. */
interface Known {
  tok: number;
  /** Whole names (2+ words) starting with this key, as token indices of their first finding. */
  seqs: number[][] | undefined;
  /** This word alone is a name part that may be matched. */
  part: boolean;
  /** It was found in lower case. */
  lower: boolean;
}

/** One map for whole names and parts, keyed by folded hash: one integer lookup per token in the scan. */
class KnownKeys {
  private readonly byHash = new Map<number, Known[]>();
  /** One bit per low 16 bits of a known hash: most tokens are ruled out without a map lookup. */
  private readonly seen = new Int32Array(2048);
  size = 0;
  constructor(private readonly c: Ctx) {}

  get(j: number): Known | undefined {
    const h = this.c.t.hash[j]!;
    if ((this.seen[(h >>> 5) & 2047]! & (1 << (h & 31))) === 0) return undefined;
    const list = this.byHash.get(h);
    if (list === undefined) return undefined;
    for (const e of list) if (this.c.t.sameKey(e.tok, j)) return e;
    return undefined;
  }

  entry(j: number): Known {
    let e = this.get(j);
    if (e) return e;
    e = { tok: j, seqs: undefined, part: false, lower: false };
    const h = this.c.t.hash[j]!;
    this.seen[(h >>> 5) & 2047]! |= 1 << (h & 31);
    const list = this.byHash.get(h);
    if (list) list.push(e);
    else this.byHash.set(h, [e]);
    this.size++;
    return e;
  }
}

export function propagate(c: Ctx, kept: readonly NameSpan[]): void {
  const { t } = c;
  const { shape, start, end, flags, nl, gap } = t;
  if (kept.length === 0) return;
  const covered = new Uint8Array(t.n);
  const known = new KnownKeys(c);
  const sameSeq = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, k) => t.sameKey(x, b[k]!));
  let ti = 0;
  for (const sp of kept) {
    while (ti < t.n && start[ti]! < sp.start) ti++;
    const seq: number[] = [];
    for (let j = ti; j < t.n && end[j]! <= sp.end; j++) {
      covered[j] = 1;
      if (!isWord(t, j) || shape[j] === INIT) continue;
      seq.push(j);
      if (end[j]! - start[j]! >= 3 && !(flags[j]! & MENTION_BAD)) {
        const e = known.entry(j);
        e.part = true;
        if (shape[j] === LOWER) e.lower = true;
      }
    }
    if (seq.length >= 2) {
      const e = known.entry(seq[0]!);
      if (!e.seqs?.some((x) => sameSeq(x, seq))) (e.seqs ??= []).push(seq);
    }
  }
  if (known.size === 0) return;
  // Lower-case tokens can only match a name found in lower case: most prose is skipped without a lookup.
  let anyLower = false;
  for (const sp of kept) if (c.text.charCodeAt(sp.start) >= 97 && c.text.charCodeAt(sp.start) <= 122) anyLower = true;
  for (let i = 0; i < t.n; i++) {
    const sh = shape[i]!;
    if (covered[i] || sh === PUNCT || sh === NUM || (sh === LOWER && !anyLower)) continue;
    const e = known.get(i);
    if (!e || c.blocked[i] === 1) continue;
    let done = false;
    for (const seq of e.seqs ?? []) {
      let j = i;
      let x = 0;
      // Later tokens may already be a weaker one-word span ("Wadia"): the whole name replaces it.
      while (x < seq.length && j < t.n && isWord(t, j) && t.sameKey(j, seq[x]!) && (x === 0 || (!nl[j] && gap[j]! <= 2))) {
        j++;
        x++;
      }
      if (x === seq.length) {
        emit(c, { from: i, to: j, lexHits: 1, strongHits: 1, unknown: 0 }, SCORE.mentionName, 'mention');
        for (let y = i; y < j; y++) covered[y] = 1;
        i = j - 1;
        done = true;
        break;
      }
    }
    if (done || !e.part || typeWord(c, i)) continue;
    if (!(sh === CAP || sh === UPPER || sh === DEVA || (sh === LOWER && e.lower))) continue;
    const n = i + 1;
    if (n < t.n && start[n] === end[i] && (shape[n] === NUM || isMark(t, n, AT) || isMark(t, n, UNDERSCORE))) continue;
    if (institutionAfter(c, i + 1)) continue;
    emit(c, { from: i, to: i + 1, lexHits: 1, strongHits: 1, unknown: 0 }, SCORE.mentionPart, 'mention');
    covered[i] = 1;
  }
}
