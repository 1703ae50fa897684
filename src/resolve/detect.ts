// The public `detect`: the detect stage's candidates (a DetectorRegistry) through the one overlap
// function, mapped back from the folded view to the caller's offsets.
import { defaultRegistry, type DetectorRegistry } from '../detect/detect.js';
import type { DetectOptions, Entity } from '../types.js';
import { originalSpan } from '../text/fold.js';
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
  const { candidates, fold } = registry.find(input, options);
  if (candidates.length === 0) return [];
  return resolve(candidates).map((c) => {
    const { start, end } = fold ? originalSpan(fold, c.start, c.end) : c;
    const e: Entity = { type: c.type, start, end, text: input.slice(start, end), score: round(c.score), detector: c.detector };
    if (c.explanation) e.explanation = c.explanation;
    return e;
  });
}

/** `detectWith` the default registry (the built-in detectors plus any registered with `registerDetector`). */
export function detect(input: string, options?: DetectOptions): Entity[] {
  return detectWith(defaultRegistry, input, options);
}
