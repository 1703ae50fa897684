// A person's age in years (0-120) after an age keyword, with "years old" / "y/o" / "वर्षीय", or "N yrs" next to a person word.
//
// Hot path (issue 11): no pattern scans the whole text. Digit patterns run sticky at the digit runs
// of pass A (src/text/anchors.ts) whose neighbours fit them (`at` in patterns/age.json); number-word
// patterns run where a year/month token follows an English number word. Context is read from the
// shared tokens (dates/age-context.ts). Scores are the patterns' `score` in patterns/age.json.
import data from '../../../patterns/age.json';
import { anchorsOf, DIGITS as DIGIT_ANCHOR, FULL_WIDTH_DIGITS as FULL_WIDTH } from '../../text/anchors.js';
import { tokensOf, hashWord, type Tokens } from '../../text/tokens.js';
import { defineDetector, Raw, type RawCandidate } from '../define.js';
import { AgeContext } from './dates/age-context.js';
import { GateTable, keywordGate, stickyAt, type AnchorGate, type AnchoredDef, type KeywordGate } from './dates/sticky.js';

// Local copies of pass A's constants: the hot loops read a module binding, not an import accessor.
const DIGITS = DIGIT_ANCHOR;
const FULL_WIDTH_DIGITS = FULL_WIDTH;

interface AgePatternDef extends AnchoredDef {
  /** Weak shape: kept only with a person word nearby and no duration word next to it. */
  requireContext?: boolean;
  /** Dropped near a word for things that have ages but are not people, or for durations. */
  negative?: boolean;
  /** "Name, 42 yrs": a number in apposition; dropped next to a duration word like weak shapes. */
  apposition?: boolean;
  /** Literal strings one of which the text must contain for the pattern to run at all (a cheap pre-check). */
  requires?: string[];
  /** Needs a person nearby: a person word, or a capitalised word (not sentence-first) just before. */
  personCue?: boolean;
  /** Where the span can start: a digit run (default) or an English number word. */
  anchor?: 'number-word';
  at?: AnchorGate;
  keywordBefore?: KeywordGate;
}

export const MAX_AGE = 120;

export interface AgePattern {
  name: string;
  score: number;
  sticky: RegExp;
  /** The keyword-led patterns: a keyword can start close enough before the span. */
  keyword: ((text: string, start: number) => boolean) | undefined;
  requireContext: boolean;
  negative: boolean;
  apposition: boolean;
  requires: string[] | undefined;
  personCue: boolean;
}

const compiled: AgePattern[] = (data.patterns as AgePatternDef[]).map((p) => ({
  name: p.name,
  score: p.score,
  sticky: stickyAt(p, data.id),
  keyword: keywordGate(p.keywordBefore),
  requireContext: p.requireContext === true,
  negative: p.negative === true,
  apposition: p.apposition === true,
  requires: p.requires,
  personCue: p.personCue === true,
}));
const wordAnchored = new Set((data.patterns as AgePatternDef[]).filter((p) => p.anchor === 'number-word').map((p) => p.name));
const digitPatterns = compiled.filter((p) => !wordAnchored.has(p.name));
const wordPatterns = compiled.filter((p) => wordAnchored.has(p.name));
const digitGates = new GateTable((data.patterns as AgePatternDef[]).filter((p) => !wordAnchored.has(p.name)).map((p) => p.at));
/** Tokens a number-word age runs up to ("ten years old", "five months of age"). */
const [YEARS, YEAR, MONTHS, MONTH] = ['years', 'year', 'months', 'month'].map(hashWord) as [number, number, number, number];

const context = new AgeContext(data);

/** The age in a span ("42 yrs", "४२ वर्ष"): its leading ASCII or Devanagari digits, or undefined. */
export function ageValue(span: string): number | undefined {
  return digitsValue(span, 0, span.length);
}

/** Value of the leading ASCII/Devanagari digits of text[from, to), or undefined when there are none. */
function digitsValue(text: string, from: number, to: number): number | undefined {
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 0x0966 && c <= 0x096f ? c - 0x0966 : -1;
    if (d < 0) break;
    n = n * 10 + d;
  }
  return i === from ? undefined : n;
}

const UNITS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, a: 0,
};

/** An age written in English words ("ninety five", "twenty-one", "a hundred"), or undefined. */
export function wordAge(span: string): number | undefined {
  const parts = span.toLowerCase().split(/[\s-]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  let n = 0;
  for (const w of parts) {
    const v = UNITS[w];
    if (v === undefined) return undefined;
    n = v === 100 ? Math.max(n, 1) * 100 : n + v;
  }
  return n;
}

/** The context checks of a pattern at span [start, end) whose match ends at matchEnd; true keeps it. */
function keep(p: AgePattern, text: string, t: Tokens, start: number, matchEnd: number): boolean {
  if (!p.negative && !p.personCue && !p.requireContext && !p.apposition) return true;
  // The match runs on past the number over its unit words ("42 yrs"); context is read from its end.
  if (p.negative && context.thingOrDuration(t, start, matchEnd)) return false;
  if (p.personCue && !context.personNear(t, start, matchEnd) && !context.capitalisedBefore(text, start)) return false;
  if (p.requireContext || p.apposition) {
    if (context.durationNear(t, start, matchEnd)) return false;
    if (p.requireContext && !context.personNear(t, start, matchEnd)) return false;
  }
  return true;
}

function tryAt(p: AgePattern, k: number, text: string, t: Tokens, start: number, end: number, words: boolean): boolean {
  const re = p.sticky;
  re.lastIndex = start;
  if (!re.test(text)) return false;
  const matchEnd = re.lastIndex;
  if (p.requires !== undefined && !requiresMet(k, p.requires, text)) return true;
  const age = words ? wordAge(text.slice(start, end)) : digitsValue(text, start, end);
  if (age === undefined || age > MAX_AGE) return true;
  if (keep(p, text, t, start, matchEnd)) {
    buckets[k]!.push(new Raw(start, end, p.score, p.name));
    found++;
  }
  return true;
}

/** Digit patterns at every digit run whose length and neighbours fit them (one table lookup per anchor). */
function digitAges(text: string, t: Tokens): void {
  const a = anchorsOf(text);
  const kind = a.kind;
  const starts = a.start;
  const ends = a.end;
  for (let i = 0; i < a.count; i++) {
    // detect folds full-width digits away before any detector runs
    if (kind[i] !== DIGITS || a.script[i]! & FULL_WIDTH_DIGITS) continue;
    const start = starts[i]!;
    const end = ends[i]!;
    // the span is the whole run: no pattern lets a digit follow its [0-9०-९]{1,3}
    for (let m = digitGates.mask(text, start, end); m !== 0; m &= m - 1) {
      const k = 31 - Math.clz32(m & -m);
      const p = digitPatterns[k]!;
      if (p.keyword === undefined || p.keyword(text, start)) tryAt(p, k, text, t, start, end, false);
    }
  }
}

/** [A-Za-z] as the patterns' `i` + `u` classes read it (ſ and the Kelvin sign fold to s and k). */
function isLatinLetter(c: number): boolean {
  const l = c | 0x20;
  return (l >= 97 && l <= 122) || c === 0x017f || c === 0x212a;
}

/** Number-word patterns where a year/month token follows a run of letters ("ninety five years old"). */
function wordAges(text: string, t: Tokens): void {
  const hash = t.hash;
  for (let u = 1; u < t.count; u++) {
    const h = hash[u]!;
    if (h !== YEARS && h !== YEAR && h !== MONTHS && h !== MONTH) continue;
    const q = t.start[u]! - 1; // the separator before the unit
    const sep = text.charCodeAt(q);
    if (sep !== 32 && sep !== 45) continue;
    // Leftmost first: the number words may be two letter runs ("ninety five", "twenty-one", "a hundred").
    let r1 = q;
    while (r1 > 0 && isLatinLetter(text.charCodeAt(r1 - 1))) r1--;
    if (r1 === q) continue;
    let r2 = -1;
    const s2 = r1 - 1;
    if (s2 > 0 && (text.charCodeAt(s2) === 32 || text.charCodeAt(s2) === 45) && isLatinLetter(text.charCodeAt(s2 - 1))) {
      r2 = s2;
      while (r2 > 0 && isLatinLetter(text.charCodeAt(r2 - 1))) r2--;
    }
    for (let k = 0; k < wordPatterns.length; k++) {
      const p = wordPatterns[k]!;
      if (!(r2 >= 0 && tryAt(p, digitPatterns.length + k, text, t, r2, q, true))) {
        tryAt(p, digitPatterns.length + k, text, t, r1, q, true);
      }
    }
  }
}

/**
 * `requires` (a literal the text must hold for the pattern to run at all) of the pattern in bucket k,
 * read only once its sticky regex has matched, and then once per call: searching a long text for
 * "of age" cost more than the rest of the number-word walk, and "many years" or "two years" without
 * "old" after them sent every README-like text through that search (4 % of detecting all but PERSON
 * on the bench's prose). A pattern whose literal is missing finds nothing, as when it did not run.
 */
function requiresMet(k: number, requires: readonly string[], text: string): boolean {
  const bit = 1 << k;
  if ((requiresKnown & bit) === 0) {
    requiresKnown |= bit;
    if (requires.some((r) => text.includes(r))) requiresHeld |= bit;
  }
  return (requiresHeld & bit) !== 0;
}
/** Buckets whose `requires` this call has read, and of those, the ones the text holds. */
let requiresKnown = 0;
let requiresHeld = 0;

/**
 * Candidates per pattern (digit patterns, then number-word patterns), reused from call to call: a
 * call empties only what it filled. `found` counts what this call pushed.
 */
const buckets: RawCandidate[][] = compiled.map(() => []);
let found = 0;
/** Bucket index of each pattern in the order of patterns/age.json: candidates reach the engine grouped by pattern as the whole-text scans gave them. */
const FILE_ORDER: readonly number[] = compiled.map((p) => (wordAnchored.has(p.name) ? digitPatterns.length + wordPatterns.indexOf(p) : digitPatterns.indexOf(p)));

function findAges(text: string): RawCandidate[] {
  const out: RawCandidate[] = [];
  // a call cut short by an exception left its candidates behind
  if (found !== 0) for (const b of buckets) b.length = 0;
  found = 0;
  requiresKnown = 0;
  requiresHeld = 0;
  const t = tokensOf(text);
  digitAges(text, t);
  wordAges(text, t);
  if (found === 0) return out;
  for (const k of FILE_ORDER) {
    const b = buckets[k]!;
    if (b.length === 0) continue;
    for (let i = 0; i < b.length; i++) out.push(b[i]!);
    b.length = 0;
  }
  found = 0;
  return out;
}

// The patterns of patterns/age.json run from findAges (anchored), not as the engine's whole-text
// patterns; its negativeContext is the clause rule's list (dates/age-context.ts), not an engine penalty.
export const age = defineDetector(data, { patterns: [], negativeContext: undefined, find: findAges });
