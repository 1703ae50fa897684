// What compromise's lexicon says about a token's key, reduced to the bits the rules use and cached by
// key across calls. A lookup in compromise's lexicon (an object of ~100k words) with a new key string
// costs ~2 µs on this machine (the key is built, hashed and looked up in a dictionary-mode object); the
// same words recur from text to text, so a hit here compares the token's units against the cached key
// and builds nothing. compromise's lexicon is fixed once loaded (nlp.ts extends it at load only).
import personData from '../../../../patterns/person.json';
import { ownString } from './context.js';
import { nlpWordTags } from './nlp.js';
import type { NameTokens } from './tokens.js';

const R = personData.ruleWords;
export const PERSON_TAGS: ReadonlySet<string> = new Set(R.nlpPersonTags);
const GIVEN_TAGS: ReadonlySet<string> = new Set(R.nlpGivenTags);
// Common-noun / verb / adjective endings: an unknown word ending so is more likely a word than a name.
// Not -ing or -ed: names end so too (Tsering, Khorshed, Mohammed), and English words with those
// endings are in compromise's lexicon, which is asked first.
const WORDLIKE_ENDINGS: readonly string[] = R.wordLikeEndings;

/** compromise knows the word (it has tags). */
export const KNOWN = 1;
/** One of its tags is a given-name tag (nlpGivenTags). */
export const GIVEN = 2;
/** One of its tags is a person tag (nlpPersonTags). */
export const PERSONISH = 4;
/** judgeWindowWord's verdict: person, word (neither bit: unknown). */
export const V_PERSON = 8;
export const V_WORD = 16;

export type Verdict = 'person' | 'unknown' | 'word';

/**
 * Judge an unknown word that a name cue points at, with compromise's lexicon (extended with ours):
 * a person word (FirstName, LastName...) → name; any other known word (Noun, Verb, Organization,
 * Date...) → not a name; unknown to compromise and not word-shaped → a name. No parse.
 */
export function judgeWindowWord(k: string): Verdict {
  const f = factsOf(k);
  return f & V_PERSON ? 'person' : f & V_WORD ? 'word' : 'unknown';
}

/** The bits for a lower-case key (uncached). */
function factsOf(k: string): number {
  const tags = nlpWordTags(k);
  if (!tags) {
    for (const e of WORDLIKE_ENDINGS) if (k.endsWith(e)) return V_WORD;
    return 0;
  }
  let f = KNOWN;
  let verdict = 0;
  for (const t of tags) {
    if (GIVEN_TAGS.has(t)) f |= GIVEN;
    if (PERSON_TAGS.has(t)) {
      f |= PERSONISH;
      if (verdict === 0) verdict = t === 'Honorific' ? V_WORD : V_PERSON; // the first person tag decides
    }
  }
  return f | (verdict === 0 ? V_WORD : verdict);
}

interface Entry {
  key: string;
  facts: number;
}

/** Cached bits by key, keyed by the token's folded hash shifted into the small-integer range. */
const cache = new Map<number, Entry[]>();
let cached = 0;
const MAX_CACHED = 8192;

/** Token j's key is `key` (no string built for a token in the fast path). */
function keyIs(t: NameTokens, j: number, key: string): boolean {
  if (t.slow[j]) return t.key(j) === key;
  const s = t.start[j]!;
  const len = t.end[j]! - s;
  if (key.length !== len) return false;
  const text = t.text;
  for (let x = 0; x < len; x++) {
    const c = text.charCodeAt(s + x);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== key.charCodeAt(x)) return false;
  }
  return true;
}

/** The compromise bits of token j's key. */
export function wordFacts(t: NameTokens, j: number): number {
  const h = t.hash[j]! >> 2;
  let list = cache.get(h);
  if (list !== undefined) for (const e of list) if (keyIs(t, j, e.key)) return e.facts;
  const key = t.key(j);
  const facts = factsOf(key);
  if (cached >= MAX_CACHED) {
    cache.clear();
    cached = 0;
    list = undefined;
  }
  if (list === undefined) cache.set(h, (list = []));
  list.push({ key: ownString(key), facts });
  cached++;
  return facts;
}

/** judgeWindowWord of token j's key. */
export function judgeToken(t: NameTokens, j: number): Verdict {
  const f = wordFacts(t, j);
  return f & V_PERSON ? 'person' : f & V_WORD ? 'word' : 'unknown';
}
