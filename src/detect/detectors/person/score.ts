// Every PERSON score, from patterns/person.json `scores` (one table instead of literals in the rules),
// checked once at load: each entry a number in [0, 1] or a group of them.
import personData from '../../../../patterns/person.json';
import { Errors } from '../../../errors.js';

type Table = typeof personData.scores;

function check(v: unknown, path: string): void {
  if (typeof v === 'number') {
    if (!(v >= 0 && v <= 1)) throw Errors.internal(`patterns/person.json scores.${path} is not in [0, 1]`);
    return;
  }
  if (typeof v !== 'object' || v === null) throw Errors.internal(`patterns/person.json scores.${path} is not a score`);
  for (const [k, x] of Object.entries(v)) if (k !== '_about') check(x, path ? `${path}.${k}` : k);
}

check(personData.scores, '');

export const SCORE: Table = personData.scores;

/** A rule's score by whether the name has a lexicon word (`known`) or none. */
export const known = (s: { known: number; unknown: number }, lexHits: number): number => (lexHits > 0 ? s.known : s.unknown);

/** A rule's score by whether the name has an unambiguous lexicon word (`strong`) or only ambiguous ones. */
export const strong = (s: { strong: number; ambiguous: number }, strongHits: number): number => (strongHits > 0 ? s.strong : s.ambiguous);
