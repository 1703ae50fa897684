// Lexicon pass: runs of name-shaped tokens with no context ("Priya Sharma", "K. Venkatesh",
// "Zorawar Sandhu"), scored by how many lexicon names, initials and unknown words they hold.
import { plausible } from './capture.js';
import { AT, BAD_BITS, DOT, emit, HYPHEN, isMark, isWord, NAME_BITS, punctIn, SLASH, UNDERSCORE, type Capture, type Ctx } from './context.js';
import { F } from './lexicon.js';
import { SCORE } from './score.js';
import { CAP, INIT, LOWER, NUM, OTHER, UPPER } from './tokens.js';

/** The run being collected (at most RUN_MAX tokens), reused by every call. */
const RUN_MAX = 6;
const run = new Int32Array(RUN_MAX);

export function lexiconPass(c: Ctx): void {
  const { t } = c;
  if (!(t.anyFlags & NAME_BITS)) return; // a run is scored only when it holds a lexicon name
  const { shape, flags, start, end, nl, gap, lead } = t;
  // A run starts only at a word not in lower case or at a lower-case name (`lead`): lower-case words
  // outside the name lexicon, numbers and punctuation (most prose) are not visited.
  let next = 0;
  for (let k = 0; k < t.nLead; k++) {
    const i = lead[k]!;
    if (i < next || !runToken(c, i)) continue;
    // Collect a run of name-shaped tokens on one line with single spaces, all lower-case or none.
    const lower = shape[i] === LOWER;
    run[0] = i;
    let len = 1;
    let named = (flags[i]! & NAME_BITS) !== 0;
    let j = i + 1;
    while (j < t.n && len < RUN_MAX) {
      if (isMark(t, j, DOT) && shape[j - 1] === INIT && start[j] === end[j - 1]) {
        j++;
        continue;
      }
      if (!runToken(c, j) || nl[j] || gap[j]! > 1 || (shape[j] === LOWER) !== lower) break;
      if (gap[j] === 0 && !isMark(t, j - 1, DOT)) break;
      if (flags[j]! & NAME_BITS) named = true;
      run[len++] = j;
      j++;
    }
    if (named) scoreRun(c, len, lower);
    next = Math.max(i + 1, j);
  }
}

function runToken(c: Ctx, j: number): boolean {
  const { t } = c;
  const { shape, start, end } = t;
  const sh = shape[j]!;
  const f = t.flags[j]!;
  if (!isWord(t, j) || c.blocked[j] || sh === OTHER) return false;
  if (f & F.HON) return false;
  const dotted = sh === INIT && isMark(t, j + 1, DOT) && start[j + 1] === end[j];
  if (f & (F.STOP | F.FIELD) && !(f & NAME_BITS) && !dotted) return false;
  if (sh === LOWER) return (f & NAME_BITS) !== 0 && !(f & (F.STOP | F.FIELD));
  const n = j + 1;
  if (n < t.n && start[n] === end[j]) {
    if (shape[n] === NUM || isMark(t, n, AT) || isMark(t, n, UNDERSCORE)) return false; // ravi123, ravi@x
    if (isMark(t, n, HYPHEN) && shape[n + 1] === NUM && start[n + 1] === end[n]) return false; // "OM-0772": a code
  }
  const p = j - 1;
  if (p >= 0 && end[p] === start[j]) {
    if (shape[p] === NUM || punctIn(t, p, '@_/')) return false;
    if (isMark(t, p, DOT) && shape[p - 1] !== INIT) return false; // "x.y" in an address; "A.P." is fine
  }
  return true;
}

/** Score the run of `len` tokens in `run`. */
function scoreRun(c: Ctx, len: number, lower: boolean): void {
  const { t } = c;
  const { shape, flags } = t;
  const isName = (j: number): boolean => (flags[j]! & NAME_BITS) !== 0 && !(flags[j]! & (F.COMPANY | F.TIME));
  // Core: first to last lexicon token or initial (initials only before a name).
  let a = -1;
  let b = -1;
  for (let x = 0; x < len; x++) {
    const j = run[x]!;
    if (isName(j)) {
      if (a < 0) a = x;
      b = x;
    } else if (shape[j] === INIT && a < 0) {
      a = x;
    }
  }
  if (a < 0 || b < 0) return;
  // Initials after a name: "Ramesh K." / "Ramesh K" (not "I" or "A" without a dot).
  const { i: idI, a: idA } = c.lex.ids;
  while (b + 1 < len && shape[run[b + 1]!] === INIT) {
    const ini = run[b + 1]!;
    if ((t.word[ini] === idI || t.word[ini] === idA) && !(isMark(t, ini + 1, DOT) && t.start[ini + 1] === t.end[ini])) break;
    b++;
  }
  let hasFirst = false;
  let hasSur = false;
  let strong = 0;
  let names = 0;
  let inits = 0;
  let unknown = 0;
  for (let x = a; x <= b; x++) {
    const j = run[x]!;
    const f = flags[j]!;
    if (shape[j] === INIT) inits++;
    else if (isName(j)) {
      names++;
      if (f & F.FIRST) hasFirst = true;
      if (f & F.SUR) hasSur = true;
      if (!(f & F.AMBIG) && !(f & F.PLACE)) strong++;
    } else unknown++;
  }
  if (names === 0) return;
  // Open surname slot: "Priya Zbrnka" (first name then an unknown capitalised word).
  if (!lower && b + 1 < len && unknown === 0) {
    const n = run[b + 1]!;
    const onlyFirst = !hasSur || (names === 1 && flags[run[b]!]! & F.FIRST);
    if (onlyFirst && strong > 0 && (shape[n] === CAP || shape[n] === UPPER) && !(flags[n]! & (F.AMBIG | BAD_BITS | F.SUFFIX | F.DEITY))) {
      b++;
      unknown++;
    }
  }
  // Unknown first name before a known surname: "Zorawar Sandhu" (not at a sentence start).
  if (!lower && a > 0 && names === 1 && inits === 0 && hasSur && !hasFirst && strong > 0) {
    const p = run[a - 1]!;
    const sentenceStart = t.opensSentence(p);
    if (!sentenceStart && (shape[p] === CAP || shape[p] === UPPER) && !(flags[p]! & (F.AMBIG | BAD_BITS | F.SUFFIX))) {
      a--;
      unknown++;
    }
  }
  const score = indianPair(c, run[a]!, run[b]!, lower, names, strong, inits, unknown) || runScore(c, run[a]!, lower, names, strong, inits, unknown, hasFirst);
  if (score <= 0) return;
  const cap: Capture = { from: run[a]!, to: run[b]! + 1, lexHits: names, strongHits: strong, unknown };
  // Trailing dot after a final initial belongs to it.
  const last = cap.to - 1;
  if (shape[last] === INIT && isMark(t, cap.to, DOT) && t.start[cap.to] === t.end[last]) cap.to++;
  if (!plausible(c, cap)) return;
  // Without a cue, a place or institution word after the name makes it a place named after a
  // person, in any case: "near the Indira Gandhi stadium gate", "Nehru nagar".
  const after = cap.to;
  if (isWord(t, after) && flags[after]! & F.SUFFIX && !(flags[after]! & NAME_BITS) && !t.nl[after] && t.gap[after]! <= 1) return;
  emit(c, cap, score, 'lexicon');
}

/**
 * A first name then a surname, both capitalised, each also an ordinary word only in Indian usage
 * (patterns/person.json ordinaryWords: "Deepak" lamp, "Vijay" victory; weak surnames Singh, Kumar,
 * Rao, Patel): "Deepak Singh", "Kiran Patel". Alone such a word is not a name; two of them in this
 * order are one, unless either is also an English word (ambiguous.json: "Rose Gold", "Ray Gill"), a
 * company, deity or time word, or the surname is also a place, a city or a place suffix.
 * 0 when the run is anything else (`runScore` then scores it).
 */
function indianPair(c: Ctx, first: number, last: number, lower: boolean, names: number, strong: number, inits: number, unknown: number): number {
  if (lower || names !== 2 || strong !== 0 || inits !== 0 || unknown !== 0 || last !== first + 1) return 0;
  const { flags, shape } = c.t;
  const f = flags[first]!;
  const l = flags[last]!;
  // A first name may also be a place or a city ("Anand Rao", "Sagar Singh"); the surname may not
  // ("Ravi Delhi", "Vijay Nagar").
  if (!(f & F.FIRST) || !(l & F.SUR) || (f | l) & (F.ENGLISH | F.COMPANY | F.DEITY | F.TIME) || l & (F.PLACE | F.CITY | F.SUFFIX)) return 0;
  if (shape[first] !== shape[last] || (shape[first] !== CAP && shape[first] !== UPPER)) return 0;
  return SCORE.pair.indianPair;
}

function runScore(c: Ctx, first: number, lower: boolean, names: number, strong: number, inits: number, unknown: number, hasFirst: boolean): number {
  const P = SCORE.pair;
  const f = c.t.flags[first]!;
  if (lower) {
    // Lower-case chat without a cue: a first name and a surname, both unambiguous.
    return names >= 2 && hasFirst && strong >= 1 && unknown === 0 && f & F.FIRST && !(f & F.AMBIG) ? P.lowerCase : 0;
  }
  if (names >= 2 || (names >= 1 && inits >= 1) || names + unknown >= 2) {
    if (strong >= 1) return names >= 2 || inits >= 1 ? P.strongPair : P.strongOneWithUnknown;
    if (inits >= 1) return P.initials;
    return P.ambiguousPair; // two ambiguous words ("Rose Gold"): needs context
  }
  if (strong === 0 || f & (F.PLACE | F.COMPANY | F.DEITY)) return 0;
  const caps = c.t.shape[first] === UPPER;
  if (f & F.FIRST) return caps ? P.firstNameCaps : P.firstName;
  return caps ? P.surnameCaps : P.surname;
}
