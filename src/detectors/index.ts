import type { Detector } from './define.js';
import { aadhaar } from './aadhaar.js';

/** The built-in detectors, in the order they run. Each lives in its own file. */
export const BUILT_IN_DETECTORS: readonly Detector[] = [aadhaar];
