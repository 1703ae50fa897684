// compromise, loaded lazily and extended once per process/worker with the name lexicon.
//
// Why lazy: measured on this machine (Node 20, 2 cores), `import 'compromise'` costs ≈ 0.6-0.7 s
// (ESM source, ~300 files) and `require` of its single-file CJS build ≈ 0.55 s. Most texts never need
// it: the rule passes find lexicon and context names without it, and only a text with an
// unknown capitalised word in a name context (or gating switched off) loads it. So it is required
// synchronously on first need (detect() is synchronous), never at module load; `warmNames()` loads it
// ahead of time for a worker that would rather pay at start-up.
import { createRequire } from 'node:module';
import firstData from '../../../../patterns/names/first-names.json';
import surData from '../../../../patterns/names/surnames.json';
import { F, nameLexicon } from './lexicon.js';

type Nlp = typeof import('compromise').default;

let nlp: Nlp | undefined;

/**
 * A real `require` in every build. `require` itself is not safe to test: esbuild's ESM output
 * replaces it with a shim that throws ("Dynamic require of compromise is not supported"), and
 * `typeof require` sees that shim. So: CommonJS (the CJS bundle) has `module.require`, which esbuild
 * leaves alone; ESM (source, the ESM bundle) has `import.meta.url` for createRequire. `import.meta`
 * is only read on the ESM branch, so the CJS bundle never touches its empty stand-in.
 */
function nodeRequire(): (id: string) => unknown {
  if (typeof module !== 'undefined' && typeof module.require === 'function') return (id) => module.require(id);
  return createRequire(import.meta.url);
}

function load(): Nlp {
  const lib = nodeRequire()('compromise') as Nlp | { default: Nlp };
  const n = (typeof lib === 'function' ? lib : lib.default) as Nlp;
  // Extend once: unambiguous lexicon names as FirstName / LastName, so compromise's own person
  // patterns ("Dear X", "X said") see Indian names too. Ambiguous words ("Asha", "Ray") stay out,
  // as compromise's README advises.
  const lex = nameLexicon();
  const words: Record<string, string> = {};
  const add = (name: string, tag: string): void => {
    const k = name.toLowerCase();
    if (lex.flagsOf(k) & (F.AMBIG | F.COMPANY | F.PLACE | F.DEITY | F.TIME | F.STOP)) return;
    if (!(k in words)) words[k] = tag;
  };
  for (const list of Object.values(firstData.regions as Record<string, string[]>)) for (const w of list) add(w, 'FirstName');
  for (const list of Object.values(surData.regions as Record<string, string[]>)) for (const w of list) add(w, 'LastName');
  n.addWords(words);
  return n;
}

/** compromise, extended with the lexicon; loaded on first call. */
export function compromise(): Nlp {
  nlp ??= load();
  return nlp;
}

let lexicon: Record<string, string | string[]> | undefined;

/**
 * compromise's own lexicon entry for a lower-case word (tags), or undefined when it does not know
 * the word. A plain object lookup: judging one unknown capitalised word this way costs microseconds,
 * where parsing even a short window costs 2-8 ms (measured here), so the gated path uses this.
 */
export function nlpWordTags(word: string): readonly string[] | undefined {
  lexicon ??= (compromise().model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  const v = lexicon[word] ?? (word.length > 3 && word.endsWith('s') ? lexicon[word.slice(0, -1)] : undefined);
  if (v === undefined) return undefined;
  return typeof v === 'string' ? [v] : v;
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
