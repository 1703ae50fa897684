// CSV: the cells under a name column ("emp_id,name,dob" then "E1,Anu Rao,...").
import personData from '../../../../patterns/person.json';
import { captureForward, plausible } from './capture.js';
import { emit, type Ctx } from './context.js';
import { LABEL_BLOCKERS } from './json.js';
import { phraseTokens } from './lexicon.js';
import { SCORE } from './score.js';

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A line that may be a header naming a person column (name, naam, नाम). */
const NAME_HEADER = new RegExp(personData.ruleWords.nameHeaderWords.map(escape).join('|'), 'i');
/** The same, searched in the text from a line's start (no line string is cut to test a line). */
const NAME_HEADER_FROM = new RegExp(NAME_HEADER.source, 'gi');
const CSV_CELL = /^[\p{L}\p{M}][\p{L}\p{M}.' -]*$/u;

/** Verdicts of nameColumn by cell text (headers repeat from record to record); cleared when full. */
const columnVerdicts = new Map<string, boolean>();

/** A CSV header cell that names a person column: "name", "customer_name", "Full Name"... */
function nameColumn(c: Ctx, cell: string): boolean {
  let v = columnVerdicts.get(cell);
  if (v === undefined) {
    if (columnVerdicts.size >= 1024) columnVerdicts.clear();
    columnVerdicts.set(cell, (v = judgeColumn(c, cell)));
  }
  return v;
}

function judgeColumn(c: Ctx, cell: string): boolean {
  const k = cell.trim().replace(/^["']|["']$/g, '').toLowerCase().replace(/_/g, ' ');
  if (k === '') return false;
  const words = phraseTokens(k);
  const id = c.lex.idOf(words[0]!);
  const ms = id >= 0 ? c.lex.phrases[id] : undefined;
  if (ms?.some((m) => m.kind === 'label' && m.words.length === words.length && m.words.every((w, x) => w === words[x]))) return true;
  return words[words.length - 1] === 'name' && !LABEL_BLOCKERS.has(words[0]!);
}

export function csvPass(c: Ctx): void {
  const { text, t } = c;
  if (text.indexOf('\n') < 0 || text.indexOf(',') < 0) return;
  // The next header word at or after the last line asked about: [hStart, hEnd), hStart -1 when
  // unknown. Lines are asked about in order and a header word holds no newline, so the line
  // [pos, nl) holds one exactly when the next one from pos ends by nl (NAME_HEADER.test(line)).
  let hStart = -1;
  let hEnd = -1;
  const header = (pos: number, nl: number): boolean => {
    if (hStart < pos) {
      NAME_HEADER_FROM.lastIndex = pos;
      const m = NAME_HEADER_FROM.exec(text);
      hStart = m ? m.index : text.length;
      hEnd = m ? m.index + m[0].length : Infinity;
    }
    return hEnd <= nl;
  };
  let col = -1;
  let cols = 0;
  let ti = 0;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    // A line with fewer than two commas is neither a header nor a row (fewer than three cells).
    const c1 = text.indexOf(',', pos);
    if (c1 < 0) return; // no comma left: no header, no row
    const c2 = c1 < nl ? text.indexOf(',', c1 + 1) : -1;
    if (c2 < 0 || c2 >= nl) {
      col = -1;
      pos = nl + 1;
      continue;
    }
    if (col < 0 && !header(pos, nl)) {
      pos = nl + 1;
      continue;
    }
    const line = text.slice(pos, nl);
    const cells = line.split(',');
    if (cells.length >= 3) {
      if (col >= 0 && cells.length === cols) {
        let start = pos;
        for (let x = 0; x < col; x++) start += cells[x]!.length + 1;
        const raw = cells[col]!;
        const value = raw.trim();
        if (CSV_CELL.test(value) && value.split(' ').length <= 5) {
          const s0 = start + raw.indexOf(value);
          const e0 = s0 + value.length;
          while (ti < t.n && t.start[ti]! < s0) ti++;
          const cap = ti < t.n && t.start[ti] === s0 ? captureForward(c, ti, 'field', true) : undefined;
          if (cap && t.end[cap.to - 1] === e0 && plausible(c, cap)) emit(c, cap, SCORE.csv, 'csv');
        }
      } else if (col < 0 || cells.length !== cols) {
        // A header names its person column with "name" (name, customer_name, Full Name, नाम).
        col = header(pos, nl) ? cells.findIndex((x) => nameColumn(c, x)) : -1;
        cols = cells.length;
      }
    } else col = -1;
    pos = nl + 1;
  }
}
