// Test oracle (issue 11, pass B): the CITY finder as it was before the shared tokenisation.
// City gazetteer matcher: names, old names and Devanagari spellings from patterns/cities.json in one
// trie pass; ambiguous names (ordinary words, personal names) need a place word nearby
// (patterns/city.json). The trie is built once per process, on first use.
import gazetteer from '../../patterns/cities.json';
import data from '../../patterns/city.json';
import type { RawCandidate } from '../../src/detect/define.js';
import { words } from '../../src/text/words.js';
import { PhraseSet, PhraseTrie, wordsAfter, wordsBefore } from './lex-oracle-trie.js';

export type Zone = 'North' | 'South' | 'East' | 'West' | 'Central' | 'North-East';

export interface City {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly devanagari: readonly string[];
  readonly state: string;
  readonly zone: Zone;
}

/** 0 = unambiguous, 1 = also an ordinary word, 2 = also a personal name. */
type Ambiguity = 0 | 1 | 2;

interface Entry {
  city: City;
  ambiguity: Ambiguity;
}

export const CITY_SCORE = { strong: 0.55, weak: 0.5 } as const;

/** How many whole tokens on each side are read for a place word. */
const NEAR_TOKENS = 2;
const WINDOW_CHARS = 40;

let trie: PhraseTrie<Entry> | undefined;
let before: PhraseSet | undefined;
let after: PhraseSet | undefined;
let negBefore: PhraseSet | undefined;
let negAfter: PhraseSet | undefined;
let orgHeads: PhraseSet | undefined;
let states: string[][] | undefined;

/** All gazetteer entries (the array in patterns/cities.json). */
export const CITIES: readonly City[] = gazetteer.cities as City[];

function build(): PhraseTrie<Entry> {
  const t = new PhraseTrie<Entry>();
  const word = new Set(data.ambiguous.word.map((s) => s.toLowerCase()));
  const name = new Set(data.ambiguous.name.map((s) => s.toLowerCase()));
  const seen = new Set<string>();
  for (const city of CITIES) for (const n of [city.name, ...city.aliases, ...city.devanagari]) seen.add(n.toLowerCase());
  for (const city of CITIES) {
    for (const n of [city.name, ...city.aliases, ...city.devanagari]) {
      const k = n.toLowerCase();
      const ambiguity: Ambiguity = name.has(k) ? 2 : word.has(k) ? 1 : 0;
      t.add(n, { city, ambiguity });
      // Spelling variants people write (Ananthapur for Anantapur, मुम्बई for मुंबई), unless the
      // variant is another gazetteer name; they inherit the name's ambiguity.
      for (const v of spellingVariants(n)) {
        if (seen.has(v.toLowerCase())) continue;
        seen.add(v.toLowerCase());
        t.add(v, { city, ambiguity });
      }
    }
  }
  return t;
}

const DEVANAGARI = /[\u0900-\u097f]/;

/**
 * Common romanisation and Devanagari spelling variants of a place name: dental t/d written with or
 * without h (Anantapur / Ananthapur, Thiruvananthapuram / Tiruvanantapuram), long vowels doubled or
 * not (Bareilly / Bareli is not produced: only aa/ee/oo <-> a/i/u), w/v (Warangal / Varangal); in
 * Devanagari, anusvara for a nasal before a consonant (मुंबई / मुम्बई) and nukta dropped.
 * Only names of six letters or more get variants, so short ones cannot turn into ordinary words.
 */
export function spellingVariants(n: string): string[] {
  const out = new Set<string>();
  if (DEVANAGARI.test(n)) {
    out.add(n.replace(/\u093c/g, ''));
    out.add(n.replace(/\u0902(?=[क-ङ])/g, 'ङ्').replace(/\u0902(?=[च-ञ])/g, 'ञ्').replace(/\u0902(?=[ट-ण])/g, 'ण्').replace(/\u0902(?=[त-न])/g, 'न्').replace(/\u0902(?=[प-म])/g, 'म्'));
    out.add(n.replace(/[ङञणनम]\u094d(?=[क-म])/g, '\u0902'));
  } else if (n.length >= 6 && !n.includes(' ')) {
    out.add(n.replace(/([Tt])(?!h)/g, '$1h'));
    out.add(n.replace(/([Tt])h/g, '$1'));
    out.add(n.replace(/([Dd])(?!h)/g, '$1h'));
    out.add(n.replace(/aa/g, 'a').replace(/ee/g, 'i').replace(/oo/g, 'u'));
    out.add(n.replace(/^W/, 'V').replace(/w/g, 'v'));
  }
  out.delete(n);
  return [...out];
}

/** The city phrase trie (built on first use, then shared). */
export function cityTrie(): PhraseTrie<Entry> {
  if (!trie) {
    trie = build();
    before = new PhraseSet(data.contextBefore);
    after = new PhraseSet(data.contextAfter);
    negBefore = new PhraseSet(data.negativeBefore);
    negAfter = new PhraseSet(data.negativeAfter);
    orgHeads = new PhraseSet(data.organisationAfter);
    states = data.stateNames.map((n) => words(n));
  }
  return trie;
}

/** The gazetteer entry for a city name, old name or Devanagari spelling (case-insensitive), if any. */
export function lookupCity(name: string): City | undefined {
  return cityTrie().get(name.trim())?.city;
}

const PIN = /^[1-9][0-9]{5}$/;

/** Starts a sentence: only spaces/quotes/brackets between it and the text start or . ! ? । or a line break. */
function sentenceInitial(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '"' || c === "'" || c === '(' || c === '“' || c === '‘') continue;
    return c === '.' || c === '!' || c === '?' || c === '\n' || c === '\r' || c === '।';
  }
  return true;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Characters back from `pos` to the nearest comma, semicolon, bracket or line break (at most the window). */
function clauseBack(text: string, pos: number): number {
  let i = pos;
  while (i > 0 && pos - i < WINDOW_CHARS) {
    const c = text[i - 1]!;
    if (c === ',' || c === ';' || c === '\n' || c === '\r' || c === '(' || c === ')') break;
    i--;
  }
  return pos - i;
}

/** Words that join the parts of an organisation's name ("Water Supply and Sewerage Board"). */
const JOINERS = new Set(['and', 'of', '&']);
const MAX_NAME_WORDS = 5;

/**
 * The capitalised words after `end` on the same line, as an organisation name would run on (up to
 * five, joined by and/of/&; a comma, bracket or line break ends it), lower-cased. "Karur Vysya Bank"
 * gives ["vysya", "bank"] after "Karur"; "Pune 411001" and "Pune, Maharashtra" give nothing.
 */
function nameRunAfter(text: string, end: number): string[] {
  const out: string[] = [];
  let i = end;
  while (out.length < MAX_NAME_WORDS) {
    let j = i;
    while (j < text.length && (text[j] === ' ' || text[j] === '-')) j++;
    if (j === i || j >= text.length) break;
    let k = j;
    while (k < text.length && /[\p{L}\p{M}&.'-]/u.test(text[k]!)) k++;
    if (k === j) break;
    // Trailing . ' - are not part of the word. A backward loop, not /[.'-]+$/: that regex retries
    // from every position of a long run of dots before a letter, quadratic in the run.
    let e = k;
    while (e > j && (text[e - 1] === '.' || text[e - 1] === "'" || text[e - 1] === '-')) e--;
    const w = text.slice(j, e);
    const lower = w.toLowerCase();
    if (!JOINERS.has(lower) && !isUpper(w.charCodeAt(0))) break;
    out.push(lower);
    i = j + w.length;
  }
  return out;
}

/** A city name that starts an organisation's name (Karur Vysya Bank, Madras High Court, Hyderabad House). */
function startsOrganisation(text: string, end: number): boolean {
  const run = nameRunAfter(text, end);
  return run.length > 0 && orgHeads!.matches(run);
}

/**
 * A city name inside a state or union territory name: "Jammu" in "Jammu and Kashmir", "Diu" in
 * "Daman and Diu". `before` ends right before the name, `after` starts right after it.
 */
function insideState(name: readonly string[], before: readonly string[], after: readonly string[]): boolean {
  return states!.some((st) => {
    for (let o = 0; o + name.length <= st.length; o++) {
      if (st.length === name.length) return false;
      if (o > before.length || st.length - o - name.length > after.length) continue;
      let ok = true;
      for (let i = 0; ok && i < st.length; i++) {
        const w = i < o ? before[before.length - o + i] : i < o + name.length ? name[i - o] : after[i - o - name.length];
        ok = w === st[i];
      }
      if (ok) return true;
    }
    return false;
  });
}

/** CITY candidates in `text`. */
export function findCities(text: string): RawCandidate[] {
  const hits = cityTrie().findAll(text);
  const out: RawCandidate[] = [];
  for (const h of hits) {
    const b = wordsBefore(text, h.start, NEAR_TOKENS, WINDOW_CHARS);
    const a = wordsAfter(text, h.end, NEAR_TOKENS + 1, WINDOW_CHARS);
    // A title or "Bank of" before the name belongs to its own phrase: not across a comma or line break.
    if (negBefore!.matches(wordsBefore(text, h.start, NEAR_TOKENS, clauseBack(text, h.start))) || negAfter!.matches(a)) continue;
    if (startsOrganisation(text, h.end)) continue;
    const name = words(text.slice(h.start, h.end));
    if (insideState(name, wordsBefore(text, h.start, 4, WINDOW_CHARS), wordsAfter(text, h.end, 4, WINDOW_CHARS))) continue;
    const amb = h.value.ambiguity;
    // A place word next to the name ("from Kalyan", "Thane district") is context: at equal length
    // it makes the resolver prefer CITY over a bare first name with no cue of its own.
    const placeWord =
      before!.matches(b) || after!.matches(a, 0, NEAR_TOKENS) || a.slice(0, NEAR_TOKENS).some((t) => PIN.test(t));
    if (amb === 0) {
      out.push({ start: h.start, end: h.end, score: CITY_SCORE.strong, pattern: 'city-gazetteer', contextual: placeWord });
      continue;
    }
    const capitalised = amb === 1 && isUpper(text.charCodeAt(h.start)) && !sentenceInitial(text, h.start);
    if (placeWord || capitalised) {
      out.push({ start: h.start, end: h.end, score: CITY_SCORE.weak, pattern: 'city-gazetteer-context', contextual: placeWord });
    }
  }
  return out;
}
