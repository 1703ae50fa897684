// JSON / key-value string fields whose key names a person: "holder": "ANVESH GOUD", "customerName": ...
import personData from '../../../../patterns/person.json';
import { emitValue } from './capture.js';
import type { Ctx } from './context.js';
import { SCORE } from './score.js';
import { isSpace } from '../../address-marks.js';
import { isAsciiLetter } from '../../../text/anchor-reads.js';

/**
 * A field: a quoted key, a colon, a quoted name-like value. The pass does not run it over the text (a
 * regex from every '"' of the text was 1.7 % of prose detection): it finds the same matches from the
 * text's colons (`fieldAt`), and test/detect/json-fields.test.ts compares the two on generated text.
 */
export const JSON_FIELD_PATTERN = /"([A-Za-z][A-Za-z_ ]{0,40})"\s*:\s*"([\p{L}\p{M}][\p{L}\p{M}.' -]{0,78})"/gu;
/** The part of JSON_FIELD_PATTERN from the colon on, tried at one colon. */
const VALUE_AT = /:\s*"([\p{L}\p{M}][\p{L}\p{M}.' -]{0,78})"/uy;
const NAME_KEYS: ReadonlySet<string> = new Set(personData.nameKeys);
export const LABEL_BLOCKERS: ReadonlySet<string> = new Set(personData.labelBlockers);
const KEY_PART = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g;
const QUOTE = 34;

/** The key of a JSON field names a person: its last word is a person word and no blocker ("file", "bank") comes first. */
function personKey(key: string): boolean {
  // No `map`: its array turns holey once this is optimised, and jsonPass deoptimised (src/text/plain.ts).
  const parts = key.match(KEY_PART);
  if (parts === null) return false;
  for (let i = 0; i < parts.length; i++) if (LABEL_BLOCKERS.has(parts[i]!.toLowerCase())) return false;
  return NAME_KEYS.has(parts[parts.length - 1]!.toLowerCase());
}

/** text(q, k) is a key: [A-Za-z][A-Za-z_ ]{0,40}. */
function keyBetween(text: string, q: number, k: number): boolean {
  if (k - q - 1 < 1 || k - q - 1 > 41 || !isAsciiLetter(text.charCodeAt(q + 1))) return false;
  for (let x = q + 2; x < k; x++) {
    const c = text.charCodeAt(x);
    if (!isAsciiLetter(c) && c !== 95 && c !== 32) return false;
  }
  return true;
}

/**
 * The field whose key's closing quote is followed (after spaces) by the colon at `p`, with its key's
 * opening quote at or after `from` (the end of the last field): pushed to `out` as [key start, key end,
 * value start, value end], and its end returned; -1 when there is none. A key holds no quote, so a
 * field's key is the text between the last two quotes before its colon; trying the colons in order
 * finds the fields the pattern finds from the quotes in order.
 */
function fieldAt(text: string, p: number, from: number, out: number[]): number {
  let k = p - 1;
  while (k > from && isSpace(text.charCodeAt(k))) k--;
  if (k <= from || text.charCodeAt(k) !== QUOTE) return -1;
  const q = text.lastIndexOf('"', k - 1);
  if (q < from || !keyBetween(text, q, k)) return -1;
  VALUE_AT.lastIndex = p;
  const m = VALUE_AT.exec(text);
  if (m === null) return -1;
  const end = VALUE_AT.lastIndex;
  out.push(q + 1, k, end - 1 - m[1]!.length, end - 1);
  return end;
}

/** The fields of `text` as [key start, key end, value start, value end] quadruples, in text order. */
export function jsonFieldSpans(text: string): number[] {
  const out: number[] = [];
  let from = 0;
  for (let p = text.indexOf(':'); p >= 0; p = text.indexOf(':', p + 1)) {
    const end = fieldAt(text, p, from, out);
    if (end < 0) continue;
    from = end;
    p = end - 1;
  }
  return out;
}

export function jsonPass(c: Ctx): void {
  const { text } = c;
  if (text.indexOf('":') < 0 && text.indexOf('" :') < 0) return;
  const f = jsonFieldSpans(text);
  for (let i = 0; i < f.length; i += 4) {
    if (!personKey(text.slice(f[i]!, f[i + 1]!))) continue;
    // The value without its trailing spaces.
    let end = f[i + 3]!;
    while (end > f[i + 2]! && isSpace(text.charCodeAt(end - 1))) end--;
    emitValue(c, f[i + 2]!, end, SCORE.json, 'json');
  }
}
