// What the vault checks of a request's session id and type before any key or store sees them.
import { assertText, Errors } from '../errors.js';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A text of 1-max characters without control characters (`label` names it in the error). */
function assertPlainText(value: unknown, field: string, label: string, max: number): asserts value is string {
  assertText(value, field);
  if (value.length === 0 || value.length > max || CONTROL.test(value)) {
    throw Errors.invalidOption(`${label} must be 1-${max} characters without control characters`);
  }
}

/** Session ids: 1-256 characters, no control characters. */
export function assertSession(session: unknown): asserts session is string {
  assertPlainText(session, 'session', 'session id', 256);
}

/**
 * A record's type: 1-64 characters without control characters. The record's AAD joins session, token
 * and type with NUL (crypto.ts `recordAad`): a NUL inside a type would let one AAD read as another.
 */
export function assertType(type: unknown): asserts type is string {
  assertPlainText(type, 'type', 'type', 64);
}
