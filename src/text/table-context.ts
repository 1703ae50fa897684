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

/** Occurrences of `d` in text[from, to). Never reads past `to` (indexOf would scan on to the next
 *  delimiter anywhere in the text: one line without one cost the rest of the text). */
function count(text: string, from: number, to: number, d: string): number {
  const c = d.charCodeAt(0);
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === c) n++;
  return n;
}

function headerOf(line: string): Header | undefined {
  if (line.length > MAX_HEADER_LINE) return undefined;
  for (const d of DELIMS) {
    if (!line.includes(d)) continue;
    const cells = line.split(d);
    // Markdown-style rows begin and end with the delimiter: those edge cells are empty.
    const ok = cells.every((c, i) => {
      const t = c.trim();
      return LABEL.test(t) || ((i === 0 || i === cells.length - 1) && t === '');
    });
    if (ok && cells.some((c) => c.trim() !== '')) {
      return { delim: d, cols: cells.length, words: cells.map((c) => words(c.replace(/_/g, ' '))) };
    }
  }
  return undefined;
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

export class TableContext {
  private readonly starts: number[] = [0];
  /** Per line: the header governing it as a data row, null when none, undefined not yet known. */
  private readonly rowHeader: Array<Header | null | undefined> = [];
  /** Per line: the line read as a header, null when it is not one. */
  private readonly asHeader: Array<Header | null | undefined> = [];
  /** Per (line, delimiter): the first line of its block of equal delimiter counts. */
  private readonly blockTop = new Map<number, { top: number; count: number }>();
  /** Per governed line: positions of its delimiters. */
  private readonly cuts = new Map<number, Int32Array>();

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private lineEnd(i: number): number {
    const next = this.starts[i + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > this.starts[i]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  private header(i: number): Header | null {
    let h = this.asHeader[i];
    if (h === undefined) {
      h = headerOf(this.text.slice(this.starts[i], this.lineEnd(i))) ?? null;
      this.asHeader[i] = h;
    }
    return h;
  }

  /**
   * The header governing line i as a data row: the top line of the contiguous block of lines having
   * the same number of the same delimiter, when that top line reads as a header of that many
   * columns. (A row of plain words under the header is a row, not a new header.) Block tops are
   * memoised per line and delimiter, so a whole table is walked once.
   */
  private governing(i: number): Header | null {
    const known = this.rowHeader[i];
    if (known !== undefined) return known;
    let result: Header | null = null;
    for (let k = 0; k < DELIMS.length && !result; k++) {
      const d = DELIMS[k]!;
      const n = count(this.text, this.starts[i]!, this.lineEnd(i), d);
      if (n === 0) continue;
      const visited: number[] = [];
      let top = i;
      while (top > 0) {
        const memo = this.blockTop.get((top - 1) * 4 + k);
        if (memo !== undefined && memo.count === n) {
          top = memo.top;
          break;
        }
        if (count(this.text, this.starts[top - 1]!, this.lineEnd(top - 1), d) !== n) break;
        visited.push(top);
        top--;
      }
      visited.push(top);
      for (const v of visited) this.blockTop.set(v * 4 + k, { top, count: n });
      if (top < i) {
        const h = this.header(top);
        if (h && h.delim === d && h.cols === n + 1) result = h;
      }
    }
    this.rowHeader[i] = result;
    return result;
  }

  /** Header words of the column holding [start, end), or undefined when it is not in a table cell. */
  headerAt(start: number, end: number): string[] | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
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
