// Pass A of detection (issue 11): one scan of the text for the characters every identifier, date and
// age holds at least one of (digits of three scripts, '@', ':'), each run walked by hand and described
// by its shape in typed arrays. Detectors then look only at the anchors whose shape fits them, and run
// their own regex sticky at that spot, instead of scanning the whole text once per pattern.
//
// Measured (../shared/PERF-NOTES.md §1.1, Appendix B): a regex `test()` to skip to the next anchor plus
// a hand walk of the run costs ≈ 2 µs per KB (430–480 MB/s); `exec` of `/[0-9]+/g` with match strings
// costs twice that. The scan also notes whether the text holds a character the fold changes
// (fold.ts), so detection needs no separate scan for that.
//
// When the text's shared tokens (pass B, tokens.ts) are already made, the anchors are read off them
// instead: every digit lies inside a token (digits are word characters), and the tokens mark the gaps
// holding '@' or ':' and whether any unit is foldable. Then only the tokens holding a digit and the
// marked gaps are read, not the whole text; the anchors are the same (test/text/anchors-from-tokens.test.ts).
// This module imports nothing else from kavach but fold.ts, tokens.ts, its readers (anchor-reads.ts)
// and a binary search (search.ts).
import { atAnchor, Builder, colonAnchor, digitRun, digitValue, DIGITS, FULL_WIDTH_DIGITS } from './anchor-reads.js';
import { foldableCode } from './fold.js';
import { firstOver } from './search.js';
import { flagUnits } from './wasm.js';
import { T_ANCHOR_BEFORE, T_DIGIT, tokensIfDone, type Tokens } from './tokens.js';

export { ASCII_DIGITS, AT, COLON, DEVANAGARI_DIGITS, digitValue, DIGITS, FULL_WIDTH_DIGITS, MAX_GLUED } from './anchor-reads.js';

/**
 * The anchors of one text, in text order (index i in 0 … count-1 in every array).
 *
 * For a DIGITS anchor (a maximal run of digits, any mix of ASCII 0-9, Devanagari ०-९ and
 * full-width ０-９):
 * - `start[i]`, `end[i]`: the run [start, end); `end - start` is its length.
 * - `script[i]`: which digit scripts occur in it (ASCII_DIGITS | DEVANAGARI_DIGITS | FULL_WIDTH_DIGITS).
 * - `lead[i]`: the value 0-9 of its first digit.
 * - `before[i]` / `after[i]`: how many ASCII letters are glued right before / after the run (capped at
 *   MAX_GLUED): "ABCPK1234F" gives the run "1234" before = 5, after = 1.
 * - `prev[i]`: the character code just before those glued letters (-1 at the text start): '+' or '('
 *   for "+91…" / "(022)…", ' ' for "MH 12 …".
 * - `next[i]`: the character code just after the run (-1 at the end), e.g. the grouping separator.
 * - `sep[i]`: when the run is followed by one separator (' ', '-', '.', '/') and another digit run, that
 *   separator's code, else 0.
 * - `groups[i]`: how many digit runs, joined by that same single separator, start with this run
 *   ("1234 5678 9012" → 3 on the first run, 2 on the second, 1 on the last); 1 when `sep` is 0.
 * - `groupEnd[i]`: end of the last of those runs (the whole grouped number is [start, groupEnd)).
 * - `chain[i]`: how many digit runs, each joined to the next by one separator of any of those four
 *   (not necessarily the same), start with this run ("1234 5678-9012" → 3; capped at 255); 1 when
 *   `sep` is 0.
 *
 * For an AT anchor: `start` is the '@', `end` = start + 1; `before[i]` is how far the run of
 * local-part characters [A-Za-z0-9._%+-] before it reaches back (capped at 255), `after[i]` the run of
 * domain characters [A-Za-z0-9.-] after it (capped at 255); `prev`, `next` the characters around the
 * '@'. For a COLON anchor: `start` is the ':', `end` = start + 1, `after[i]` the distance to the next
 * ':' (1-5). Fields not listed for a kind are 0.
 */
export interface Anchors {
  readonly text: string;
  /** Whether the text holds a character the fold may change (when false, `foldText` returns undefined). */
  readonly foldable: boolean;
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly script: Uint8Array;
  readonly lead: Uint8Array;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly sep: Uint8Array;
  readonly groups: Uint8Array;
  readonly groupEnd: Int32Array;
  readonly chain: Uint8Array;
}

/** ASCII anchor characters: digits, ':' and '@' (a byte table: one load per character). */
const ASCII_ANCHOR = new Uint8Array(128);
for (let c = 48; c <= 58; c++) ASCII_ANCHOR[c] = 1;
ASCII_ANCHOR[64] = 1;

/** Scan `text` for anchors (not memoised; see `anchorsOf`). */
export function scanAnchors(text: string): Anchors {
  // Dense identifier text holds about one anchor per 20 characters; prose far fewer.
  return scanInto(text, new Builder(64 + (text.length >> 4)));
}

function scanInto(text: string, b: Builder, views = true, tokens?: Tokens): Anchors {
  foldSeen = false;
  if (tokens === undefined) scanRuns(text, b);
  else tokenRuns(text, tokens, b);
  b.foldable = tokens === undefined ? foldSeen : tokens.foldable;
  linkGroups(b);
  // The memo hands out the builder itself, arrays whole (readers stop at `count`): sixteen views per
  // call were most of a short text's garbage, and an object of fifteen fields per call the rest.
  if (!views) {
    b.text = text;
    return b;
  }
  return {
    text,
    foldable: b.foldable,
    count: b.count,
    kind: b.kind.subarray(0, b.count),
    start: b.start.subarray(0, b.count),
    end: b.end.subarray(0, b.count),
    script: b.script.subarray(0, b.count),
    lead: b.lead.subarray(0, b.count),
    before: b.before.subarray(0, b.count),
    after: b.after.subarray(0, b.count),
    prev: b.prev.subarray(0, b.count),
    next: b.next.subarray(0, b.count),
    sep: b.sep.subarray(0, b.count),
    groups: b.groups.subarray(0, b.count),
    groupEnd: b.groupEnd.subarray(0, b.count),
    chain: b.chain.subarray(0, b.count),
  };
}

// scanRuns and linkGroups end with their loops: code after a loop V8 compiled on the stack for a
// large text deoptimised every later call (36–40 in 400 1 KB calls after one 64 KB text; see `fill`
// in detect/detectors/person/tokens.ts).

/** Set by `scanRuns` when it meets a character the fold changes (a module variable: see above). */
let foldSeen = false;

/** Texts up to this many units are scanned two units at a time (`scanWords`); longer ones unit by unit,
 *  so the copy below never holds more than 2 MB. */
const WORDS_MAX = 1 << 20;
/** The text's UTF-16 units as 32-bit words, two a word (little-endian: the first unit in the low half). */
let words = new Uint32Array(2048);
let wordBytes = Buffer.from(words.buffer);

/** Every anchor of `text`, appended to `b` (groups of 1). */
function scanRuns(text: string, b: Builder): void {
  const n = text.length;
  const flags = flagUnits(text);
  if (flags !== undefined) return scanFlags(text, b, flags);
  if (n > WORDS_MAX) return scanUnits(text, b);
  const m = (n + 1) >> 1;
  if (words.length < m) {
    words = new Uint32Array(Math.min(Math.max(m, words.length * 2), (WORDS_MAX + 1) >> 1));
    wordBytes = Buffer.from(words.buffer);
  }
  // One native copy of the units (about 0.1 ns a unit), then two units tested per word with 32-bit
  // arithmetic: about two thirds of the time of reading them one by one with `charCodeAt` on prose.
  wordBytes.write(text, 0, 'utf16le');
  scanWords(text, b, words, m);
}

/**
 * `scanRuns` over the copied words. A unit needs a look when it is outside ASCII or one of '0'-'9',
 * ':' and '@'; per 16-bit lane (values below 0x80 after the mask, so no carry crosses a lane):
 * x + (0x8000 - 0x30) sets the lane's top bit when x >= 0x30, x + (0x8000 - 0x3b) when x >= 0x3b, and
 * (x ^ 0x40) + 0x7fff leaves it clear only when x is 0x40. A flagged lane is then read as before.
 */
function scanWords(text: string, b: Builder, w32: Uint32Array, m: number): void {
  const n = text.length;
  let next = 0; // units before it are read (a digit run reads past its first unit)
  for (let q = 0; q < m; q++) {
    const w = w32[q]!;
    const x = w & 0x007f007f;
    const look = (w & 0xff80ff80) | ((((x + 0x7fd07fd0) & ~(x + 0x7fc57fc5)) | ~((x ^ 0x00400040) + 0x7fff7fff)) & 0x80008000);
    if (look === 0) continue;
    let p = 2 * q;
    if ((look & 0xffff) === 0 || p < next) p++;
    for (; p < 2 * q + 2 && p < n; p++) {
      if (p < next) continue;
      const e = unitAt(text, b, p);
      if (e > p + 1) {
        // A digit run: go on from its end.
        next = e;
        q = (next >> 1) - 1;
        break;
      }
    }
  }
}

/**
 * `scanRuns` over the SIMD scan's bits (wasm.ts): one int32 read passes 32 units none of which
 * needs a look; each set bit is read as the loops above read a unit, and a digit run's end clears
 * the bits it covers.
 */
function scanFlags(text: string, b: Builder, flags: Int32Array): void {
  const words = (text.length + 31) >>> 5;
  let next = 0; // units before it are read
  for (let q = 0; q < words; q++) {
    let bits = flags[q]!;
    if (bits === 0) continue;
    const base = q << 5;
    if (next > base) {
      if (next - base >= 32) continue;
      bits &= -1 << (next - base);
    }
    while (bits !== 0) {
      const p = base + 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      const e = unitAt(text, b, p);
      if (e > p + 1) {
        next = e;
        if (e - base >= 32) break;
        bits &= -1 << (e - base);
      }
    }
  }
}

/** `scanRuns` unit by unit (a long text: no copy). */
function scanUnits(text: string, b: Builder): void {
  const n = text.length;
  for (let p = 0; p < n; ) {
    const c = text.charCodeAt(p);
    p = c < 128 && ASCII_ANCHOR[c] === 0 ? p + 1 : unitAt(text, b, p);
  }
}

/**
 * Read the unit at `p` for pass A: an anchor starting there is appended to `b`, a unit the fold
 * changes is noted; returns where the scan goes on (the end of a digit run, else p + 1).
 */
function unitAt(text: string, b: Builder, p: number): number {
  const c = text.charCodeAt(p);
  if (c < 128) {
    if (ASCII_ANCHOR[c] === 0) return p + 1;
  } else if (c < 0x0966 || c > 0x096f) {
    // Outside ASCII and the Devanagari digits: a full-width digit is an anchor the fold changes;
    // any other character is no anchor, and may be one the fold changes.
    if (foldableCode(c)) foldSeen = true;
    if (c < 0xff10 || c > 0xff19) return p + 1;
  }
  if (c === 64) atAnchor(text, b, p);
  else if (c === 58) colonAnchor(text, b, p);
  else {
    const end = digitRun(text, b, p, c);
    // A full-width digit inside a run (after an ASCII one: "12３") is read by the run, not by the test above.
    if ((b.script[b.count - 1]! & FULL_WIDTH_DIGITS) !== 0) foldSeen = true;
    return end;
  }
  return p + 1;
}

/**
 * `scanRuns` read off the text's tokens: the digit runs inside the tokens that hold a number
 * character, and the '@' and ':' of the gaps the tokens mark, in text order (`foldable` is the
 * tokens' own, set by `scanInto`).
 */
function tokenRuns(text: string, t: Tokens, b: Builder): void {
  const { start, end, flags, count } = t;
  // Read before the loop: a property read after it had no type feedback in the code V8 compiled on the
  // stack for a large text, and deoptimised every later call (600 of 900 short calls in
  // test/detect/deopt-storm.test.ts, once, in a full test run).
  const atEnd = t.anchorAtEnd;
  // Most tokens hold neither a digit nor an anchor in the gap before them: one flag read passes them.
  for (let j = 0; j < count; j++) {
    const f = flags[j]!;
    if ((f & (T_ANCHOR_BEFORE | T_DIGIT)) === 0) continue;
    if ((f & T_ANCHOR_BEFORE) !== 0) gapAnchors(text, b, j > 0 ? end[j - 1]! : 0, start[j]!);
    if ((f & T_DIGIT) === 0) continue;
    const e = end[j]!;
    for (let p = start[j]!; p < e; p++) {
      const c = text.charCodeAt(p);
      if (digitValue(c) >= 0) p = digitRun(text, b, p, c) - 1;
    }
  }
  if (atEnd) gapAnchors(text, b, count > 0 ? end[count - 1]! : 0, text.length);
}

/** The '@' and ':' anchors of text[from, to). */
function gapAnchors(text: string, b: Builder, from: number, to: number): void {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === 64) atAnchor(text, b, p);
    else if (c === 58) colonAnchor(text, b, p);
  }
}

function linkGroups(b: Builder): void {
  // Groups, right to left: a run continues the group of the run after it when joined by the same
  // separator (so "1234 5678-9012" is two groups: 1234 5678, then 5678-9012).
  for (let i = b.count - 2; i >= 0; i--) {
    if (b.kind[i] !== DIGITS || b.sep[i] === 0 || b.kind[i + 1] !== DIGITS || b.start[i + 1] !== b.end[i]! + 1) continue;
    const j = i + 1;
    b.chain[i] = Math.min(255, b.chain[j]! + 1);
    const same = b.sep[j] === b.sep[i];
    b.groups[i] = same ? Math.min(255, b.groups[j]! + 1) : 2;
    b.groupEnd[i] = same ? b.groupEnd[j]! : b.end[j]!;
  }
}

let last: Builder | undefined;
/** The memo's buffers, reused from text to text (a fresh buffer per call was garbage and external
 *  memory for every detect call: worker heaps grew with it). Only `last` ever views them. */
let scratch: Builder | undefined;

/**
 * The anchors of `text`, memoised for the last text scanned: every detector and finder of one
 * `detect` call (identifiers, dates, ages) shares one scan. The result is valid until the next call
 * with another text (its arrays are reused); keep `scanAnchors` results instead if you need several.
 */
export function anchorsOf(text: string): Anchors {
  if (last !== undefined && last.text === text) {
    last.text = text; // an equal copy: keep this one, so the next checks compare pointers
    return last;
  }
  last = undefined;
  scratch = scratch === undefined ? new Builder(64 + (text.length >> 4)) : scratch.reset();
  // The text's shared tokens, when a finder that reads them all is to run (the registry makes them
  // first then): the anchors are read off them, not scanned for.
  scanInto(text, scratch, false, tokensIfDone(text));
  last = scratch;
  return last;
}

/**
 * Whether `text` holds a character the fold changes, when `text` was the last text `anchorsOf`
 * scanned (its memo: no scan here); undefined otherwise.
 */
export function scannedFoldable(text: string): boolean | undefined {
  if (last === undefined || last.text !== text) return undefined;
  last.text = text;
  return last.foldable;
}

/** Index of the first anchor whose start is ≥ pos (binary search; `count` when none). */
export function anchorAt(a: Anchors, pos: number): number {
  return firstOver(a.start, a.count, pos);
}
