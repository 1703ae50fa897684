// JSON / key-value string fields whose key names a person: "holder": "ANVESH GOUD", "customerName": ...
import personData from '../../../../patterns/person.json';
import { emitValue } from './capture.js';
import type { Ctx } from './context.js';
import { SCORE } from './score.js';

const JSON_FIELD = /"([A-Za-z][A-Za-z_ ]{0,40})"\s*:\s*"([\p{L}\p{M}][\p{L}\p{M}.' -]{0,78})"/gu;
const NAME_KEYS: ReadonlySet<string> = new Set(personData.nameKeys);
export const LABEL_BLOCKERS: ReadonlySet<string> = new Set(personData.labelBlockers);
const KEY_PART = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g;

/** The key of a JSON field names a person: its last word is a person word and no blocker ("file", "bank") comes first. */
function personKey(key: string): boolean {
  const parts = (key.match(KEY_PART) ?? []).map((w) => w.toLowerCase());
  const last = parts[parts.length - 1];
  return last !== undefined && NAME_KEYS.has(last) && !parts.some((w) => LABEL_BLOCKERS.has(w));
}

export function jsonPass(c: Ctx): void {
  const { text } = c;
  if (text.indexOf('":') < 0 && text.indexOf('" :') < 0) return;
  JSON_FIELD.lastIndex = 0;
  for (let m = JSON_FIELD.exec(text); m; m = JSON_FIELD.exec(text)) {
    if (!personKey(m[1]!)) continue;
    const value = m[2]!.trimEnd();
    const s0 = m.index + m[0].length - 1 - m[2]!.length;
    emitValue(c, s0, s0 + value.length, SCORE.json, 'json');
  }
}
