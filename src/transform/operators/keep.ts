import { checkParams } from './params.js';
import { KEEP, type Apply } from './operator.js';

/** `keep`: leave the value as it is (the caller decided it may pass). Takes no parameters. */
export function prepareKeep(params: unknown, path: string): Apply {
  checkParams(params, path, {});
  return () => KEEP;
}
