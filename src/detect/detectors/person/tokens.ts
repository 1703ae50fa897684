// The PERSON finder's tokens: one pass over the text into typed arrays (offsets, shape, lexicon facts,
// vocabulary id, spacing), so the rules compare integers instead of lower-cased strings. Tokens are
// what /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu gives (a word with inner
// apostrophes, a run of digits, or one other code point), with a possessive "'s" cut off a word longer
// than three characters ("Priya's" is the name "Priya"). A token's key is its text lower-cased; keys
// are looked up by a folded hash in the vocabulary, a hit confirmed character by character (exact).
import {
  ASCII_CLASS, bmpClass, C_L, C_N, C_P, C_S, CAP, classAt, DEVA, INIT, isSurrogate, LOWER, NUM, OTHER, PUNCT, punctShape, shapeOf, UPPER, widthAt,
} from './chars.js';
import { F, NAME_BITS, ROW_FLAGS, ROW_SETS, type Vocabulary } from './lexicon.js';
import { fold, NameTokens, sentenceMark } from './name-tokens.js';
import { type Builder, builder, grow, resetDefaults } from './token-arrays.js';
import { T_ALPHA, T_ASCII, T_CAP, T_LOWER, tokensOf } from '../../../text/tokens.js';

export { CAP, DEVA, fold, INIT, LOWER, NameTokens, NUM, OTHER, PUNCT, UPPER };

/** Arrays reused by every call (its tokens are views into them, dead once findNames returns). */
let scratch = builder(4096);

/**
 * Views per token count up to VIEW_CACHE (a 1 KB prompt has 40-300 tokens): short texts allocate no
 * views. Views read past their count as undefined (the rules rely on it), so each count keeps its own;
 * emptied when the scratch arrays grow.
 */
const VIEW_CACHE = 512;
let views: Array<NameTokens | undefined> = [];

/** Fast-path units: ASCII, Devanagari and the right single quote, whose lower case is one unit. */
const fastUnit = (c: number): boolean => c < 0x80 || (c >= 0x0900 && c <= 0x097f) || c === 0x2019;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Folded hash of each one-unit ASCII key (FNV-1a of one unit). */
const ASCII_HASH = new Int32Array(128);
for (let c = 0; c < 128; c++) ASCII_HASH[c] = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);

/** Key, hash and vocabulary id of single-unit tokens outside ASCII, by unit (filled on first sight). */
const unitKey = new Map<number, { hash: number; id: number }>();

/** Tokenise `text` for the name rules. */
export function nameTokens(text: string, vocab: Vocabulary): NameTokens {
  const count = fill(text, vocab);
  const b = scratch;
  b.n = count;
  let t = count <= VIEW_CACHE ? views[count] : undefined;
  if (t === undefined) {
    t = new NameTokens(b, count);
    if (count <= VIEW_CACHE) views[count] = t;
  }
  t.text = text;
  t.blocked.fill(0);
  t.anyFlags = lastFlags;
  t.anySets = lastSets;
  t.nCues = lastCues;
  t.nCaps = lastCaps;
  t.nLead = lastLead;
  return t;
}

/** The scratch arrays doubled, holding the first `count` tokens (the views of the old ones dropped). */
function grown(b: Builder, count: number): Builder {
  b.n = count;
  views = [];
  return (scratch = grow(b));
}

/** The totals of the last `fill` (module variables: a store to one needs no type feedback, see `fill`). */
let lastFlags = 0;
let lastSets = 0;
let lastCues = 0;
let lastCaps = 0;
let lastLead = 0;
/** Tokens the last `fill` wrote (-1: not known), whose defaults the next one restores first. */
let dirty = -1;

/**
 * The loop of `nameTokens`, into the scratch arrays; returns the token count. Only stores to module
 * variables and the return follow the loop: V8 compiles a long first text's loop on the stack (OSR)
 * before any code after the loop has run, and Node 20's V8 keeps that code and enters it from every
 * later call that loops. Code after the loop that needs type feedback (a compare, a load, a property
 * store, a call) has none in that code, and deoptimised every such call: 3,376 deopts of `nameTokens`
 * in one `npm run bench`. test/detect/deopt-storm.test.ts checks it.
 */
function fill(text: string, vocab: Vocabulary): number {
  const n = text.length;
  let b = scratch;
  if (b.slowKeys.size > 0) b.slowKeys.clear();
  resetDefaults(b, dirty < 0 ? b.start.length : dirty);
  // Unknown until the loop ends (a call cut short by an exception leaves the next one to reset all).
  dirty = -1;
  let { start, end, shape: shapes, flags, sets, word, hash, gap, nl: nls, slow, cues, caps, lead } = b;
  let cap = start.length;
  const asciiIds = vocab.asciiIds;
  const asciiSets = vocab.asciiSets;
  const digitWords = vocab.hasDigitWords;
  const rows = vocab.rows;
  let count = 0;
  let anyFlags = 0;
  let anySets = 0;
  let nCues = 0;
  let nCaps = 0;
  let nLead = 0;
  let prevEnd = 0;
  let nl = 0;
  let i = 0;
  // The shared tokenisation (pass B, src/text/tokens.ts; the other finders of this call read the same
  // memo). A word of ASCII letters there is a word here with the same folded hash, unless an apostrophe
  // joins it to the next one: such words skip the unit loop below (`nextB` = start of pass B token `j`).
  const pb = tokensOf(text);
  const bStart = pb.start;
  const bCount = pb.count;
  let j = 0;
  let nextB = bCount > 0 ? bStart[0]! : n;
  while (i < n) {
    let plain = -1;
    if (i >= nextB) {
      while (nextB < i) nextB = ++j < bCount ? bStart[j]! : n; // tokens an apostrophe joined to the last word
      if (nextB === i) {
        const be = pb.end[j]!;
        // Read in bounds only: a charCodeAt past the end (NaN) deoptimises the compiled function once
        // per isolate, and each worker thread then compiles this large function again.
        const q = be < n ? text.charCodeAt(be) : -1;
        if ((pb.flags[j]! & (T_ASCII | T_ALPHA)) === (T_ASCII | T_ALPHA) && !((q === 39 || q === 0x2019) && be + 1 < n && classAt(text, be + 1, n) === C_L)) plain = j;
        nextB = ++j < bCount ? bStart[j]! : n;
      }
    }
    if (plain >= 0) {
      // A word of ASCII letters that pass B found (most words): its end, hash and case are read from
      // there, its facts from its vocabulary row, and every array is written here, without the unit
      // class, shape and key work the other tokens go through below.
      if (count === cap) {
        ({ start, end, shape: shapes, flags, sets, word, hash, gap, nl: nls, slow, cues, caps, lead } = b = grown(b, count));
        cap = start.length;
      }
      const s = i;
      const e = pb.end[plain]!;
      const h = pb.hash[plain]!;
      const bf = pb.flags[plain]!;
      const shape = (bf & T_CAP) === 0 ? LOWER : e - s === 1 ? INIT : bf & T_LOWER ? CAP : UPPER;
      const row = vocab.rowAt(text, s, e, h);
      let f = 0;
      let st = 0;
      let id = -1;
      if (row >= 0) {
        id = rows[row + 1]! - 1;
        f = rows[row + ROW_FLAGS]!;
        st = rows[row + ROW_SETS]!;
      }
      const t = count++;
      // An opener adverb (F.OPENER) that opens a sentence is a stop word there.
      if (f & F.OPENER && (t === 0 || nl || sentenceMark(shapes[t - 1]!, text.charCodeAt(start[t - 1]!)))) f |= F.STOP;
      start[t] = s;
      end[t] = e;
      shapes[t] = shape;
      hash[t] = h;
      // flags, sets, word, nl and slow hold their defaults (`resetDefaults`): only other values are stored.
      if (id >= 0) word[t] = id;
      if (f !== 0) flags[t] = f;
      if (st !== 0) sets[t] = st;
      anyFlags |= f;
      anySets |= st;
      if (st !== 0 || f & F.HON) cues[nCues++] = t;
      if (shape === CAP) caps[nCaps++] = t;
      if (shape !== LOWER || f & NAME_BITS) lead[nLead++] = t;
      gap[t] = s - prevEnd;
      if (nl !== 0) nls[t] = 1;
      prevEnd = i = e;
      nl = 0;
      // One space and the next word: the gap needs no pass of the loop (the common case in prose).
      if (i < n && text.charCodeAt(i) === 32 && nextB === i + 1) i++;
      continue;
    }
    let c = text.charCodeAt(i);
    const cls = c < 128 ? ASCII_CLASS[c]! : isSurrogate(c) ? classAt(text, i, n) : bmpClass(c);
    if (cls === C_S) {
      if (c === 10 || c === 13) nl = 1;
      i++;
      continue;
    }
    if (count === cap) {
      ({ start, end, shape: shapes, flags, sets, word, hash, gap, nl: nls, slow, cues, caps, lead } = b = grown(b, count));
      cap = start.length;
    }
    if (c < 128 && cls === C_P) {
      // ASCII punctuation (164k of 305k tokens in 1 MB of README prose): every array from tables by unit, no
      // vocabulary reads, no pass through the generic tail (with the CAP scan below: 11.8 -> 11.1 ns/char).
      const t = count++;
      const st = asciiSets[c]!;
      start[t] = i;
      end[t] = i + 1;
      hash[t] = ASCII_HASH[c]!;
      const id = asciiIds[c]!;
      if (id >= 0) word[t] = id;
      if (st !== 0) sets[t] = st;
      anySets |= st;
      if (st !== 0 || c === 44 || c === 45) cues[nCues++] = t;
      gap[t] = i - prevEnd;
      if (nl !== 0) nls[t] = 1;
      prevEnd = ++i;
      nl = 0;
      continue;
    }
    const s = i;
    let fast = true;
    let h = FNV_OFFSET;
    let shape: number;
    let e: number;
    let rawEnd: number;
    let id = -1;
    /** The id's row in `rows` when the fast path found it (facts are read there: no second table). */
    let row = -1;
    let slowKey: string | undefined;
    if (cls === C_L) {
      // A word: letters and marks, joined across ' and ’ with a letter after.
      for (;;) {
        while (i < n) {
          c = text.charCodeAt(i);
          if (c >= 97 && c <= 122) i++;
          else if (c >= 65 && c <= 90) {
            c += 32;
            i++;
          } else if (c < 128) break;
          else if (!isSurrogate(c)) {
            if (bmpClass(c) !== C_L) break;
            if (fast && (c < 0x0900 || c > 0x097f) && c !== 0x2019) fast = false;
            i++;
          } else {
            if (classAt(text, i, n) !== C_L) break;
            fast = false;
            i += widthAt(text, i, n);
          }
          h = Math.imul(h ^ c, FNV_PRIME);
        }
        if ((c === 39 || c === 0x2019) && i + 1 < n && classAt(text, i + 1, n) === C_L) {
          h = Math.imul(h ^ c, FNV_PRIME);
          i++;
        } else break;
      }
      rawEnd = i;
      e = rawEnd;
      if (fast) {
        // Possessive: "Priya's" / "PRIYA’S" is the name (its hash is taken again without the "'s").
        if (e - s > 3 && (text.charCodeAt(e - 1) | 32) === 115) {
          const q = text.charCodeAt(e - 2);
          if (q === 39 || q === 0x2019) {
            e -= 2;
            h = FNV_OFFSET;
            for (let x = s; x < e; x++) h = Math.imul(h ^ fold(text.charCodeAt(x)), FNV_PRIME);
          }
        }
        const f = text.charCodeAt(s);
        // A-Z first: CAP when some a-z follows it before e (found by a scan here, not tracked per unit in the loop).
        if (f >= 0x0900) shape = DEVA;
        else if (f >= 97) shape = LOWER;
        else if (e - s === 1) shape = INIT;
        else {
          shape = UPPER;
          for (let x = s + 1; x < e; x++) {
            const d = text.charCodeAt(x);
            if (d >= 97 && d <= 122) {
              shape = CAP;
              break;
            }
          }
        }
        row = vocab.rowAt(text, s, e, h);
        if (row >= 0) id = rows[row + 1]! - 1;
      } else shape = -1;
    } else if (cls === C_N) {
      while (i < n) {
        c = text.charCodeAt(i);
        if (c < 128) {
          if (ASCII_CLASS[c] !== C_N) break;
          i++;
        } else if (!isSurrogate(c)) {
          if (bmpClass(c) !== C_N) break;
          if (fast && (c < 0x0900 || c > 0x097f)) fast = false;
          i++;
        } else {
          if (classAt(text, i, n) !== C_N) break;
          fast = false;
          i += widthAt(text, i, n);
        }
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      rawEnd = e = i;
      if (fast) {
        shape = text.charCodeAt(s) >= 0x0900 ? DEVA : NUM;
        if (digitWords) id = vocab.idAt(text, s, e, h);
      } else shape = -1;
    } else {
      rawEnd = e = i + widthAt(text, i, n);
      i = rawEnd;
      if (e - s === 1) {
        // One unit outside ASCII: its key is its lower case, cached per unit.
        let u = unitKey.get(c);
        if (u === undefined) {
          const k = String.fromCharCode(c).toLowerCase();
          const uh = vocab.hashString(k);
          unitKey.set(c, (u = { hash: uh, id: vocab.idOfKey(k, uh) }));
        }
        h = u.hash;
        id = u.id;
        shape = punctShape(text, s);
        fast = fastUnit(c);
      } else shape = -1;
    }
    if (shape < 0) {
      // Outside the fast path: the general rule on the lower-cased string.
      let k = text.slice(s, e).toLowerCase();
      if (k.length > 3 && (k.endsWith("'s") || k.endsWith('’s'))) {
        e -= 2;
        k = k.slice(0, -2);
      }
      slowKey = k;
      h = vocab.hashString(k);
      shape = e - s === 1 && cls !== C_L ? punctShape(text, s) : shapeOf(text, s, e);
      id = vocab.idOfKey(k, h);
    }
    const t = count++;
    if (slowKey !== undefined) b.slowKeys.set(t, slowKey);
    start[t] = s;
    end[t] = e;
    shapes[t] = shape;
    hash[t] = h;
    if (id >= 0) word[t] = id;
    let f = 0;
    let st = 0;
    if (row >= 0) {
      f = rows[row + ROW_FLAGS]!;
      st = rows[row + ROW_SETS]!;
    } else if (id >= 0) {
      f = shape === PUNCT || shape === NUM ? 0 : vocab.flags[id]!;
      st = vocab.sets[id]!;
    }
    // An opener adverb (F.OPENER) that opens a sentence is a stop word there.
    if (f & F.OPENER && (t === 0 || nl || sentenceMark(shapes[t - 1]!, text.charCodeAt(start[t - 1]!)))) f |= F.STOP;
    if (f !== 0) flags[t] = f;
    if (st !== 0) sets[t] = st;
    anyFlags |= f;
    anySets |= st;
    const u = text.charCodeAt(s);
    if (st !== 0 || f & F.HON || (shape === PUNCT && (u === 44 || u === 45 || u === 0x2013 || u === 0x2014))) cues[nCues++] = t;
    if (shape === CAP) caps[nCaps++] = t;
    if (shape <= OTHER && (shape !== LOWER || f & NAME_BITS)) lead[nLead++] = t;
    gap[t] = s - prevEnd;
    if (nl !== 0) nls[t] = 1;
    if (!fast) slow[t] = 1;
    prevEnd = rawEnd;
    nl = 0;
  }
  lastFlags = anyFlags;
  lastSets = anySets;
  lastCues = nCues;
  lastCaps = nCaps;
  lastLead = nLead;
  dirty = count;
  return count;
}
