// TEST ORACLE, not used by src/: the PHONE finder for national numbers of other countries as it was
// before its cue scan was limited to the stretches before digit runs (src/detect/detectors/phone.ts
// at 1f30278: one cue regex over the whole text). test/detect/oracle.test.ts compares the two.
import nationalData from '../../patterns/phone-national.json';
import data from '../../patterns/phone.json';
import { compilePattern, patternHits, type RawCandidate } from '../../src/detect/define.js';
import { digitsOnly } from '../../src/detect/validators/digits.js';
import { checkNational } from '../../src/detect/validators/phone.js';

const S = data.scores;

// National-format numbers of other countries ("US: 415-555-0132", "my Israeli number is 09-7625400"):
// only where the same line names the country just before the number, and only when libphonenumber
// finds a valid number of that country. The cue table (patterns/phone-national.json) is ISO 3166-1.
const NATIONAL = compilePattern(nationalData.patterns[0]!, nationalData.id);
const CUES: ReadonlyMap<string, string> = new Map(
  Object.entries(nationalData.names as Record<string, string[]>).flatMap(([iso, cues]) => cues.map((c) => [c, iso] as [string, string])),
);
const CODE_CUES: ReadonlyMap<string, string> = new Map(Object.entries(nationalData.codes as Record<string, string>));
const CUE_WINDOW = 40;
const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// One scan for a country cue (codes in capitals, names in any case); only the stretch of line after a
// cue is searched for a national number, so text without a country cue costs one literal scan.
const CUE_SCAN = new RegExp(`\\b(?:${[...CODE_CUES.keys(), ...CUES.keys()].map(escape).join('|')})\\b`, 'gi');

function cueIso(word: string): string | undefined {
  return CODE_CUES.get(word) ?? CUES.get(word.toLowerCase().replace(/\s+/g, ' '));
}

export function* oracleNationalForeign(text: string): Generator<RawCandidate> {
  CUE_SCAN.lastIndex = 0;
  let searchedTo = 0;
  for (let m = CUE_SCAN.exec(text); m; m = CUE_SCAN.exec(text)) {
    const w = m[0];
    // Codes count only in capitals ("US", not the pronoun "us").
    const iso = w.length <= 3 && CODE_CUES.has(w.toUpperCase()) && !CUES.has(w.toLowerCase()) ? CODE_CUES.get(w) : cueIso(w);
    if (!iso || iso === 'IN') continue;
    const from = Math.max(m.index + w.length, searchedTo);
    let to = text.indexOf('\n', from);
    if (to < 0 || to > m.index + w.length + CUE_WINDOW + 24) to = Math.min(text.length, m.index + w.length + CUE_WINDOW + 24);
    if (to <= from) continue;
    searchedTo = to;
    const stretch = text.slice(from, to);
    for (const h of patternHits(NATIONAL, stretch)) {
      const start = from + h.start;
      if (start - (m.index + w.length) > CUE_WINDOW) break;
      const span = stretch.slice(h.start, h.end);
      const digits = digitsOnly(span);
      if (digits.length < 7 || digits.length > 13) continue;
      const c = checkNational(span, iso);
      if (!c) continue;
      yield { start, end: from + h.end, score: S.intlOther, pattern: NATIONAL.name, validated: true, contextual: true, notes: [`${iso} ${c.kind ?? 'number'} (country named before it)`] };
    }
  }
}

