/**
 * Input formats as a stream of units: one record with the texts to scrub in it and a way to
 * render it back with replacements. Shared by `detect` and `scrub`, so both read files the same way.
 */
import { csvRow, readCsv } from '../batch/formats/csv.js';
import { BadRecordError, coveringPaths, isRecord, parseFieldPath, readJsonl, replaceSelected, selectField } from '../batch/formats/jsonl.js';
import { MAX_LINE, readLines, type ByteSource, type InvalidUtf8Handler } from '../batch/formats/text.js';
import { Errors } from '../errors.js';
import { BadJsonError, copyJson, fieldLabel, restoredValue, scrubbedNumber, type Leaf } from '../records/records.js';
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
  /** UTF-16 units of its input line (JSONL), for closing tasks by size when `texts` are not listed. */
  size?: number;
  /** The JSON Pointer of each text of a walked record (`walk`): where its spelling sheet is filed. */
  paths?: string[];
  /** Not a data record (CSV header, blank line): written through unchanged, never sharded away. */
  passThrough?: boolean;
}

export interface UnitOptions {
  format: Format;
  /**
   * JSONL: dotted field paths to scrub ("phone", "contact.mobile", "alt.0"). A path selects a value
   * of any JSON type: the strings and numbers in it are the texts, each with its nearest key as
   * context. Empty: whole records (record walker).
   */
  fields?: string[];
  /** CSV: column names to scrub (column numbers from 1 with `header: false`). Empty: every column. */
  columns?: string[];
  /** CSV: whether the first row is a header (default true). Without one, every row is data. */
  header?: boolean;
  /** CSV: the header row's cells, once, before any data row (e.g. to check they are not data). */
  onHeader?: (cells: readonly string[]) => void;
  /** JSONL without fields: also list every string in the record as a text (for `detect`, `restore`). */
  walk?: boolean;
  /**
   * Rendering restored texts: numbers are not texts, and a string that carries the number mark
   * (`{PHONE_1}`) is written back as a number when its original is one.
   */
  restore?: boolean;
  /** Called for a bad record when skipping; without it a bad record throws. */
  onBad?: (err: BadRecordError) => void;
  /** Told the number of each line with bytes that are not UTF-8 (read with U+FFFD in their place). */
  onInvalidUtf8?: InvalidUtf8Handler;
}

export async function* readUnits(source: ByteSource, opts: UnitOptions): AsyncGenerator<Unit> {
  let index = 0;
  const bad = (err: BadRecordError): void => {
    if (!opts.onBad) throw err;
    opts.onBad(err);
  };
  if (opts.format === 'text') {
    for await (const line of readLines(source, MAX_LINE, opts.onInvalidUtf8)) {
      const eol = line.eol;
      yield { no: line.no, index: index++, texts: [line.text], labels: [undefined], render: (r) => r[0]! + eol };
    }
    return;
  }
  if (opts.format === 'jsonl') {
    const names = opts.fields ?? [];
    const paths = coveringPaths(names.map(parseFieldPath));
    for await (const rec of readJsonl(source, opts.onBad, opts.onInvalidUtf8)) {
      const value = rec.value;
      if (paths.length === 0) {
        let strings: Leaf[] = [];
        let box = { value };
        if (opts.walk) {
          const leaves: Leaf[] = [];
          try {
            box = copyJson(value, leaves);
          } catch (err) {
            if (!(err instanceof BadJsonError)) throw err;
            bad(new BadRecordError(rec.no, err.located));
            continue;
          }
          strings = leaves.filter((l) => !l.wasNumber);
        }
        const render = (r: readonly string[]): string => {
          if (opts.restore) strings.forEach((x, i) => x.set(restoredValue(x.value, r[i]!)));
          return `${JSON.stringify(box.value)}\n`;
        };
        yield { no: rec.no, index: index++, texts: strings.map((x) => x.value), labels: strings.map((x) => label(x.parts)), record: value, size: rec.size, ...(opts.walk ? { paths: strings.map((x) => x.path) } : {}), render };
        continue;
      }
      if (!isRecord(value)) {
        bad(new BadRecordError(rec.no, 'not a JSON object'));
        continue;
      }
      const unit = fieldUnit(value, paths, opts.restore === true);
      if (unit instanceof BadJsonError) {
        bad(new BadRecordError(rec.no, `${unit.located} of a --field value`));
        continue;
      }
      yield { no: rec.no, index: index++, ...unit };
    }
    return;
  }
  const hasHeader = opts.header !== false;
  let header: string[] | undefined;
  let cols: number[] | undefined;
  const pick = (width: number): number[] => {
    if (!opts.columns?.length) return Array.from({ length: width }, (_, i) => i);
    return opts.columns.map((name) => {
      if (header) {
        const i = header.indexOf(name);
        if (i < 0) throw Errors.invalidOption(`column "${name}" is not in the CSV header`);
        return i;
      }
      const n = /^[1-9][0-9]{0,5}$/.test(name) ? Number(name) : 0;
      if (n < 1 || n > width) throw Errors.invalidOption(`without a header, --columns takes column numbers from 1 to ${width} ("${name}" is not one)`);
      return n - 1;
    });
  };
  for await (const row of readCsv(source, opts.onBad, { onInvalid: opts.onInvalidUtf8, header: hasHeader })) {
    const { fields, quoted, eol } = row;
    if (row.blank) {
      yield { no: row.no, index: -1, texts: [], labels: [], passThrough: true, render: () => eol };
      continue;
    }
    if (hasHeader && !header) {
      header = fields;
      cols = pick(fields.length);
      opts.onHeader?.(fields);
      yield { no: row.no, index: -1, texts: [], labels: [], passThrough: true, render: () => csvRow(fields, quoted, eol) };
      continue;
    }
    cols ??= pick(fields.length);
    const names = header ? cols.map((c) => header![c]!) : undefined;
    const use = cols;
    yield {
      no: row.no,
      index: index++,
      texts: use.map((c) => fields[c]!),
      labels: names ?? use.map(() => undefined),
      // The column name helps weak shapes that need a context word ("aadhaar", "pan", "mobile").
      ...(names ? { prefixes: names.map((n) => `${n}: `) } : {}),
      render: (r) => {
        const out = fields.slice();
        use.forEach((c, i) => (out[c] = r[i]!));
        return csvRow(out, quoted, eol);
      },
    };
  }
}

/**
 * The texts of the values `paths` select in a record, each with its nearest key as detection
 * context. Numbers are texts too when scrubbing: one that holds personal data is written as its
 * (number-marked) token, one that does not stays a number.
 */
function fieldUnit(value: Record<string, unknown>, paths: readonly string[][], restore: boolean): Omit<Unit, 'no' | 'index'> | BadJsonError {
  const texts: string[] = [];
  const labels: string[] = [];
  const prefixes: string[] = [];
  const slots: Leaf[] = [];
  const commits: Array<() => void> = [];
  for (const path of paths) {
    const sel = selectField(value, path);
    if (sel === undefined) continue;
    const leaves: Leaf[] = [];
    let copy: { value: unknown };
    try {
      copy = copyJson(sel.value, leaves, sel.field || undefined);
    } catch (err) {
      if (err instanceof BadJsonError) return err;
      throw err;
    }
    for (const leaf of leaves) {
      if (leaf.wasNumber && restore) continue;
      texts.push(leaf.value);
      labels.push([...path, ...leaf.parts].join('.'));
      prefixes.push(leaf.field !== undefined ? `${fieldLabel(leaf.field)}: ` : '');
      slots.push(leaf);
    }
    commits.push(() => replaceSelected(sel, copy.value));
  }
  return {
    texts,
    labels,
    prefixes,
    render: (r) => {
      slots.forEach((leaf, i) => {
        const text = r[i]!;
        if (leaf.wasNumber) leaf.set(scrubbedNumber(Number(leaf.value), text));
        else leaf.set(restore ? restoredValue(leaf.value, text) : text);
      });
      for (const c of commits) c();
      return `${JSON.stringify(value)}\n`;
    },
  };
}

/** A path as `detect` labels it: "name", "contacts[0].phone", "$" for the record itself. */
function label(parts: readonly (string | number)[]): string {
  let s = '';
  for (const p of parts) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s || '$';
}
