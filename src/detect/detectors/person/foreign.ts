// Names outside the lexicon written as two or three capitalised words whose first word compromise
// knows as a given name ("Sophie Müller", "Robert Lindqvist") and whose other words it does not know
// as ordinary words. Only such runs are looked up; the lookup is a plain object read, no parse.
import { plausible } from './capture.js';
import { emit, isWord, NAME_BITS, type Capture, type Ctx } from './context.js';
import { F } from './lexicon.js';
import { SCORE } from './score.js';
import { CAP, UPPER } from './tokens.js';
import { GIVEN, KNOWN, PERSONISH, wordFacts } from './verdicts.js';

const FOREIGN_BAD = F.STOP | F.FIELD | F.HON | F.PLACE | F.COMPANY | F.TIME | F.CITY | F.SUFFIX | F.DEITY | F.AMBIG;

export function foreignPass(c: Ctx): void {
  const { t } = c;
  const { shape, flags, start, end, nl, gap } = t;
  // A run starts on a capitalised word (the tokeniser lists them); after a run, go on past its end.
  let next = 0;
  for (let k = 0; k < t.nCaps; k++) {
    const i = t.caps[k]!;
    if (i < next) continue;
    if (shape[i] !== CAP || c.blocked[i] || flags[i]! & (NAME_BITS | FOREIGN_BAD) || end[i]! - start[i]! < 3) continue;
    const p = i - 1;
    if (p >= 0 && !nl[i] && gap[p]! <= 1 && (shape[p] === CAP || shape[p] === UPPER) && end[p]! < start[i]!) continue; // inside a longer capitalised run
    let j = i + 1;
    while (j < t.n && j - i < 3) {
      if (shape[j] !== CAP || nl[j] || gap[j] !== 1 || c.blocked[j] || flags[j]! & FOREIGN_BAD) break;
      j++;
    }
    if (j - i < 2) continue;
    if (isWord(t, j) && !nl[j] && gap[j]! <= 1 && (shape[j] === CAP || shape[j] === UPPER)) continue;
    if (!(wordFacts(t, i) & GIVEN)) continue;
    const cap: Capture = { from: i, to: j, lexHits: 0, strongHits: 0, unknown: j - i };
    let ok = plausible(c, cap);
    // The other words: not known to compromise as ordinary words (a surname like "Lindqvist" may look
    // word-shaped, so the suffix heuristic of judgeWindowWord is not used here).
    for (let x = i + 1; x < j && ok; x++) {
      if (flags[x]! & NAME_BITS) continue;
      const f = wordFacts(t, x);
      if (f & KNOWN && !(f & PERSONISH)) ok = false;
    }
    if (ok) emit(c, cap, SCORE.givenName, 'given-name');
    next = j;
  }
}
