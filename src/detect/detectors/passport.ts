// Indian passport number (MEA Passport Seva / ICAO Doc 9303 document number): a letter and 7 digits.
import data from '../../../patterns/passport.json';
import { allSameDigit } from '../validators/digits.js';
import { defineDetector } from '../define.js';

export const passport = defineDetector(data, {
  validate: (s) => !allSameDigit(s.slice(1)),
});
