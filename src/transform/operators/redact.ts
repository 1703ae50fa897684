import { checkParams, policyError, str } from '../../decide/params.js';
import type { Apply } from './operator.js';

/**
 * `redact`: a type label in place of the value, `[AADHAAR]` by default. `params.label` replaces it;
 * `{type}` inside the label is the entity type (`<{type}>` → `<AADHAAR>`).
 */
export function prepareRedact(params: unknown, path: string): Apply {
  const p = checkParams(params, path, { label: str(1, 64) });
  const label = p.label;
  if (label !== undefined && /[\r\n]/.test(label)) throw policyError(`${path}.label`, 'must be one line');
  return (_value, type) => ({ action: 'replace', text: label === undefined ? `[${type}]` : label.replaceAll('{type}', type), via: 'redact' });
}
