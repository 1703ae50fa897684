// Pass A of detection (issue 11): one scan of the text for the characters every identifier, date and
// age holds at least one of (digits of three scripts, '@', ':'), each run walked by hand and described
// by its shape in typed arrays. Detectors then look only at the anchors whose shape fits them, and run
// their own regex sticky at that spot, instead of scanning the whole text once per pattern.
//
// Measured (../shared/PERF-NOTES.md §1.1, Appendix B): a regex `test()` to skip to the next anchor plus
// a hand walk of the run costs ≈ 2 µs per KB (430–480 MB/s); `exec` of `/[0-9]+/g` with match strings
// costs twice that. The scan also notes whether the text holds a character the fold changes
// (fold.ts), so detection needs no separate scan for that. This module imports nothing else from kavach.
import { foldableCode } from './fold.js';

/** Anchor kinds. */
export const DIGITS = 1;
/** An '@' (e-mail, UPI, ABHA address). */
export const AT = 2;
/** A ':' with another ':' at most 5 characters after it (an IPv6 group boundary). */
export const COLON = 3;

/** Scripts of the digits of a run (bit set). */
export const ASCII_DIGITS = 1;
export const DEVANAGARI_DIGITS = 2;
export const FULL_WIDTH_DIGITS = 4;

/** Letters glued before / after a run are counted up to this many. */
export const MAX_GLUED = 15;

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
  /** Whether the text holds a character the fold changes (`foldText` would return a view). */
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

/** Digit value of a character code, or -1. */
export function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0x0966 && c <= 0x096f) return c - 0x0966;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

function digitScript(c: number): number {
  return c <= 57 ? ASCII_DIGITS : c <= 0x096f ? DEVANAGARI_DIGITS : FULL_WIDTH_DIGITS;
}

function isAsciiLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}

/** [A-Za-z0-9._%+-] */
function isLocalChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** [A-Za-z0-9.-] */
function isDomainChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function isGroupSep(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47;
}

class Builder implements Anchors {
  text = '';
  foldable = false;
  count = 0;
  kind: Uint8Array<ArrayBuffer>;
  start: Int32Array<ArrayBuffer>;
  end: Int32Array<ArrayBuffer>;
  script: Uint8Array<ArrayBuffer>;
  lead: Uint8Array<ArrayBuffer>;
  before: Uint8Array<ArrayBuffer>;
  after: Uint8Array<ArrayBuffer>;
  prev: Int32Array<ArrayBuffer>;
  next: Int32Array<ArrayBuffer>;
  sep: Uint8Array<ArrayBuffer>;
  groups: Uint8Array<ArrayBuffer>;
  groupEnd: Int32Array<ArrayBuffer>;
  chain: Uint8Array<ArrayBuffer>;

  /** Sized once for the text, all fields in one buffer (typed-array allocation is the dearest step of
   *  the scan: each buffer counts as external memory and brings the next GC nearer). */
  constructor(cap: number) {
    const buf = new ArrayBuffer(cap * 28);
    let at = 0;
    const i32 = (): Int32Array<ArrayBuffer> => { const a = new Int32Array(buf, at, cap); at += cap * 4; return a; };
    const u8 = (): Uint8Array<ArrayBuffer> => { const a = new Uint8Array(buf, at, cap); at += cap; return a; };
    this.start = i32();
    this.end = i32();
    this.prev = i32();
    this.next = i32();
    this.groupEnd = i32();
    this.kind = u8();
    this.script = u8();
    this.lead = u8();
    this.before = u8();
    this.after = u8();
    this.sep = u8();
    this.groups = u8();
    this.chain = u8();
  }

  /** Empty it for the next text (`add` writes every field of an anchor, so nothing needs zeroing). */
  reset(): this {
    this.count = 0;
    return this;
  }

  /** Append an anchor with every field but kind, start and end 0 (the scan sets those that apply). */
  add(kind: number, start: number, end: number): number {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.script[i] = 0;
    this.lead[i] = 0;
    this.before[i] = 0;
    this.after[i] = 0;
    this.prev[i] = 0;
    this.next[i] = 0;
    this.sep[i] = 0;
    this.groups[i] = 0;
    this.groupEnd[i] = 0;
    this.chain[i] = 0;
    return i;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const u8 = (a: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => { const b = new Uint8Array(n); b.set(a); return b; };
    const i32 = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => { const b = new Int32Array(n); b.set(a); return b; };
    this.kind = u8(this.kind);
    this.start = i32(this.start);
    this.end = i32(this.end);
    this.script = u8(this.script);
    this.lead = u8(this.lead);
    this.before = u8(this.before);
    this.after = u8(this.after);
    this.prev = i32(this.prev);
    this.next = i32(this.next);
    this.sep = u8(this.sep);
    this.groups = u8(this.groups);
    this.groupEnd = i32(this.groupEnd);
    this.chain = u8(this.chain);
  }
}

/** Scan `text` for anchors (not memoised; see `anchorsOf`). */
export function scanAnchors(text: string): Anchors {
  // Dense identifier text holds about one anchor per 20 characters; prose far fewer.
  return scanInto(text, new Builder(64 + (text.length >> 4)));
}

function scanInto(text: string, b: Builder, views = true): Anchors {
  foldSeen = false;
  scanRuns(text, b);
  b.foldable = foldSeen;
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

/** Every anchor of `text`, appended to `b` (groups of 1). */
function scanRuns(text: string, b: Builder): void {
  const n = text.length;
  // A plain character loop: on dense text (a digit in every five characters) it beats a regex
  // `test()` per anchor, whose call costs more than the characters it skips.
  for (let p = 0; p < n; p++) {
    const c = text.charCodeAt(p);
    if (c < 128) {
      if (ASCII_ANCHOR[c] === 0) continue;
    } else if (c < 0x0966 || c > 0x096f) {
      // Outside ASCII and the Devanagari digits: a full-width digit is an anchor the fold changes;
      // any other character is no anchor, and may be one the fold changes.
      if (foldableCode(c)) foldSeen = true;
      if (c < 0xff10 || c > 0xff19) continue;
    }
    if (c === 64) {
      const i = b.add(AT, p, p + 1);
      let t = p;
      while (t > 0 && p - t < 255 && isLocalChar(text.charCodeAt(t - 1))) t--;
      let u = p + 1;
      while (u < n && u - p - 1 < 255 && isDomainChar(text.charCodeAt(u))) u++;
      b.before[i] = p - t;
      b.after[i] = u - p - 1;
      b.prev[i] = p > 0 ? text.charCodeAt(p - 1) : -1;
      b.next[i] = p + 1 < n ? text.charCodeAt(p + 1) : -1;
      continue;
    }
    if (c === 58) {
      let k = p + 1;
      const stop = Math.min(n, p + 6);
      while (k < stop && text.charCodeAt(k) !== 58) k++;
      if (k < stop) {
        const i = b.add(COLON, p, p + 1);
        b.after[i] = k - p;
        b.prev[i] = p > 0 ? text.charCodeAt(p - 1) : -1;
        b.next[i] = text.charCodeAt(p + 1);
      }
      continue;
    }
    // A digit run, walked by hand.
    let script = digitScript(c);
    let e = p + 1;
    for (; e < n; e++) {
      const d = text.charCodeAt(e);
      if (digitValue(d) < 0) break;
      script |= digitScript(d);
    }
    // A full-width digit inside a run (after an ASCII one: "12３") is read here, not by the test above.
    if ((script & FULL_WIDTH_DIGITS) !== 0) foldSeen = true;
    const i = b.add(DIGITS, p, e);
    b.script[i] = script;
    b.lead[i] = digitValue(c);
    let t = p;
    while (t > 0 && p - t < MAX_GLUED && isAsciiLetter(text.charCodeAt(t - 1))) t--;
    b.before[i] = p - t;
    b.prev[i] = t > 0 ? text.charCodeAt(t - 1) : -1;
    let u = e;
    while (u < n && u - e < MAX_GLUED && isAsciiLetter(text.charCodeAt(u))) u++;
    b.after[i] = u - e;
    const nx = e < n ? text.charCodeAt(e) : -1;
    b.next[i] = nx;
    b.sep[i] = isGroupSep(nx) && e + 1 < n && digitValue(text.charCodeAt(e + 1)) >= 0 ? nx : 0;
    b.groups[i] = 1;
    b.groupEnd[i] = e;
    b.chain[i] = 1;
    p = e - 1;
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
  scanInto(text, scratch, false);
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
  let lo = 0;
  let hi = a.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a.start[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
