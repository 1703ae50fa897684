// Health lexicon matcher: conditions, procedures, medicines (generic and Indian brands), abbreviations
// and Hindi terms from patterns/health-terms.json in one trie pass; ICD-10 codes only after a diagnosis
// word (patterns/health.json). The trie is built once per process, on first use.
import lexicon from '../../../patterns/health-terms.json';
import data from '../../../patterns/health.json';
import { Raw, type RawCandidate } from '../define.js';
import { Errors } from '../../errors.js';
import { insertionSort } from '../../sort.js';
import { hashWord, tokensOf, type Tokens } from '../../text/tokens.js';
import { PhraseTrie, type TrieMatch } from '../../text/trie.js';
import { icdCodesAfter } from './icd10.js';
export { isIcd10Shape } from './icd10.js';
import { HashSet32, TokenPhraseSet, tokensAfter, tokensBefore } from '../../text/words.js';

export type HealthCategory = keyof typeof lexicon.terms;

interface Entry {
  /** Lexicon category, or 'icd-anchor' for a diagnosis word that may introduce ICD-10 codes. */
  category: HealthCategory | 'icd-anchor';
  /** Needs a health context word or a strong term nearby. */
  weak: boolean;
}

export const HEALTH_SCORE = { strong: 0.6, weak: 0.5, icd10: 0.6 } as const;

/** Characters and words read around a weak term for context, and for a strong health term that vouches for it. */
const WINDOW = { before: 60, after: 40, words: 10 };
/** Negative words count only close by (a "phone" two sentences away says nothing about "MI"): nearest words each side. */
const NEG_WORDS = 4;

let trie: PhraseTrie<Entry> | undefined;
let context: TokenPhraseSet | undefined;
let negative: TokenPhraseSet | undefined;
/** Abbreviations that are ordinary words in lower case ("all", "ed", "pe"): only in capitals. */
const UPPER_ONLY = new Set(lexicon.upperCaseOnly.map((s) => s.toLowerCase()));

/** Spelling variants of a lexicon term: "crohn's disease" also as "crohns disease" and "crohn disease". */
export function termVariants(term: string): string[] {
  const out = [term];
  if (term.includes("'")) {
    out.push(term.replace(/'/g, ''));
    const noS = term.replace(/'s(?![a-z])/g, '').replace(/'/g, '');
    if (!out.includes(noS)) out.push(noS);
  }
  return out;
}

function build(): PhraseTrie<Entry> {
  const t = new PhraseTrie<Entry>();
  const weakSet = new Set(lexicon.needContext.map((s) => s.toLowerCase()));
  const shared = new Map<string, Entry>();
  for (const [category, list] of Object.entries(lexicon.terms) as Array<[HealthCategory, string[]]>) {
    for (const term of list) {
      const weak = weakSet.has(term.toLowerCase());
      const key = `${category}|${weak}`;
      let entry = shared.get(key);
      if (!entry) {
        entry = { category, weak };
        shared.set(key, entry);
      }
      for (const v of termVariants(term)) t.add(v, entry);
    }
  }
  // Diagnosis words ride along in the same pass; they only mark where ICD-10 codes may follow.
  const anchor: Entry = { category: 'icd-anchor', weak: true };
  for (const w of data.icd10Context) t.add(w, anchor);
  return t;
}

/** The health phrase trie (built on first use, then shared). */
export function healthTrie(): PhraseTrie<Entry> {
  if (!trie) {
    trie = build();
    context = new TokenPhraseSet([...data.context, ...lexicon.labTests]);
    negative = new TokenPhraseSet(data.negativeContext);
  }
  return trie;
}

// Word shapes that name a medicine or a condition without being in the lexicon: WHO INN stems
// ("The use of stems in the selection of International Nonproprietary Names", WHO, public) for
// generic medicines (-statin, -pril, -floxacin, -mab ...), and the Greek/Latin suffixes of clinical
// terms (-itis, -osis, -oma, -aemia, -pathy, -ectomy ...), minus the ordinary words that share them.
const STEMS = new Set([...lexicon.innStems, ...lexicon.conditionSuffixes]);
const STEM_LENGTHS = [...new Set([...STEMS].map((x) => x.length))].sort((a, b) => b - a);
const MORPH_EXCLUDED = new Set(lexicon.morphologyExclusions);
const MIN_MORPH_LENGTH = 7;
const EPONYM_CAPITALISED = new Set(lexicon.eponymHeads.capitalised);
const EPONYM_ANY = new Set(lexicon.eponymHeads.anyWord);
const NOT_IN_CAPITALS = new Set(lexicon.notInCapitals);
const GUARDED = new Set(lexicon.guardedStrong);
const ASCII_WORD = /^[A-Za-z]+$/;
/** First letters of the head words (lower-case char codes): most words are skipped without a slice. */
const HEAD_INITIALS = new Set([...EPONYM_CAPITALISED, ...EPONYM_ANY].map((w) => w.charCodeAt(0)));
/** HEAD_INITIALS as a table over c | 0x20 for the Latin-1 codes (a head word starting higher is looked up in the set). */
const HEAD_INITIAL_TABLE = new Uint8Array(256);
for (const c of HEAD_INITIALS) if (c < 256) HEAD_INITIAL_TABLE[c] = 1;

function isHeadInitial(c: number): boolean {
  const l = c | 0x20;
  return l < 256 ? HEAD_INITIAL_TABLE[l] === 1 : HEAD_INITIALS.has(l);
}
/** Token hashes of the head words: a token that is no head word is skipped without a slice. */
const HEAD_HASHES = new HashSet32([...EPONYM_CAPITALISED, ...EPONYM_ANY].map(hashWord));
/** HEAD_HASHES as a 64K-bit filter (bit hash & 0xffff): most tokens are passed after one read. */
const HEAD_BITS = new Uint32Array(2048);
for (const w of [...EPONYM_CAPITALISED, ...EPONYM_ANY]) {
  const h = hashWord(w);
  HEAD_BITS[(h & 0xffff) >>> 5]! |= 1 << (h & 31);
}

function isHeadHash(h: number): boolean {
  return (HEAD_BITS[(h & 0xffff) >>> 5]! & (1 << (h & 31))) !== 0 && HEAD_HASHES.has(h);
}

/** The last two letters (lower case) of every stem and suffix, as char-code pairs: a word ending otherwise is skipped unsliced. */
const STEM_ENDS = new Set([...STEMS].map((x) => (x.charCodeAt(x.length - 2) << 8) | x.charCodeAt(x.length - 1)));

/** A word that is a medicine or condition by its shape (INN stem or clinical suffix). */
export function morphologyTerm(word: string): boolean {
  const n = word.length;
  if (n < MIN_MORPH_LENGTH || !STEM_ENDS.has(((word.charCodeAt(n - 2) | 0x20) << 8) | (word.charCodeAt(n - 1) | 0x20))) return false;
  if (!ASCII_WORD.test(word)) return false;
  const w = word.toLowerCase();
  if (MORPH_EXCLUDED.has(w)) return false;
  // All-caps words are codes and acronyms more often than medicines.
  if (word === word.toUpperCase()) return false;
  for (const n of STEM_LENGTHS) if (n < w.length - 2 && STEMS.has(w.slice(-n))) return true;
  return false;
}

/** Stems and suffixes by their last two letters (char-code pair, as STEM_ENDS). */
const STEMS_BY_END = new Map<number, string[]>();
for (const x of STEMS) {
  const key = (x.charCodeAt(x.length - 2) << 8) | x.charCodeAt(x.length - 1);
  STEMS_BY_END.set(key, [...(STEMS_BY_END.get(key) ?? []), x]);
}

/** STEMS_BY_END's ASCII keys as a table (a << 7 | b): a word ending otherwise is passed after one read. */
const STEM_END_TABLE = new Uint8Array(128 * 128);
for (const key of STEMS_BY_END.keys()) if ((key >> 8) < 128 && (key & 0xff) < 128) STEM_END_TABLE[((key >> 8) << 7) | (key & 0xff)] = 1;

/**
 * The stems and suffixes (all a-z) as a trie read from a word's end backwards: node i's children on
 * a-z at SUFFIX_NEXT[i * 26 + letter] (0 = none), SUFFIX_STEM[i] = 1 where a whole stem ends. Finding
 * whether a word ends in one costs a few reads, where comparing each stem of the word's two-letter
 * ending ("ne" has 22) cost a loop per stem.
 */
const SUFFIX_NEXT: Int16Array = (() => {
  let nodes = 1;
  const next = new Int16Array(26 * 2048);
  for (const x of STEMS) {
    if (!/^[a-z]+$/.test(x) || nodes + x.length >= 2048) throw Errors.internal('health-terms.json: stems and suffixes must be a-z, under 2,048 letters in all');
    let node = 0;
    for (let k = x.length - 1; k >= 0; k--) {
      const slot = node * 26 + x.charCodeAt(k) - 97;
      if (next[slot] === 0) next[slot] = nodes++;
      node = next[slot]!;
    }
  }
  return next.slice(0, nodes * 26);
})();
const SUFFIX_STEM: Uint8Array = (() => {
  const stem = new Uint8Array(SUFFIX_NEXT.length / 26);
  for (const x of STEMS) {
    let node = 0;
    for (let k = x.length - 1; k >= 0; k--) node = SUFFIX_NEXT[node * 26 + x.charCodeAt(k) - 97]!;
    stem[node] = 1;
  }
  return stem;
})();

/** Some stem or suffix of length m < (e - s) - 2 ends text[s, e), its letters compared as c | 0x20. */
function stemAt(text: string, s: number, e: number): boolean {
  const n = e - s;
  let node = 0;
  for (let m = 1; m < n - 2; m++) {
    const c = (text.charCodeAt(e - m) | 0x20) - 97;
    if (c < 0 || c > 25) return false;
    node = SUFFIX_NEXT[node * 26 + c]!;
    if (node === 0) return false;
    if (SUFFIX_STEM[node] === 1) return true;
  }
  return false;
}

/** morphologyTerm(text.slice(s, e)), reading the text in place: a slice only when a stem fits. */
function morphologyAt(text: string, s: number, e: number): boolean {
  const n = e - s;
  if (n < MIN_MORPH_LENGTH) return false;
  const a = text.charCodeAt(e - 2) | 0x20;
  const b = text.charCodeAt(e - 1) | 0x20;
  if (a < 128 && b < 128 && STEM_END_TABLE[(a << 7) | b] === 0) return false;
  if (!stemAt(text, s, e)) return false;
  let lower = false;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) lower = true;
    else if (c < 65 || c > 90) return false;
  }
  // All-caps words are codes and acronyms more often than medicines.
  if (!lower) return false;
  return !MORPH_EXCLUDED.has(text.slice(s, e).toLowerCase());
}

/** The word before `end` (letters, hyphens), skipping spaces and a possessive: [start, end) or undefined. */
function wordBefore(text: string, end: number): [number, number] | undefined {
  let e = end;
  while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
  // "Wilson's disease", "Crohns disease", "Graves' disease"
  if (text[e - 1] === 's' && (text[e - 2] === "'" || text[e - 2] === '’')) e -= 2;
  else if (text[e - 1] === "'" || text[e - 1] === '’') e--;
  let s = e;
  while (s > 0 && /[A-Za-z-]/.test(text[s - 1]!)) s--;
  return e - s >= 3 ? [s, e] : undefined;
}

const NOT_A_MODIFIER = new Set(['the', 'a', 'an', 'this', 'that', 'of', 'and', 'or', 'with', 'any', 'no', 'his', 'her', 'their', 'its', 'rare', 'same', 'other']);

/** "Wilson's disease", "Bell's palsy", "haemolytic-uraemic syndrome", "acute renal failure": head word plus the word before (`lower`: the span lower-cased, when the caller has it). */
function eponymAt(text: string, start: number, end: number, lower?: string): RawCandidate | undefined {
  const head = lower ?? text.slice(start, end).toLowerCase();
  const capital = EPONYM_CAPITALISED.has(head);
  if (!capital && !EPONYM_ANY.has(head)) return undefined;
  const w = wordBefore(text, start);
  if (!w) return undefined;
  const word = text.slice(w[0], w[1]);
  if (NOT_A_MODIFIER.has(word.toLowerCase())) return undefined;
  const cap = /^[A-Z][a-z]/.test(word);
  if (!cap && !EPONYM_ANY.has(head)) return undefined;
  return { start: w[0], end, score: HEALTH_SCORE.strong, pattern: cap ? 'health-eponym' : 'health-head' };
}

const NO_OUT: RawCandidate[] = [];

/**
 * The words of a text that start no lexicon term, judged by shape in the trie's walk: a medicine or
 * condition by its stem or suffix, the head of an eponymous or descriptive name. One object for all
 * calls (findHealth sets the call's text, hashes and output), so the walk allocates no closure.
 */
const misses = {
  text: '',
  hash: new Int32Array(0) as Int32Array,
  out: NO_OUT,
  // a word shorter than a morphology term is judged only as a head word: HEAD_BITS must pass
  minLength: MIN_MORPH_LENGTH,
  bits: HEAD_BITS,
  miss(s: number, e: number, i: number): void {
    const text = this.text;
    if (morphologyAt(text, s, e)) {
      this.out.push(new Raw(s, e, HEALTH_SCORE.weak, 'health-morphology'));
      return;
    }
    if (e - s >= 5 && e - s <= 13 && isHeadInitial(text.charCodeAt(s)) && (i < 0 || isHeadHash(this.hash[i]!))) {
      const ep = eponymAt(text, s, e);
      if (ep) this.out.push(ep);
    }
  },
};

/**
 * HEALTH candidates in `text`: strong terms as found, weak terms (abbreviations, everyday words) only
 * with context, ICD-10 codes only after a diagnosis word; words not in the lexicon count by shape
 * (INN stems, clinical suffixes) and as the head of an eponymous or descriptive name ("Wilson's
 * disease", "nephrotic syndrome").
 */
export function findHealth(text: string): RawCandidate[] {
  const out: RawCandidate[] = [];
  const t = tokensOf(text);
  const trie = healthTrie();
  misses.text = text;
  misses.hash = t.hash;
  misses.out = out;
  let hits: Array<TrieMatch<Entry>>;
  try {
    hits = trie.findAllTo(text, misses);
  } finally {
    // the sink does not keep the text alive until the next call
    misses.text = '';
    misses.out = NO_OUT;
  }
  let icdDoneTo = -1;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k]!;
    const e = h.value;
    if (e.category === 'icd-anchor') {
      if (h.end > icdDoneTo) icdDoneTo = icdCodesAfter(text, h.end, out, HEALTH_SCORE.icd10);
      continue;
    }
    if (e.category === 'abbreviations' && !abbreviationHere(text, h.start, h.end)) continue;
    const span = text.slice(h.start, h.end);
    const lower = span.toLowerCase();
    // "PAN" in capitals is the tax id's label; the brand is written "Pan 40" / "Pan-D".
    if (NOT_IN_CAPITALS.has(lower) && span === span.toUpperCase() && !/^[\s-]*(?:[0-9]|D\b)/.test(text.slice(h.end, h.end + 4))) continue;
    // A strong term that is also an everyday word elsewhere ("Cancer" the zodiac sign) drops near a negative word.
    if (GUARDED.has(lower) && negativeNear(t, h.start, h.end)) continue;
    // The lexicon term is the head of a longer eponymous name: "Hodgkin lymphoma", "Crohn's disease".
    const ep = h.end - h.start <= 12 ? eponymAt(text, h.start, h.end, lower) : undefined;
    if (ep && ep.pattern === 'health-eponym') {
      out.push(ep);
      continue;
    }
    if (!e.weak) {
      out.push(new Raw(h.start, h.end, HEALTH_SCORE.strong, 'health-lexicon'));
    } else if (confirmed(t, hits, k)) {
      out.push(new Raw(h.start, h.end, HEALTH_SCORE.weak, 'health-lexicon-context'));
    } else continue;
    // A code in brackets right after a term is its code: "type 2 diabetes mellitus (E11.9)".
    let p = h.end;
    while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (p < text.length && text.charCodeAt(p) === 40 && p + 1 > icdDoneTo) icdDoneTo = icdCodesAfter(text, p + 1, out, HEALTH_SCORE.icd10);
  }
  if (out.length > 16) out.sort(byStart);
  else if (out.length > 1) insertionSort(out, byStart);
  return out;
}

function byStart(a: RawCandidate, b: RawCandidate): number {
  return a.start - b.start;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * An abbreviation that stands for itself here: in capitals when it is also an ordinary word, and not
 * the letter prefix of an identifier ("Member ID: RA-32553501", "CA/2024/118").
 */
function abbreviationHere(text: string, start: number, end: number): boolean {
  const span = text.slice(start, end);
  if (UPPER_ONLY.has(span.toLowerCase()) && span !== span.toUpperCase()) return false;
  let p = end;
  const sep = text.charCodeAt(p);
  if (sep === 45 || sep === 47 || sep === 95) p++;
  let digits = 0;
  while (digits < 3 && isDigit(text.charCodeAt(p + digits))) digits++;
  return digits < 3;
}

/** The token ranges read around [start, end) for context: up to WINDOW.words whole tokens each side. */
function windowAround(t: Tokens, start: number, end: number): [number, number, number, number] {
  return [tokensBefore(t, start, WINDOW.words, WINDOW.before), t.indexAt(start), t.indexFrom(end), tokensAfter(t, end, WINDOW.words, WINDOW.after)];
}

/** A negative word among the nearest NEG_WORDS tokens each side. */
function negativeIn(t: Tokens, [bLo, bHi, aLo, aHi]: [number, number, number, number]): boolean {
  return negative!.matches(t, Math.max(bLo, bHi - NEG_WORDS), bHi) || negative!.matches(t, aLo, Math.min(aHi, aLo + NEG_WORDS));
}

function negativeNear(t: Tokens, start: number, end: number): boolean {
  healthTrie();
  return negativeIn(t, windowAround(t, start, end));
}

function confirmed(t: Tokens, hits: ReadonlyArray<{ start: number; end: number; value: Entry }>, k: number): boolean {
  const h = hits[k]!;
  const w = windowAround(t, h.start, h.end);
  if (negativeIn(t, w)) return false;
  // A strong health term close by vouches for an abbreviation ("diabetes, HTN").
  for (let j = k - 1; j >= 0 && hits[j]!.end >= h.start - WINDOW.before; j--) {
    if (!hits[j]!.value.weak) return true;
  }
  for (let j = k + 1; j < hits.length && hits[j]!.start <= h.end + WINDOW.after; j++) {
    if (!hits[j]!.value.weak) return true;
  }
  return context!.matches(t, w[0], w[1]) || context!.matches(t, w[2], w[3]);
}
