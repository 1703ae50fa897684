// IFSC (RBI): 4-letter bank code + '0' + 6-character branch code; the bank code must issue IFSCs.
import data from '../../../patterns/ifsc.json';
import { ifscValid } from '../validators/ifsc.js';
import { defineDetector, type ValidationResult } from '../define.js';

/** One frozen result per bank code seen: validating a candidate builds no note. */
const RESULTS = new Map<string, ValidationResult>();
function resultFor(code: string): ValidationResult {
  const bank = code.slice(0, 4);
  let r = RESULTS.get(bank);
  if (r === undefined) RESULTS.set(bank, (r = Object.freeze({ valid: true, note: `known IFSC bank code ${bank}` })));
  return r;
}

export const ifsc = defineDetector(data, {
  // The lower-case pattern's matches are checked as the upper-case code they stand for.
  normalise: (match) => match.toUpperCase(),
  validate: (code) => (ifscValid(code) ? resultFor(code) : false),
});
