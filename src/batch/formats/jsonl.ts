/**
 * JSON Lines (https://jsonlines.org): one JSON value per line. Blank lines are skipped. A line that
 * is not valid JSON, or not an object where fields are asked for, is a bad record reported by line
 * number only (never its content).
 */
import { KavachError } from '../../errors.js';
import { readLines, type ByteSource } from './text.js';

export interface JsonRecord {
  /** 1-based line number in the input. */
  no: number;
  value: unknown;
}

/** A bad line: where it was and why, without its content. */
export class BadRecordError extends KavachError {
  readonly line: number;
  constructor(line: number, reason: string) {
    super('BAD_RECORD', `line ${line}: ${reason}`);
    this.line = line;
  }
}

/** Parse JSONL. With `onBad`, a bad line is reported and skipped; without, it throws. */
export async function* readJsonl(
  source: ByteSource,
  onBad?: (err: BadRecordError) => void,
): AsyncGenerator<JsonRecord> {
  for await (const line of readLines(source)) {
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      const err = new BadRecordError(line.no, 'not valid JSON');
      if (!onBad) throw err;
      onBad(err);
      continue;
    }
    yield { no: line.no, value };
  }
}

/** A dotted field path ("text", "note.body") split once. */
export function parseFieldPath(path: string): string[] {
  const parts = path.split('.');
  if (path === '' || parts.some((p) => p === '')) {
    throw new KavachError('INVALID_OPTION', `field path "${path}" is not a dotted name like "text" or "note.body"`);
  }
  return parts;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The string at `path` in `record`, or undefined when absent or not a string. */
export function getField(record: unknown, path: readonly string[]): string | undefined {
  let cur: unknown = record;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    const d = Object.getOwnPropertyDescriptor(cur, key);
    if (!d) return undefined;
    cur = d.value;
  }
  return typeof cur === 'string' ? cur : undefined;
}

/** Replace the string at `path` (which getField found) in place. */
export function setField(record: unknown, path: readonly string[], value: string): void {
  let cur: unknown = record;
  for (let i = 0; i < path.length - 1; i++) cur = Object.getOwnPropertyDescriptor(cur, path[i]!)?.value;
  // defineProperty, not `=`: a JSON key named "__proto__" is an own property whose assignment
  // would hit the prototype setter and silently keep the original text.
  Object.defineProperty(cur, path[path.length - 1]!, { value, writable: true, enumerable: true, configurable: true });
}

/** Whether a parsed line can carry fields (a JSON object). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value);
}
