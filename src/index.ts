export { ENTITY_TYPES } from './types.js';
export type { EntityType, Entity, Explanation, DetectOptions } from './types.js';
export { detect, registerDetector, unregisterDetector, listDetectors, DEFAULT_MIN_SCORE } from './engine.js';
export { defineDetector } from './detectors/define.js';
export type { DetectorSpec, PatternDef, ValidationResult, RawCandidate, Detector } from './detectors/define.js';
export { resolve, comparePriority, SPECIFICITY } from './resolve.js';
export type { Candidate } from './resolve.js';
export { KavachError } from './errors.js';
export type { KavachErrorCode } from './errors.js';
