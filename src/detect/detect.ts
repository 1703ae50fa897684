// The bare `detect` and detector registration: a default DetectorRegistry (src/detect/registry.ts)
// holding the built-in detectors. Engines (createEngine) own registries of their own.
import type { DetectOptions, Entity } from '../types.js';
import type { Detector, DetectorSpec } from './define.js';
import { DetectorRegistry } from './registry.js';
import { SCORES } from './score.js';

export { DetectorRegistry };

export const DEFAULT_MIN_SCORE = SCORES.minScore;

/** The registry the module-level functions use. */
export const defaultRegistry = new DetectorRegistry();

/**
 * Add a detector (an employee ID, a policy number, ...) to the default registry. It runs through
 * exactly the same machinery as the built-in ones. Returns the compiled detector. Replaces one with
 * the same id.
 */
export function registerDetector(spec: DetectorSpec): Detector {
  return defaultRegistry.register(spec);
}

/** Remove a detector by id (built-in or custom) from the default registry. Returns whether one was removed. */
export function unregisterDetector(id: string): boolean {
  return defaultRegistry.unregister(id);
}

/** The detectors `detect` runs, in registry order. */
export function listDetectors(): readonly Detector[] {
  return defaultRegistry.list();
}

/**
 * Find personal data in `input` with the default registry. Synchronous and pure: fold → detectors →
 * score (validator, context) → threshold → resolve overlaps. Offsets are UTF-16 indices into
 * `input`, `end` exclusive, sorted, non-overlapping; `text` is the original slice.
 */
export function detect(input: string, options?: DetectOptions): Entity[] {
  return defaultRegistry.detect(input, options);
}
