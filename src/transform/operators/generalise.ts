import { policyError } from '../../decide/params.js';
import { KEEP, PSEUDONYMISE } from '../../decide/plan.js';
import type { CheckedEntry } from '../../decide/policy.js';
import type { Apply } from './operator.js';
import { maskValue } from './mask.js';
import { DEFAULT_RULES, type RuleRegistry } from '../rules/registry.js';

/**
 * `generalise`: replace the value with a coarser one through a named rule (`age-band`, `dob`, `city`,
 * `pin`, or a registered user rule). `rule` defaults per type (AGE → age-band, DATE_OF_BIRTH → dob,
 * CITY → city, PIN_CODE → pin). When the rule cannot read a value (`forty-two`, a city not in the
 * table) the entry's `fallback` applies: `redact` (default), `mask`, `pseudonymise` or `keep`.
 */
export function prepareGeneralise(entry: CheckedEntry, type: string, rules: RuleRegistry): Apply {
  const path = entry.path;
  const name = entry.rule ?? DEFAULT_RULES[type];
  if (name === undefined) {
    const what = type === '*' ? 'as a default' : `for ${type}`;
    throw policyError(`${path}.rule`, `generalise ${what} needs a rule (registered: ${rules.list().join(', ')})`);
  }
  if (typeof name !== 'string') throw policyError(`${path}.rule`, 'must be a rule name');
  const def = rules.get(name);
  if (!def) throw policyError(`${path}.rule`, `unknown rule (registered: ${rules.list().join(', ')})`);
  if (def.types && !def.types.includes(type)) {
    const what = type === '*' ? 'a default for every type' : type;
    throw policyError(`${path}.rule`, `rule ${name} applies to ${def.types.join(', ')}, not ${what}`);
  }
  const fn = def.prepare(entry.params, `${path}.params`);
  const fallback = entry.fallback;
  return (value, t) => {
    const out = fn(value, t);
    if (out !== undefined) return { action: 'replace', text: out, via: 'generalise' };
    switch (fallback) {
      case 'keep':
        return KEEP;
      case 'pseudonymise':
        return PSEUDONYMISE;
      case 'mask':
        return { action: 'replace', text: maskValue(value, t, {}), via: 'mask' };
      default:
        return { action: 'replace', text: `[${t}]`, via: 'redact' };
    }
  };
}
