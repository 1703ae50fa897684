import data from '../../../patterns/generalise/pin-regions.json';
import { checkParams, int, maskChar, oneOf } from '../../decide/params.js';
import { asciiDigits, type RuleDef } from './rule.js';

/**
 * `pin` (PIN_CODE): `to: 'region'` (default) → the India Post region of the first digit
 * (`560001` → `Andhra Pradesh/Telangana/Karnataka`; words around the PIN are kept); `to: 'prefix'` → the first `digits`
 * (default 3) kept and the rest masked with `char` (`560001` → `560XXX`, `560 001` → `560 XXX`).
 * Region table: patterns/generalise/pin-regions.json.
 */

const REGIONS: Readonly<Record<string, { zone: string; label: string }>> = data.regions;

/** The region entry for a PIN's first digit (ASCII or Devanagari). */
export function pinRegion(pin: string): { zone: string; label: string } | undefined {
  const first = asciiDigits(pin).replace(/[^0-9]/g, '')[0];
  return first ? REGIONS[first] : undefined;
}

const PIN = /(?<![0-9\u0966-\u096F])[1-9\u0967-\u096F][0-9\u0966-\u096F]{2}\x20?[0-9\u0966-\u096F]{3}(?![0-9\u0966-\u096F])/u;

/** Exported for the ReDoS check. */
export const PIN_PATTERN: RegExp = PIN;

export const pinRule: RuleDef = {
  name: 'pin',
  types: ['PIN_CODE'],
  builtIn: true,
  prepare(params, path) {
    const p = checkParams(params, path, { to: oneOf(['region', 'prefix'] as const), digits: int(1, 5), char: maskChar });
    const to = p.to ?? 'region';
    const keep = p.digits ?? 3;
    const char = p.char ?? 'X';
    return (value) => {
      const m = PIN.exec(value);
      if (!m) return undefined;
      let out: string | undefined;
      if (to === 'region') out = pinRegion(m[0])?.label;
      else {
        let seen = 0;
        out = [...m[0]].map((c) => (c === ' ' ? c : seen++ < keep ? c : char)).join('');
      }
      return out === undefined ? undefined : value.slice(0, m.index) + out + value.slice(m.index + m[0].length);
    };
  },
};
