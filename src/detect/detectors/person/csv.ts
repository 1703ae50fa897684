// CSV: the cells under a name column ("emp_id,name,dob" then "E1,Anu Rao,...").
import personData from '../../../../patterns/person.json';
import { captureForward, plausible } from './capture.js';
import { C_S, unitClassOf } from './chars.js';
import { emit, ownString, type Ctx } from './context.js';
import { LABEL_BLOCKERS } from './json.js';
import { phraseTokens } from './lexicon.js';
import { SCORE } from './score.js';

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A line that may be a header naming a person column (name, naam, नाम). */
const NAME_HEADER = new RegExp(personData.ruleWords.nameHeaderWords.map(escape).join('|'), 'i');
/** The same, searched in the text from a line's start (no line string is cut to test a line). */
const NAME_HEADER_FROM = new RegExp(NAME_HEADER.source, 'gi');
/** A name cell, matched at its start in the text: it must reach the cell's end. */
const CSV_CELL_AT = /[\p{L}\p{M}][\p{L}\p{M}.' -]*/uy;

/** text[a, b) is a name cell (letters, marks, dots, apostrophes, hyphens, spaces) of at most five words. */
function cellAt(text: string, a: number, b: number): boolean {
  CSV_CELL_AT.lastIndex = a;
  if (!CSV_CELL_AT.test(text) || CSV_CELL_AT.lastIndex < b) return false;
  let spaces = 0;
  for (let x = a; x < b; x++) if (text.charCodeAt(x) === 32) spaces++;
  return spaces <= 4;
}

/** Verdicts of nameColumn by cell text (headers repeat from record to record); cleared when full. */
const columnVerdicts = new Map<string, boolean>();

/** A CSV header cell that names a person column: "name", "customer_name", "Full Name"... */
function nameColumn(c: Ctx, cell: string): boolean {
  let v = columnVerdicts.get(cell);
  if (v === undefined) {
    if (columnVerdicts.size >= 1024) columnVerdicts.clear();
    columnVerdicts.set(ownString(cell), (v = judgeColumn(c, cell)));
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
  // The first comma after the last line's first comma (-2: not known): the next line's first comma when
  // it lies past that line's start. Searching again from every line start made prose with rare commas
  // cost a scan to the next comma per line.
  let after = -2;
  while (pos < text.length) {
    if (col < 0 && hStart < text.length) {
      // Outside a table only a line holding a header word can start one: go to the next such line
      // (lines before it cannot; prose with many short lines was read a line at a time here).
      header(pos, pos);
      if (hStart >= text.length) return;
      if (hStart > pos) pos = text.lastIndexOf('\n', hStart) + 1;
    }
    // A line with fewer than two commas is neither a header nor a row (fewer than three cells).
    const c1 = after >= pos || after === -1 ? after : text.indexOf(',', pos);
    if (c1 < 0) return; // no comma left: no header, no row
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    if (c1 >= nl) {
      // Lines without a comma: go straight to the start of the line holding the next one.
      col = -1;
      pos = text.lastIndexOf('\n', c1) + 1;
      after = c1;
      continue;
    }
    const c2 = (after = text.indexOf(',', c1 + 1));
    if (c2 < 0 || c2 >= nl) {
      col = -1;
      pos = nl + 1;
      continue;
    }
    if (col < 0 && !header(pos, nl)) {
      pos = nl + 1;
      continue;
    }
    // Cells are the line split at commas (no strings are cut: a row's value is checked in the text).
    let cells = 3;
    for (let x = text.indexOf(',', c2 + 1); x >= 0 && x < nl; x = text.indexOf(',', x + 1)) cells++;
    if (col >= 0 && cells === cols) {
      let a = pos;
      for (let x = 0; x < col; x++) a = text.indexOf(',', a) + 1;
      let b = text.indexOf(',', a);
      if (b < 0 || b > nl) b = nl;
      // The value is the cell trimmed (String#trim's white space is the tokeniser's C_S class).
      while (a < b && unitClassOf(text.charCodeAt(a)) === C_S) a++;
      while (b > a && unitClassOf(text.charCodeAt(b - 1)) === C_S) b--;
      if (a < b && cellAt(text, a, b)) {
        while (ti < t.n && t.start[ti]! < a) ti++;
        const cap = ti < t.n && t.start[ti] === a ? captureForward(c, ti, 'field', true) : undefined;
        if (cap && t.end[cap.to - 1] === b && plausible(c, cap)) emit(c, cap, SCORE.csv, 'csv');
      }
    } else {
      // A header names its person column with "name" (name, customer_name, Full Name, नाम).
      col = -1;
      if (header(pos, nl)) {
        let a = pos;
        for (let x = 0; x < cells; x++) {
          let b = text.indexOf(',', a);
          if (b < 0 || b > nl) b = nl;
          if (nameColumn(c, text.slice(a, b))) {
            col = x;
            break;
          }
          a = b + 1;
        }
      }
      cols = cells;
    }
    pos = nl + 1;
  }
}
