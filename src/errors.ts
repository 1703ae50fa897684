/**
 * One error class with a machine-readable `code`. Messages name the problem, a field or a type,
 * never the personal data involved.
 */
export type KavachErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_DETECTOR'
  | 'INVALID_POLICY'
  | 'INVALID_OPTION'
  | 'KEY_MISSING'
  | 'KEY_INVALID'
  | 'VAULT_ERROR'
  | 'VAULT_CLOSED'
  | 'BAD_RECORD';

export class KavachError extends Error {
  readonly code: KavachErrorCode;
  constructor(code: KavachErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KavachError';
    this.code = code;
  }
}

/**
 * Describe a value's type for an error message without ever including the value. Reads only the
 * prototype chain's built-in tag (never own properties such as a JSON field called "constructor",
 * which data controls), and survives hostile Proxies.
 */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  const t = typeof value;
  if (t !== 'object') return t;
  try {
    if (Array.isArray(value)) return 'array';
    if (Buffer.isBuffer(value)) return 'Buffer';
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return tag === 'Object' ? 'object' : tag;
  } catch {
    return 'object';
  }
}

/** `TypeError` for a non-string input: names the type, never the value. */
export function assertText(value: unknown, what = 'text'): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(`kavach: ${what} must be a string, got ${typeName(value)}`);
  }
}
