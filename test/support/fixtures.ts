// Synthetic values and a tiny name finder so pipeline tests do not depend on the NLP name detector.
import type { DetectOptions, Entity } from '../../src/types.js';
import { detect } from '../../src/resolve/detect.js';
import { verhoeffDigit } from '../../src/detect/validators/verhoeff.js';

export const NAMES = ['Ravi Kumar', 'Anita Desai', 'Sunil Menon', 'Priya Raghavan'];

/** A valid (Verhoeff) Aadhaar-shaped number from 11 leading digits (first 2-9). */
export function aadhaar(body11: string): string {
  return body11 + verhoeffDigit(body11);
}

/** One text of a batch task, text by text (the oracle for src/batch/tasks.ts `detectAllWithPrefix`):
 *  detect() on prefix + text, the spans wholly inside the text, offsets shifted back. */
export function detectWithPrefix(text: string, prefix: string | undefined, options?: DetectOptions): Entity[] {
  if (!prefix) return detect(text, options);
  return detect(prefix + text, options).filter((e) => e.start >= prefix.length).map((e) => ({ ...e, start: e.start - prefix.length, end: e.end - prefix.length }));
}

/** detect() plus the fixture names as PERSON (whole words), resolved to non-overlapping spans. */
export function detectWithNames(text: string): Entity[] {
  const found: Entity[] = detect(text);
  for (const name of NAMES) {
    let i = text.indexOf(name);
    while (i >= 0) {
      const before = i === 0 ? '' : text[i - 1]!;
      const after = text[i + name.length] ?? '';
      if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after) && !found.some((e) => e.start < i + name.length && i < e.end)) {
        found.push({ type: 'PERSON', start: i, end: i + name.length, text: name, score: 0.9, detector: 'fixture-names' });
      }
      i = text.indexOf(name, i + 1);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
