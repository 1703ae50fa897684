import { expect } from 'vitest';
import { detect } from '../src/index.js';
import type { DetectOptions, Entity } from '../src/index.js';

/** detect() restricted to one type, asserting that every span's offsets slice out its text. */
export function find(text: string, type: string, options: DetectOptions = {}): Entity[] {
  const found = detect(text, { ...options, entities: [type] });
  for (const e of found) expect(text.slice(e.start, e.end)).toBe(e.text);
  return found;
}

/** The texts of the spans of `type` in `text`. */
export function values(text: string, type: string, options: DetectOptions = {}): string[] {
  return find(text, type, options).map((e) => e.text);
}

/** Types of all spans found in `text` (all detectors), with their texts. */
export function all(text: string, options: DetectOptions = {}): Array<[string, string]> {
  const found = detect(text, options);
  for (const e of found) expect(text.slice(e.start, e.end)).toBe(e.text);
  return found.map((e) => [String(e.type), e.text]);
}
