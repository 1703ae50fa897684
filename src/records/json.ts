// The JSON walk of records: a deep copy that collects string (and number) leaves with setters, and
// the number mark that lets a number replaced by a token come back as a number.
import { KavachError, typeName } from '../errors.js';
import { scanTokens, type TokenMatch } from '../token.js';

/** The one token `s` consists of, if it is exactly one token-shaped span and nothing else. */
function wholeToken(s: string): TokenMatch | undefined {
  const m = scanTokens(s);
  return m.length === 1 && m[0]!.start === 0 && m[0]!.end === s.length ? m[0] : undefined;
}

/**
 * A JSON number replaced by one token is written with curly brackets, `{PHONE_1}` instead of
 * `<PHONE_1>`: the mark, in the record itself, that the original was a number. Restoring reads the
 * mark, not the value's look, so a string "9876543210" stays a string and a number stays a number.
 * The mark cannot be forged by input: anonymise escapes token-shaped text already in a value
 * (`{PHONE_1}` in the input becomes a literal token), so only kavach writes it. Any other
 * replacement of a number (a band, a mask, a token inside longer text) is returned as it is.
 */
export function markNumber(replaced: string): string {
  const m = wholeToken(replaced);
  return m && m.raw === m.token ? `{${m.token.slice(1, -1)}}` : replaced;
}

/** Whether a scrubbed string is a number's token (see markNumber). */
export function isNumberMark(s: string): boolean {
  return s.startsWith('{') && s.endsWith('}') && wholeToken(s) !== undefined;
}

export const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The JSON value to put back for a scrubbed string: a number when it carried the number mark and its original is a number. */
export function restoredValue(scrubbed: string, restored: string): string | number {
  return isNumberMark(scrubbed) && JSON_NUMBER.test(restored) && Number.isFinite(Number(restored)) ? Number(restored) : restored;
}

/** The JSON value to write for a number leaf after scrubbing: the number when untouched, else its (marked) replacement. */
export function scrubbedNumber(original: number, replaced: string): number | string {
  return replaced === String(original) ? original : markNumber(replaced);
}

const MAX_DEPTH = 64;

function pointer(parts: readonly (string | number)[]): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Where a problem is, for messages: each step is a position counted from 0 (an object's keys in
 * their order, an array's items), never a key's text — keys are data too ("Ravi Kumar 9876543210").
 */
function positionPath(positions: readonly number[]): string {
  return positions.length ? `/${positions.join('/')}` : '';
}

/** BAD_RECORD from the record walk: what is wrong (`problem`) and where (`at`, by position). */
export class BadJsonError extends KavachError {
  /** `/1/0/3` (positions from 0), or '' for the value itself. */
  readonly at: string;
  readonly problem: string;
  constructor(positions: readonly number[], problem: string) {
    const at = positionPath(positions);
    super('BAD_RECORD', `record${at ? ` at position ${at}` : ''}: ${problem}`);
    this.at = at;
    this.problem = problem;
  }

  /** The problem and its position, for a caller that names the record its own way (`line 7: …`). */
  get located(): string {
    return `${this.problem}${this.at ? ` at position ${this.at}` : ''}`;
  }
}

function badRecord(positions: readonly number[], problem: string): KavachError {
  return new BadJsonError(positions, problem);
}

/** A string or number inside a JSON value, with a setter that writes into the walked copy. */
export interface Leaf {
  /** JSON Pointer (key text included: for results, never for messages). */
  path: string;
  /** The keys and indexes the pointer is made of. */
  parts: readonly (string | number)[];
  field: string | undefined;
  value: string;
  wasNumber: boolean;
  set: (v: unknown) => void;
}

/**
 * Deep-copy a JSON value into `box.value`, collecting its string leaves (and numbers, as candidates
 * for hinted fields) with setters that write into the copy. `field` names the value itself (the key
 * it sits under, when the caller walks a part of a larger record); array items inherit their
 * array's field. Refuses what is not JSON with BAD_RECORD, located by position, never by key text.
 */
export function copyJson(value: unknown, leaves: Leaf[], field?: string): { value: unknown } {
  const seen = new Set<object>();
  const walk = (v: unknown, parts: (string | number)[], positions: number[], field: string | undefined, set: (x: unknown) => void): unknown => {
    if (typeof v === 'string') {
      leaves.push({ path: pointer(parts), parts, field, value: v, wasNumber: false, set });
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw badRecord(positions, 'numbers must be finite');
      leaves.push({ path: pointer(parts), parts, field, value: String(v), wasNumber: true, set });
      return v;
    }
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v !== 'object') throw badRecord(positions, `${typeName(v)} is not JSON`);
    if (parts.length >= MAX_DEPTH) throw badRecord(positions, `nested deeper than ${MAX_DEPTH}`);
    if (seen.has(v)) throw badRecord(positions, 'has a cycle');
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      const arr: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) arr[i] = walk(v[i], [...parts, i], [...positions, i], field, (x) => (arr[i] = x));
      out = arr;
    } else {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw badRecord(positions, `${typeName(v)} is not a plain JSON object`);
      const obj: Record<string, unknown> = {};
      let i = 0;
      for (const [k, x] of Object.entries(v)) {
        Object.defineProperty(obj, k, { value: undefined, writable: true, enumerable: true, configurable: true });
        obj[k] = walk(x, [...parts, k], [...positions, i++], k, (y) => (obj[k] = y));
      }
      out = obj;
    }
    seen.delete(v);
    return out;
  };
  const box: { value: unknown } = { value: undefined };
  box.value = walk(value, [], [], field, (x) => (box.value = x));
  return box;
}

