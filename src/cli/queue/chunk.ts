/**
 * One chunk through the scrub pipeline, as `kavach scrub` runs a whole file: the same readers
 * (cli/units.ts) and the same steps (`scrubDetected` / `scrubRecords` in cli/pipeline.ts: pool
 * detection then policy, escaping and vault in input order, or the record walker for JSONL without
 * --field). Only the edges differ: the input is a byte slice of the file, a carried
 * CSV header is not written again, and bad records are collected (with their line in the WHOLE
 * input) instead of stopping the run, so a bad record never costs its neighbours.
 */
import type { BoundPolicy } from '../../decide/input.js';
import type { TokenMode, Vault } from '../../vault/interface.js';
import type { Pool } from '../../batch/pool.js';
import type { PolicySpec } from '../../batch/tasks.js';
import type { BadRecordError } from '../../batch/formats/jsonl.js';
import { scrubDetected, scrubRecords } from '../pipeline.js';
import { readUnits } from '../units.js';
import type { SplitFormat } from './split.js';

/** The scrub options a queued job carries (everything but the key, which never leaves a machine). */
export interface ChunkScrubOptions {
  format: SplitFormat;
  /** JSONL fields; empty: whole records through the record walker. */
  fields: string[];
  /** CSV columns; empty: all. */
  columns: string[];
  /** CSV: false when the file has no header row (every row is data). Default true. */
  header?: boolean;
  /** A preset name or a policy object (never one with a `secret`). */
  policy?: unknown;
  mode: TokenMode;
  /** `memory` or `redis://…`: where session tokens are allocated. */
  vault: string;
  session: string;
  entities: string[];
  minScore?: number;
}

export interface ChunkInput {
  bytes: Uint8Array;
  /** 1-based input line of the chunk's first byte. */
  firstLine: number;
  /**
   * CSV chunks after the first: the file's first record, read and not written. With a header it
   * names the columns; without one (`header: false`) it is the row the field count is checked against.
   */
  header?: Uint8Array;
}

export interface ChunkOutput {
  text: string;
  records: number;
  /** Bad records: line in the whole input and the reason (never the content). */
  bad: Array<{ line: number; reason: string }>;
  /** Entities replaced or kept, by type. */
  entities: Record<string, number>;
  /** Lines (in the whole input) that were not UTF-8: read with U+FFFD, kept and processed, as scrub does. */
  invalidUtf8: number[];
}

export interface ChunkEnv {
  pool: Pool;
  vault: Vault;
  policy: BoundPolicy;
  /** Set when the pool's threads may do the whole job (a policy that pseudonymises nothing). */
  whole?: PolicySpec | undefined;
  /** Set when the pool's threads may detect and plan (a policy that pseudonymises, as plain data). */
  planned?: PolicySpec | undefined;
}

const newlines = (b: Uint8Array): number => {
  let n = 0;
  for (const c of b) if (c === 0x0a) n++;
  return n;
};

export async function scrubChunk(input: ChunkInput, options: ChunkScrubOptions, env: ChunkEnv): Promise<ChunkOutput> {
  const headerLines = input.header ? newlines(input.header) : 0;
  const toInputLine = (relative: number): number => relative - headerLines + input.firstLine - 1;
  const bad: ChunkOutput['bad'] = [];
  const onBad = (err: BadRecordError): void => {
    bad.push({ line: toInputLine(err.line), reason: err.message.replace(/^line \d+: /, '') });
  };
  const source = (function* () {
    if (input.header) yield input.header;
    yield input.bytes;
  })();
  const invalidUtf8: number[] = [];
  const units = readUnits(source, {
    format: options.format,
    fields: options.fields,
    columns: options.columns,
    header: options.header !== false,
    onBad,
    onInvalidUtf8: (line) => invalidUtf8.push(toInputLine(line)),
  });
  // A carried first record is the first unit of its chunk: read (it names the columns, or sets the
  // field count the rows are checked against), never written.
  const written = input.header ? dropFirst(units) : units;
  const detectOptions = {
    ...(options.entities.length ? { entities: options.entities } : {}),
    ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
  };
  const anonOptions = { session: options.session, vault: env.vault, mode: options.mode, policy: env.policy, detect: detectOptions };
  // A Map, not `{}[type]`: a type named "constructor" or "__proto__" must count like any other.
  const entities = new Map<string, number>();
  const count = (type: string, action: string, n = 1): void => {
    if (action !== 'escape') entities.set(type, (entities.get(type) ?? 0) + n);
  };
  let text = '';
  let records = 0;
  // As in scrub (the same steps): a record the walker refuses is a bad record of its line.
  const steps = { anonymise: anonOptions, count, onBad, whole: env.whole, planned: env.planned };
  const chunks = options.format === 'jsonl' && options.fields.length === 0 ? scrubRecords(env.pool, written, steps) : scrubDetected(env.pool, written, detectOptions, steps);
  for await (const c of chunks) {
    text += c.text;
    records += c.records;
  }
  return { text, records, bad, entities: Object.fromEntries(entities), invalidUtf8 };
}

async function* dropFirst<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  let first = true;
  for await (const x of items) {
    if (first) first = false;
    else yield x;
  }
}
