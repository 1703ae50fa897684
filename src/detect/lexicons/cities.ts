// City gazetteer matcher: names, old names and Devanagari spellings from patterns/cities.json in one
// trie pass; ambiguous names (ordinary words, personal names) need a place word nearby
// (patterns/city.json). The trie is built once per process, on first use.
import gazetteer from '../../../patterns/cities.json';
import data from '../../../patterns/city.json';
import { rawWith, type RawCandidate } from '../define.js';
import { hashWord, tokensOf, type Tokens } from '../../text/tokens.js';
import { TokenPhraseSet, tokensAfter, tokensBefore, words } from '../../text/words.js';
import { PhraseSet, PhraseTrie } from '../../text/trie.js';

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
let before: TokenPhraseSet | undefined;
let after: TokenPhraseSet | undefined;
let negBefore: TokenPhraseSet | undefined;
let negAfter: TokenPhraseSet | undefined;
let orgHeads: PhraseSet | undefined;
/** State and union territory names as words and their token hashes. */
let states: State[] | undefined;
/** Per word hash: the (state, offset) pairs whose state has that word at that offset, in state order. */
let stateWordsByHash: Map<number, Array<[State, number]>> | undefined;

interface State {
  words: string[];
  hashes: number[];
}

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
    before = new TokenPhraseSet(data.contextBefore);
    after = new TokenPhraseSet(data.contextAfter);
    negBefore = new TokenPhraseSet(data.negativeBefore);
    negAfter = new TokenPhraseSet(data.negativeAfter);
    orgHeads = new PhraseSet(data.organisationAfter);
    states = data.stateNames.map((n) => {
      const w = words(n);
      return { words: w, hashes: w.map(hashWord) };
    });
    stateWordsByHash = new Map();
    for (const st of states) {
      st.hashes.forEach((h, o) => {
        const list = stateWordsByHash!.get(h);
        if (list) list.push([st, o]);
        else stateWordsByHash!.set(h, [[st, o]]);
      });
    }
  }
  return trie;
}

/** The gazetteer entry for a city name, old name or Devanagari spelling (case-insensitive), if any. */
export function lookupCity(name: string): City | undefined {
  return cityTrie().get(name.trim())?.city;
}

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

const NAME_CHAR = /[\p{L}\p{M}&.'-]/u;

/** NAME_CHAR.test(text[k]) for the unit c = text.charCodeAt(k): ASCII by hand, the rest by the regex. */
function isNameChar(c: number, text: string, k: number): boolean {
  if (c < 128) {
    const l = c | 0x20;
    return (l >= 97 && l <= 122) || c === 38 || c === 46 || c === 39 || c === 45;
  }
  return NAME_CHAR.test(text[k]!);
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
    while (k < text.length && isNameChar(text.charCodeAt(k), text, k)) k++;
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

/** Token ranges [lo, hi) around a hit: the name itself and the words read before and after it. */
interface Around {
  nameLo: number;
  nameHi: number;
  beforeLo: number;
  /** End of the tokens before the name (= the first token not wholly before it). */
  beforeHi: number;
  afterLo: number;
  afterHi: number;
}

/**
 * A city name inside a state or union territory name: "Jammu" in "Jammu and Kashmir", "Diu" in
 * "Daman and Diu". The tokens before end right before the name, the tokens after start right after it.
 */
function insideState(t: Tokens, r: Around): boolean {
  const nameLen = r.nameHi - r.nameLo;
  // Only a state whose word at offset o is the name's first word can hold the name there: those
  // (state, o) pairs are listed by that word's hash, in the order the full loop would try them.
  const tries = nameLen > 0 && r.nameLo < t.count ? stateWordsByHash!.get(t.hash[r.nameLo]!) : undefined;
  if (nameLen > 0 && tries === undefined) return false;
  for (const [st, o] of tries ?? allStateOffsets()) {
    const n = st.words.length;
    if (n === nameLen || o + nameLen > n) continue;
    if (o > r.beforeHi - r.beforeLo || n - o - nameLen > r.afterHi - r.afterLo) continue;
    if (stateAt(t, r, st, o)) return true;
  }
  return false;
}

/** Every (state, offset) pair, as the loop without the index tries them (for a name of no token, which cannot occur). */
function allStateOffsets(): Array<[State, number]> {
  const out: Array<[State, number]> = [];
  for (const st of states!) for (let o = 0; o < st.words.length; o++) out.push([st, o]);
  return out;
}

/** Whether the state's words lie around the name with `o` of them before it: hashes first, then the text. */
function stateAt(t: Tokens, r: Around, st: State, o: number): boolean {
  const nameLen = r.nameHi - r.nameLo;
  const n = st.words.length;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      // The state's i-th word: o words before the name, then the name, then the words after it.
      const k = i < o ? r.beforeHi - o + i : i < o + nameLen ? r.nameLo + i - o : r.afterLo + i - o - nameLen;
      const same = pass === 0 ? t.hash[k] === st.hashes[i] : t.text.slice(t.start[k]!, t.end[k]!).toLowerCase() === st.words[i];
      if (!same) return false;
    }
  }
  return true;
}

/** A PIN code among tokens [lo, hi): six ASCII digits, the first not 0. */
function pinAmong(t: Tokens, lo: number, hi: number): boolean {
  for (let i = lo; i < hi; i++) {
    const s = t.start[i]!;
    if (t.end[i]! - s !== 6 || t.text.charCodeAt(s) === 48) continue;
    let ok = true;
    for (let k = s; ok && k < s + 6; k++) ok = t.text.charCodeAt(k) >= 48 && t.text.charCodeAt(k) <= 57;
    if (ok) return true;
  }
  return false;
}

/** CITY candidates in `text`. Context is read from the shared tokens (tokensOf), by token index. */
export function findCities(text: string): RawCandidate[] {
  const hits = cityTrie().findAll(text);
  if (hits.length === 0) return [];
  const t = tokensOf(text);
  const out: RawCandidate[] = [];
  for (const h of hits) {
    const bHi = t.indexAt(h.start);
    const bLo = tokensBefore(t, h.start, NEAR_TOKENS, WINDOW_CHARS);
    const aLo = t.indexFrom(h.end);
    const aHi = tokensAfter(t, h.end, NEAR_TOKENS + 1, WINDOW_CHARS);
    // A title or "Bank of" before the name belongs to its own phrase: not across a comma or line break.
    if (negBefore!.matches(t, tokensBefore(t, h.start, NEAR_TOKENS, clauseBack(text, h.start)), bHi) || negAfter!.matches(t, aLo, aHi)) continue;
    if (startsOrganisation(text, h.end)) continue;
    const around: Around = {
      nameLo: t.indexFrom(h.start),
      nameHi: t.indexAt(h.end),
      beforeLo: tokensBefore(t, h.start, 4, WINDOW_CHARS),
      beforeHi: bHi,
      afterLo: aLo,
      afterHi: tokensAfter(t, h.end, 4, WINDOW_CHARS),
    };
    if (insideState(t, around)) continue;
    const amb = h.value.ambiguity;
    // A place word next to the name ("from Kalyan", "Thane district") is context: at equal length
    // it makes the resolver prefer CITY over a bare first name with no cue of its own.
    const near = Math.min(aHi, aLo + NEAR_TOKENS);
    const placeWord = before!.matches(t, bLo, bHi) || after!.matches(t, aLo, near) || pinAmong(t, aLo, near);
    if (amb === 0) {
      out.push(rawWith(h.start, h.end, CITY_SCORE.strong, 'city-gazetteer', placeWord));
      continue;
    }
    const capitalised = amb === 1 && isUpper(text.charCodeAt(h.start)) && !sentenceInitial(text, h.start);
    if (placeWord || capitalised) {
      out.push(rawWith(h.start, h.end, CITY_SCORE.weak, 'city-gazetteer-context', placeWord));
    }
  }
  return out;
}
