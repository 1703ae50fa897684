import { firstAbove } from './search.js';
import { words } from './words.js';

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
 * walked is memoised, so a whole CSV costs one visit per line and prose costs a line-start index
 * (one indexOf('\n') sweep) and a delimiter count per candidate line.
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
      return { delim: d, cols: cells.length, words: cells.map((c) => words(c.replace(/_/g, ' '))) };
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

/** Index of the first element ≥ x in a sorted array. */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const UNKNOWN = -2;
const NONE = -1;

/**
 * The memos of one text's lines. One instance serves every TableContext, reset when one asks for
 * another text: typed arrays allocated per text (the line index and four memo arrays) cost far
 * more than the lookups (external memory, garbage collections); these grow and are reused.
 */
class Lines {
  text = '';
  /** Bumped on every reset: a TableContext holding an older generation asks again. */
  gen = 0;
  /** Line starts: 0 and every position after a '\n'. */
  starts = new Int32Array(256);
  lines = 0;
  /** Per line and delimiter slot (line * 4 + k): its number on the line, -1 not yet counted. */
  counts = new Int32Array(1024);
  /** Per (line, delimiter slot): the first line of its block of equal counts, -1 not yet known. */
  blockTop = new Int32Array(1024);
  /** Per line: index into `headers` of the header governing it as a data row, NONE, or UNKNOWN. */
  rowHeader = new Int32Array(256);
  /** Per line: index into `headers` of the line read as a header, NONE, or UNKNOWN. */
  asHeader = new Int32Array(256);
  headers: Header[] = [];
  /** Per governed line: positions of its delimiters. */
  cuts = new Map<number, Int32Array>();
  /** The line of the last lookup (candidates come in runs on one line). */
  lastLine = 0;

  reset(text: string): void {
    this.text = text;
    this.gen++;
    let starts = this.starts;
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[n++] = i + 1;
    }
    this.starts = starts;
    this.lines = n;
    if (this.rowHeader.length < n) {
      let cap = this.rowHeader.length;
      while (cap < n) cap *= 2;
      this.counts = new Int32Array(cap * 4);
      this.blockTop = new Int32Array(cap * 4);
      this.rowHeader = new Int32Array(cap);
      this.asHeader = new Int32Array(cap);
    }
    this.counts.fill(-1, 0, n * 4);
    this.blockTop.fill(-1, 0, n * 4);
    this.rowHeader.fill(UNKNOWN, 0, n);
    this.asHeader.fill(UNKNOWN, 0, n);
    this.headers.length = 0;
    this.cuts.clear();
    this.lastLine = 0;
  }

  private lineEnd(i: number): number {
    let end = i + 1 < this.lines ? this.starts[i + 1]! - 1 : this.text.length;
    if (end > this.starts[i]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Number of delimiter k on line i (all four counted in one pass over the line, once). */
  private count(i: number, k: number): number {
    const at = i * 4;
    const counts = this.counts;
    if (counts[at]! < 0) {
      // Four local counters (DELIMS order): a tally array took a native fill call per line and a
      // store per character.
      let comma = 0;
      let tab = 0;
      let pipe = 0;
      let semi = 0;
      const text = this.text;
      for (let p = this.starts[i]!, end = this.lineEnd(i); p < end; p++) {
        const c = text.charCodeAt(p);
        if (c > 124) continue;
        if (c === 44) comma++;
        else if (c === 9) tab++;
        else if (c === 124) pipe++;
        else if (c === 59) semi++;
      }
      counts[at] = comma;
      counts[at + 1] = tab;
      counts[at + 2] = pipe;
      counts[at + 3] = semi;
    }
    return counts[at + k]!;
  }

  /** Whether line i holds any delimiter. */
  private delimited(i: number): boolean {
    const at = i * 4;
    return this.count(i, 0) + this.counts[at + 1]! + this.counts[at + 2]! + this.counts[at + 3]! > 0;
  }

  private header(i: number): Header | null {
    let h = this.asHeader[i]!;
    if (h === UNKNOWN) {
      const found = headerOf(this.text.slice(this.starts[i], this.lineEnd(i)));
      h = found ? this.headers.push(found) - 1 : NONE;
      this.asHeader[i] = h;
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
    const known = this.rowHeader[i]!;
    if (known !== UNKNOWN) return known === NONE ? null : this.headers[known]!;
    // A row has a line above it with as many of the same delimiter: with none above, no header
    // (and line i itself need not be read).
    if (i === 0 || !this.delimited(i - 1)) {
      this.rowHeader[i] = NONE;
      return null;
    }
    let result = NONE;
    for (let k = 0; k < DELIMS.length && result === NONE; k++) {
      const n = this.count(i, k);
      if (n === 0) continue;
      let top = i;
      while (top > 0) {
        const memo = this.blockTop[(top - 1) * 4 + k]!;
        if (memo >= 0 && this.counts[(top - 1) * 4 + k] === n) {
          top = memo;
          break;
        }
        if (this.count(top - 1, k) !== n) break;
        top--;
      }
      for (let v = i; v >= top && this.blockTop[v * 4 + k]! < 0; v--) this.blockTop[v * 4 + k] = top;
      if (top < i) {
        const h = this.header(top);
        if (h && h.delim === DELIMS[k] && h.cols === n + 1) result = this.asHeader[top]!;
      }
    }
    this.rowHeader[i] = result;
    return result === NONE ? null : this.headers[result]!;
  }

  /** The line holding position `pos`: the last line starting at or before it. Each detector meets
   *  its candidates in text order, so the line is usually the last one asked about or a few after. */
  private lineOf(pos: number): number {
    const last = this.lastLine;
    const from = this.starts[last]! <= pos ? last + 1 : -1;
    return (this.lastLine = Math.max(0, firstAbove(this.starts, this.lines, pos, from) - 1));
  }

  headerAt(start: number, end: number): string[] | undefined {
    const lo = this.lineOf(start);
    const h = this.governing(lo);
    if (!h) return undefined;
    const lineEnd = this.lineEnd(lo);
    if (end > lineEnd) return undefined;
    // The row's delimiter positions, found once per row: many candidates in one long cell each
    // cost a binary search, not a count from the line start.
    let cuts = this.cuts.get(lo);
    if (cuts === undefined) {
      cuts = new Int32Array(h.cols - 1);
      const c = h.delim.charCodeAt(0);
      let k = 0;
      for (let p = this.starts[lo]!; p < lineEnd && k < cuts.length; p++) if (this.text.charCodeAt(p) === c) cuts[k++] = p;
      this.cuts.set(lo, cuts);
    }
    const before = lowerBound(cuts, start);
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
