import { checkParams } from '../../decide/params.js';
import { PSEUDONYMISE } from '../../decide/plan.js';
import type { Apply } from './operator.js';

/** `pseudonymise`: the vault replaces the value with a reversible token. Takes no parameters. */
export function preparePseudonymise(params: unknown, path: string): Apply {
  checkParams(params, path, {});
  return () => PSEUDONYMISE;
}
