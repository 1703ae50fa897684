// Detector registration on the default DetectorRegistry (src/detect/registry.ts) holding the
// built-in detectors; the bare `detect` over it is src/resolve/detect.ts. Engines own registries of their own.
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
