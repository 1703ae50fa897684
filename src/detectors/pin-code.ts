// PIN code: India Post Postal Index Number, 6 digits, only with address / city / state context.
import data from '../../patterns/pin-code.json';
import { digitsOnly } from '../validators/digits.js';
import { defineDetector } from './define.js';

const CIRCLES: Readonly<Record<string, string>> = data.usedPrefixes;

export const pinCode = defineDetector({
  id: data.id,
  type: data.type,
  patterns: data.patterns,
  context: data.context,
  negativeContext: data.negativeContext,
  requireContext: data.requireContext,
  contextWindow: data.contextWindow,
  normalise: digitsOnly,
  validate: (d) => {
    const circle = CIRCLES[d.slice(0, 2)];
    return circle !== undefined && { valid: true, note: `PIN circle ${circle}` };
  },
});
