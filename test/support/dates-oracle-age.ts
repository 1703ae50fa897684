// TEST ORACLE, not used by src/: the AGE detector as it was before the anchor rewrite (issue 11)
// (src/detect/detectors/age.ts at 7ecf54f): every pattern of patterns/age.json run over the whole
// text, context read with wordsBefore/wordsAfter. test/detect/dates-oracle.test.ts checks that the
// anchored detector gives the same spans and scores. Delete once that test is retired.
// A person's age in years (0-120) after an age keyword, with "years old" / "y/o" / "वर्षीय", or "N yrs" next to a person word.
import data from '../../patterns/age.json';
import { PhraseSet, wordsAfter, wordsBefore } from '../../src/text/trie.js';
import { compilePattern, patternHits, type DetectorSpec, type PatternDef, type RawCandidate } from '../../src/detect/define.js';

interface AgePatternDef extends PatternDef {
  /** Capture group that is the span (compiled as `group`). */
  spanGroup?: number;
  /** Weak shape: kept only with a person word nearby and no duration word next to it. */
  requireContext?: boolean;
  /** Dropped near a word for things that have ages but are not people, or for durations. */
  negative?: boolean;
  /** "Name, 42 yrs": a number in apposition; dropped next to a duration word like weak shapes. */
  apposition?: boolean;
  /** Literal strings one of which the text must contain for the pattern to run at all (a cheap pre-check). */
  requires?: string[];
  /** Needs a person nearby: a person word, or a capitalised word (not sentence-first) just before. */
  personCue?: boolean;
}

const MAX_AGE = 120;

const patterns = (data.patterns as AgePatternDef[]).map((p) => ({
  ...compilePattern({ ...p, group: p.spanGroup }, data.id),
  requireContext: p.requireContext === true,
  negative: p.negative === true,
  apposition: p.apposition === true,
  requires: p.requires,
  personCue: p.personCue === true,
}));

/** A capitalised word among the three words before `start` on its line that does not open the sentence ("When Budhni was"). */
function capitalisedBefore(text: string, start: number): boolean {
  const from = Math.max(0, start - 40, text.lastIndexOf('\n', start - 1) + 1);
  const seg = text.slice(from, start);
  const re = /(^|[^\p{L}])(\p{Lu}\p{Ll}+)/gu;
  for (let m = re.exec(seg); m; m = re.exec(seg)) {
    const at = m.index + m[1]!.length;
    const prefix = seg.slice(0, at).trimEnd();
    if (prefix.length === 0 && from === 0) continue; // the text's first word
    if (prefix.length > 0 && /[.!?:]$/.test(prefix)) continue; // a sentence's first word
    if (prefix.length === 0 && text[from - 1] === '\n') continue; // a line's first word
    return true;
  }
  return false;
}
const personWords = new PhraseSet(data.context);
const negativeWords = new PhraseSet(data.negativeContext);
const durationBefore = new PhraseSet(data.durationBefore);
const durationAfter = new PhraseSet(data.durationAfter);

/** The age in a span ("42 yrs", "४२ वर्ष"): its leading ASCII or Devanagari digits, or undefined. */
function ageValue(span: string): number | undefined {
  let n = 0;
  let digits = 0;
  for (const ch of span) {
    const c = ch.charCodeAt(0);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 0x0966 && c <= 0x096f ? c - 0x0966 : -1;
    if (d < 0) break;
    n = n * 10 + d;
    digits++;
  }
  return digits === 0 ? undefined : n;
}

const UNITS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, a: 0,
};

/** An age written in English words ("ninety five", "twenty-one", "a hundred"), or undefined. */
function wordAge(span: string): number | undefined {
  const parts = span.toLowerCase().split(/[\s-]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  let n = 0;
  for (const w of parts) {
    const v = UNITS[w];
    if (v === undefined) return undefined;
    n = v === 100 ? Math.max(n, 1) * 100 : n + v;
  }
  return n;
}

const CLAUSE_END = /[\n\r,;()]/;

/**
 * A word for a thing or a duration in the age's own clause: up to three words before it on the same
 * line ("the building is 40 years old", "Warranty, 2 years") and two after it before a comma, bracket
 * or line end ("a 5 year old company"). Words further off ("Policy holder: …, 39 yrs", "42 yrs,
 * resident of Flat 9") belong to other fields and do not count.
 */
function thingOrDuration(text: string, start: number, matchEnd: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  const before = wordsBefore(text, start, 3, Math.min(40, start - lineStart));
  if (negativeWords.matches(before)) return true;
  let stop = 0;
  while (stop < 24 && matchEnd + stop < text.length && !CLAUSE_END.test(text[matchEnd + stop]!)) stop++;
  return negativeWords.matches(wordsAfter(text, matchEnd, 2, stop));
}

function* findAges(text: string): Generator<RawCandidate> {
  for (const p of patterns) {
    if (p.requires && !p.requires.some((r) => text.includes(r))) continue;
    for (const { start, end, matchEnd } of patternHits(p, text)) {
      const span = text.slice(start, end);
      const age = ageValue(span) ?? wordAge(span);
      if (age === undefined || age > MAX_AGE) continue;
      // The match runs on past the number over its unit words ("42 yrs"); context is read from its end.
      if (p.negative && thingOrDuration(text, start, matchEnd)) continue;
      if (p.personCue) {
        const before = wordsBefore(text, start, 6, 40);
        const after = wordsAfter(text, matchEnd, 4, 24);
        if (!personWords.matches(before) && !personWords.matches(after) && !capitalisedBefore(text, start)) continue;
      }
      if (p.requireContext || p.apposition) {
        const before = wordsBefore(text, start, 6, 40);
        const after = wordsAfter(text, matchEnd, 4, 24);
        if (durationBefore.matches(before, before.length - 2)) continue;
        if (durationAfter.matches(after, 0, 1)) continue;
        if (p.requireContext && !personWords.matches(before) && !personWords.matches(after)) continue;
      }
      yield { start, end, score: p.score, pattern: p.name };
    }
  }
}

export const oracleAgeSpec: DetectorSpec = {
  id: data.id,
  type: data.type,
  find: findAges,
  context: data.context,
};
