// TEST ORACLE, not used by src/: the DATE_OF_BIRTH detector as it was before the anchor rewrite
// (issue 11) (src/detect/detectors/date-of-birth.ts at 7ecf54f): the labelled patterns run by the
// engine over the whole text, cell and cue dates by whole-text scans. test/detect/dates-oracle.test.ts
// checks that the anchored detector gives the same spans and scores. Delete once that test is retired.
// Date of birth: a real date (1900 to today) right after a birth word (DOB, date of birth, born on, जन्म तिथि ...).
import data from '../../patterns/date-of-birth.json';
import { TableContext } from '../../src/text/table-context.js';
import { compilePattern, ContextMatcher, patternHits, words, type DetectorSpec, type PatternDef, type RawCandidate } from '../../src/detect/define.js';

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

function realDate(year: number, month: number, day: number, today: Date): YMD | undefined {
  if (!(month >= 1 && month <= 12 && day >= 1 && year >= 1900)) return undefined;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
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

interface DobPatternDef extends PatternDef {
  /** Capture group that is the span (compiled as `group`). */
  spanGroup?: number;
  /** A date filling a whole table cell: kept only under a column header holding a birth word. */
  cell?: boolean;
  /** Any date: kept only with a birth cue around it (findCueDates). */
  cue?: boolean;
}

const defs = (data.patterns as DobPatternDef[]).map(({ spanGroup, cell, cue, ...p }) => ({ def: { ...p, group: spanGroup ?? (cue ? 1 : undefined) }, cell, cue }));
const cellPatterns = defs.filter((d) => d.cell).map((d) => compilePattern(d.def, data.id));
const cuePatterns = defs.filter((d) => d.cue).map((d) => compilePattern(d.def, data.id));
const birthWords = new ContextMatcher(data.context);
const otherDateWords = new ContextMatcher(data.otherDateWords);
const CUE = data.cueWindow;

function lineStartAt(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEndAt(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}

const SPEAKER = /^[\s\p{L}\p{M}.\-—–'()]{0,40}:\s*/u;
const HAS_DIGIT = /[0-9०-९]/;
// After the date, a cue must sit in the same field: a digit, comma, semicolon, pipe or tab ends it.
const FIELD_END = /[0-9०-९,;|\t]/;

/**
 * A birth word before the date on its line, nearer than any other date word and with no number in
 * between: "I was born in a small town on 22/11/1972", `"dob": "1985-01-01"`, "DOB (as per PAN) -".
 */
function cueBefore(text: string, start: number): boolean {
  const from = Math.max(lineStartAt(text, start), start - CUE.before);
  const before = text.slice(from, start);
  const w = words(before);
  for (let i = w.length - 1; i >= 0; i--) {
    const tail = w.slice(i);
    if (otherDateWords.find([w[i]!]).length) return false;
    if (birthWords.find(tail.slice(0, 3)).length) {
      // no digit between the birth word and the date (another date or number would own the word)
      const at = before.toLowerCase().lastIndexOf(w[i]!);
      return at >= 0 && !HAS_DIGIT.test(before.slice(at));
    }
  }
  return false;
}

/** A birth word right after the date in its field: "1985-01-01 is my birthday", "12/03/1985 (DOB)". */
function cueAfter(text: string, end: number): boolean {
  const to = Math.min(lineEndAt(text, end), end + CUE.after);
  const after = text.slice(end, to);
  const cut = after.search(FIELD_END);
  const w = words(cut >= 0 ? after.slice(0, cut) : after);
  for (let i = 0; i < w.length; i++) {
    if (otherDateWords.find([w[i]!]).length) return false;
    if (birthWords.find(w.slice(i, i + 3)).length) return true;
  }
  return false;
}

/** The date is all its line says (after a "Speaker:" label) and the previous non-empty line asks for a birth date. */
function cuePreviousLine(text: string, start: number, end: number): boolean {
  const ls = lineStartAt(text, start);
  if (ls === 0) return false;
  const rest = text.slice(ls, start).replace(SPEAKER, '') + text.slice(end, lineEndAt(text, end));
  if (/[\p{L}\p{N}]/u.test(rest)) return false;
  let pe = ls - 1;
  while (pe > 0 && text[pe - 1] === '\n') pe--;
  const prev = text.slice(lineStartAt(text, pe), pe);
  return birthWords.find(words(prev)).length > 0 && otherDateWords.find(words(prev)).length === 0;
}

// Every cue needs a birth word: its line and the line after it are the only places a cued date can
// be, so the date pattern runs on those stretches only (one literal scan for texts without one).
const BIRTH_WORD = /birth|born|d\.?\s?o\.?\s?b|जन्म|janam|janm/gi;

/** Any date with a birth cue around it that the labelled patterns do not reach. */
function* findCueDates(text: string): Generator<RawCandidate> {
  BIRTH_WORD.lastIndex = 0;
  let doneTo = 0;
  for (let m = BIRTH_WORD.exec(text); m; m = BIRTH_WORD.exec(text)) {
    const from = Math.max(doneTo, lineStartAt(text, m.index));
    // the birth word's line and the next non-empty line
    let nl = text.indexOf('\n', m.index);
    while (nl >= 0 && text[nl + 1] === '\n') nl++;
    const to = nl < 0 ? text.length : lineEndAt(text, nl + 1);
    if (to <= from) continue;
    doneTo = to;
    BIRTH_WORD.lastIndex = Math.max(BIRTH_WORD.lastIndex, to);
    const stretch = text.slice(from, to);
    for (const p of cuePatterns) {
      for (const h of patternHits(p, stretch)) {
        const start = from + h.start;
        const end = from + h.end;
        if (cueBefore(text, start) || cueAfter(text, end) || cuePreviousLine(text, start, end)) {
          yield { start, end, score: p.score, pattern: p.name, contextual: true };
        }
      }
    }
  }
}

/**
 * Dates that fill a table cell under a birth column (`dob`, `date_of_birth`): in a CSV the header is
 * far from the value, and a date in another column (order_date) or in prose is not a birth date.
 * The header is read here, not left to the engine's context window, because the window of a first
 * data row still sees the header line, where `dob` names a neighbouring column.
 */
function* findCellDates(text: string): Generator<RawCandidate> {
  if (!text.includes('\n')) return;
  let table: TableContext | undefined;
  for (const p of cellPatterns) {
    for (const { start, end } of patternHits(p, text)) {
      table ??= new TableContext(text);
      const header = table.headerAt(start, end);
      if (!header || birthWords.find(header).length === 0) continue;
      yield { start, end, score: p.score, pattern: p.name, contextual: true };
    }
  }
}

export const oracleDobSpec: DetectorSpec = {
  id: data.id,
  type: data.type,
  // `spanGroup` in the JSON is the capture group holding the date (the birth word stays outside the span).
  patterns: defs.filter((d) => !d.cell && !d.cue).map((d) => d.def),
  find: (text) => [...findCellDates(text), ...findCueDates(text)],
  context: data.context,
  validate: (span) => parseBirthDate(span) !== undefined,
};
