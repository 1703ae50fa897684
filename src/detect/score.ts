// Every score constant the engine itself uses, in one table (the defaults a detector spec may
// override). The detectors' own priors and rescoring values live in their patterns/<id>.json
// (`score` per pattern, `scores`), read by their hook files.
/** The engine's score constants (the defaults a detector spec may override). */
export const SCORES = {
  /** Spans scoring below this are dropped (`detect` option minScore). */
  minScore: 0.4,
  /** Added when a context word is found near the span (spec contextBoost). */
  contextBoost: 0.35,
  /** Subtracted when a negative context word is found (spec negativePenalty). */
  negativePenalty: 0.4,
  /** Characters scanned before / after the span for context (spec contextWindow). */
  windowBefore: 48,
  windowAfter: 24,
} as const;

