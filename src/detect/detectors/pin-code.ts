// PIN code: India Post Postal Index Number, 6 digits, only with address / city / state context.
import gazetteer from '../../../patterns/cities.json';
import cityRules from '../../../patterns/city.json';
import data from '../../../patterns/pin-code.json';
import { digitsOnly } from '../validators/digits.js';
import { defineDetector, type ValidationResult } from '../define.js';

const CIRCLES: Readonly<Record<string, string>> = data.usedPrefixes;
/** One frozen result per used prefix: validating a candidate builds no note. */
const RESULTS: ReadonlyMap<string, ValidationResult> = new Map(Object.entries(CIRCLES).map(([prefix, circle]) => [prefix, Object.freeze({ valid: true, note: `PIN circle ${circle}` })]));

/**
 * Every name of the city gazetteer (CITY's patterns/cities.json: names, old names, Devanagari) is
 * address context too, except those that are also ordinary words or personal names (city.json
 * `ambiguous`): "Agartala - 799023" is as much an address as "Mumbai - 400001".
 */
const AMBIGUOUS = new Set([...cityRules.ambiguous.word, ...cityRules.ambiguous.name].map((w) => w.toLowerCase()));
const GAZETTEER_NAMES = gazetteer.cities
  .flatMap((c) => [c.name, ...c.aliases, ...c.devanagari])
  .filter((n) => !AMBIGUOUS.has(n.toLowerCase()));

export const pinCode = defineDetector(data, {
  context: [...data.context, ...GAZETTEER_NAMES],
  normalise: digitsOnly,
  validate: (d) => {
    const r = RESULTS.get(d.slice(0, 2));
    return r !== undefined && r;
  },
});
