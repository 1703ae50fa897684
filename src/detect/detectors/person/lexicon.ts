// The PERSON vocabulary: every word the name finder knows (names, honorifics, labels, stop lists,
// the rule word sets and every word of a cue phrase), each with an id, its lexicon facts (`F` bits)
// and the rule word sets it belongs to (`W` bits). Looked up by a folded hash in an open-addressing
// table, with the word compared on a hit, so one lookup per token and no string per token. Built
// once, at first use, from patterns/names/*.json and patterns/person.json (bundled by tsup, no
// file-system reads at run time).
import ambiguousData from '../../../../patterns/names/ambiguous.json';
import devaData from '../../../../patterns/names/devanagari.json';
import firstData from '../../../../patterns/names/first-names.json';
import surData from '../../../../patterns/names/surnames.json';
import cityData from '../../../../patterns/cities.json';
import personData from '../../../../patterns/person.json';
import { Errors } from '../../../errors.js';

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
  /** A lexicon name that is also an English dictionary word (patterns/names/ambiguous.json: Rose, Ray). */
  ENGLISH: 32768,
  /** An adverb that is also a surname (sentenceOpeners: So, Still): STOP where it opens a sentence (tokens.ts). */
  OPENER: 65536,
} as const;
/** A first name or a surname: what makes a run of words a name (the finder's NAME_BITS). */
export const NAME_BITS = F.FIRST | F.SUR;

const R = personData.ruleWords;

/** Rule word sets (patterns/person.json `ruleWords`, `labelBlockers`), one bit each. */
export const W = {
  LABEL_BLOCKER: 1,
  SPEAK_OPENER: 2,
  CLAUSE: 4,
  AGE: 8,
  ARTICLE: 16,
  YEAR: 32,
  SEX: 64,
  NUMBER: 128,
  SPEAKER_ROLE: 256,
  WITNESS_LETTER: 512,
  PAY_VERB: 1024,
  PAY_AFTER: 2048,
  PAY_APP: 4096,
  FOR_AFTER: 8192,
  /** "to" and "for", which start a payee or an order's patient (frame.ts). */
  PAYEE_CUE: 16384,
  /** Some cue phrase starts with this word. */
  PHRASE: 1 << 20,
  /** Some company, place, deity or ordinary-word phrase starts with it. */
  BLOCKER: 1 << 21,
  /** Some sign-off phrase starts with it. */
  SIGNOFF: 1 << 22,
} as const;

const SETS: ReadonlyArray<[readonly string[], number]> = [
  [personData.labelBlockers, W.LABEL_BLOCKER],
  [R.speakOpeners, W.SPEAK_OPENER],
  [R.clauseWords, W.CLAUSE],
  [R.ageWords, W.AGE],
  [R.articles, W.ARTICLE],
  [R.yearWords, W.YEAR],
  [R.sexWords, W.SEX],
  [R.numberWords, W.NUMBER],
  [R.speakerRoles, W.SPEAKER_ROLE],
  [R.witnessLetters, W.WITNESS_LETTER],
  [R.payVerbs, W.PAY_VERB],
  [R.payAfter, W.PAY_AFTER],
  [R.payApps, W.PAY_APP],
  [R.forAfter, W.FOR_AFTER],
];

export type PhraseKind = 'label' | 'relation' | 'strong' | 'weak' | 'after' | 'signoff' | 'company' | 'place' | 'deity' | 'ordinary';

/** A cue phrase of one or more tokens, indexed by its first token. */
export interface Phrase {
  /** Vocabulary ids of its tokens. */
  ids: Int32Array;
  words: readonly string[];
  kind: PhraseKind;
  /** Its tokens joined by single spaces. */
  key: string;
  /** A label that counts only at the start of a line ("From:", "To:"). */
  lineStart: boolean;
  /** An address label: the value may be the address itself ("Ship to:"). */
  address: boolean;
  /** A label that may take a name without a separator ("name ravi kumar,"). */
  bare: boolean;
  /** An introduction ("this is", "i am") that takes a lower-case lexicon name. */
  intro: boolean;
  /** A Hindi postposition after a name ("Ravi ko"): evidence only for an unambiguous name. */
  postposition: boolean;
  /** "bol raha": the words between "main" and it are the speaker's name. */
  speak: boolean;
  /** A form relation written with a slash ("S/o"): takes a name in any case. */
  slash: boolean;
}

/** Ids of the single words the rules name. */
export interface RuleIds {
  to: number;
  for: number;
  w: number;
  born: number;
  i: number;
  a: number;
  lot: number;
}

const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[^\s\p{L}\p{M}]/gu;

/** Split a phrase the way the finder tokenises text (words and single punctuation marks). */
export function phraseTokens(p: string): string[] {
  return p.toLowerCase().match(WORD) ?? [];
}

/** Ints per slot of `Vocabulary.rows` (ROW_FLAGS, ROW_SETS: where a word's facts sit in it) and the units it holds inline. */
const ROW = 8;
export const ROW_FLAGS = 3;
export const ROW_SETS = 4;
const INLINE = 6;

/** FNV-1a over the units of a lower-cased key (the tokeniser hashes text the same way, A-Z folded). */
function hashKey(k: string): number {
  let h = 0x811c9dc5 | 0;
  for (let x = 0; x < k.length; x++) h = Math.imul(h ^ k.charCodeAt(x), 0x01000193);
  return h;
}

export class Vocabulary {
  readonly words: string[] = [];
  flags = new Int32Array(0);
  sets = new Int32Array(0);
  /** Vocabulary id of each one-character ASCII key, or -1. */
  asciiIds = new Int32Array(128);
  /** Rule word sets of each one-character ASCII key (0 when it has no id). */
  asciiSets = new Int32Array(128);
  /** Some word holds a number character (else digit runs are not looked up). */
  hasDigitWords = false;
  /** Phrases by the id of their first token, longest first. */
  phrases: Array<Phrase[] | undefined> = [];
  /** The company, place, deity and ordinary-word phrases among them (they block names), same order. */
  blockers: Array<Phrase[] | undefined> = [];
  readonly ids: RuleIds;
  firstNames = 0;
  surnames = 0;
  private readonly byWord = new Map<string, number>();
  private flagList: number[] = [];
  private setList: number[] = [];
  /**
   * Open addressing by folded hash, ROW ints a slot (32 bytes, one cache line):
   * [hash, id + 1 (0: empty), offset in `chars` | length << 24, flags, sets, first INLINE units two
   * per int]. A hit on a word of up to INLINE units is confirmed and its facts read from its row
   * alone; only longer words read `chars`. In the full detect mix the other detectors evict these
   * tables, so a lookup costs about one miss per line it touches (three before: slots, meta, chars).
   */
  rows = new Int32Array(0);
  /** Every word's UTF-16 units, one after another. */
  private chars = new Uint16Array(0);
  private mask = 0;
  /**
   * One bit per value of a hash's top 16 bits (8 KB, stays in L1): a word the finder does not know
   * (4 in 10 on corpus records) is usually rejected here without touching the table.
   */
  private readonly bloom = new Int32Array(2048);

  constructor() {
    this.ids = { to: this.add('to'), for: this.add('for'), w: this.add('w'), born: this.add('born'), i: this.add('i'), a: this.add('a'), lot: this.add('lot') };
  }

  /** The id of a lower-case word, added if new (build time only). */
  add(k: string): number {
    let id = this.byWord.get(k);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(k);
      this.flagList.push(0);
      this.setList.push(0);
      this.byWord.set(k, id);
    }
    return id;
  }

  addFlag(word: string, bit: number): void {
    const id = this.add(word.toLowerCase());
    this.flagList[id]! |= bit;
  }

  addSet(word: string, bit: number): void {
    const id = this.add(word.toLowerCase());
    this.setList[id]! |= bit;
  }

  /** Count the distinct first names and surnames added so far. */
  countNames(): void {
    for (const f of this.flagList) {
      if (f & F.FIRST) this.firstNames++;
      if (f & F.SUR) this.surnames++;
    }
  }

  /** Freeze: typed arrays and the hash table. */
  seal(): void {
    const n = this.words.length;
    this.phrases = Array.from({ length: n }, (_, id) => this.phrases[id]);
    this.blockers = this.phrases.map((list) => {
      const b = list?.filter((p) => p.kind === 'company' || p.kind === 'place' || p.kind === 'deity' || p.kind === 'ordinary');
      return b && b.length > 0 ? b : undefined;
    });
    for (let id = 0; id < n; id++) {
      const list = this.phrases[id];
      if (!list) continue;
      let bits = W.PHRASE;
      if (this.blockers[id]) bits |= W.BLOCKER;
      if (list.some((p) => p.kind === 'signoff')) bits |= W.SIGNOFF;
      this.setList[id]! |= bits;
    }
    for (let c = 0; c < 128; c++) this.asciiIds[c] = this.idOf(String.fromCharCode(c).toLowerCase());
    this.hasDigitWords = this.words.some((w) => /\p{N}/u.test(w));
    this.flags = Int32Array.from(this.flagList);
    this.sets = Int32Array.from(this.setList);
    for (let c = 0; c < 128; c++) this.asciiSets[c] = this.asciiIds[c]! < 0 ? 0 : this.sets[this.asciiIds[c]!]!;
    let total = 0;
    for (const w of this.words) total += w.length;
    this.chars = new Uint16Array(total);
    // At most ~70% full: linear probing stays within a cache line or two.
    let size = 1;
    while (size * 0.7 < n + 1) size <<= 1;
    this.rows = new Int32Array(size * ROW);
    this.mask = size - 1;
    let off = 0;
    for (let id = 0; id < n; id++) {
      const w = this.words[id]!;
      if (w.length >= 128 || off >= 1 << 24) throw Errors.internal('name vocabulary: word or table too long for a row');
      for (let x = 0; x < w.length; x++) this.chars[off + x] = w.charCodeAt(x);
      const h = hashKey(w);
      let slot = h & this.mask;
      while (this.rows[slot * ROW + 1] !== 0) slot = (slot + 1) & this.mask;
      const r = slot * ROW;
      this.rows.set([h, id + 1, off | (w.length << 24), this.flags[id]!, this.sets[id]!], r);
      for (let x = 0; x < w.length && x < INLINE; x++) this.rows[r + 5 + (x >> 1)]! |= w.charCodeAt(x) << ((x & 1) << 4);
      this.bloom[h >>> 21]! |= 1 << ((h >>> 16) & 31);
      off += w.length;
    }
  }

  hashString(k: string): number {
    return hashKey(k);
  }

  /** Id of the fast-path token text[s, e) with folded hash h, or -1. */
  idAt(text: string, s: number, e: number, h: number): number {
    const r = this.rowAt(text, s, e, h);
    return r < 0 ? -1 : this.rows[r + 1]! - 1;
  }

  /** Offset in `rows` of the fast-path token text[s, e) with folded hash h, or -1. */
  rowAt(text: string, s: number, e: number, h: number): number {
    if ((this.bloom[h >>> 21]! & (1 << ((h >>> 16) & 31))) === 0) return -1;
    const { rows, chars, mask } = this;
    const len = e - s;
    const inline = len < INLINE ? len : INLINE;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const r = slot * ROW;
      if (rows[r + 1] === 0) return -1;
      if (rows[r] !== h) continue;
      const offLen = rows[r + 2]!;
      if (offLen >>> 24 !== len) continue;
      let x = 0;
      for (; x < inline; x++) {
        const c = text.charCodeAt(s + x);
        if ((c >= 65 && c <= 90 ? c + 32 : c) !== ((rows[r + 5 + (x >> 1)]! >>> ((x & 1) << 4)) & 0xffff)) break;
      }
      if (x < inline) continue;
      const off = offLen & 0xffffff;
      for (; x < len; x++) {
        const c = text.charCodeAt(s + x);
        if ((c >= 65 && c <= 90 ? c + 32 : c) !== chars[off + x]) break;
      }
      if (x === len) return r;
    }
  }

  /** Id of a lower-case key with hash h, or -1. */
  idOfKey(k: string, h: number): number {
    return this.idAt(k, 0, k.length, h);
  }

  /** Id of a lower-case word, or -1. */
  idOf(k: string): number {
    return this.byWord.get(k) ?? -1;
  }

  /** Lexicon facts of a word (any case). */
  flagsOf(word: string): number {
    const id = this.byWord.get(word.toLowerCase());
    return id === undefined ? 0 : this.flags[id]!;
  }
}

let vocabulary: Vocabulary | undefined;

function build(): Vocabulary {
  const v = new Vocabulary();
  for (const list of Object.values(firstData.regions as Record<string, string[]>)) for (const n of list) v.addFlag(n, F.FIRST);
  for (const list of Object.values(surData.regions as Record<string, string[]>)) for (const n of list) v.addFlag(n, F.SUR);
  v.countNames();
  for (const n of devaData.first) v.addFlag(n, F.FIRST);
  for (const n of devaData.surname) v.addFlag(n, F.SUR);
  for (const n of ambiguousData.names) v.addFlag(n, F.AMBIG | F.ENGLISH);
  const p = personData;
  const single = (list: readonly string[], bit: number): void => {
    for (const w of list) {
      const t = phraseTokens(w);
      if (t.length === 1) v.addFlag(t[0]!, bit);
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
  for (const [list, bit] of SETS) for (const w of list) v.addSet(w, bit);
  v.addSet('to', W.PAYEE_CUE);
  v.addSet('for', W.PAYEE_CUE);

  const lineStart = new Set(R.lineStartLabels);
  const address = new Set(R.addressLabels);
  const bare = new Set(R.bareLabels);
  const intro = new Set(R.introCues);
  const postposition = new Set(R.postpositionCues);
  const speak = new Set(R.hinglishSpeak);
  const addPhrases = (list: readonly string[], kind: PhraseKind): void => {
    for (const w of list) {
      const words = phraseTokens(w);
      if (words.length === 0) continue;
      const ids = Int32Array.from(words, (x) => v.add(x));
      const key = words.join(' ');
      const first = ids[0]!;
      const arr = (v.phrases[first] ??= []);
      arr.push({
        ids, words, kind, key,
        lineStart: lineStart.has(key), address: address.has(key), bare: bare.has(key), intro: intro.has(key),
        postposition: postposition.has(key), speak: speak.has(key), slash: key.includes('/'),
      });
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
  // Stable sort, as before: longest first, list order among equals.
  for (const arr of v.phrases) arr?.sort((a, b) => b.ids.length - a.ids.length);
  v.seal();
  return v;
}

/** The vocabulary, built on first call (≈ 5 ms for ~7,000 names and the stop lists). */
export function nameLexicon(): Vocabulary {
  vocabulary ??= build();
  return vocabulary;
}
