/**
 * JSON Lines (https://jsonlines.org): one JSON value per line. Blank lines are skipped. A line that
 * is not valid JSON, or not an object where fields are asked for, is a bad record reported by line
 * number only (never its content).
 */
import { KavachError, Errors } from '../../errors.js';
import { MAX_LINE, readLines, type ByteSource, type InvalidUtf8Handler } from './text.js';

export interface JsonRecord {
  /** 1-based line number in the input. */
  no: number;
  value: unknown;
  /** UTF-16 units of the line. */
  size: number;
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
  onInvalid?: InvalidUtf8Handler,
): AsyncGenerator<JsonRecord> {
  for await (const line of readLines(source, MAX_LINE, onInvalid)) {
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
    yield { no: line.no, value, size: line.text.length };
  }
}

/** A dotted field path ("text", "note.body", "alt.0") split once. */
export function parseFieldPath(path: string): string[] {
  const parts = path.split('.');
  if (path === '' || parts.some((p) => p === '')) {
    throw Errors.invalidOption(`field path "${path}" is not a dotted name like "text" or "note.body"`);
  }
  return parts;
}

/**
 * Drop paths that another path already covers (`contact.mobile` under `contact`, a repeat), so no
 * value is selected twice. Order is kept.
 */
export function coveringPaths(paths: readonly (readonly string[])[]): string[][] {
  const within = (a: readonly string[], b: readonly string[]): boolean => b.length <= a.length && b.every((x, i) => x === a[i]);
  return paths.filter((p, i) => !paths.some((q, j) => j !== i && within(p, q) && (q.length < p.length || j < i))).map((p) => [...p]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What a field path selects: the value there, of any JSON type, and where it sits. */
export interface Selected {
  value: unknown;
  /** The object or array holding it, and its key or index there. */
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  /** The nearest key on the path (an array item is named by its array's key): detection context. */
  field: string;
}

/**
 * The value at `path` in `record`: object keys by name, array items by a decimal index ("alt.0").
 * Undefined when the path leads nowhere.
 */
export function selectField(record: unknown, path: readonly string[]): Selected | undefined {
  let cur: unknown = record;
  let parent: Selected['parent'] | undefined;
  let key: string | number = '';
  let field = '';
  for (const step of path) {
    if (Array.isArray(cur)) {
      if (!/^(?:0|[1-9][0-9]{0,8})$/.test(step) || Number(step) >= cur.length) return undefined;
      parent = cur;
      key = Number(step);
    } else if (isObject(cur)) {
      // An own property only: a key named "__proto__" is data, inherited members are not.
      if (!Object.prototype.hasOwnProperty.call(cur, step)) return undefined;
      parent = cur;
      key = step;
      field = step;
    } else return undefined;
    // An own data property shadows Object.prototype's __proto__ accessor, so this reads the data.
    cur = (parent as Record<string | number, unknown>)[key];
  }
  return parent === undefined ? undefined : { value: cur, parent, key, field };
}

/** Put a new value where selectField found one. */
export function replaceSelected(sel: Selected, value: unknown): void {
  // defineProperty, not `=`: a JSON key named "__proto__" is an own property whose assignment
  // would hit the prototype setter and silently keep the original text.
  Object.defineProperty(sel.parent, sel.key, { value, writable: true, enumerable: true, configurable: true });
}

/** Whether a parsed line can carry fields (a JSON object). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value);
}
