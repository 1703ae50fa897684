/**
 * Input formats as a stream of units: one record with the texts to scrub in it and a way to
 * render it back with replacements. Shared by `detect` and `scrub`, so both read files the same way.
 */
import { csvRow, readCsv } from '../batch/formats/csv.js';
import { BadRecordError, getField, isRecord, parseFieldPath, readJsonl, setField } from '../batch/formats/jsonl.js';
import { readLines, type ByteSource } from '../batch/formats/text.js';
import { KavachError } from '../errors.js';
import type { Format } from './io.js';

export interface Unit {
  /** 1-based input line where the record starts. */
  no: number;
  /** 0-based index among data records (the CSV header and blank lines are not records). */
  index: number;
  /** Texts to process, in order. */
  texts: string[];
  /** Where each text came from: a field path or a column name (undefined for plain text). */
  labels: Array<string | undefined>;
  /** Detection context written before each text (a CSV header name), never part of the output. */
  prefixes?: string[];
  /** The record with these texts in place of `texts`, with its line terminator. */
  render(replaced: readonly string[]): string;
  /** A JSON record for the record walker (JSONL without --field). */
  record?: unknown;
  /** Not a data record (CSV header, blank line): written through unchanged, never sharded away. */
  passThrough?: boolean;
}

export interface UnitOptions {
  format: Format;
  /** JSONL: dotted field paths to scrub. Empty: whole records (record walker). */
  fields?: string[];
  /** CSV: column names to scrub. Empty: every column. */
  columns?: string[];
  /** JSONL without fields: also list every string in the record as a text (for `detect`). */
  walk?: boolean;
  /** Called for a bad record when skipping; without it a bad record throws. */
  onBad?: (err: BadRecordError) => void;
}

export async function* readUnits(source: ByteSource, opts: UnitOptions): AsyncGenerator<Unit> {
  let index = 0;
  if (opts.format === 'text') {
    for await (const line of readLines(source)) {
      const eol = line.eol;
      yield { no: line.no, index: index++, texts: [line.text], labels: [undefined], render: (r) => r[0]! + eol };
    }
    return;
  }
  if (opts.format === 'jsonl') {
    const paths = (opts.fields ?? []).map(parseFieldPath);
    for await (const rec of readJsonl(source, opts.onBad)) {
      const value = rec.value;
      if (paths.length === 0) {
        const texts: string[] = [];
        const labels: string[] = [];
        if (opts.walk) collectStrings(value, '', texts, labels);
        yield { no: rec.no, index: index++, texts, labels, record: value, render: () => `${JSON.stringify(value)}\n` };
        continue;
      }
      if (!isRecord(value)) {
        const err = new BadRecordError(rec.no, 'not a JSON object');
        if (!opts.onBad) throw err;
        opts.onBad(err);
        continue;
      }
      const texts: string[] = [];
      const labels: string[] = [];
      const found: string[][] = [];
      paths.forEach((p, i) => {
        const v = getField(value, p);
        if (v !== undefined) {
          texts.push(v);
          labels.push(opts.fields![i]!);
          found.push(p);
        }
      });
      yield {
        no: rec.no,
        index: index++,
        texts,
        labels,
        render: (r) => {
          found.forEach((p, i) => setField(value, p, r[i]!));
          return `${JSON.stringify(value)}\n`;
        },
      };
    }
    return;
  }
  let header: string[] | undefined;
  let cols: number[] = [];
  for await (const row of readCsv(source, opts.onBad)) {
    const { fields, quoted, eol } = row;
    if (row.blank) {
      yield { no: row.no, index: -1, texts: [], labels: [], passThrough: true, render: () => eol };
      continue;
    }
    if (!header) {
      header = fields;
      const h = header;
      if (opts.columns?.length) {
        cols = opts.columns.map((name) => {
          const i = h.indexOf(name);
          if (i < 0) throw new KavachError('INVALID_OPTION', `column "${name}" is not in the CSV header`);
          return i;
        });
      } else cols = h.map((_, i) => i);
      yield { no: row.no, index: -1, texts: [], labels: [], passThrough: true, render: () => csvRow(fields, quoted, eol) };
      continue;
    }
    const names = cols.map((c) => header![c]!);
    yield {
      no: row.no,
      index: index++,
      texts: cols.map((c) => fields[c]!),
      labels: names,
      // The column name helps weak shapes that need a context word ("aadhaar", "pan", "mobile").
      prefixes: names.map((n) => `${n}: `),
      render: (r) => {
        const out = fields.slice();
        cols.forEach((c, i) => (out[c] = r[i]!));
        return csvRow(out, quoted, eol);
      },
    };
  }
}

/** Every string in a JSON value with its path ("name", "contacts[0].phone"), depth-first in key order. */
function collectStrings(v: unknown, path: string, texts: string[], labels: string[]): void {
  if (typeof v === 'string') {
    texts.push(v);
    labels.push(path || '$');
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => collectStrings(x, `${path}[${i}]`, texts, labels));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) collectStrings(x, path ? `${path}.${k}` : k, texts, labels);
  }
}
