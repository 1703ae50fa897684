import { words } from './detectors/define.js';

/**
 * Column headers as context for cells of delimited tables embedded in text (CSV, TSV, pipe or
 * semicolon rows pasted into a prompt or a ticket). A value under a `dob` or `account_no` column is
 * far from its header in the text, so the ordinary context window cannot see it; this maps a
 * position in a row to the header words of its column.
 *
 * A table is a header line whose cells all look like labels (start with a letter, no cell purely
 * numeric) followed by lines with the same number of the same delimiter. Quoted cells that hold the
 * delimiter make the count differ, so such a row simply gets no header context (never a wrong one).
 * Built lazily, once per `detect` call, in one pass over the lines.
 */
const DELIMS = [',', '\t', '|', ';'] as const;
const LABEL = /^\s*["']?[\p{L}][\p{L}\p{M}\p{N} _./()#-]*["']?\s*$/u;

interface Row { start: number; end: number; cuts: number[]; headers: string[][] }

function count(line: string, d: string): number {
  let n = 0;
  for (let i = line.indexOf(d); i >= 0; i = line.indexOf(d, i + 1)) n++;
  return n;
}

function headerOf(line: string): { delim: string; cells: string[] } | undefined {
  for (const d of DELIMS) {
    if (count(line, d) === 0) continue;
    const cells = line.split(d);
    // Markdown-style rows begin and end with the delimiter: those edge cells are empty.
    const ok = cells.every((c, i) => LABEL.test(c) || ((i === 0 || i === cells.length - 1) && c.trim() === ''));
    if (ok && cells.some((c) => c.trim() !== '')) return { delim: d, cells };
  }
  return undefined;
}

export class TableContext {
  private readonly rows: Row[] = [];

  constructor(text: string) {
    let header: { delim: string; cells: string[]; words: string[][] } | undefined;
    let pos = 0;
    while (pos <= text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const line = text.slice(pos, nl).replace(/\r$/, '');
      if (header && count(line, header.delim) === header.cells.length - 1) {
        const cuts: number[] = [];
        for (let i = line.indexOf(header.delim); i >= 0; i = line.indexOf(header.delim, i + 1)) cuts.push(pos + i);
        this.rows.push({ start: pos, end: pos + line.length, cuts, headers: header.words });
      } else {
        const h = headerOf(line);
        header = h ? { ...h, words: h.cells.map((c) => words(c.replace(/_/g, ' '))) } : undefined;
      }
      pos = nl + 1;
    }
  }

  /** Header words of the column holding [start, end), or undefined when it is not in a table cell. */
  headerAt(start: number, end: number): string[] | undefined {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.rows[mid]!;
      if (start < r.start) hi = mid - 1;
      else if (start > r.end) lo = mid + 1;
      else {
        if (end > r.end) return undefined;
        let col = 0;
        while (col < r.cuts.length && r.cuts[col]! < start) col++;
        if (col < r.cuts.length && r.cuts[col]! < end) return undefined; // spans two cells
        return r.headers[col];
      }
    }
    return undefined;
  }
}
