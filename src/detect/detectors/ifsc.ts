// IFSC (RBI): 4-letter bank code + '0' + 6-character branch code; the bank code must issue IFSCs.
import data from '../../../patterns/ifsc.json';
import { ifscValid } from '../validators/ifsc.js';
import { defineDetector } from '../define.js';

export const ifsc = defineDetector(data, {
  // The lower-case pattern's matches are checked as the upper-case code they stand for.
  normalise: (match) => match.toUpperCase(),
  validate: (code) => (ifscValid(code) ? { valid: true, note: `known IFSC bank code ${code.slice(0, 4)}` } : false),
});
