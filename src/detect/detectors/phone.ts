// Phone numbers: TRAI National Numbering Plan (Indian mobiles 6-9, STD fixed lines) and ITU-T E.164 '+' form.
import nationalData from '../../../patterns/phone-national.json';
import data from '../../../patterns/phone.json';
import { anchorsOf, DIGITS } from '../../text/anchors.js';
import { Errors } from '../../errors.js';
import { allSameDigit, digitsOnly } from '../validators/digits.js';
import { checkIndian, checkInternational, checkNational, isMobileKind } from '../validators/phone.js';
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
const CUE_WORDS = [...CODE_CUES.keys(), ...CUES.keys()];

/**
 * The cues as a trie over lower-case ASCII letters and ' ' (27 edges a node), each cue's end marked
 * with its place in CUE_WORDS. Matching it at a position is what the alternation
 * `\b(?:US|USA|…|brazilian)\b` with the `i` flag (no `u`) does there: ASCII letters in either case,
 * a word boundary on both sides (\w = [A-Za-z0-9_]), and among the cues that fit, the one listed
 * first. A scan of the text char by char, no regex and no string, finds the same matches.
 */
const EDGE_SPACE = 26;
const next: number[] = [];
const ends: number[] = [];
function nodeOf(from: number, edge: number): number {
  const k = from * 27 + edge;
  if (next[k] === undefined || next[k] === 0) {
    const id = ends.length;
    ends.push(-1);
    for (let e = 0; e < 27; e++) next.push(0);
    next[k] = id;
  }
  return next[k]!;
}
ends.push(-1);
for (let e = 0; e < 27; e++) next.push(0);
CUE_WORDS.forEach((w, order) => {
  let n = 0;
  for (const ch of w.toLowerCase()) {
    const c = ch.charCodeAt(0);
    if (!((c >= 97 && c <= 122) || c === 32) || ch.length !== 1) throw Errors.internal('patterns/phone-national.json: cues are ASCII letters and spaces');
    n = nodeOf(n, c === 32 ? EDGE_SPACE : c - 97);
  }
  if (ends[n]! < 0) ends[n] = order;
});
const NEXT = Int32Array.from(next);
const ENDS = Int32Array.from(ends);

/** \w of a non-unicode regex: [A-Za-z0-9_]. */
function isW(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** End of the first-listed cue matching at p (p at a word boundary), or -1. */
function cueAt(text: string, p: number): number {
  let n = 0;
  let best = -1;
  let bestOrder = CUE_WORDS.length;
  for (let i = p; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let edge: number;
    if (c >= 97 && c <= 122) edge = c - 97;
    else if (c >= 65 && c <= 90) edge = c - 65;
    else if (c === 32) edge = EDGE_SPACE;
    else break;
    n = NEXT[n * 27 + edge]!;
    if (n === 0) break;
    const order = ENDS[n]!;
    if (order >= 0 && order < bestOrder && (i + 1 >= text.length || !isW(text.charCodeAt(i + 1)))) {
      best = i + 1;
      bestOrder = order;
    }
  }
  return best;
}

function cueIso(word: string): string | undefined {
  return CODE_CUES.get(word) ?? CUES.get(word.toLowerCase().replace(/\s+/g, ' '));
}

const LONGEST_CUE = Math.max(...CUE_WORDS.map((c) => c.length));
/** How far before a digit a cue can start and still have that digit in its stretch (see below). */
const CUE_REACH = LONGEST_CUE + CUE_WINDOW + 24 + 2;

/**
 * The cue matches that can matter: those starting at most CUE_REACH characters before a digit run
 * (pass A's anchors). A cue with no digit in reach searches a stretch with no number in it, so
 * leaving it out changes nothing. Each merged reach is scanned on its own, as the cue regex would
 * scan it from its first position, and the matched word is sliced only for a match.
 */
function* cueMatches(text: string): Generator<{ index: number; word: string }> {
  const a = anchorsOf(text);
  let k = 0;
  while (k < a.count) {
    if (a.kind[k] !== K_DIGITS) {
      k++;
      continue;
    }
    // Merge the reaches of digit runs that overlap: cue starts in [rs, re].
    const rs = Math.max(0, a.start[k]! - CUE_REACH - LONGEST_CUE - 1);
    let re = a.start[k]!;
    for (k++; k < a.count && (a.kind[k] !== K_DIGITS || a.start[k]! - CUE_REACH - LONGEST_CUE - 1 <= re); k++) {
      if (a.kind[k] === K_DIGITS) re = a.start[k]!;
    }
    let prevW = rs > 0 && isW(text.charCodeAt(rs - 1));
    for (let p = rs; p <= re && p < text.length; ) {
      const c = text.charCodeAt(p);
      const w = isW(c);
      if (w && !prevW) {
        const end = cueAt(text, p);
        if (end > 0) {
          yield { index: p, word: text.slice(p, end) };
          p = end;
          prevW = true;
          continue;
        }
      }
      prevW = w;
      p++;
    }
  }
}

function* nationalForeign(text: string): Generator<RawCandidate> {
  let searchedTo = 0;
  for (const m of cueMatches(text)) {
    const w = m.word;
    // Codes count only in capitals ("US", not the pronoun "us").
    const iso = w.length <= 3 && CODE_CUES.has(w.toUpperCase()) && !CUES.has(w.toLowerCase()) ? CODE_CUES.get(w) : cueIso(w);
    if (!iso || iso === 'IN') continue;
    const from = Math.max(m.index + w.length, searchedTo);
    let to = text.indexOf('\n', from);
    if (to < 0 || to > m.index + w.length + CUE_WINDOW + 24) to = Math.min(text.length, m.index + w.length + CUE_WINDOW + 24);
    if (to <= from) continue;
    searchedTo = to;
    const stretch = text.slice(from, to);
    for (const h of patternHits(NATIONAL, stretch)) {
      const start = from + h.start;
      if (start - (m.index + w.length) > CUE_WINDOW) break;
      const span = stretch.slice(h.start, h.end);
      const digits = digitsOnly(span);
      if (digits.length < 7 || digits.length > 13) continue;
      const c = checkNational(span, iso);
      if (!c) continue;
      yield { start, end: from + h.end, score: S.intlOther, pattern: NATIONAL.name, validated: true, contextual: true, notes: [`${iso} ${c.kind ?? 'number'} (country named before it)`] };
    }
  }
}

export const phone = defineDetector(data, {
  find: nationalForeign,
  normalise: digitsOnly,
  validate: validatePhone,
});
