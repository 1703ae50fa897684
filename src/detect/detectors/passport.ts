// Indian passport number (MEA Passport Seva / ICAO Doc 9303 document number): a letter and 7 digits.
import data from '../../../patterns/passport.json';
import { allSameDigit } from '../validators/digits.js';
import { defineDetector, type AnchorSpec } from '../define.js';

export const passport = defineDetector({
  id: data.id,
  type: data.type,
  patterns: data.patterns,
  anchors: data.anchors as Readonly<Record<string, AnchorSpec>>,
  context: data.context,
  negativeContext: data.negativeContext,
  requireContext: data.requireContext,
  validate: (s) => !allSameDigit(s.slice(1)),
});
