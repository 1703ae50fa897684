import { KavachError, Errors } from '../errors.js';

/**
 * Parameter checking for policies. Every check runs once, when a policy is compiled, and a failure
 * is a KavachError('INVALID_POLICY') whose message starts with the field path
 * (`entities.AGE.params.width: ...`). Messages describe what is expected, never the value given
 * (a policy can carry a secret).
 */

export type Params = Readonly<Record<string, unknown>>;

export function policyError(path: string, problem: string): KavachError {
  return Errors.invalidPolicy(`${path}: ${problem}`);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A parameter checker: returns the checked value or throws naming `path`. */
export type Check<T> = (value: unknown, path: string) => T;

export function int(min: number, max: number): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw policyError(path, `must be an integer in [${min}, ${max}]`);
    }
    return v;
  };
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw policyError(path, `must be one of ${values.map((x) => `'${x}'`).join(', ')}`);
    }
    return v as T;
  };
}

export function str(minLength: number, maxLength: number): Check<string> {
  return (v, path) => {
    if (typeof v !== 'string' || v.length < minLength || v.length > maxLength) {
      throw policyError(path, `must be a string of ${minLength}-${maxLength} characters`);
    }
    return v;
  };
}

/** One visible character (a code point that is not a letter or digit, or a letter such as X). */
export const maskChar: Check<string> = (v, path) => {
  if (typeof v !== 'string' || [...v].length !== 1 || /[\p{N}\s]/u.test(v)) {
    throw policyError(path, 'must be a single non-digit, non-space character');
  }
  return v;
};

/** A calendar date written `YYYY-MM-DD`, returned as a UTC Date. */
export const isoDate: Check<Date> = (v, path) => {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) return d;
  }
  throw policyError(path, 'must be a date written YYYY-MM-DD');
};

/**
 * Check a params object against a table of allowed parameters. Unknown parameters are errors
 * (a typo such as `widht` must not silently fall back to a default). Returns the checked values.
 */
export function checkParams<S extends Record<string, Check<unknown>>>(
  params: unknown,
  path: string,
  spec: S,
): { [K in keyof S]?: ReturnType<S[K]> } {
  if (params === undefined) return {};
  if (!isPlainObject(params)) throw policyError(path, 'must be an object');
  const out: Record<string, unknown> = {};
  const allowed = Object.keys(spec);
  for (const [k, v] of Object.entries(params)) {
    const check = Object.hasOwn(spec, k) ? spec[k] : undefined;
    if (!check) {
      throw policyError(`${path}.${k}`, allowed.length ? `unknown parameter (allowed: ${allowed.join(', ')})` : 'this takes no parameters');
    }
    if (v !== undefined) out[k] = check(v, `${path}.${k}`);
  }
  return out as { [K in keyof S]?: ReturnType<S[K]> };
}

/** Reject keys of a plain-data object that are not in `allowed`. */
export function checkKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw policyError(path ? `${path}.${k}` : k, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}
