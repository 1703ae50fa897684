import { checkParams } from '../../decide/params.js';
import { KEEP } from '../../decide/plan.js';
import type { Apply } from './operator.js';

/** `keep`: leave the value as it is (the caller decided it may pass). Takes no parameters. */
export function prepareKeep(params: unknown, path: string): Apply {
  checkParams(params, path, {});
  return () => KEEP;
}
