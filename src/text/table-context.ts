import { IntMap } from './int-map.js';
import { firstOver } from './search.js';
import { words } from './words.js';
import { keepShape } from './shapes.js';

/**
 * Column headers as context for cells of delimited tables embedded in text (CSV, TSV, pipe or
 * semicolon rows pasted into a prompt or a ticket). A value under a `dob` or `account_no` column is
 * far from its header in the text, so the ordinary context window cannot see it; this maps a
 * position in a row to the header words of its column.
 *
 * A table is a header line whose cells all look like labels (start with a letter, no cell purely
 * numeric) followed by lines with the same number of the same delimiter. Quoted cells that hold the
 * delimiter make the count differ, so such a row simply gets no header context (never a wrong one).
 *
 * Lazy: only the lines that candidates fall on are examined, walking up to the header; every line
 * walked is memoised, so a whole CSV costs one visit per line and prose costs, per candidate line,
 * a search for its two ends and a delimiter count.
 */
const DELIMS = [',', '\t', '|', ';'] as const;
/**
 * A header cell, tested on the TRIMMED cell. (Untrimmed, `[… ]*["']?\s*$` let the class's space and
 * `\s*` share a run of spaces: a long blank cell before a failing character was quadratic — 16 s for
 * 100k spaces. Trimming first is equivalent: a letter or quote must follow the leading spaces, and
 * trailing whitespace is all the old `\s*` could take.) Proven linear by recheck in the tests.
 */
export const LABEL = /^["']?\p{L}[\p{L}\p{M}\p{N} _./()#-]*["']?$/u;
/** A longer line is never read as a header (no real table has a 4 KB header row). */
export const MAX_HEADER_LINE = 4096;

interface Header { delim: string; cols: number; words: string[][] }

function headerOf(line: string): Header | undefined {
  if (line.length > MAX_HEADER_LINE) return undefined;
  for (const d of DELIMS) {
    if (!line.includes(d) || !labelCells(line, d)) continue;
    const cells = line.split(d);
    if (cells.some((c) => c.trim() !== '')) {
      // Pushed, not made by `map`, whose array's elements kind depends on its caller's tier (plain.ts).
      const cellWords: string[][] = [];
      for (const c of cells) cellWords.push(words(c.replace(/_/g, ' ')));
      return { delim: d, cols: cells.length, words: cellWords };
    }
  }
  return undefined;
}

/**
 * Whether every cell of `line.split(d)` reads as a header cell, walking the cells and stopping at
 * the first that does not (most lines fail on their first cell: no split of the whole line).
 * Markdown-style rows begin and end with the delimiter: those edge cells are empty.
 */
function labelCells(line: string, d: string): boolean {
  for (let p = 0, i = 0; ; i++) {
    const q = line.indexOf(d, p);
    const last = q < 0;
    const t = line.slice(p, last ? line.length : q).trim();
    if (!LABEL.test(t) && !((i === 0 || last) && t === '')) return false;
    if (last) return true;
    p = q + 1;
  }
}

const UNKNOWN = -2;
const NONE = -1;

// A line's fields, at line * STRIDE in `Lines.f`: its start, the position of the '\n' ending it (the
// text's length for the last line), its end without the '\n' and a '\r' before it, the number of
// each delimiter on it (DELIMS order; -1 until counted), per delimiter the first line of its block of equal counts
// (-1 not yet known), the header governing it as a data row and the header it reads as (indices
// into `headers`, NONE or UNKNOWN).
const START = 0;
const NL = 1;
const END = 2;
const COUNT = 3;
const TOP = 7;
const ROW = 11;
const AS_HEADER = 12;
const STRIDE = 13;

/**
 * The memos of one text's lines. One instance serves every TableContext, reset when one asks for
 * another text. Only the lines asked about are read: a position's line is found by an `indexOf` to
 * its '\n' (which keys the memo), a line met for the first time by a `lastIndexOf` to its start, and
 * its delimiters are counted when a header walk needs them. Prose meets a candidate every KB or so;
 * indexing every line start of the text up front cost more than all the lookups (6.5 % of the
 * identifier scan on the bench's prose, whose lines are 41 units long). The lines' fields live in
 * one typed array that grows and is reused, keyed by an `IntMap` (an object per line and a `Map`
 * cost dense text 4 % more instructions than the index they replaced; these, 1.4 %).
 */
class Lines {
  text = '';
  /** Bumped on every reset: a TableContext holding an older generation asks again. */
  gen = 0;
  /** The fields of the lines read so far (see STRIDE), in the order they were read. */
  f = new Int32Array(64 * STRIDE);
  count = 0;
  /** Line number by the position of its '\n' (the text's length for the last line). */
  byEnd = new IntMap();
  headers: Header[] = [];
  /** Per line: positions of its delimiters, once it is a governed row holding a candidate. */
  cuts: Array<Int32Array | undefined> = [];
  /** The line of the last lookup (candidates come in runs on one line), -1 none. */
  last = -1;

  reset(text: string): void {
    this.text = text;
    this.gen++;
    this.count = 0;
    this.byEnd.clear();
    this.headers.length = 0;
    this.cuts.length = 0;
    this.last = -1;
  }

  /** The line holding position `pos` (a line holds its '\n'). */
  private lineOf(pos: number): number {
    const last = this.last;
    const f = this.f;
    if (last >= 0 && pos >= f[last * STRIDE + START]! && pos <= f[last * STRIDE + NL]!) return last;
    const nl = this.text.indexOf('\n', pos);
    return (this.last = this.endingAt(nl < 0 ? this.text.length : nl));
  }

  /** The line whose '\n' is at `nl` (or the last line, `nl` the text's length); found when new. */
  private endingAt(nl: number): number {
    const known = this.byEnd.get(nl);
    if (known >= 0) return known;
    const text = this.text;
    const start = nl === 0 ? 0 : text.lastIndexOf('\n', nl - 1) + 1;
    const line = this.count++;
    let f = this.f;
    if ((line + 1) * STRIDE > f.length) {
      const bigger = new Int32Array(f.length * 2);
      bigger.set(f);
      this.f = f = bigger;
    }
    const at = line * STRIDE;
    f[at + START] = start;
    f[at + NL] = nl;
    f[at + END] = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    f[at + COUNT] = -1;
    f.fill(-1, at + TOP, at + TOP + 4);
    f[at + ROW] = UNKNOWN;
    f[at + AS_HEADER] = UNKNOWN;
    this.byEnd.set(nl, line);
    return line;
  }

  /** Line i's number of delimiter k, its four counted in one pass over the line, once. */
  private countOf(i: number, k: number): number {
    const at = i * STRIDE;
    const f = this.f;
    if (f[at + COUNT]! >= 0) return f[at + COUNT + k]!;
    const text = this.text;
    // Four local counters: a tally array took a native fill call per line and a store per character.
    let comma = 0;
    let tab = 0;
    let pipe = 0;
    let semi = 0;
    for (let p = f[at + START]!, end = f[at + END]!; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c > 124) continue;
      if (c === 44) comma++;
      else if (c === 9) tab++;
      else if (c === 124) pipe++;
      else if (c === 59) semi++;
    }
    f[at + COUNT] = comma;
    f[at + COUNT + 1] = tab;
    f[at + COUNT + 2] = pipe;
    f[at + COUNT + 3] = semi;
    return f[at + COUNT + k]!;
  }

  /** The line before line i, or -1 for the first. */
  private above(i: number): number {
    const start = this.f[i * STRIDE + START]!;
    return start === 0 ? -1 : this.endingAt(start - 1);
  }

  private header(i: number): Header | null {
    const at = i * STRIDE;
    let h = this.f[at + AS_HEADER]!;
    if (h === UNKNOWN) {
      const found = headerOf(this.text.slice(this.f[at + START], this.f[at + END]));
      h = found ? this.headers.push(found) - 1 : NONE;
      this.f[at + AS_HEADER] = h;
    }
    return h === NONE ? null : this.headers[h]!;
  }

  /**
   * The header governing line i as a data row: the top line of the contiguous block of lines having
   * the same number of the same delimiter, when that top line reads as a header of that many
   * columns. (A row of plain words under the header is a row, not a new header.) Block tops are
   * memoised per line and delimiter, so a whole table is walked once.
   */
  private governing(i: number): Header | null {
    const known = this.f[i * STRIDE + ROW]!;
    if (known !== UNKNOWN) return known === NONE ? null : this.headers[known]!;
    // A row has a line above it with as many of the same delimiter: with none above, no header
    // (and line i itself need not be read).
    const up = this.above(i);
    let f = this.f;
    if (up < 0 || this.countOf(up, 0) + f[up * STRIDE + COUNT + 1]! + f[up * STRIDE + COUNT + 2]! + f[up * STRIDE + COUNT + 3]! === 0) {
      f[i * STRIDE + ROW] = NONE;
      return null;
    }
    let result = NONE;
    for (let k = 0; k < DELIMS.length && result === NONE; k++) {
      const n = this.countOf(i, k);
      if (n === 0) continue;
      let top = i;
      for (;;) {
        const prev = this.above(top);
        f = this.f; // finding a line may have grown the array
        if (prev < 0) break;
        const memo = f[prev * STRIDE + TOP + k]!;
        const same = this.countOf(prev, k) === n;
        if (memo >= 0 && same) {
          top = memo;
          break;
        }
        if (!same) break;
        top = prev;
      }
      for (let v = i; f[v * STRIDE + TOP + k]! < 0; v = this.above(v), f = this.f) {
        f[v * STRIDE + TOP + k] = top;
        if (v === top) break;
      }
      if (top !== i) {
        const h = this.header(top);
        if (h && h.delim === DELIMS[k] && h.cols === n + 1) result = f[top * STRIDE + AS_HEADER]!;
      }
    }
    f[i * STRIDE + ROW] = result;
    return result === NONE ? null : this.headers[result]!;
  }

  headerAt(start: number, end: number): string[] | undefined {
    const i = this.lineOf(start);
    const h = this.governing(i);
    if (!h) return undefined;
    const at = i * STRIDE;
    const lineStart = this.f[at + START]!;
    const lineEnd = this.f[at + END]!;
    if (end > lineEnd) return undefined;
    // The row's delimiter positions, found once per row: many candidates in one long cell each
    // cost a binary search, not a count from the line start.
    let cuts = this.cuts[i];
    if (cuts === undefined) {
      cuts = new Int32Array(h.cols - 1);
      const c = h.delim.charCodeAt(0);
      let k = 0;
      for (let p = lineStart; p < lineEnd && k < cuts.length; p++) if (this.text.charCodeAt(p) === c) cuts[k++] = p;
      this.cuts[i] = cuts;
    }
    const before = firstOver(cuts, cuts.length, start);
    if (before < cuts.length && cuts[before]! < end) return undefined; // spans two cells
    return h.words[before];
  }
}

let shared: Lines | undefined;

export class TableContext {
  private lines: Lines | undefined;
  private gen = -1;

  constructor(private readonly text: string) {}

  /** Header words of the column holding [start, end), or undefined when it is not in a table cell. */
  headerAt(start: number, end: number): string[] | undefined {
    let l = this.lines;
    if (l === undefined || l.gen !== this.gen) {
      l = shared ??= new Lines();
      // Equal texts share the memos (they depend on the text only); another text resets them.
      if (l.text !== this.text || l.gen === 0) l.reset(this.text);
      this.lines = l;
      this.gen = l.gen;
    }
    return l.headerAt(start, end);
  }
}

keepShape(new TableContext(''));
