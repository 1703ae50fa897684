/**
 * CSV as RFC 4180 defines it (https://www.rfc-editor.org/rfc/rfc4180): comma-separated fields,
 * fields optionally enclosed in double quotes, a quote inside a quoted field written twice, line
 * breaks CRLF (LF alone is accepted too) and allowed inside quoted fields. Streaming: memory holds
 * one row at a time. Every row must have as many fields as the first (the header, unless the file
 * has none).
 *
 * Malformed rows (a quote inside an unquoted field, text after a closing quote, a quoted field
 * never closed, a wrong field count) are reported by the line they start on, never by content.
 */
import { BadRecordError } from './jsonl.js';
import { MAX_LINE, Utf8Decoder, type ByteSource, type InvalidUtf8Handler } from './text.js';

export interface CsvRow {
  /** 1-based line on which the row starts (rows may span lines inside quoted fields). */
  no: number;
  fields: string[];
  /** Whether each field was quoted in the input: rewritten the same way, so untouched fields stay byte-identical. */
  quoted: boolean[];
  /** The row's terminator: '\r\n', '\n' or '' (last row without one). */
  eol: string;
  /** An empty line: passed through as-is, never checked against the header width. */
  blank: boolean;
}

const enum S {
  Start,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  CrAfterQuote,
  Skip,
}

/**
 * Parse CSV rows (header first). `onBad` receives bad rows (then skipped); without it the first
 * bad row throws. Width is checked against the first row. Lines with bytes that are not UTF-8 are
 * parsed with U+FFFD in their place and given to `onInvalid` by number.
 */
export async function* readCsv(
  source: ByteSource,
  onBad?: (err: BadRecordError) => void,
  options: { onInvalid?: InvalidUtf8Handler; /** Whether the first row is a header (only changes messages). Default true. */ header?: boolean } = {},
): AsyncGenerator<CsvRow> {
  const { onInvalid } = options;
  const widthOf = options.header === false ? 'the first row' : 'the header';
  const decoder = new Utf8Decoder();
  let state: S = S.Start;
  let line = 1;
  let rowStart = 1;
  let fields: string[] = [];
  let quoted: boolean[] = [];
  let field = '';
  let fieldQuoted = false;
  let rowChars = 0;
  let width = -1;
  let badReason = '';
  let first = true;
  // Rows (and, without onBad, the first error) in input order, handed out after each chunk.
  const out: Array<CsvRow | BadRecordError> = [];
  let stopped = false;

  const bad = (reason: string): void => {
    badReason = reason;
    state = S.Skip;
  };
  const endField = (): void => {
    fields.push(field);
    quoted.push(fieldQuoted);
    field = '';
    fieldQuoted = false;
  };
  const endRow = (eol: string): void => {
    endField();
    const blank = fields.length === 1 && fields[0] === '' && !quoted[0];
    const row: CsvRow = { no: rowStart, fields, quoted, eol, blank };
    fields = [];
    quoted = [];
    rowChars = 0;
    rowStart = line;
    if (!blank) {
      if (width < 0) width = row.fields.length;
      else if (row.fields.length !== width) {
        report(new BadRecordError(row.no, `has ${row.fields.length} fields, ${widthOf} has ${width}`));
        return;
      }
    }
    out.push(row);
  };
  const report = (err: BadRecordError): void => {
    if (onBad) onBad(err);
    else {
      // Thrown only after the rows before it have been handed out.
      out.push(err);
      stopped = true;
    }
  };
  const skipDone = (): void => {
    report(new BadRecordError(rowStart, badReason));
    fields = [];
    quoted = [];
    field = '';
    fieldQuoted = false;
    rowChars = 0;
    rowStart = line;
    state = S.Start;
  };

  const drain = function* (): Generator<CsvRow> {
    for (const r of out) {
      if (r instanceof BadRecordError) throw r;
      yield r;
    }
    out.length = 0;
  };

  const feed = (s: string): void => {
    let i = 0;
    const n = s.length;
    while (i < n && !stopped) {
      const c = s.charCodeAt(i);
      switch (state) {
        case S.Start:
          if (c === 34 /* " */) {
            fieldQuoted = true;
            state = S.Quoted;
            i++;
            continue;
          }
          state = S.Unquoted;
          continue; // reprocess as unquoted
        case S.Unquoted: {
          // Copy a run of ordinary characters in one slice.
          let j = i;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === 44 || d === 10 || d === 34) break;
            j++;
          }
          if (j > i) field += s.slice(i, j);
          rowChars += j - i;
          i = j;
          if (i >= n) break;
          const d = s.charCodeAt(i);
          i++;
          if (d === 44) {
            endField();
            state = S.Start;
          } else if (d === 10) {
            let eol = '\n';
            if (field.endsWith('\r')) {
              field = field.slice(0, -1);
              eol = '\r\n';
            }
            line++;
            endRow(eol);
            state = S.Start;
          } else bad('a quote inside an unquoted field');
          continue;
        }
        case S.Quoted: {
          let j = i;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === 34) break;
            if (d === 10) line++;
            j++;
          }
          if (j > i) field += s.slice(i, j);
          rowChars += j - i;
          i = j;
          if (i < n) {
            state = S.QuoteInQuoted;
            i++;
          }
          continue;
        }
        case S.QuoteInQuoted:
          i++;
          if (c === 34) {
            field += '"';
            state = S.Quoted;
          } else if (c === 44) {
            endField();
            state = S.Start;
          } else if (c === 10) {
            line++;
            endRow('\n');
            state = S.Start;
          } else if (c === 13) state = S.CrAfterQuote;
          else bad('text after a closing quote');
          continue;
        case S.CrAfterQuote:
          i++;
          if (c === 10) {
            line++;
            endRow('\r\n');
            state = S.Start;
          } else bad('text after a closing quote');
          continue;
        case S.Skip: {
          const nl = s.indexOf('\n', i);
          if (nl < 0) {
            i = n;
            continue;
          }
          i = nl + 1;
          line++;
          skipDone();
          continue;
        }
      }
    }
    if (rowChars > MAX_LINE) bad(`longer than the ${MAX_LINE / (1024 * 1024)} MiB limit`);
  };

  // `line` is where the next text starts: a chunk's line offsets count from it.
  const reportInvalid = (invalid: readonly number[]): void => {
    for (const k of invalid) onInvalid?.(line + k);
  };
  for await (const chunk of source) {
    let s: string;
    if (typeof chunk === 'string') s = chunk;
    else {
      const d = decoder.write(chunk);
      reportInvalid(d.invalid);
      s = d.text;
    }
    if (first && s.length) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s.length) feed(s);
    yield* drain();
  }
  const end = decoder.end();
  reportInvalid(end.invalid);
  if (end.text) feed(end.text);
  if (stopped) {
    yield* drain();
    return;
  }
  // End of input: close whatever row is open. (`as S`: TypeScript cannot see feed() change it.)
  switch (state as S) {
    case S.Quoted:
      bad('a quoted field is never closed');
      skipDone();
      break;
    case S.Skip:
      skipDone();
      break;
    case S.CrAfterQuote:
      endRow('\r');
      break;
    case S.Start:
      // Nothing pending unless a comma ended the last field (then the row has an empty last field).
      if (fields.length) endRow('');
      break;
    default:
      endRow('');
  }
  yield* drain();
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field as CSV: quoted when it was quoted before or when RFC 4180 requires it. */
export function csvField(value: string, quote = false): string {
  if (quote || NEEDS_QUOTES.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/** One row as CSV with its terminator. */
export function csvRow(fields: readonly string[], quoted: readonly boolean[] = [], eol = '\n'): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) {
    if (i) s += ',';
    s += csvField(fields[i]!, quoted[i] === true);
  }
  return s + eol;
}
