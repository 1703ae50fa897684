// A folded view of a text for detection, with a map back to the original (issue 14, item 2).
//
// Text pasted from Word, PDFs and web pages carries invisible separators: a no-break space between
// the groups of an Aadhaar number, a zero-width space inside a phone number, a soft hyphen, a BOM,
// full-width digits from a CJK input method. Every detector is written for ASCII separators and
// digits, so each of those hid the value. Detection runs on this view instead:
//
//   - Unicode spaces (NBSP, narrow NBSP, en/em/thin/hair spaces, ideographic space, ...) → ' ';
//     line and paragraph separators (U+2028, U+2029) → '\n';
//   - hyphen, non-breaking hyphen and figure dash (U+2010–U+2012) → '-';
//   - format characters (soft hyphen, ZWSP, ZWNJ, ZWJ, LRM/RLM, bidi embeddings and isolates, word
//     joiner, invisible operators, BOM, CGJ, Arabic letter mark, Mongolian vowel separator) removed,
//     except that a run of them between a letter and a digit becomes one space: there it is the only
//     separator ("mobile<ZWSP>9876543210"), and removing it would glue a label to the number. (So an
//     ID with an invisible character between its letters and digits, "ABCPK<ZWSP>1234F", is read as
//     two words, as it would be with a visible space.)
//   - full-width ASCII (U+FF01–U+FF5E: digits, letters, '@', '+', '.', ...) → ASCII.
//
// Except: a run of format characters between two symbols (the zero-width joiner of an emoji sequence,
// "👮‍♂") stays, and a text with nothing else to fold is not copied (`foldText`).
//
// Every change maps one UTF-16 unit to one or none, so a folded index maps back to exactly one
// original index. The map is built only when the text holds such a character: a text without one
// costs one scan of a single character-class regex and no allocation. It is kept as the few points
// where the distance between the two indexes changes (only where characters were removed), not as
// one entry per character: a 64 KB chunk with one NBSP in it cost a 256 KB map filled unit by unit.
// This module imports nothing else from kavach.

/** The units the fold changes, as [first, last]: the one list the regex and the unit table below are
 *  made from. (A one-byte string can only hold U+00A0 and U+00AD of these.) */
const FOLDABLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00a0, 0x00a0], [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x1680, 0x1680], [0x180e, 0x180e],
  [0x2000, 0x2012], [0x2028, 0x202f], [0x205f, 0x2064], [0x2066, 0x206f], [0x3000, 0x3000], [0xfeff, 0xfeff],
  [0xff01, 0xff5e],
];
const escapeUnit = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;
/** Any character the fold changes (a whole text is searched with this regex: faster than a loop). */
const FOLDABLE = new RegExp(`[${FOLDABLE_RANGES.map(([a, b]) => (a === b ? escapeUnit(a) : `${escapeUnit(a)}-${escapeUnit(b)}`)).join('')}]`);
/** Per UTF-16 unit: 1 when the fold changes it (for a scan that reads unit by unit). */
const FOLDABLE_UNIT = new Uint8Array(0x10000);
for (const [a, b] of FOLDABLE_RANGES) FOLDABLE_UNIT.fill(1, a, b + 1);
/** The same class, global. */
const FOLDABLE_ALL = new RegExp(FOLDABLE.source, 'g');

const REMOVE = -1;

/** What a foldable character becomes: a character code, or REMOVE. */
function folded(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0; // full-width ASCII
  if (c === 0x2028 || c === 0x2029) return 0x0a; // line / paragraph separator
  if (c >= 0x2010 && c <= 0x2012) return 0x2d; // hyphen, non-breaking hyphen, figure dash
  if (c === 0x00a0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000) return 0x20;
  return REMOVE; // format characters: U+00AD, U+034F, U+061C, U+180E, U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+206F, U+FEFF
}

function isFormat(c: number): boolean {
  return foldableCode(c) && folded(c) === REMOVE;
}

/** The character a text character reads as in the folded view (itself when the fold leaves it). */
function asFolded(c: number): number {
  return c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
}

/** An ASCII or Devanagari digit (the digits detection reads after the fold). */
export function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x0966 && c <= 0x096f);
}

const LETTER = /^[\p{L}\p{M}]$/u;
function isLetter(c: number): boolean {
  if (c < 0) return false;
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return LETTER.test(String.fromCharCode(c));
}

/** A folded view: `text` is what detectors see; `originalIndex(i)` is the original index of `text[i]`. */
export interface FoldedText {
  readonly text: string;
  /** The original index of `text[i]`, for 0 ≤ i ≤ text.length (`text.length` gives the original length). */
  originalIndex(i: number): number;
}

/** The index map as its breakpoints: from folded index `at[k]` on, original = folded + `shift[k]`. */
class Folded implements FoldedText {
  constructor(
    readonly text: string,
    private readonly at: readonly number[],
    private readonly shift: readonly number[],
  ) {}

  originalIndex(i: number): number {
    const at = this.at;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? i : i + this.shift[lo - 1]!;
  }
}

/** True when `text` holds a character the fold may change (`foldText` decides joiners by what is around them). */
export function needsFold(text: string): boolean {
  return FOLDABLE.test(text);
}

/**
 * Whether the fold changes the UTF-16 unit `c`, for a scan that already reads every unit (pass A notes
 * it, so detection needs no scan of its own for it).
 */
export function foldableCode(c: number): boolean {
  return FOLDABLE_UNIT[c] === 1;
}

/** A symbol outside ASCII: emoji, pictographs, dingbats, box drawing, skin-tone modifiers. */
const SYMBOL = /^[\p{So}\p{Sk}]$/u;
const symbolMemo = new Map<number, boolean>();

/** Whether code point `cp` is a symbol outside ASCII the fold leaves (a lone surrogate is not; -1: the text's edge). */
function isSymbolPoint(cp: number): boolean {
  if (cp < 0x80) return false;
  let s = symbolMemo.get(cp);
  if (s === undefined) symbolMemo.set(cp, (s = !(cp <= 0xffff && foldableCode(cp)) && SYMBOL.test(String.fromCodePoint(cp))));
  return s;
}

/** The code point that ends just before index `i` (a whole surrogate pair), or -1 at the start. */
function pointBefore(text: string, i: number): number {
  if (i <= 0) return -1;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const cp = text.codePointAt(i - 2)!;
    if (cp > 0xffff) return cp;
  }
  return c;
}

/**
 * The folded view of `text`, or undefined when folding changes nothing (the common case: nothing to
 * fold, or only format characters between two symbols).
 *
 * A run of format characters with a symbol outside ASCII on both sides stays as it is: the zero-width
 * joiner inside an emoji sequence ("👮", ZWJ, "♂"). It separates nothing a detector reads: it is a
 * gap unit, like the symbols around it, and no pattern reads across a symbol. Removing it only
 * shortened the text by a unit (the unit-measured context windows around it counted one unit less of
 * a glyph whose other units they count), and it cost a copy of the whole text: a folded text is a new
 * string as long as the original, and one over V8's 128 KB limit for ordinary objects (64 K units of
 * a two-byte text) lands on fresh pages, whose page faults cost ~0.35 ms a 64 KB text on the bench
 * host, more than finding the rest of its identifiers. A joiner next to a variation selector (a mark),
 * a letter, a digit, ASCII or a lone surrogate is removed as before.
 */
export function foldText(text: string): FoldedText | undefined {
  // The last text's view, kept: `anonymise` folds a text for detection and again for money spans,
  // and a second copy of a long text cost its page faults again.
  if (text === lastText) {
    lastText = text; // an equal copy: keep this one, so the next check compares pointers
    return lastFold;
  }
  const fold = foldAnew(text);
  lastText = text;
  lastFold = fold;
  return fold;
}

let lastText: string | undefined;
let lastFold: FoldedText | undefined;

function foldAnew(text: string): FoldedText | undefined {
  if (!FOLDABLE.test(text)) return undefined;
  const n = text.length;
  const at: number[] = [];
  const shift: number[] = [];
  let cur = 0; // original - folded index at the end of `out`
  /** Folded index f holds original index o: a breakpoint when their distance changes there. */
  const mark = (f: number, o: number): void => {
    if (o - f === cur) return;
    cur = o - f;
    at.push(f);
    shift.push(cur);
  };
  let out = '';
  let f = 0;
  let pos = 0;
  let changed = false;
  // The last character emitted, kept here: reading it back from `out` would flatten the growing
  // string on every run (quadratic on "a<ZWSP>" repeated).
  let last = -1;
  FOLDABLE_ALL.lastIndex = 0;
  for (let m = FOLDABLE_ALL.exec(text); m !== null; m = FOLDABLE_ALL.exec(text)) {
    const i = m.index;
    const r = folded(text.charCodeAt(i));
    // A run of format characters: decided once for the whole run (linear however long it is).
    let j = i + 1;
    if (r === REMOVE) {
      while (j < n && isFormat(text.charCodeAt(j))) j++;
      if (isSymbolPoint(pointBefore(text, i)) && isSymbolPoint(text.codePointAt(j) ?? -1)) {
        FOLDABLE_ALL.lastIndex = j; // kept: copied with the text around it
        continue;
      }
    }
    changed = true;
    if (i > pos) {
      out += text.slice(pos, i);
      mark(f, pos);
      f += i - pos;
      last = text.charCodeAt(i - 1);
    }
    if (r !== REMOVE) {
      out += String.fromCharCode(r);
      mark(f++, i);
      last = r;
      pos = i + 1;
      continue;
    }
    const after = j < n ? asFolded(text.charCodeAt(j)) : -1;
    if ((isLetter(last) && isDigit(after)) || (isDigit(last) && isLetter(after))) {
      out += ' ';
      mark(f++, i);
      last = 0x20;
    }
    pos = j;
    FOLDABLE_ALL.lastIndex = j;
  }
  if (!changed) return undefined;
  if (pos < n) {
    out += text.slice(pos);
    mark(f, pos);
    f += n - pos;
  }
  mark(f, n);
  return new Folded(out, at, shift);
}

/**
 * The original span of the folded span [start, end) (end > start): from the original position of its
 * first character to just after its last, so characters removed inside it (a ZWSP between digits)
 * are covered and those just outside it are not.
 */
export function originalSpan(fold: FoldedText, start: number, end: number): { start: number; end: number } {
  return { start: fold.originalIndex(start), end: fold.originalIndex(end - 1) + 1 };
}
