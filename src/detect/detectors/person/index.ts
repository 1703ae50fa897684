// Person names (no format authority): the data is patterns/person.json and patterns/names/ (sources
// and licences in patterns/names/README.md); the hook is the rule-based finder in names.ts.
import data from '../../../../patterns/person.json';
import { findNames } from './names.js';
import { defineDetector, Raw, type FindContext, type RawCandidate } from '../../define.js';

/** Pattern name by rule ("person-label"), built once per rule rather than per span. */
const patternOf = new Map<string, string>();
const pattern = (rule: string): string => {
  let p = patternOf.get(rule);
  if (p === undefined) patternOf.set(rule, (p = `person-${rule}`));
  return p;
};

export const person = defineDetector(data, {
  // Scores come from the finder (name context is part of the rule that found the name), so the
  // generic context boost is not used here.
  find: (text: string, call: FindContext): RawCandidate[] => {
    // Raw, not a literal: V8 pretenured the literal's site (a clean-clone CI run found these in old
    // space). Pushed, not mapped: the registry's loop over finders' arrays deoptimised when `map`'s
    // array turned holey (src/text/plain.ts).
    const out: RawCandidate[] = [];
    for (const s of findNames(text, { gating: call.nameGating })) out.push(new Raw(s.start, s.end, s.score, pattern(s.rule)));
    return out;
  },
  readsAllTokens: true,
});
