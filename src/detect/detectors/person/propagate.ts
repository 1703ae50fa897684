// Every mention of a found name is that name, whatever its case: "KAIZAD WADIA" found in a heading
// makes "Kaizad Wadia" and "Kaizad" further down the same name. Whole names match in any case; a
// single part (3+ letters, not an ordinary, place or stop word) matches when capitalised, all caps
// or Devanagari, or lower case when it was found in lower case.
//
// The keys seen in found names live in typed arrays reused from call to call (an open-addressing
// table by folded hash, each hit confirmed with `sameKey`), so a call allocates only the spans it emits.
import { firstAbove } from '../../../text/search.js';
import { institutionAfter } from './capture.js';
import { AT, emitTokens, isMark, isWord, typeWord, UNDERSCORE, type Ctx, type NameSpan } from './context.js';
import { F } from './lexicon.js';
import { SCORE } from './score.js';
import { CAP, DEVA, INIT, LOWER, NUM, PUNCT, UPPER, type NameTokens } from './tokens.js';

const MENTION_BAD = F.STOP | F.FIELD | F.HON | F.PLACE | F.COMPANY | F.TIME | F.CITY | F.SUFFIX | F.DEITY | F.AMBIG;

/** Entry bits: the word alone is a name part that may be matched; it was found in lower case. */
const PART = 1;
const LOWER_SEEN = 2;

/**
 * The keys seen in found names. Entry e: `tok[e]` the token that shows the key, `bits[e]`, and the
 * whole names (2+ words) starting with the key as a list in `names` (`first[e]`, `last[e]`; -1: none).
 */
let size = 0;
let tok: Int32Array = new Int32Array(256);
let first: Int32Array = new Int32Array(256);
let last: Int32Array = new Int32Array(256);
let bits = new Uint8Array(256);
/** Open addressing by hash: entry + 1, 0 empty. At most half full. */
let table = new Int32Array(1024);
let mask = 1023;
/** One bit per low 16 bits of a known hash: most tokens are ruled out without probing the table. */
const seen = new Int32Array(2048);

/**
 * Whole names as token indices of their first finding, one record per name: [next, length, tokens...]
 * (`next` links the names that start with the same key, in the order found).
 */
let names = new Int32Array(1024);
let namesLen = 0;
/** The best score a name was found with, by its record's offset in `names`. */
let best = new Float64Array(1024);
/** The kept span (its index) over token j where `covered` is WEAK (see `mentions`), by token. */
let weakSpan = new Int32Array(256);

/** `covered` values: a kept span at or above a whole-name mention's score, or one below it. */
const STRONG = 1;
const WEAK = 2;

/** Empty the table (only the slots and bitmap words this call used). */
function reset(t: NameTokens): void {
  for (let e = 0; e < size; e++) {
    const h = t.hash[tok[e]!]!;
    seen[(h >>> 5) & 2047] = 0;
    let slot = h & mask;
    while (table[slot] !== 0) {
      table[slot] = 0;
      slot = (slot + 1) & mask;
    }
  }
  size = 0;
  namesLen = 0;
}

/** Whether hash h may be a known key (its bit in `seen`); false rules it out. */
function mayKnow(h: number): boolean {
  return (seen[(h >>> 5) & 2047]! & (1 << (h & 31))) !== 0;
}

/** Entry of token j's key, or -1. */
function get(t: NameTokens, j: number): number {
  const h = t.hash[j]!;
  if (!mayKnow(h)) return -1;
  for (let slot = h & mask; table[slot] !== 0; slot = (slot + 1) & mask) {
    const e = table[slot]! - 1;
    if (t.hash[tok[e]!] === h && t.sameKey(tok[e]!, j)) return e;
  }
  return -1;
}

/** Entry of token j's key, added if new. */
function entry(t: NameTokens, j: number): number {
  const found = get(t, j);
  if (found >= 0) return found;
  if (size === tok.length) growEntries();
  if ((size + 1) * 2 > table.length) growTable(t);
  const e = size++;
  tok[e] = j;
  first[e] = -1;
  last[e] = -1;
  bits[e] = 0;
  place(t.hash[j]!, e);
  return e;
}

function place(h: number, e: number): void {
  seen[(h >>> 5) & 2047]! |= 1 << (h & 31);
  let slot = h & mask;
  while (table[slot] !== 0) slot = (slot + 1) & mask;
  table[slot] = e + 1;
}

function growEntries(): void {
  const n = tok.length * 2;
  const more = (a: Int32Array): Int32Array => {
    const g = new Int32Array(n);
    g.set(a);
    return g;
  };
  tok = more(tok);
  first = more(first);
  last = more(last);
  const b = new Uint8Array(n);
  b.set(bits);
  bits = b;
}

function growTable(t: NameTokens): void {
  table = new Int32Array(table.length * 2);
  mask = table.length - 1;
  for (let e = 0; e < size; e++) place(t.hash[tok[e]!]!, e);
}

function reserve(n: number): void {
  if (namesLen + n <= names.length) return;
  const g = new Int32Array(Math.max(names.length * 2, namesLen + n));
  g.set(names.subarray(0, namesLen));
  names = g;
  const b = new Float64Array(g.length);
  b.set(best.subarray(0, namesLen));
  best = b;
}

export function propagate(c: Ctx, kept: readonly NameSpan[]): void {
  if (kept.length === 0) return;
  try {
    mentions(c, kept);
  } finally {
    reset(c.t);
  }
}

// Each loop below ends its function: code after a loop that V8 compiled on the stack for a large
// text deoptimised later short calls (146 times in 600 in one run; see `fill` in tokens.ts).
function mentions(c: Ctx, kept: readonly NameSpan[]): void {
  const { t } = c;
  t.covered.fill(0);
  if (weakSpan.length < t.n) weakSpan = new Int32Array(Math.max(t.n, weakSpan.length * 2));
  recordNames(c, kept);
  if (size === 0) return;
  markMentions(c, kept, anyLowerStart(c.text, kept));
}

/** Record each kept span's words as a name (a new whole name) and mark the tokens it covers. */
function recordNames(c: Ctx, kept: readonly NameSpan[]): void {
  const { t } = c;
  const { shape, start, end, flags } = t;
  const covered = t.covered;
  let ti = 0;
  for (let s = 0; s < kept.length; s++) {
    const sp = kept[s]!;
    // Its first token: a galloping search from the last span's (a walk token by token was a fifth of
    // this pass on long prose, where found names are far apart).
    ti = firstAbove(start, t.n, sp.start - 1, ti);
    // The span's words go into a new record at namesLen, kept only if it is a new whole name.
    const rec = namesLen;
    let len = 0;
    // A span weaker than a whole-name mention still holds its words, but a stronger finding of the
    // same whole name elsewhere may replace it whole ("Asha Rao" found as a greeting, then again by the
    // lexicon alone further on: the second is the same person).
    const cover = sp.score >= SCORE.mentionName ? STRONG : WEAK;
    for (let j = ti; j < t.n && end[j]! <= sp.end; j++) {
      covered[j] = cover;
      weakSpan[j] = s;
      if (!isWord(t, j) || shape[j] === INIT) continue;
      reserve(len + 3);
      names[rec + 2 + len++] = j;
      if (end[j]! - start[j]! >= 3 && !(flags[j]! & MENTION_BAD)) {
        const e = entry(t, j);
        bits[e]! |= shape[j] === LOWER ? PART | LOWER_SEEN : PART;
      }
    }
    if (len >= 2) {
      const e = entry(t, names[rec + 2]!);
      let same = -1;
      for (let x = first[e]!; x >= 0 && same < 0; x = names[x]!) if (sameName(t, x, rec, len)) same = x;
      if (same >= 0) best[same] = Math.max(best[same]!, sp.score);
      else {
        best[rec] = sp.score;
        names[rec] = -1;
        names[rec + 1] = len;
        if (last[e]! >= 0) names[last[e]!] = rec;
        else first[e] = rec;
        last[e] = rec;
        namesLen = rec + 2 + len;
      }
    }
  }
}

/** Some kept span starts in lower case: lower-case tokens can only match a name found in lower case,
 *  so without one most prose is skipped without a lookup. */
function anyLowerStart(text: string, kept: readonly NameSpan[]): boolean {
  for (const sp of kept) if (text.charCodeAt(sp.start) >= 97 && text.charCodeAt(sp.start) <= 122) return true;
  return false;
}

/** Mark the mentions of recorded names elsewhere in the text. */
function markMentions(c: Ctx, kept: readonly NameSpan[], anyLower: boolean): void {
  const { t } = c;
  const { shape, start, end, nl, gap, hash } = t;
  const covered = t.covered;
  // Without a lower-case name, only the words of `lead` (not in lower case, or lower-case names) are visited.
  const { lead, nLead } = t;
  const n = t.n;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!anyLower) {
      while (k < nLead && lead[k]! < i) k++; // words inside a name matched below are passed
      if (k === nLead) break;
      i = lead[k++]!;
    } else {
      // Every token is a candidate (a lower-case name was kept, as in most long texts): those whose
      // hash has no bit in `seen` are passed on that test, which `get` would fail them on after the
      // checks below (a load of `hash` and `seen` a token instead of five loads and a call).
      while (i < n && !mayKnow(hash[i]!)) i++;
      if (i === n) break;
    }
    const sh = shape[i]!;
    if (covered[i] === STRONG || sh === PUNCT || sh === NUM || (sh === LOWER && !anyLower)) continue;
    const e = get(t, i);
    if (e < 0 || c.blocked[i] === 1) continue;
    // Over a weaker span, only a mention that starts where it starts and reaches its end, of a name
    // found with a higher score than it (so never the span itself, and never less of it).
    const under = covered[i] === WEAK ? kept[weakSpan[i]!]! : undefined;
    if (under !== undefined && under.start !== start[i]) continue;
    let done = false;
    for (let seq = first[e]!; seq >= 0; seq = names[seq]!) {
      if (under !== undefined && !(best[seq]! > under.score)) continue;
      const len = names[seq + 1]!;
      let j = i;
      let x = 0;
      // Later tokens may already be a weaker one-word span ("Wadia"): the whole name replaces it.
      while (x < len && j < n && isWord(t, j) && t.sameKey(j, names[seq + 2 + x]!) && (x === 0 || (!nl[j] && gap[j]! <= 2))) {
        j++;
        x++;
      }
      if (x === len && (under === undefined || end[j - 1]! >= under.end)) {
        emitTokens(c, i, j, SCORE.mentionName, 'mention');
        for (let y = i; y < j; y++) covered[y] = 1;
        i = j - 1;
        done = true;
        break;
      }
    }
    const b = bits[e]!;
    if (done || under !== undefined || !(b & PART) || typeWord(c, i)) continue;
    if (!(sh === CAP || sh === UPPER || sh === DEVA || (sh === LOWER && b & LOWER_SEEN))) continue;
    const after = i + 1;
    if (after < n && start[after] === end[i] && (shape[after] === NUM || isMark(t, after, AT) || isMark(t, after, UNDERSCORE))) continue;
    if (institutionAfter(c, i + 1)) continue;
    emitTokens(c, i, i + 1, SCORE.mentionPart, 'mention');
    covered[i] = 1;
  }
}

/** The name recorded at `a` has the same keys as the `len` words recorded at `b`. */
function sameName(t: NameTokens, a: number, b: number, len: number): boolean {
  if (names[a + 1] !== len) return false;
  for (let k = 0; k < len; k++) if (!t.sameKey(names[a + 2 + k]!, names[b + 2 + k]!)) return false;
  return true;
}
