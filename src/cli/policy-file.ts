/** `--policy` of scrub, serve and the queue: a preset name, or a policy file (JSON). */
import { existsSync, readFileSync } from 'node:fs';
import { Errors } from '../errors.js';

/** --policy: a preset name as is, or a JSON file's content. */
export function loadPolicy(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.endsWith('.json') || existsSync(value)) {
    let text: string;
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw Errors.invalidPolicy(`cannot read policy file ${value}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw Errors.invalidPolicy(`policy file ${value} is not valid JSON`);
    }
  }
  return value;
}
