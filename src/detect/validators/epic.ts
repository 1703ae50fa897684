// EPIC (Electors Photo Identity Card) number, Election Commission of India: a 3-letter Functional
// Unique Serial Number (FUSN, one per assembly constituency), a 6-digit serial and one check digit
// computed with the Luhn algorithm over the seven digits. Published algorithm as implemented by
// python-stdnum (stdnum/in_/epic.py: `luhn.validate(number[3:])`) and stdnum-js (src/in/epic.ts).
import { luhnValid } from './card.js';

const EPIC_SHAPE = /^[A-Z]{3}[0-9]{7}$/;

/** True for an upper-case EPIC whose last digit is the Luhn check digit of the 6-digit serial. */
export function epicValid(epic: string): boolean {
  return EPIC_SHAPE.test(epic) && luhnValid(epic.slice(3));
}
