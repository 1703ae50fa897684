// Voter ID: Election Commission of India EPIC number, 3 letters + 6-digit serial + Luhn check digit
// (python-stdnum stdnum/in_/epic.py, stdnum-js in/epic).
import data from '../../../patterns/voter-id.json';
import { allSameDigit } from '../validators/digits.js';
import { epicValid } from '../validators/epic.js';
import { defineDetector, type ValidationResult } from '../define.js';

const CHECKED: ValidationResult = Object.freeze({ valid: true, score: data.scores.checked, note: 'EPIC Luhn check digit' });

export const voterId = defineDetector(data, {
  // The check digit confirms the shape: 1 in 10 random codes pass, so a bare EPIC gets the prior of
  // a bare Verhoeff-valid Aadhaar (0.5); a wrong check digit is no EPIC, even behind a voter label.
  validate: (s) => !allSameDigit(s.slice(3)) && epicValid(s) && CHECKED,
});
