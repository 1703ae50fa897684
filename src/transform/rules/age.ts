import data from '../../../patterns/generalise/age-bands.json';
import { checkParams, int, policyError } from '../../decide/params.js';
import { asciiDigits, type RuleDef } from './rule.js';

/** Band parameters shared by `age-band` and `dob` (`to: 'age-band'`). */
export interface BandParams {
  width: number;
  top: number;
}

export const AGE_BAND_DEFAULTS: Readonly<BandParams> = data.defaults;
const MAX_AGE = data.limits.maxAge;

export const bandParamChecks = { width: int(1, data.limits.maxWidth), top: int(1, MAX_AGE) };

export function checkBand(p: { width?: number; top?: number }, path: string): BandParams {
  const width = p.width ?? AGE_BAND_DEFAULTS.width;
  const top = p.top ?? AGE_BAND_DEFAULTS.top;
  if (top < width) throw policyError(`${path}.top`, 'must be at least width');
  return { width, top };
}

/** `42` → `40-49`; at or above `top`: `90+`. */
export function ageBand(age: number, { width, top }: BandParams): string {
  if (age >= top) return `${top}+`;
  const lo = Math.floor(age / width) * width;
  const hi = Math.min(lo + width - 1, top - 1);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

const NUMBER = /(?<![0-9\u0966-\u096F])[0-9\u0966-\u096F]{1,3}(?![0-9\u0966-\u096F])/u;

/** Exported for the ReDoS check. */
export const AGE_NUMBER_PATTERN: RegExp = NUMBER;

/**
 * `age-band` (AGE): the number in the span becomes its band and the words around it stay
 * (`42` → `40-49`, `42 yrs` → `40-49 yrs`, `Age 42` → `Age 40-49`). Params: `width` (default 10),
 * `top` (default 90, the open band `90+`).
 */
export const ageBandRule: RuleDef = {
  name: 'age-band',
  types: ['AGE'],
  builtIn: true,
  prepare(params, path) {
    const band = checkBand(checkParams(params, path, bandParamChecks), path);
    return (value) => {
      const m = NUMBER.exec(value);
      if (!m) return undefined;
      const age = Number(asciiDigits(m[0]));
      if (age > MAX_AGE) return undefined;
      return value.slice(0, m.index) + ageBand(age, band) + value.slice(m.index + m[0].length);
    };
  },
};
