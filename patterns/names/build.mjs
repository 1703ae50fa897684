// Rebuilds the name lexicon in this folder from its sources. Run by hand, not at install or test time:
//
//   npm i --prefix /tmp/names-src random-indian-name@1.0.0 @indic-transliteration/sanscript@1.3.3
//   apt-get install wamerican            # /usr/share/dict/american-english, for the English-word overlap
//   NAMES_SRC=/tmp/names-src node patterns/names/build.mjs
//
// Inputs: curated.json (hand lists by region, MIT), random-indian-name (MIT, names from baby-name sites,
// no region), the SCOWL word list from Debian's wamerican (to flag names that are also English words).
// Outputs: first-names.json, surnames.json, devanagari.json, ambiguous.json. See README.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const here = import.meta.dirname;
const src = process.env.NAMES_SRC ?? '/tmp/names-src';
const req = createRequire(join(src, 'package.json'));
const rin = req('random-indian-name/lib/names.js');
const Sanscript = req('@indic-transliteration/sanscript');
const curated = JSON.parse(readFileSync(join(here, 'curated.json'), 'utf8'));

/** Canonical spelling: letters (and one internal apostrophe), first letter upper-case. */
function clean(name) {
  const s = name.trim();
  if (!/^[A-Za-z]+(?:'[A-Za-z]+)?$/.test(s) || s.length < 2) return undefined;
  return s[0].toUpperCase() + s.slice(1).toLowerCase().replace(/'(.)/, (_, c) => `'${c.toUpperCase()}`);
}

function byRegion(section, general) {
  const regions = {};
  const seen = new Set();
  for (const [region, list] of Object.entries(section)) {
    const names = [...new Set(list.split(/\s+/).map(clean).filter(Boolean))].sort();
    regions[region] = names;
    for (const n of names) seen.add(n.toLowerCase());
  }
  if (general) {
    regions.general = [...new Set(general.map(clean).filter(Boolean))].filter((n) => !seen.has(n.toLowerCase())).sort();
  }
  const unique = new Set(Object.values(regions).flat().map((n) => n.toLowerCase()));
  const counts = Object.fromEntries(Object.entries(regions).map(([r, l]) => [r, l.length]));
  return { regions, counts, unique: unique.size };
}

const first = byRegion(curated.first, [...rin.first_male, ...rin.first_female]);
const sur = byRegion(curated.surname, rin.last);

const deva = (list) =>
  [...new Set(list.split(/\s+/).filter(Boolean).map((hk) => Sanscript.t(hk, 'hk', 'devanagari')))].sort();
const devanagari = { first: deva(curated.devanagari_hk.first), surname: deva(curated.devanagari_hk.surname) };

// Names that are also lower-case English dictionary words ("Ray", "Mark", "Ajar", "More"): a bare
// occurrence is not evidence of a person. Hindi homographs ("Asha", "Kiran") are in patterns/person.json.
const dictPath = '/usr/share/dict/american-english';
const english = existsSync(dictPath)
  ? new Set(readFileSync(dictPath, 'utf8').split('\n').filter((w) => /^[a-z]+$/.test(w)))
  : new Set();
const all = new Set([...Object.values(first.regions).flat(), ...Object.values(sur.regions).flat()].map((n) => n.toLowerCase()));
const ambiguous = [...all].filter((n) => english.has(n)).sort();

const header = (what, source) => ({ about: what, source, generated: 'patterns/names/build.mjs' });
const write = (file, data) => writeFileSync(join(here, file), `${JSON.stringify(data, null, 1)}\n`);
write('first-names.json', {
  ...header('Given names by region/community; "general" = random-indian-name entries not in a regional list.',
    'curated.json (MIT, kavach) + random-indian-name@1.0.0 first_male/first_female (MIT)'),
  counts: first.counts, unique: first.unique, regions: first.regions,
});
write('surnames.json', {
  ...header('Family names by region/community; "general" = random-indian-name entries not in a regional list.',
    'curated.json (MIT, kavach) + random-indian-name@1.0.0 last (MIT)'),
  counts: sur.counts, unique: sur.unique, regions: sur.regions,
});
write('devanagari.json', {
  ...header('Common names in Devanagari, transliterated from hand-written Harvard-Kyoto.',
    'curated.json devanagari_hk (MIT, kavach) via @indic-transliteration/sanscript@1.3.3 (MIT)'),
  counts: { first: devanagari.first.length, surname: devanagari.surname.length }, ...devanagari,
});
write('ambiguous.json', {
  ...header('Lexicon names that are also lower-case English words: weak without context.',
    'SCOWL american-english word list (Debian package wamerican; SCOWL licence, permissive)'),
  count: ambiguous.length, names: ambiguous,
});
console.log({ first: first.counts, firstUnique: first.unique, surnames: sur.counts, surnameUnique: sur.unique, devanagari: { first: devanagari.first.length, surname: devanagari.surname.length }, ambiguous: ambiguous.length });
