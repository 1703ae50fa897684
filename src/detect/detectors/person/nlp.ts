// compromise's word lexicon, and compromise itself for a full parse (gating off).
//
// The gated path (the default) never parses: it only asks whether compromise knows a word, and with
// which tags. That lexicon is read from patterns/nlp-lexicon.json (compromise's own, copied by
// patterns/tools/nlp-lexicon.ts, whose --check fails when the installed compromise differs), extended
// with the name lexicon as `load` extends compromise. Loading compromise for it cost ≈ 0.25-0.4 s of
// CPU in every process and worker thread that met one unknown capitalised word in a name context;
// the table costs a few milliseconds. A lookup is a Map get: the object compromise keeps answered
// "constructor" with Object's constructor (detect('Dear Constructor, thanks') threw).
//
// compromise is required synchronously (detect() is synchronous) on the first full parse, never at
// module load: `import 'compromise'` costs ≈ 0.6-0.7 s (ESM source), `require` of its CJS build ≈ 0.4 s.
import shipped from '../../../../patterns/nlp-lexicon.json';
import firstData from '../../../../patterns/names/first-names.json';
import surData from '../../../../patterns/names/surnames.json';
import { nodeRequire } from '../../../node-require.js';
import { F, nameLexicon } from './lexicon.js';

type Nlp = typeof import('compromise').default;

let nlp: Nlp | undefined;

/**
 * The names kavach adds to compromise's lexicon: unambiguous lexicon names as FirstName / LastName
 * (a name in both lists stays a FirstName), so compromise's own person patterns ("Dear X", "X said")
 * see Indian names too. Ambiguous words ("Asha", "Ray") stay out, as compromise's README advises.
 */
function addedNames(): Map<string, 'FirstName' | 'LastName'> {
  const lex = nameLexicon();
  const words = new Map<string, 'FirstName' | 'LastName'>();
  const add = (name: string, tag: 'FirstName' | 'LastName'): void => {
    const k = name.toLowerCase();
    if (lex.flagsOf(k) & (F.AMBIG | F.COMPANY | F.PLACE | F.DEITY | F.TIME | F.STOP)) return;
    if (!words.has(k)) words.set(k, tag);
  };
  for (const list of Object.values(firstData.regions as Record<string, string[]>)) for (const w of list) add(w, 'FirstName');
  for (const list of Object.values(surData.regions as Record<string, string[]>)) for (const w of list) add(w, 'LastName');
  return words;
}

function load(): Nlp {
  const lib = nodeRequire<Nlp | { default: Nlp }>('compromise');
  const n = (typeof lib === 'function' ? lib : lib.default) as Nlp;
  n.addWords(Object.fromEntries(addedNames()));
  return n;
}

/** compromise, extended with the lexicon; loaded on first call. */
export function compromise(): Nlp {
  nlp ??= load();
  return nlp;
}

let lexicon: Map<string, readonly string[]> | undefined;

/** compromise's lexicon as `load` leaves it: the shipped words, then the added names over them. */
function wordLexicon(): Map<string, readonly string[]> {
  if (lexicon !== undefined) return lexicon;
  const m = new Map<string, readonly string[]>();
  for (const g of shipped.groups) {
    const tags = Object.freeze([...g.tags]);
    for (const w of g.words.split(' ')) m.set(w, tags);
  }
  const tagged = { FirstName: Object.freeze(['FirstName']), LastName: Object.freeze(['LastName']) };
  for (const [k, tag] of addedNames()) m.set(k, tagged[tag]); // addWords overwrites an entry
  lexicon = m;
  return m;
}

/**
 * compromise's lexicon entry for a lower-case word (tags), or undefined when it does not know the
 * word; a plural falls back to its singular. Judging one unknown capitalised word this way costs well
 * under a microsecond, where parsing even a short window costs 2-8 ms, so the gated path uses this.
 */
export function nlpWordTags(word: string): readonly string[] | undefined {
  const m = lexicon ?? wordLexicon();
  return m.get(word) ?? (word.length > 3 && word.endsWith('s') ? m.get(word.slice(0, -1)) : undefined);
}

/** The whole word lexicon (tests compare it with compromise's own once loaded). */
export function nlpWordLexicon(): ReadonlyMap<string, readonly string[]> {
  return wordLexicon();
}

/** Build the word lexicon now (a worker's start-up) instead of on first use. */
export function warmWordLexicon(): void {
  wordLexicon();
}

/** Whether compromise has been loaded in this process/worker (for tests and benchmarks). */
export function compromiseLoaded(): boolean {
  return nlp !== undefined;
}

export interface NlpTerm {
  start: number;
  end: number;
  tags: readonly string[];
  text: string;
}

export interface NlpPerson {
  terms: NlpTerm[];
}

interface JsonTerm {
  text: string;
  tags?: string[];
  offset: { start: number; length: number };
}

/**
 * People in `text` (offsets relative to `text`), one entry per person, terms in order. Offsets come
 * from each term (`offset.start`, `offset.start + offset.length`), not from the match, whose length
 * includes neighbouring punctuation.
 */
export function nlpPeople(text: string): NlpPerson[] {
  const doc = compromise()(text);
  const out: NlpPerson[] = [];
  for (const p of doc.people().json({ offset: true, terms: { offset: true } }) as Array<{ terms: JsonTerm[] }>) {
    out.push({ terms: p.terms.map(toTerm) });
  }
  return out;
}

/** Every term of `text` with its tags (for judging an unknown capitalised word in a window). */
export function nlpTerms(text: string): NlpTerm[] {
  const doc = compromise()(text);
  const out: NlpTerm[] = [];
  for (const s of doc.json({ offset: true, terms: { offset: true } }) as Array<{ terms: JsonTerm[] }>) {
    for (const t of s.terms) out.push(toTerm(t));
  }
  return out;
}

function toTerm(t: JsonTerm): NlpTerm {
  return { start: t.offset.start, end: t.offset.start + t.offset.length, tags: t.tags ?? [], text: t.text };
}
