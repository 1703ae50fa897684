// TEST ORACLE copy (see person-oracle.ts): frozen at 7ecf54f, do not edit.
// The PERSON lexicon: every word the name finder knows, in one Map from a lower-cased token to a bit
// set, so the hot path does one lookup per token. Built once, at first use, from patterns/names/*.json
// and patterns/person.json (bundled by tsup, no file-system reads at run time).
import ambiguousData from '../../patterns/names/ambiguous.json';
import devaData from '../../patterns/names/devanagari.json';
import firstData from '../../patterns/names/first-names.json';
import surData from '../../patterns/names/surnames.json';
import cityData from '../../patterns/cities.json';
import personData from '../../patterns/person.json';

/** Token facts, one bit each. */
export const F = {
  FIRST: 1,
  SUR: 2,
  /** Also an ordinary word (English dictionary, Hindi homograph, weak surname): not a name alone. */
  AMBIG: 4,
  HON: 8,
  WEAK_HON: 16,
  COMPANY: 32,
  PLACE: 64,
  DEITY: 128,
  TIME: 256,
  SUFFIX: 512,
  FIELD: 1024,
  STOP: 2048,
  DEITY_BEFORE: 4096,
  HON_DEVA: 8192,
  /** A one-word Indian city name (patterns/cities.json): ends a name run ("Ravi Kumar Delhi"). */
  CITY: 16384,
  /** Also an English dictionary word (ambiguous.json). Added after the split, in both finders. */
  ENGLISH: 32768,
  /** An adverb that is also a surname: a stop word only where it opens a sentence. Added after the split. */
  OPENER: 65536,
} as const;

/** A phrase of several tokens, indexed by its first token. */
export interface Phrase {
  words: readonly string[];
  kind: PhraseKind;
}

export type PhraseKind = 'label' | 'relation' | 'strong' | 'weak' | 'after' | 'signoff' | 'company' | 'place' | 'deity' | 'ordinary';

export interface NameLexicon {
  flags: Map<string, number>;
  /** Phrases by first token (single-token phrases included), longest first. */
  phrases: Map<string, Phrase[]>;
  firstNames: number;
  surnames: number;
}

const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[^\s\p{L}\p{M}]/gu;

/** Split a phrase the way the finder tokenises text (words and single punctuation marks). */
export function phraseTokens(p: string): string[] {
  return p.toLowerCase().match(WORD) ?? [];
}

let lexicon: NameLexicon | undefined;

function addFlag(m: Map<string, number>, word: string, bit: number): void {
  const k = word.toLowerCase();
  m.set(k, (m.get(k) ?? 0) | bit);
}

function build(): NameLexicon {
  const flags = new Map<string, number>();
  let firstNames = 0;
  let surnames = 0;
  for (const list of Object.values(firstData.regions as Record<string, string[]>)) {
    for (const n of list) addFlag(flags, n, F.FIRST);
  }
  for (const list of Object.values(surData.regions as Record<string, string[]>)) {
    for (const n of list) addFlag(flags, n, F.SUR);
  }
  for (const [k, v] of flags) {
    if (v & F.FIRST) firstNames++;
    if (v & F.SUR) surnames++;
  }
  for (const n of devaData.first) addFlag(flags, n, F.FIRST);
  for (const n of devaData.surname) addFlag(flags, n, F.SUR);
  for (const n of ambiguousData.names) addFlag(flags, n, F.AMBIG | F.ENGLISH);
  const p = personData;
  const single = (list: readonly string[], bit: number): void => {
    for (const w of list) {
      const t = phraseTokens(w);
      if (t.length === 1) addFlag(flags, t[0]!, bit);
    }
  };
  single(p.ordinaryWords, F.AMBIG);
  single(p.ordinaryWordsDeva, F.AMBIG);
  single(p.honorifics, F.HON);
  single(p.honorificsDeva, F.HON | F.HON_DEVA);
  single(p.weakHonorifics, F.WEAK_HON);
  single(p.companies, F.COMPANY);
  single(p.places, F.PLACE);
  single(p.deities, F.DEITY);
  single(p.deitiesDeva, F.DEITY);
  single(p.months, F.TIME);
  single(p.days, F.TIME);
  single(p.corporateSuffixes, F.SUFFIX);
  single(p.fieldStops, F.FIELD);
  single(p.captureStops, F.STOP);
  single(p.sentenceOpeners, F.OPENER);
  single(p.captureStopsDeva, F.STOP);
  single(p.deityBefore, F.DEITY_BEFORE);
  for (const c of cityData.cities) single([c.name, ...c.aliases, ...c.devanagari], F.CITY);

  const phrases = new Map<string, Phrase[]>();
  const addPhrases = (list: readonly string[], kind: PhraseKind): void => {
    for (const w of list) {
      const words = phraseTokens(w);
      if (words.length === 0) continue;
      const arr = phrases.get(words[0]!) ?? [];
      arr.push({ words, kind });
      phrases.set(words[0]!, arr);
    }
  };
  addPhrases(p.labels, 'label');
  addPhrases(p.labelsDeva, 'label');
  addPhrases(p.relations, 'relation');
  addPhrases(p.relationsDeva, 'relation');
  addPhrases(p.strongCues, 'strong');
  addPhrases(p.weakCues, 'weak');
  addPhrases(p.afterCues, 'after');
  addPhrases(p.signoffs, 'signoff');
  addPhrases(p.companies.filter((c) => phraseTokens(c).length > 1), 'company');
  addPhrases(p.places.filter((c) => phraseTokens(c).length > 1), 'place');
  addPhrases(p.deityPhrases, 'deity');
  addPhrases(p.ordinaryWords.filter((c) => phraseTokens(c).length > 1), 'ordinary');
  for (const arr of phrases.values()) arr.sort((a, b) => b.words.length - a.words.length);
  return { flags, phrases, firstNames, surnames };
}

/** The lexicon, built on first call (≈ 5 ms for ~7,000 names and the stop lists). */
export function nameLexicon(): NameLexicon {
  lexicon ??= build();
  return lexicon;
}
