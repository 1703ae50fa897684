import { Errors } from '../../errors.js';
import { checkParams, oneOf, policyError } from '../../decide/params.js';
import type { RuleDef } from './rule.js';

/**
 * `city` (CITY): `to: 'zone'` (default) → the city's zone (`Bangalore` → `South Zone`), or
 * `to: 'state'` → its state (`Karnataka`). The table is patterns/cities.json
 * (`{ cities: [{ name, aliases, devanagari, state, zone }] }`); a city not in it → fallback.
 */

export interface CityEntry {
  name: string;
  aliases?: readonly string[];
  devanagari?: readonly string[];
  state: string;
  zone: string;
}

export interface CityTable {
  cities: readonly CityEntry[];
}

export const ZONES = ['North', 'South', 'East', 'West', 'Central', 'North-East'] as const;

/** The lookup key of a city name: NFKC, lower case, dots dropped, spaces collapsed. */
export function cityKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
}

/** Index every name, alias and Devanagari spelling of a table. Throws on a malformed entry. */
export function indexCities(table: CityTable): Map<string, CityEntry> {
  if (!table || !Array.isArray(table.cities)) throw Errors.invalidOption('city table must be { cities: [...] }');
  const index = new Map<string, CityEntry>();
  table.cities.forEach((c, i) => {
    if (!c || typeof c.name !== 'string' || typeof c.state !== 'string' || !(ZONES as readonly string[]).includes(c.zone)) {
      throw Errors.invalidOption(`city table: cities[${i}] needs name, state and a zone in ${ZONES.join(', ')}`);
    }
    for (const n of [c.name, ...(c.aliases ?? []), ...(c.devanagari ?? [])]) {
      const k = cityKey(n);
      if (k && !index.has(k)) index.set(k, c);
    }
  });
  return index;
}

/** Make a `city` rule over a table (given, or loaded lazily the first time a policy uses the rule). */
export function createCityRule(table: CityTable | (() => CityTable | undefined), name = 'city'): RuleDef {
  let index: Map<string, CityEntry> | undefined;
  const load = (path: string): Map<string, CityEntry> => {
    if (index) return index;
    const t = typeof table === 'function' ? table() : table;
    if (!t) throw policyError(path, 'the city table (patterns/cities.json) is not available');
    index = indexCities(t);
    return index;
  };
  return {
    name,
    types: ['CITY'],
    builtIn: name === 'city',
    prepare(params, path) {
      const p = checkParams(params, path, { to: oneOf(['zone', 'state'] as const) });
      const to = p.to ?? 'zone';
      const idx = load(path);
      return (value) => {
        const c = idx.get(cityKey(value));
        if (!c) return undefined;
        return to === 'zone' ? `${c.zone} Zone` : c.state;
      };
    },
  };
}
