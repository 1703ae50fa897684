// Health lexicon matcher: conditions, procedures, medicines (generic and Indian brands), abbreviations
// and Hindi terms from patterns/health-terms.json in one trie pass; ICD-10 codes only after a diagnosis
// word (patterns/health.json). The trie is built once per process, on first use.
import lexicon from '../../patterns/health-terms.json';
import data from '../../patterns/health.json';
import type { RawCandidate } from '../detectors/define.js';
import { PhraseSet, PhraseTrie, isWordCode, wordsAfter, wordsBefore } from './trie.js';

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
let context: PhraseSet | undefined;
let negative: PhraseSet | undefined;
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
    context = new PhraseSet([...data.context, ...lexicon.labTests]);
    negative = new PhraseSet(data.negativeContext);
  }
  return trie;
}

const ICD_FILLER = new Set(['icd', 'icd10', 'icd9', '10', 'cm', 'code', 'codes', 'is', 'no', 'dx', 'diagnosis', 'and', 'or', 'of']);
const ICD_SEPARATORS = new Set([' ', '\t', ':', '-', '–', '=', '(', ')', '#', ',', ';', '/', '&', '|', '\n', '\r', '\u00a0']);

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ICD-10 shape: A-Z, 0-9, 0-9 or A-Z, optionally "." and 1-4 of 0-9 / A-Z (upper case only). */
export function isIcd10Shape(s: string): boolean {
  const n = s.length;
  if (n !== 3 && (n < 5 || n > 8)) return false;
  const up = (c: number): boolean => c >= 65 && c <= 90;
  const dig = (c: number): boolean => c >= 48 && c <= 57;
  if (!up(s.charCodeAt(0)) || !dig(s.charCodeAt(1))) return false;
  const c2 = s.charCodeAt(2);
  if (!dig(c2) && !up(c2)) return false;
  if (n === 3) return true;
  if (s.charCodeAt(3) !== 46) return false;
  for (let i = 4; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!dig(c) && !up(c)) return false;
  }
  return true;
}

/** ICD-10 codes in the list that follows a diagnosis word ("Dx: ICD-10 E11.9, I10"). */
function icdCodesAfter(text: string, from: number, out: RawCandidate[]): number {
  const limit = Math.min(text.length, from + 80);
  let i = from;
  let tokens = 0;
  while (i < limit && tokens < 10) {
    const ch = text[i]!;
    if (ICD_SEPARATORS.has(ch) || ch === '.') {
      i++;
      continue;
    }
    if (!isAsciiAlnum(text.charCodeAt(i))) break;
    let j = i;
    while (j < text.length && isAsciiAlnum(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 46 && j + 1 < text.length && isAsciiAlnum(text.charCodeAt(j + 1))) {
      j++;
      while (j < text.length && isAsciiAlnum(text.charCodeAt(j))) j++;
    }
    if (j < text.length && isWordCode(text.charCodeAt(j))) break;
    const token = text.slice(i, j);
    tokens++;
    if (isIcd10Shape(token)) out.push({ start: i, end: j, score: HEALTH_SCORE.icd10, pattern: 'icd10' });
    else if (!ICD_FILLER.has(token.toLowerCase())) break;
    i = j;
  }
  return i;
}

/**
 * HEALTH candidates in `text`: strong terms as found, weak terms (abbreviations, everyday words) only
 * with context, ICD-10 codes only after a diagnosis word.
 */
export function findHealth(text: string): RawCandidate[] {
  const hits = healthTrie().findAll(text);
  const out: RawCandidate[] = [];
  let icdDoneTo = -1;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k]!;
    const e = h.value;
    if (e.category === 'icd-anchor') {
      if (h.end > icdDoneTo) icdDoneTo = icdCodesAfter(text, h.end, out);
      continue;
    }
    if (e.category === 'abbreviations' && !abbreviationHere(text, h.start, h.end)) continue;
    if (!e.weak) {
      out.push({ start: h.start, end: h.end, score: HEALTH_SCORE.strong, pattern: 'health-lexicon' });
    } else if (confirmed(text, hits, k)) {
      out.push({ start: h.start, end: h.end, score: HEALTH_SCORE.weak, pattern: 'health-lexicon-context' });
    } else continue;
    // A code in brackets right after a term is its code: "type 2 diabetes mellitus (E11.9)".
    let p = h.end;
    while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (text.charCodeAt(p) === 40 && p + 1 > icdDoneTo) icdDoneTo = icdCodesAfter(text, p + 1, out);
  }
  if (out.length > 1) out.sort((a, b) => a.start - b.start);
  return out;
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

function confirmed(text: string, hits: ReadonlyArray<{ start: number; end: number; value: Entry }>, k: number): boolean {
  const h = hits[k]!;
  const before = wordsBefore(text, h.start, WINDOW.words, WINDOW.before);
  const after = wordsAfter(text, h.end, WINDOW.words, WINDOW.after);
  if (negative!.matches(before, before.length - NEG_WORDS) || negative!.matches(after, 0, NEG_WORDS)) return false;
  // A strong health term close by vouches for an abbreviation ("diabetes, HTN").
  for (let j = k - 1; j >= 0 && hits[j]!.end >= h.start - WINDOW.before; j--) {
    if (!hits[j]!.value.weak) return true;
  }
  for (let j = k + 1; j < hits.length && hits[j]!.start <= h.end + WINDOW.after; j++) {
    if (!hits[j]!.value.weak) return true;
  }
  return context!.matches(before) || context!.matches(after);
}
