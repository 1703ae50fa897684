// Phone numbers: TRAI National Numbering Plan (Indian mobiles 6-9, STD fixed lines) and ITU-T E.164 '+' form.
import nationalData from '../../../patterns/phone-national.json';
import data from '../../../patterns/phone.json';
import { anchorsOf, DIGITS, type Anchors } from '../../text/anchors.js';
import { T_ASCII, tokensIfDone, tokensOf, wordHashes, type Tokens } from '../../text/tokens.js';
import { HashSet32 } from '../../text/words.js';
import { allSameDigit, digitsOnly } from '../validators/digits.js';
import { checkIndian, checkInternational, checkNational, isMobileKind } from '../validators/phone.js';
import { wholeTextPays } from '../context.js';
import { compilePattern, defineDetector, patternHits, type RawCandidate, type ValidationResult } from '../define.js';

const S = data.scores;

/** Split a non-'+' Indian candidate into its 10-digit national number and whether it had a 0/91 prefix. */
function national(digits: string): { n: string; prefixed: boolean } | undefined {
  if (digits.length === 10) return { n: digits, prefixed: false };
  if (digits.length === 11 && digits[0] === '0') return { n: digits.slice(1), prefixed: true };
  if (digits.length === 12 && digits.startsWith('91')) return { n: digits.slice(2), prefixed: true };
  return undefined;
}

function validatePhone(digits: string, match: string): boolean | ValidationResult {
  if (match.includes('+')) {
    const c = checkInternational(match);
    if (!c) return false;
    const indianMobile = c.country === 'IN' && isMobileKind(c.kind);
    return { valid: true, score: indianMobile ? S.intlIndianMobile : S.intlOther, note: `${c.country ?? '?'} ${c.kind ?? 'number'}` };
  }
  const nat = national(digits);
  if (!nat || allSameDigit(nat.n)) return false;
  const c = checkIndian(nat.n);
  if (c && isMobileKind(c.kind) && /^[6-9]/.test(nat.n)) {
    return { valid: true, score: nat.prefixed ? S.prefixedMobile : S.bareMobile, note: 'IN mobile' };
  }
  // A 6-9 mobile shape in a series libphonenumber does not list as a mobile one (unallocated, or read
  // as an STD code without its trunk 0): still a phone for a redactor (allocation tables lag the
  // operators), scored just under an allocated bare mobile so any negative word (order, OTP,
  // amount ...) drops it.
  if (!nat.prefixed && /^[6-9]/.test(nat.n)) return { valid: true, score: S.unlistedMobile, note: 'IN mobile shape, series not listed as mobile' };
  // With a trunk 0 the same shape may be an 11-digit account or a landline without its STD split:
  // kept only with a phone word nearby (0.3 + context).
  if (nat.prefixed && /^[6-9]/.test(nat.n) && !/[\s()-]/.test(match)) return { valid: true, score: S.prefixedUnlisted, note: 'IN mobile shape with trunk 0, series not listed as mobile' };
  if (!c) return false;
  // A fixed line needs its trunk prefix and a visible STD split; a bare 10/11-digit run is too ambiguous.
  if (nat.prefixed && /[\s()-]/.test(match)) return { valid: true, score: S.landline, note: `IN ${c.kind ?? 'fixed line'}` };
  return false;
}

// National-format numbers of other countries ("US: 415-555-0132", "my Israeli number is 09-7625400"):
// only where the same line names the country just before the number, and only when libphonenumber
// finds a valid number of that country. The cue table (patterns/phone-national.json) is ISO 3166-1.
const NATIONAL = compilePattern(nationalData.patterns[0]!, nationalData.id);
const CUES: ReadonlyMap<string, string> = new Map(
  Object.entries(nationalData.names as Record<string, string[]>).flatMap(([iso, cues]) => cues.map((c) => [c, iso] as [string, string])),
);
const CODE_CUES: ReadonlyMap<string, string> = new Map(Object.entries(nationalData.codes as Record<string, string>));
const CUE_WINDOW = 40;
const K_DIGITS = DIGITS;
const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// One scan for a country cue (codes in capitals, names in any case); only the stretch of line after a
// cue is searched for a national number, so text without a country cue costs one literal scan.
const CUE_SCAN = new RegExp(`\\b(?:${[...CODE_CUES.keys(), ...CUES.keys()].map(escape).join('|')})\\b`, 'gi');

function cueIso(word: string): string | undefined {
  return CODE_CUES.get(word) ?? CUES.get(word.toLowerCase().replace(/\s+/g, ' '));
}

const LONGEST_CUE = Math.max(...[...CODE_CUES.keys(), ...CUES.keys()].map((c) => c.length));
/** How far before a digit a cue can start and still have that digit in its stretch (see below). */
const CUE_REACH = LONGEST_CUE + CUE_WINDOW + 24 + 2;

const NONE: readonly RawCandidate[] = [];
/** The candidates of the current call (emptied into the result: a call that finds none allocates nothing). */
const found: RawCandidate[] = [];

/**
 * The national numbers after the cue `w` at `index`, searched from `searchedTo` on (a stretch one
 * cue searched is not searched again for the next); returns where the search stopped.
 */
function afterCue(text: string, index: number, w: string, searchedTo: number): number {
  // Codes count only in capitals ("US", not the pronoun "us").
  const iso = w.length <= 3 && CODE_CUES.has(w.toUpperCase()) && !CUES.has(w.toLowerCase()) ? CODE_CUES.get(w) : cueIso(w);
  if (!iso || iso === 'IN') return searchedTo;
  const from = Math.max(index + w.length, searchedTo);
  let to = text.indexOf('\n', from);
  if (to < 0 || to > index + w.length + CUE_WINDOW + 24) to = Math.min(text.length, index + w.length + CUE_WINDOW + 24);
  if (to <= from) return searchedTo;
  const stretch = text.slice(from, to);
  for (const h of patternHits(NATIONAL, stretch)) {
    const start = from + h.start;
    if (start - (index + w.length) > CUE_WINDOW) break;
    const span = stretch.slice(h.start, h.end);
    const digits = digitsOnly(span);
    if (digits.length < 7 || digits.length > 13) continue;
    const c = checkNational(span, iso);
    if (!c) continue;
    found.push({ start, end: from + h.end, score: S.intlOther, pattern: NATIONAL.name, validated: true, contextual: true, notes: [`${iso} ${c.kind ?? 'number'} (country named before it)`] });
  }
  return to;
}

/**
 * Whether anchor k is a digit run a national number of 7 or more digits can start at. NATIONAL's
 * digits are ASCII digits inside pass A's runs: a first group, then up to three more, each joined to
 * the last by one ' ', '.' or '-' (so each run joined to the next the same way), or after a
 * parenthesised area code ("(02) 9374 4000") right before the run. A run with fewer than 7 digits in
 * it and the three runs so joined after it, and no ')' before it, starts none that `afterCue` keeps.
 */
function mayStartNumber(text: string, a: Anchors, k: number): boolean {
  if (a.kind[k] !== K_DIGITS) return false;
  let digits = a.end[k]! - a.start[k]!;
  for (let j = k, g = 0; digits < 7 && g < 3 && j + 1 < a.count; j++, g++) {
    const sep = a.sep[j]!;
    if ((sep !== 32 && sep !== 46 && sep !== 45) || a.start[j + 1] !== a.end[j]! + 1) break;
    digits += a.end[j + 1]! - a.start[j + 1]!;
  }
  if (digits >= 7) return true;
  const s = a.start[k]!;
  return s > 0 && (text.charCodeAt(s - 1) === 41 || (s > 1 && text.charCodeAt(s - 1) === 32 && text.charCodeAt(s - 2) === 41));
}

/** The first anchor from k on that a national number can start at (`mayStartNumber`), or a.count. */
function nextNumberStart(text: string, a: Anchors, k: number): number {
  while (k < a.count && !mayStartNumber(text, a, k)) k++;
  return k;
}

/**
 * Only the cue matches that can matter are looked for: those starting at most CUE_REACH characters
 * before a digit run a national number can start at (pass A's anchors, `mayStartNumber`). A cue with
 * no such run in reach searches a stretch with no number it keeps, so leaving it out changes nothing
 * (test/detect/oracle.test.ts: the whole-text cue regex). Most digit runs of prose are years and
 * counts: the stretches before all runs covered 40 % of the bench's prose, before these 8 %.
 * The cue regex runs only on those stretches of text (sliced with one character around them, so
 * `\b` reads the same characters), not over the whole text; measured, it beats a char-by-char trie
 * over the same stretches (≈ 450 vs 230 MB/s). When the text's tokens are at hand, or its context
 * windows will almost surely make them (below), the cues are read off the tokens instead
 * (`cuesByTokens`): with the identifier types only, 1.2 % fewer instructions on dense text
 * (`npm run bench:instructions`), and on corpus records one by one −13 %, −5 % and +0.5 % CPU in
 * three interleaved runs (thirteenth stop).
 */
function nationalForeign(text: string): readonly RawCandidate[] {
  const a = anchorsOf(text);
  let t = tokensIfDone(text);
  found.length = 0;
  let searchedTo = 0;
  let searched = 0;
  let k = nextNumberStart(text, a, 0);
  while (k < a.count) {
    // Merge the reaches of such runs that overlap: cue starts in [rs, re].
    const rs = Math.max(0, a.start[k]! - CUE_REACH - LONGEST_CUE - 1);
    let re = a.start[k]!;
    for (k = nextNumberStart(text, a, k + 1); k < a.count && a.start[k]! - CUE_REACH - LONGEST_CUE - 1 <= re; k = nextNumberStart(text, a, k + 1)) re = a.start[k]!;
    // Tokens pay once the stretches cover what makes the context windows tokenise the whole text
    // (`wholeTextPays`): the numbers these stretches lead to are candidates whose windows ask for
    // them, so they are made for this text all but always, and the cues are then read off them.
    if (t === undefined && wholeTextPays(text.length, (searched += re - rs))) t = tokensOf(text);
    if (t !== undefined) {
      searchedTo = cuesByTokens(text, t, rs, re, searchedTo);
      continue;
    }
    const from = Math.max(0, rs - 1);
    const stretch = text.slice(from, Math.min(text.length, re + LONGEST_CUE + 1));
    CUE_SCAN.lastIndex = rs - from;
    for (let m = CUE_SCAN.exec(stretch); m && m.index + from <= re; m = CUE_SCAN.exec(stretch)) {
      searchedTo = afterCue(text, m.index + from, m[0], searchedTo);
    }
  }
  return found.length === 0 ? NONE : found.splice(0);
}

/** Folded hash of every cue's first word (the tokeniser's hash of it). */
const CUE_FIRSTS = new HashSet32([...CODE_CUES.keys(), ...CUES.keys()].map((c) => wordHashes(c)[0]!));
const CUE_AT = new RegExp(CUE_SCAN.source, 'iy');

/**
 * The loop over one stretch of `nationalForeign` when the text's tokens are at hand (a finder read
 * them all first): the cue regex runs sticky only where a cue can start, not over every character.
 * Every cue is ASCII letters and spaces, and a non-unicode /i never matches a non-ASCII unit to an
 * ASCII letter, so a match starts on an ASCII letter with no [0-9A-Za-z_] before it. In a token of
 * ASCII units only, that is the token's start, and the cue's first word is the whole token (a space
 * or \b, here a non-word character, ends it): its hash is a cue's first-word hash. Tokens holding
 * other units are tried at every position. Matches are taken left to right without overlap from rs
 * on, each starting at most at re: those of the regex's global loop over the stretch.
 */
function cuesByTokens(text: string, t: Tokens, rs: number, re: number, searchedTo: number): number {
  let next = rs;
  for (let i = t.indexAt(rs); i < t.count; i++) {
    const s = t.start[i]!;
    if (s > re) break;
    // The positions to try: an ASCII token's start when its hash is a cue's first word, else every unit.
    let e: number;
    if ((t.flags[i]! & T_ASCII) === 0) e = Math.min(t.end[i]!, re + 1);
    else if (CUE_FIRSTS.has(t.hash[i]!)) e = s + 1;
    else continue;
    for (let p = s; p < e; p++) {
      if (p < next) continue;
      CUE_AT.lastIndex = p;
      const m = CUE_AT.exec(text);
      if (m === null) continue;
      searchedTo = afterCue(text, p, m[0], searchedTo);
      next = p + m[0].length;
    }
  }
  return searchedTo;
}

export const phone = defineDetector(data, {
  find: nationalForeign,
  normalise: digitsOnly,
  validate: validatePhone,
});
