import { checkParams } from './params.js';
import { PSEUDONYMISE, type Apply } from './operator.js';

/** `pseudonymise`: the vault replaces the value with a reversible token. Takes no parameters. */
export function preparePseudonymise(params: unknown, path: string): Apply {
  checkParams(params, path, {});
  return () => PSEUDONYMISE;
}
