// Voter ID: Election Commission of India EPIC number, 3 letters + 7 digits.
import data from '../../patterns/voter-id.json';
import { allSameDigit } from '../validators/digits.js';
import { defineDetector } from './define.js';

export const voterId = defineDetector({
  id: data.id,
  type: data.type,
  patterns: data.patterns,
  context: data.context,
  negativeContext: data.negativeContext,
  validate: (s) => !allSameDigit(s.slice(3)),
});
