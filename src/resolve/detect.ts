// The public `detect`: the detect stage's candidates (a DetectorRegistry) through the one overlap
// function, mapped back from the folded view to the caller's offsets.
import { defaultRegistry, type DetectorRegistry } from '../detect/detect.js';
import type { Found } from '../detect/registry.js';
import { assertText, typeName } from '../errors.js';
import type { DetectOptions, Entity } from '../types.js';
import { originalSpan } from '../text/fold.js';
import { EntityObject } from '../text/plain.js';
import { resolve } from './resolve.js';

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Find personal data in `input` with `registry`'s detectors. Synchronous and pure: fold → detectors
 * → score (validator, context) → threshold → resolve overlaps. Offsets are UTF-16 indices into
 * `input`, `end` exclusive, sorted, non-overlapping; `text` is the original slice (NBSP, ZWSP,
 * full-width digits as written).
 */
export function detectWith(registry: DetectorRegistry, input: string, options?: DetectOptions): Entity[] {
  return resolved(input, registry.find(input, options));
}

/**
 * Fewest texts a batch runs part by part. Below it the second pass's fold and tokenising cost more than
 * the warm code saves: corpus records in batches of 4–32 took 1.04–1.08× the CPU of one call each, 64
 * the same, 350 0.94–0.96 in process (and 0.84–0.88 in a `kavach scrub` worker's 64 KB tasks).
 */
export const PART_BATCH = 64;

/**
 * `detectWith` on each of `inputs`, the same entities for each. A batch of PART_BATCH texts or more
 * runs part by part over all of them (`DetectorRegistry.parts`: the names detector, then the others)
 * instead of text by text: faster for many short texts (records, CSV cells, lines). With `explain`
 * it is `detectWith` on each.
 */
export function detectManyWith(registry: DetectorRegistry, inputs: readonly string[], options?: DetectOptions): Entity[][] {
  if (!Array.isArray(inputs)) throw new TypeError(`kavach: texts must be an array of strings, got ${typeName(inputs)}`);
  // Every text is checked before any is read: a bad one fails the call as it would fail `detect`.
  for (let k = 0; k < inputs.length; k++) assertText(inputs[k], `texts[${k}]`);
  const parts = inputs.length < PART_BATCH || options?.explain === true ? 1 : registry.parts(options?.entities);
  if (parts === 1) {
    const each: Entity[][] = [];
    for (let k = 0; k < inputs.length; k++) each.push(detectWith(registry, inputs[k]!, options));
    return each;
  }
  const found: Found[] = [];
  for (let k = 0; k < inputs.length; k++) found.push(registry.find(inputs[k]!, options, 0));
  for (let p = 1; p < parts; p++) {
    for (let k = 0; k < inputs.length; k++) {
      // The same text folds the same way in every part: the first part's fold maps them all back.
      const more = registry.find(inputs[k]!, options, p).candidates;
      const into = found[k]!.candidates;
      for (let i = 0; i < more.length; i++) into.push(more[i]!);
    }
  }
  const out: Entity[][] = [];
  for (let k = 0; k < found.length; k++) out.push(resolved(inputs[k]!, found[k]!));
  return out;
}

/** The resolved entities of one text's candidates, offsets mapped back to `input`. */
function resolved(input: string, { candidates, fold }: Found): Entity[] {
  // Pushed into one literal, empty or not, never made by `map`: arrays that go from stage to stage
  // keep one elements kind (src/text/plain.ts).
  const out: Entity[] = [];
  if (candidates.length === 0) return out;
  const sorted = resolve(candidates);
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    const { start, end } = fold ? originalSpan(fold, c.start, c.end) : c;
    const e: Entity = new EntityObject(c.type, start, end, input.slice(start, end), round(c.score), c.detector);
    if (c.explanation) e.explanation = c.explanation;
    out.push(e);
  }
  return out;
}

/** `detectWith` the default registry (the built-in detectors plus any registered with `registerDetector`). */
export function detect(input: string, options?: DetectOptions): Entity[] {
  return detectWith(defaultRegistry, input, options);
}

/** `detect` on each of `inputs` (`detectManyWith` the default registry): the same entities, faster for many short texts. */
export function detectMany(inputs: readonly string[], options?: DetectOptions): Entity[][] {
  return detectManyWith(defaultRegistry, inputs, options);
}
