// What the vault checks of a request's session id and type before any key or store sees them.
import { assertText, Errors } from '../errors.js';

/**
 * Whether `s` holds a control character (U+0000-U+001F, U+007F). A loop: the ids checked are short
 * (at most 256 units, the length is checked first), and a regex test for each of a call's session and
 * types was ~1 % of a one-off `anonymise` call's CPU.
 */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Longest session id the vault takes. */
const MAX_SESSION = 256;

/** A string of 1-max characters without control characters. */
function isPlainText(value: string, max: number): boolean {
  return value.length > 0 && value.length <= max && !hasControl(value);
}

/** A text of 1-max characters without control characters (`label` names it in the error). */
function assertPlainText(value: unknown, field: string, label: string, max: number): asserts value is string {
  assertText(value, field);
  if (!isPlainText(value, max)) {
    throw Errors.invalidOption(`${label} must be 1-${max} characters without control characters`);
  }
}

/** Session ids: 1-256 characters, no control characters. */
export function assertSession(session: unknown): asserts session is string {
  assertPlainText(session, 'session', 'session id', MAX_SESSION);
}

/** Whether `s` is a session id `assertSession` accepts, without throwing (the audit trail asks). */
export function isSessionId(s: unknown): s is string {
  return typeof s === 'string' && isPlainText(s, MAX_SESSION);
}

/**
 * A record's type: 1-64 characters without control characters. The record's AAD joins session, token
 * and type with NUL (crypto.ts `recordAad`): a NUL inside a type would let one AAD read as another.
 */
export function assertType(type: unknown): asserts type is string {
  assertPlainText(type, 'type', 'type', 64);
}
