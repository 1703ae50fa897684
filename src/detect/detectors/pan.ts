// PAN (Income-tax Department, Protean/NSDL PAN structure): 5 letters, 4 digits, 1 letter; 4th letter a holder type.
import data from '../../../patterns/pan.json';
import { panHolderType, panPlaceholder, panValid } from '../validators/pan.js';
import { defineDetector, type ValidationResult } from '../define.js';

/** One frozen result per holder-type letter: validating a candidate builds no note. */
const RESULTS = new Map<string, ValidationResult>();
function resultFor(p: string): ValidationResult {
  const letter = p[3]!;
  let r = RESULTS.get(letter);
  if (r === undefined) RESULTS.set(letter, (r = Object.freeze({ valid: true, note: `holder type: ${panHolderType(p)}` })));
  return r;
}

export const pan = defineDetector(data, {
  // The lower-case pattern's matches are checked as the upper-case PAN they stand for.
  normalise: (match) => match.toUpperCase(),
  // Format masks (AAAAA9999A) are how documents describe a PAN, not someone's PAN.
  validate: (p) => (panValid(p) && !panPlaceholder(p) ? resultFor(p) : false),
});
