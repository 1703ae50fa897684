/**
 * One error class with a machine-readable `code`, and one table of factories (`Errors`) that every
 * throw in kavach goes through: the code and its meaning live here, once. Messages name the problem,
 * a field or a type, never the personal data involved.
 */

/** Every code, with what it means. */
export const ERROR_CODES = {
  INVALID_INPUT: 'the input is not what the call accepts (wrong type, malformed text or record)',
  INVALID_DETECTOR: 'a detector definition (built-in data or custom) is malformed',
  INVALID_POLICY: 'a policy, preset or rule is malformed or names an unknown type or action',
  INVALID_OPTION: 'an option passed to a call is out of range or of the wrong type',
  KEY_MISSING: 'a persistent vault or keyed operator needs a key and none was given',
  KEY_INVALID: 'a key is malformed or does not open the vault it was given for',
  VAULT_ERROR: 'the vault backend failed, or a session ran out of tokens',
  VAULT_CLOSED: 'the vault was used after close()',
  BAD_RECORD: 'one record of a batch input cannot be read',
  INTERNAL: 'an invariant kavach relies on was broken (a bug: please report it)',
} as const;

export type KavachErrorCode = keyof typeof ERROR_CODES;

export class KavachError extends Error {
  readonly code: KavachErrorCode;
  constructor(code: KavachErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KavachError';
    this.code = code;
  }
}

type Factory = (message: string, options?: { cause?: unknown }) => KavachError;
const make = (code: KavachErrorCode): Factory => (message, options) => new KavachError(code, message, options);

/** The error factories (piscina's `Errors` table is the model): `throw Errors.invalidOption('…')`. */
export const Errors = {
  invalidInput: make('INVALID_INPUT'),
  invalidDetector: make('INVALID_DETECTOR'),
  invalidPolicy: make('INVALID_POLICY'),
  invalidOption: make('INVALID_OPTION'),
  keyMissing: make('KEY_MISSING'),
  keyInvalid: make('KEY_INVALID'),
  vault: make('VAULT_ERROR'),
  vaultClosed: make('VAULT_CLOSED'),
  badRecord: make('BAD_RECORD'),
  /** A broken invariant: the message says which, prefixed so a report is recognisable. */
  internal: (what: string, options?: { cause?: unknown }) => new KavachError('INTERNAL', `internal: ${what}`, options),
} as const satisfies Record<string, Factory>;

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
