// The table header lookup (src/text/table-context.ts) against the implementation it replaced (kept
// below as the oracle: a Map of block tops, a delimiter count per line and delimiter): the same
// header words for every position, on the corpus joined into one text and on generated tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABEL, MAX_HEADER_LINE, TableContext } from '../../src/text/table-context.js';
import { words } from '../../src/text/words.js';

const DELIMS = [',', '\t', '|', ';'] as const;

function headerOf(line: string): Header | undefined {
  if (line.length > MAX_HEADER_LINE) return undefined;
  for (const d of DELIMS) {
    if (!line.includes(d)) continue;
    const cells = line.split(d);
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

interface Header { delim: string; cols: number; words: string[][] }

/** Occurrences of `d` in text[from, to). Never reads past `to` (indexOf would scan on to the next
 *  delimiter anywhere in the text: one line without one cost the rest of the text). */
function count(text: string, from: number, to: number, d: string): number {
  const c = d.charCodeAt(0);
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === c) n++;
  return n;
}

class OldTableContext {
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

const root = join(import.meta.dirname, '..', '..');
const texts = ['corpus/corpus.jsonl', 'corpus/tricky.jsonl', 'corpus/independent.jsonl']
  .flatMap((f) => readFileSync(join(root, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text));

/** Spans of 0, 1, 5 and 12 characters at every position, in a scrambled but fixed order (memo order matters). */
function same(text: string): void {
  const a = new TableContext(text);
  const b = new OldTableContext(text);
  const n = text.length;
  const order = Array.from({ length: n }, (_, i) => (i * 7919) % n);
  const differ: string[] = [];
  for (const s of order) {
    for (const len of [0, 1, 5, 12]) {
      const e = Math.min(n, s + len);
      const x = a.headerAt(s, e);
      const y = b.headerAt(s, e);
      if (x !== y && x?.join(' ') !== y?.join(' ')) differ.push(`${s}-${e}: ${y?.join(' ')} → ${x?.join(' ')}`);
    }
  }
  expect(differ).toEqual([]);
}

describe('TableContext against the implementation it replaced', () => {
  it('gives the same header words on the corpus joined into one text', () => {
    same(texts.slice(0, 1500).join('\n'));
    same(texts.slice(1500).join('\n\n'));
  });

  it('gives the same header words on generated tables, rows of other shapes and CRLF', () => {
    const cell = fc.constantFrom('name', 'dob', 'account_no', 'mobile', 'Ravi', '12/03/1985', '9876543210', '', ' ', '"a,b"', 'x y', '1', 'PAN No.', 'ज़िला');
    const line = fc.tuple(fc.array(cell, { minLength: 1, maxLength: 5 }), fc.constantFrom(...DELIMS), fc.constantFrom('\n', '\r\n', '\n\n'))
      .map(([cells, d, nl]) => cells.join(d) + nl);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (ls) => same(ls.join(''))), { numRuns: 300, seed: 5 });
  });
});
