// Taking a name's tokens forward or backward from a cue, and rejecting captures that are a company,
// a place, a date word or a deity.
import {
  allBits, countWords, DOT, emit, firstWord, HYPHEN, isMark, isWord, NAME_BITS, skipPunct, tokenAt, typeWord,
  type Capture, type Ctx,
} from './context.js';
import { F } from './lexicon.js';
import { DEVA, fold, INIT, LOWER, NUM, OTHER, PUNCT, type NameTokens } from './tokens.js';

/** How a capture reads case: `field` and `chat` accept any case; `strict` and `intro` are stricter. */
export type Mode = 'field' | 'chat' | 'strict' | 'intro';

/**
 * Take up to five name tokens from token `i0` forward. `field` (after a label or relation) and `chat`
 * (after "my name is") accept any case; `strict` (after an honorific, a greeting, a sign-off) wants
 * capitalised, all-caps, initials or Devanagari, or a lower-case lexicon name.
 */
export function captureForward(c: Ctx, i0: number, mode: Mode, allowNewlineFirst = false): Capture | undefined {
  const { t, text } = c;
  const { n, shape, flags, start, end, nl, gap } = t;
  // Honorifics are never part of the span: "w/o Late Shri Ram Prasad" gives "Ram Prasad".
  let i = i0;
  while (i < n && isWord(t, i) && flags[i]! & F.HON && !(flags[i]! & F.FIRST) && i - i0 < 6) {
    i = skipPunct(c, i + 1, '.', 1);
  }
  let j = i;
  let count = 0;
  let lexHits = 0;
  let strongHits = 0;
  let unknown = 0;
  let last = -1;
  while (j < n && count < 5) {
    if (!isWord(t, j) || c.blocked[j]) break;
    const sh = shape[j]!;
    const f = flags[j]!;
    if (j > i && (nl[j] || gap[j]! > 2)) break;
    if (j === i && nl[j] && !allowNewlineFirst && mode !== 'field') break;
    // Glued punctuation, except the dot of an initial.
    if (j > i && end[j - 1] === start[j] && !isWord(t, j - 1) && !(isMark(t, j - 1, DOT) && shape[j - 2] === INIT)) break;
    if (f & F.HON && !(count > 0 && f & NAME_BITS)) break; // 'and MS Excel', 'and Adv. Meera'
    if (contraction(text, t, j)) break; // "I'm", "it's": never part of a name
    if (typeWord(c, j)) break; // "<PERSON_1>", "NAME_2": placeholder tokens
    if (count > 0 && f & F.CITY && !(f & NAME_BITS)) break; // "Ravi Kumar Delhi"
    if (j + 1 < n && shape[j + 1] === NUM && start[j + 1] === end[j]) break; // glued to digits: a code, not a name
    const dotted = sh === INIT && isMark(t, j + 1, DOT) && start[j + 1] === end[j]; // "A." is an initial, "A" may be an article
    if (f & (F.STOP | F.FIELD) && !dotted && !(f & NAME_BITS && sh !== LOWER && mode !== 'chat')) break;
    if (f & F.SUFFIX && sh !== LOWER && count > 0 && !(f & NAME_BITS)) return undefined; // "Patel Nagar", "Tata Motors"
    if (sh === LOWER && mode === 'strict' && !(f & NAME_BITS && !(f & F.AMBIG))) break;
    if (sh === LOWER && mode === 'intro' && f & (F.STOP | F.FIELD | F.TIME | F.PLACE | F.CITY) && !(f & NAME_BITS)) break;
    // Case stays consistent inside a name: "S/o Mohan Lal met ..." stops at "met".
    if (sh === LOWER && count > 0 && shape[last] !== LOWER && !(f & NAME_BITS && !(f & F.AMBIG))) break;
    if (sh === OTHER) break;
    if (sh === INIT) {
      // An initial: "S. R. Iyer", "K Ramesh", "Ramesh K". Not the S of "S/o".
      if (j + 1 < n && start[j + 1] === end[j] && shape[j + 1] === PUNCT && !isMark(t, j + 1, DOT)) break;
      count++;
      last = j;
      j++;
      if (isMark(t, j, DOT) && start[j] === end[j - 1]) {
        last = j;
        j++;
      }
      continue;
    }
    count++;
    last = j;
    if (f & NAME_BITS) {
      lexHits++;
      if (!(f & F.AMBIG)) strongHits++;
    } else unknown++;
    j++;
    // A hyphenated name: "Abdul-Rahman".
    if (isMark(t, j, HYPHEN) && start[j] === end[j - 1] && isWord(t, j + 1) && start[j + 1] === end[j]) j++;
  }
  if (last < 0) return undefined;
  return { from: i, to: last + 1, lexHits, strongHits, unknown };
}

/** Take up to four name tokens backward, ending at token `i` (capitalised unless `anyCase`). */
export function captureBackward(c: Ctx, i: number, anyCase: boolean): Capture | undefined {
  const { t, text } = c;
  const { shape, flags, start, end, nl, gap } = t;
  let j = i;
  let lexHits = 0;
  let strongHits = 0;
  let unknown = 0;
  let first = -1;
  let count = 0;
  while (j >= 0 && count < 4) {
    if (isMark(t, j, DOT) && shape[j - 1] === INIT && end[j - 1] === start[j]) {
      j--;
      continue;
    }
    const sh = shape[j]!;
    const f = flags[j]!;
    if (!isWord(t, j) || c.blocked[j] || sh === OTHER) break;
    if (f & (F.STOP | F.FIELD | F.HON) && !(f & NAME_BITS && sh !== LOWER)) break;
    if (f & (F.COMPANY | F.PLACE | F.TIME | F.CITY) && !(f & NAME_BITS)) break;
    if (contraction(text, t, j) || typeWord(c, j)) break;
    if (sh === LOWER && !anyCase && !(f & NAME_BITS && !(f & F.AMBIG))) break;
    count++;
    first = j;
    if (f & NAME_BITS) {
      lexHits++;
      if (!(f & F.AMBIG)) strongHits++;
    } else if (sh !== INIT) unknown++;
    if (nl[j]) break;
    if (j === 0 || gap[j]! > 2 || (end[j - 1] === start[j] && !isWord(t, j - 1) && !isMark(t, j - 1, DOT))) break;
    j--;
  }
  if (first < 0) return undefined;
  return { from: first, to: i + 1, lexHits, strongHits, unknown };
}

/** Reject captures that are really a company, a place, a date word or a deity. */
export function plausible(c: Ctx, cap: Capture): boolean {
  const { t } = c;
  const { flags, shape } = t;
  let names = 0;
  for (let j = cap.from; j < cap.to; j++) {
    if (!isWord(t, j)) continue;
    const f = flags[j]!;
    if (f & F.COMPANY && !(f & NAME_BITS)) return false;
    if (f & NAME_BITS) names++;
  }
  const words = countWords(c, cap);
  if (words === 1) {
    const f = flags[firstWord(c, cap)]!;
    if (f & (F.PLACE | F.TIME | F.COMPANY)) return false;
    if (f & F.AMBIG && !(f & NAME_BITS)) return false; // "Dear Team", "Thanks, Sir"
    if (f & (F.SUFFIX | F.CITY) && !(f & NAME_BITS)) return false; // "Main Bazaar", "with Pune"
  }
  if (names === 0 && allBits(c, cap, F.AMBIG)) return false;
  // Ends in a place / institution word that is also a surname: "Patel Nagar", "Anand Sagar".
  const last = cap.to - 1;
  if (words > 1 && isWord(t, last) && flags[last]! & F.SUFFIX && shape[last] !== LOWER) return false;
  // A capitalised institution / place / festival word right after: "Patel Nagar", "Ganesh Chaturthi",
  // or ending the capitalised run that follows: "Gupta General Store", "Sanjay Gandhi Postgraduate Institute".
  if (institutionAfter(c, cap.to)) return false;
  // "Jai Shri Ram", "Om Sai Ram", "Lord Krishna": a deity after a devotional word.
  return !deityContext(c, cap);
}

/** Up to three capitalised words right after token `to` on its line, one of them an institution/place word. */
export function institutionAfter(c: Ctx, to: number): boolean {
  const { t } = c;
  for (let j = to; j < to + 3 && j < t.n; j++) {
    const sh = t.shape[j]!;
    if (!isWord(t, j) || t.nl[j] || t.gap[j]! > 1 || sh === LOWER || sh === DEVA) return false;
    if (t.flags[j]! & F.SUFFIX && !(t.flags[j]! & NAME_BITS)) return true;
  }
  return false;
}

function deityContext(c: Ctx, cap: Capture): boolean {
  const { t } = c;
  const { flags } = t;
  if (!(flags[firstWord(c, cap)]! & F.DEITY)) return false;
  let j = cap.from - 1;
  // Skip honorifics between: "Jai Shri Ram".
  while (j >= 0 && isWord(t, j) && flags[j]! & F.HON && flags[j]! & F.DEITY_BEFORE) j--;
  while (j >= 0 && isMark(t, j, DOT)) j--;
  if (j < 0 || !isWord(t, j)) return false;
  return (flags[j]! & F.DEITY_BEFORE) !== 0 && !(flags[j]! & F.HON && j === cap.from - 1 && countWords(c, cap) > 1);
}


/** Emit the value at [s0, e0) as a name when a field capture covers exactly that value. */
export function emitValue(c: Ctx, s0: number, e0: number, score: number, rule: string): void {
  const ti = tokenAt(c, s0);
  if (ti < 0 || c.blocked[ti]) return;
  const cap = captureForward(c, ti, 'field', true);
  if (cap && c.t.end[cap.to - 1] === e0 && countWords(c, cap) <= 5 && plausible(c, cap)) emit(c, cap, score, rule);
}

const CONTRACTION = /^[a-z]{1,4}['’](?:m|re|ll|ve|d|t|s)$/;

/** A contraction such as "i'm", "we're", "didn't" (a pronoun or verb, never part of a name). */
export function contraction(text: string, t: NameTokens, j: number): boolean {
  if (t.slow[j]) return CONTRACTION.test(t.key(j));
  const s = t.start[j]!;
  const e = t.end[j]!;
  const len = e - s;
  if (len < 3 || len > 7) return false;
  let p = -1;
  for (let x = s; x < e; x++) {
    const c = fold(text.charCodeAt(x));
    if (c === 39 || c === 0x2019) {
      if (p >= 0) return false;
      p = x;
    } else if (p < 0 && (c < 97 || c > 122)) return false;
  }
  if (p < 0 || p === s || p - s > 4) return false;
  const tail = e - p - 1;
  const a = fold(text.charCodeAt(p + 1));
  if (tail === 1) return a === 109 || a === 100 || a === 116 || a === 115; // m d t s
  if (tail !== 2) return false;
  const z = fold(text.charCodeAt(p + 2));
  return (a === 114 && z === 101) || (a === 108 && z === 108) || (a === 118 && z === 101); // re ll ve
}
