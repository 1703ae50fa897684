// Date of birth: a real date (1900 to today) right after a birth word (DOB, date of birth, born on, जन्म तिथि ...).
//
// Hot path (issue 11): no date pattern scans the whole text. Each runs sticky where a date can start
// (dates/sticky.ts): at a pass-A digit run (src/text/anchors.ts) whose length and neighbours fit it
// (`at` in patterns/date-of-birth.json), or at the month word before a day run for month-first dates.
// Labelled dates carry their birth word in the pattern; a date filling a table cell needs a birth
// column header; any other date needs a birth cue around it (dates/dob-cues.ts). Scores are the
// patterns' `score` in patterns/date-of-birth.json.
import data from '../../../patterns/date-of-birth.json';
import { anchorsOf, DIGITS as DIGIT_ANCHOR, FULL_WIDTH_DIGITS as FULL_WIDTH, type Anchors } from '../../text/anchors.js';
import { isDigit } from '../../text/fold.js';
import { TableContext } from '../../text/table-context.js';
import { defineDetector, Raw, rawWith, type RawCandidate } from '../define.js';
import { BirthCues, BirthWords, Stretches } from './dates/dob-cues.js';
import { GateTable, isGateLetter, stickyAt, type AnchorGate, type AnchoredDef } from './dates/sticky.js';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
  जनवरी: 1, फरवरी: 2, मार्च: 3, अप्रैल: 4, अप्रेल: 4, मई: 5, जून: 6, जुलाई: 7, अगस्त: 8, सितंबर: 9, सितम्बर: 9,
  अक्टूबर: 10, अक्तूबर: 10, नवंबर: 11, नवम्बर: 11, दिसंबर: 12, दिसम्बर: 12,
};

export interface YMD {
  year: number;
  month: number;
  day: number;
}

/** Devanagari digits to ASCII, nukta dropped ("फ़रवरी" = "फरवरी"), lower case. */
function fold(s: string): string {
  return s
    .replace(/[०-९]/g, (d) => String(d.charCodeAt(0) - 0x0966))
    .replace(/\u093c/g, '')
    .replace(/\u095e/g, '\u092b')
    .toLowerCase();
}

/** Days in each month of a common year; February of a leap year has 29 (Gregorian rule, as Date.UTC counts). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function realDate(year: number, month: number, day: number, today: Date): YMD | undefined {
  if (!(month >= 1 && month <= 12 && day >= 1 && year >= 1900)) return undefined;
  // Whole numbers up to year 9999 (what the patterns match) by table; anything else as before (Date
  // gives NaN past year 275760).
  const dim = year <= 9999 && Number.isInteger(year) && Number.isInteger(month) ? daysInMonth(year, month) : new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > dim) return undefined;
  const t = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (Date.UTC(year, month - 1, day) > t) return undefined;
  return { year, month, day };
}

/** Two-digit year: the latest year ending in those digits that is not after this year. */
function fullYear(y: number, digits: number, today: Date): number {
  if (digits !== 2) return y;
  const now = today.getUTCFullYear();
  let full = now - (now % 100) + y;
  if (full > now) full -= 100;
  return full;
}

/**
 * Parse a date of birth in the formats the patterns accept; undefined if it is not a real date between
 * 1 January 1900 and `today`. Numeric dates are DD/MM/YYYY, or MM/DD/YYYY when only that reading is valid.
 */
export function parseBirthDate(span: string, today: Date = new Date()): YMD | undefined {
  const numeric = numericParts(span);
  if (numeric !== undefined) return numericDate(numeric, today);
  const s = fold(span);
  const nums = s.match(/[0-9]+/g) ?? [];
  const word = s.match(/[a-z\u0900-\u097f]{3,}/g)?.find((w) => MONTHS[w] !== undefined);
  if (word) {
    const month = MONTHS[word]!;
    if (nums.length !== 2) return undefined;
    const [a, b] = nums as [string, string];
    // "12 March 1985" or "March 12, 1985": the 4-digit number is the year.
    const [day, year] = a.length === 4 ? [Number(b), Number(a)] : [Number(a), Number(b)];
    return realDate(year, month, day, today);
  }
  if (nums.length !== 3) return undefined;
  const [a, b, c] = nums as [string, string, string];
  if (a.length === 4) return realDate(Number(a), Number(b), Number(c), today);
  const year = fullYear(Number(c), c.length, today);
  return realDate(year, Number(b), Number(a), today) ?? realDate(year, Number(a), Number(b), today);
}

/** The digit runs of a numeric date (values and lengths), reused from call to call. */
interface NumericParts {
  count: number;
  value: number[];
  length: number[];
}
const PARTS: NumericParts = { count: 0, value: [0, 0, 0], length: [0, 0, 0] };

/**
 * A span of ASCII digits and ASCII non-letters ("12/03/1985", "1985-03-12"): its digit runs, read in
 * place. Undefined for any other span (a letter, a Devanagari digit, a run of more than 15 digits)
 * and for more than three runs: those take the string path, which answers the same.
 */
function numericParts(span: string): NumericParts | undefined {
  let count = 0;
  let inRun = false;
  for (let i = 0; i < span.length; i++) {
    const c = span.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (!inRun) {
        if (count === 3) return undefined;
        PARTS.value[count] = 0;
        PARTS.length[count] = 0;
        count++;
        inRun = true;
      }
      const k = count - 1;
      if (++PARTS.length[k]! > 15) return undefined;
      PARTS.value[k] = PARTS.value[k]! * 10 + (c - 48);
    } else {
      if (c >= 128 || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) return undefined;
      inRun = false;
    }
  }
  PARTS.count = count;
  return PARTS;
}

/** The numeric path of parseBirthDate on the parts numericParts read. */
function numericDate(p: NumericParts, today: Date): YMD | undefined {
  if (p.count !== 3) return undefined;
  const [a, b, c] = p.value as [number, number, number];
  if (p.length[0] === 4) return realDate(a, b, c, today);
  const year = fullYear(c, p.length[2]!, today);
  return realDate(year, b, a, today) ?? realDate(year, a, b, today);
}

// Local copies of pass A's constants: the hot loops read a module binding, not an import accessor.
const DIGITS = DIGIT_ANCHOR;
const FULL_WIDTH_DIGITS = FULL_WIDTH;

interface DobPatternDef extends AnchoredDef {
  /** A date filling a whole table cell: kept only under a column header holding a birth word. */
  cell?: boolean;
  /** Any date: kept only with a birth cue around it. */
  cue?: boolean;
  /** Where the date starts: a digit run (default), the month word before a day run, or either. */
  anchor?: 'month' | 'digits-or-month';
  /** Gate on the first digit run (for `anchor: month`, on the day run). */
  at?: AnchorGate;
  /** Gate on the day run of the month-first form (`anchor: digits-or-month`). */
  monthAt?: AnchorGate;
  /** Tried only where a birth word (dates/dob-cues.ts) overlaps this many characters before the date. */
  birthWordWithin?: number;
  /** The date shapes (SHAPES) the pattern's digit-led dates can have, read from the anchors. */
  shapes?: string[];
}

/**
 * Date shapes read from pass A's run shapes at the date's first run: three runs joined by one same
 * separator from / . - (the day and month of 1-2 digits, a 2- or 4-digit year, or a 4-digit year
 * first), or a day run followed by a 4-digit year run within 20 characters (a month word between:
 * ordinal, separators, "of", the month, "." and "," take at most 20) or within 4 (month first: the day
 * is followed by an ordinal, a comma and a space at most).
 */
const SHAPES: Readonly<Record<string, number>> = { 'd-m-yy': 1, 'd-m-yyyy': 2, 'yyyy-m-d': 4, 'd month yyyy': 8, 'month d yyyy': 16 };
const DAY_MONTH_GAP = 20;
const MONTH_DAY_GAP = 4;

const LABEL = 0;
const CELL = 1;
const CUE = 2;

interface DobPattern {
  name: string;
  score: number;
  role: number;
  sticky: RegExp;
  birthWordWithin: number;
}

const patterns: DobPattern[] = (data.patterns as DobPatternDef[]).map((p) => ({
  name: p.name,
  score: p.score,
  role: p.cell ? CELL : p.cue ? CUE : LABEL,
  sticky: stickyAt({ ...p, spanGroup: p.spanGroup ?? 1 }, data.id),
  birthWordWithin: p.birthWordWithin ?? 0,
}));
const NEVER: AnchorGate = { lengths: [] };
const defs = data.patterns as DobPatternDef[];
const shapeBits = (names: readonly string[] | undefined): number => (names ?? []).reduce((m, n) => m | (SHAPES[n] ?? 0), 0);
/** Per shape bit set: the patterns (bit k) that may start a date of one of those shapes at the run. */
const digitShapes = new Int32Array(32);
const monthShapes = new Int32Array(32);
for (let bits = 0; bits < 32; bits++) {
  defs.forEach((p, k) => {
    if (p.anchor !== 'month' && (shapeBits(p.shapes) & bits) !== 0) digitShapes[bits]! |= 1 << k;
    if ((p.anchor === 'month' || p.anchor === 'digits-or-month') && (bits & SHAPES['month d yyyy']!) !== 0) monthShapes[bits]! |= 1 << k;
  });
}
/** Patterns whose date can start at a digit run, by the gate on that run. */
const digitGates = new GateTable(defs.map((p) => (p.anchor === 'month' ? NEVER : p.at)));
/** Patterns whose date can start at the month word before a day run, by the gate on the day run. */
const monthGates = new GateTable(defs.map((p) => (p.anchor === 'month' ? p.at : p.anchor === 'digits-or-month' ? p.monthAt : NEVER)));
// Candidates reach the engine as the whole-text detector gave them: cell dates, cued dates, then the
// labelled patterns in file order.
const ORDER = [...patterns.keys()].sort((a, b) => (patterns[a]!.role === LABEL ? 3 : patterns[a]!.role) - (patterns[b]!.role === LABEL ? 3 : patterns[b]!.role) || a - b);
const cues = new BirthCues(data);
/** Month names are 3 to 9 UTF-16 units long ("may", "september", "सितम्बर"). */
const MONTH_MIN = 3;
const MONTH_MAX = 9;

/** Per-call state: lazily built table and cue maps. */
interface Scan {
  text: string;
  out: RawCandidate[][];
  found: number;
  table: TableContext | null | undefined;
  birthWords: BirthWords | undefined;
  stretches: Stretches | undefined;
}

/** Run pattern k with its date at `start`; true when the pattern matched there. */
function tryAt(scan: Scan, k: number, start: number): boolean {
  const p = patterns[k]!;
  const { text } = scan;
  if (p.birthWordWithin > 0) {
    scan.birthWords ??= new BirthWords(text);
    if (!scan.birthWords.near(start - p.birthWordWithin, start)) return false;
  }
  const re = p.sticky;
  re.lastIndex = start;
  if (!re.test(text)) return false;
  let end = re.lastIndex;
  if (p.role === CELL) {
    // the match runs on over a closing quote and blanks; the date ends on its last digit
    while (end > start && !isDigit(text.charCodeAt(end - 1))) end--;
    if (scan.table === undefined) scan.table = text.includes('\n') ? new TableContext(text) : null;
    const header = scan.table?.headerAt(start, end);
    if (!header || !cues.isBirthHeader(header)) return true;
    scan.out[k]!.push(rawWith(start, end, p.score, p.name, true));
    scan.found++;
  } else if (p.role === CUE) {
    scan.stretches ??= new Stretches((scan.birthWords ??= new BirthWords(text)));
    if (!scan.stretches.covers(start, end) || !cues.cued(text, start, end)) return true;
    scan.out[k]!.push(rawWith(start, end, p.score, p.name, true));
    scan.found++;
  } else {
    scan.out[k]!.push(new Raw(start, end, p.score, p.name));
    scan.found++;
  }
  return true;
}

/** A month-first date whose day run starts at `day`: the month word ends before `\.?[ -]`; try each length. */
function tryMonthFirst(scan: Scan, k: number, day: number): void {
  const { text } = scan;
  let q = day - 1;
  if (q > 0 && text.charCodeAt(q - 1) === 46) q--;
  let r = q;
  while (r > 0 && q - r < MONTH_MAX && isGateLetter(text.charCodeAt(r - 1))) r--;
  for (let s = q - MONTH_MIN; s >= r; s--) if (tryAt(scan, k, s)) return;
}

/** The SHAPES bits of a date starting at digit run i (0 when no date can start there). */
function shapeAt(a: Anchors, i: number): number {
  const len = a.end[i]! - a.start[i]!;
  if (len !== 1 && len !== 2 && len !== 4) return 0;
  let bits = 0;
  const sep = a.sep[i]!;
  if (a.groups[i]! >= 3 && (sep === 47 || sep === 46 || sep === 45)) {
    const second = a.end[i + 1]! - a.start[i + 1]!;
    const third = a.end[i + 2]! - a.start[i + 2]!;
    if (len === 4 && second <= 2 && third <= 2) bits |= SHAPES['yyyy-m-d']!;
    if (len <= 2 && second <= 2) bits |= third === 2 ? SHAPES['d-m-yy']! : third === 4 ? SHAPES['d-m-yyyy']! : 0;
  }
  if (len <= 2 && i + 1 < a.count && a.kind[i + 1] === DIGITS && a.end[i + 1]! - a.start[i + 1]! === 4) {
    const gap = a.start[i + 1]! - a.end[i]!;
    if (gap <= DAY_MONTH_GAP) bits |= SHAPES['d month yyyy']!;
    if (gap <= MONTH_DAY_GAP) bits |= SHAPES['month d yyyy']!;
  }
  return bits;
}

/**
 * The per-call state, reused from call to call: the candidate lists keep their arrays (a call empties
 * only what it filled), the lazy table and cue maps are dropped. `found` counts this call's candidates.
 */
const scan: Scan = { text: '', out: patterns.map(() => []), found: 0, table: undefined, birthWords: undefined, stretches: undefined };

function findDates(text: string): RawCandidate[] {
  const result: RawCandidate[] = [];
  // a call cut short by an exception left its candidates behind
  if (scan.found !== 0) for (const list of scan.out) list.length = 0;
  scan.text = text;
  scan.found = 0;
  scan.table = undefined;
  scan.birthWords = undefined;
  scan.stretches = undefined;
  const a = anchorsOf(text);
  for (let i = 0; i < a.count; i++) {
    if (a.kind[i] !== DIGITS || a.script[i]! & FULL_WIDTH_DIGITS) continue;
    const shape = shapeAt(a, i);
    if (shape === 0) continue;
    const start = a.start[i]!;
    const end = a.end[i]!;
    for (let m = digitGates.mask(text, start, end) & digitShapes[shape]!; m !== 0; m &= m - 1) tryAt(scan, 31 - Math.clz32(m & -m), start);
    for (let m = monthGates.mask(text, start, end) & monthShapes[shape]!; m !== 0; m &= m - 1) tryMonthFirst(scan, 31 - Math.clz32(m & -m), start);
  }
  if (scan.found !== 0) {
    for (const k of ORDER) {
      const list = scan.out[k]!;
      if (list.length === 0) continue;
      for (let i = 0; i < list.length; i++) result.push(list[i]!);
      list.length = 0;
    }
    scan.found = 0;
  }
  // the call's text and lazy maps are not kept alive until the next call
  scan.text = '';
  scan.table = undefined;
  scan.birthWords = undefined;
  scan.stretches = undefined;
  return result;
}

// The patterns of patterns/date-of-birth.json run from findDates (anchored), not as the engine's
// whole-text patterns; every date is then validated as a real past date.
export const dateOfBirth = defineDetector(data, {
  patterns: [],
  find: findDates,
  validate: (span) => parseBirthDate(span) !== undefined,
});
