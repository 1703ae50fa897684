// TEST ORACLE, not used by src/: the PERSON finder as it was before the split into one file per pass
// (src/detect/detectors/person/names.ts at 7ecf54f, with its lexicon and compromise loader copied
// beside it as person-oracle-lexicon.ts and person-oracle-nlp.ts). test/detect/person-oracle.test.ts
// checks that the split finder gives the same spans, scores and rules on the corpus and on generated
// text. Delete these three files once the oracle test has been retired.
//
// PERSON finder. A fast path does almost all the work: one tokenisation pass, one Map lookup per
// token (names, honorifics, labels, stop lists), then rules for honorifics, name fields, relation
// forms (S/o, W/o), chat phrases ("my name is", "mera naam ... hai"), greetings and sign-offs, and
// lexicon pairs (first name + surname). compromise runs only on small windows around an unknown
// capitalised word that a name context points at ("Thanks, Zorawar"); `{ gating: false }` (detect option `nameGating: false`) runs it
// on the whole text instead, so benchmarks and the evaluation can compare the two.
import personData from '../../patterns/person.json';
import { F, nameLexicon, phraseTokens, type NameLexicon, type PhraseKind } from './person-oracle-lexicon.js';
import { compromiseLoaded, nlpPeople, nlpWordTags } from './person-oracle-nlp.js';

export interface NameSpan {
  start: number;
  end: number;
  score: number;
  /** Which rule produced it: honorific, label, relation, chat, greeting, signoff, lexicon, nlp. */
  rule: string;
}

/** How to find names: `gating` (default true) runs compromise only on the small windows the fast path
 *  points at; false gives every text a full compromise parse as well (for measuring, not production). */
export interface FindNamesOptions {
  gating?: boolean;
}

// Token shapes.
const LOWER = 0;
const CAP = 1;
const UPPER = 2;
const INIT = 3;
const DEVA = 4;
const OTHER = 5;
const PUNCT = 6;
const NUM = 7;

interface Tok {
  s: number;
  e: number;
  k: string;
  sh: number;
  f: number;
  /** A newline lies between the previous token and this one. */
  nl: boolean;
  /** Characters between the previous token's end and this token's start. */
  gap: number;
}

const TOKEN = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;

function shapeOf(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (c >= 0x0900 && c <= 0x097f) return DEVA;
  if ((c >= 48 && c <= 57) || (c >= 0x0966 && c <= 0x096f)) return NUM;
  const ch = text[s]!;
  const up = ch !== ch.toLowerCase();
  const low = ch !== ch.toUpperCase();
  if (!up && !low) {
    // Not a cased letter: punctuation, a digit of another script, or an uncased script.
    return /[\p{L}\p{M}]/u.test(ch) ? OTHER : /\p{N}/u.test(ch) ? NUM : PUNCT;
  }
  if (low) return LOWER;
  if (e - s === 1) return INIT;
  const rest = text.slice(s + 1, e);
  return rest === rest.toUpperCase() ? UPPER : CAP;
}

function tokenize(text: string, lex: NameLexicon): Tok[] {
  const toks: Tok[] = [];
  TOKEN.lastIndex = 0;
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const s = m.index;
    let e = s + m[0].length;
    let k = m[0].toLowerCase();
    // Possessive: "Priya's" is the name "Priya".
    if (k.length > 3 && (k.endsWith("'s") || k.endsWith('’s'))) {
      e -= 2;
      k = k.slice(0, -2);
    }
    const sh = shapeOf(text, s, e);
    let nl = false;
    for (let i = prevEnd; i < s; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        nl = true;
        break;
      }
    }
    let f = sh === PUNCT || sh === NUM ? 0 : (lex.flags.get(k) ?? 0);
    // Added after the split, in both finders: an opener adverb at a sentence start is a stop word there.
    const prev = toks[toks.length - 1];
    if (f & F.OPENER && (!prev || nl || (prev.sh === PUNCT && '.!?:;"“('.includes(prev.k)))) f |= F.STOP;
    toks.push({ s, e, k, sh, f, nl, gap: s - prevEnd });
    prevEnd = s + m[0].length;
  }
  return toks;
}

const isWord = (t: Tok | undefined): boolean => t !== undefined && t.sh <= OTHER;
/** "i'm", "it's", "we're": a pronoun with a contraction, never a name. */
const CONTRACTION = /^[a-z]{1,4}['’](?:m|re|ll|ve|d|t|s)$/;

/** A token glued to "_", "<" or ">" ("<PERSON_1>", "customer_id"): an identifier, not a name. */
function typeWord(c: Ctx, j: number): boolean {
  const t = c.toks[j]!;
  const p = c.toks[j - 1];
  const n = c.toks[j + 1];
  return (p !== undefined && p.e === t.s && (p.k === '_' || p.k === '<')) || (n !== undefined && n.s === t.e && (n.k === '_' || n.k === '>'));
}
const NAME_BITS = F.FIRST | F.SUR;
const BAD_BITS = F.COMPANY | F.PLACE | F.TIME | F.STOP | F.FIELD;

interface Ctx {
  text: string;
  toks: Tok[];
  lex: NameLexicon;
  blocked: Uint8Array;
  out: NameSpan[];
  /** Token ranges [from, to) of unknown capitalised words that a context points at. */
  windows: Array<{ from: number; to: number; cue: number; score: number; rule: string }>;
}

const labelBlockers = new Set(personData.labelBlockers);
const lineStartLabels = new Set(['from', 'to', 'attn', 'attention', 'cc', 'sender', 'receiver', 'recipient', 'owner', 'doctor', 'consultant', 'caller', 'witness', 'insured', 'spouse', 'guardian', 'passenger', 'payee', 'customer', 'patient', 'nominee', 'applicant', 'tenant', 'landlord', 'borrower', 'guarantor']);
const introCues = new Set(['this is', 'i am', "i'm", 'im', "it's", 'its', 'main', 'mai', 'me', 'hum']);
const weakAfter = new Set(['ka', 'ki', 'ke', 'ko', 'ne', 'se', 'kal', 'has', 'had', 'jee']);
const hinglishSpeak = new Set(['bol raha', 'bol rahi', 'bol rha', 'bol rhi', 'baat kar raha', 'baat kar rahi']);

interface Match {
  kind: PhraseKind;
  len: number;
  key: string;
}

/** Phrases that start at token i (no newline inside a phrase). */
function phrasesAt(c: Ctx, i: number): Match[] | undefined {
  const list = c.lex.phrases.get(c.toks[i]!.k);
  if (!list) return undefined;
  let found: Match[] | undefined;
  for (const p of list) {
    const n = p.words.length;
    if (i + n > c.toks.length) continue;
    let ok = true;
    for (let j = 1; j < n && ok; j++) {
      const t = c.toks[i + j]!;
      ok = t.k === p.words[j] && !t.nl && t.gap <= 1;
    }
    if (ok) (found ??= []).push({ kind: p.kind, len: n, key: p.words.join(' ') });
  }
  return found;
}

type Mode = 'field' | 'chat' | 'strict' | 'intro';

interface Capture {
  from: number;
  to: number; // exclusive token index
  lexHits: number;
  strongHits: number;
  unknown: number;
}

/**
 * Take up to four name tokens from token `i` forward. `field` (after a label or relation) and `chat`
 * (after "my name is") accept any case; `strict` (after an honorific, a greeting, a sign-off) wants
 * capitalised, all-caps, initials or Devanagari, or a lower-case lexicon name.
 */
function captureForward(c: Ctx, i0: number, mode: Mode, allowNewlineFirst = false): Capture | undefined {
  const { toks } = c;
  // Honorifics are never part of the span: "w/o Late Shri Ram Prasad" gives "Ram Prasad".
  let i = i0;
  while (i < toks.length && isWord(toks[i]) && toks[i]!.f & F.HON && !(toks[i]!.f & F.FIRST) && i - i0 < 6) {
    i = skipPunct(c, i + 1, '.', 1);
  }
  let j = i;
  let count = 0;
  let lexHits = 0;
  let strongHits = 0;
  let unknown = 0;
  let last = -1;
  while (j < toks.length && count < 5) {
    const t = toks[j]!;
    if (!isWord(t) || c.blocked[j]) break;
    if (j > i && (t.nl || t.gap > 2)) break;
    if (j === i && t.nl && !allowNewlineFirst && mode !== 'field') break;
    const prev = toks[j - 1];
    if (j > i && prev && prev.e === t.s && !isWord(prev) && !(prev.k === '.' && toks[j - 2]?.sh === INIT)) break; // glued punctuation
    if (t.f & F.HON && !(count > 0 && t.f & NAME_BITS)) break; // 'and MS Excel', 'and Adv. Meera'
    if (CONTRACTION.test(t.k)) break; // "I'm", "it's": never part of a name
    if (typeWord(c, j)) break; // "<PERSON_1>", "NAME_2": placeholder tokens
    if (count > 0 && t.f & F.CITY && !(t.f & NAME_BITS)) break; // "Ravi Kumar Delhi"
    const next = toks[j + 1];
    if (next && next.sh === NUM && next.s === t.e) break; // glued to digits: a code, not a name
    const dotted = t.sh === INIT && toks[j + 1]?.k === '.' && toks[j + 1]!.s === t.e; // "A." is an initial, "A" may be an article
    if (t.f & (F.STOP | F.FIELD) && !dotted && !(t.f & NAME_BITS && t.sh !== LOWER && mode !== 'chat')) break;
    if (t.f & F.SUFFIX && t.sh !== LOWER && count > 0 && !(t.f & NAME_BITS)) return undefined; // "Patel Nagar", "Tata Motors"
    if (t.sh === LOWER && mode === 'strict' && !(t.f & NAME_BITS && !(t.f & F.AMBIG))) break;
    if (t.sh === LOWER && mode === 'intro' && t.f & (F.STOP | F.FIELD | F.TIME | F.PLACE | F.CITY) && !(t.f & NAME_BITS)) break;
    // Case stays consistent inside a name: "S/o Mohan Lal met ..." stops at "met".
    if (t.sh === LOWER && count > 0 && toks[last]!.sh !== LOWER && !(t.f & NAME_BITS && !(t.f & F.AMBIG))) break;
    if (t.sh === OTHER) break;
    if (t.sh === INIT) {
      // An initial: "S. R. Iyer", "K Ramesh", "Ramesh K". Not the S of "S/o".
      if (next && next.s === t.e && next.sh === PUNCT && next.k !== '.') break;
      count++;
      last = j;
      j++;
      const dot = toks[j];
      if (dot && dot.k === '.' && dot.s === t.e) {
        last = j;
        j++;
      }
      continue;
    }
    count++;
    last = j;
    if (t.f & NAME_BITS) {
      lexHits++;
      if (!(t.f & F.AMBIG)) strongHits++;
    } else unknown++;
    j++;
    // A hyphenated name: "Abdul-Rahman".
    const h = toks[j];
    if (h && h.k === '-' && h.s === t.e && isWord(toks[j + 1]) && toks[j + 1]!.s === h.e) j++;
  }
  if (last < 0) return undefined;
  // Trailing lone initials without a dot after a lower-case run are noise ("ravi a").
  return { from: i, to: last + 1, lexHits, strongHits, unknown };
}

/** Take up to four capitalised name tokens backward, ending at token `i`. */
function captureBackward(c: Ctx, i: number, anyCase: boolean): Capture | undefined {
  const { toks } = c;
  let j = i;
  let lexHits = 0;
  let strongHits = 0;
  let unknown = 0;
  let first = -1;
  let count = 0;
  while (j >= 0 && count < 4) {
    const t = toks[j]!;
    if (t.k === '.' && toks[j - 1]?.sh === INIT && toks[j - 1]!.e === t.s) {
      j--;
      continue;
    }
    if (!isWord(t) || c.blocked[j] || t.sh === OTHER) break;
    if (t.f & (F.STOP | F.FIELD | F.HON) && !(t.f & NAME_BITS && t.sh !== LOWER)) break;
    if (t.f & (F.COMPANY | F.PLACE | F.TIME | F.CITY) && !(t.f & NAME_BITS)) break;
    if (CONTRACTION.test(t.k) || typeWord(c, j)) break;
    if (t.sh === LOWER && !anyCase && !(t.f & NAME_BITS && !(t.f & F.AMBIG))) break;
    count++;
    first = j;
    if (t.f & NAME_BITS) {
      lexHits++;
      if (!(t.f & F.AMBIG)) strongHits++;
    } else if (t.sh !== INIT) unknown++;
    if (t.nl) break;
    const prev = toks[j - 1];
    if (!prev || t.gap > 2 || (prev.e === t.s && !isWord(prev) && prev.k !== '.')) break;
    j--;
  }
  if (first < 0) return undefined;
  return { from: first, to: i + 1, lexHits, strongHits, unknown };
}

/** Reject captures that are really a company, a place, a date word or a deity. */
function plausible(c: Ctx, cap: Capture): boolean {
  const { toks } = c;
  let names = 0;
  for (let j = cap.from; j < cap.to; j++) {
    const t = toks[j]!;
    if (!isWord(t)) continue;
    if (t.f & F.COMPANY && !(t.f & NAME_BITS)) return false;
    if (t.f & NAME_BITS) names++;
  }
  const words = countWords(c, cap);
  if (words === 1) {
    const t = firstWord(c, cap);
    if (t.f & (F.PLACE | F.TIME | F.COMPANY)) return false;
    if (t.f & F.AMBIG && !(t.f & NAME_BITS)) return false; // "Dear Team", "Thanks, Sir"
    if (t.f & (F.SUFFIX | F.CITY) && !(t.f & NAME_BITS)) return false; // "Main Bazaar", "with Pune"
  }
  if (names === 0 && allBits(c, cap, F.AMBIG)) return false;
  // Ends in a place / institution word that is also a surname: "Patel Nagar", "Anand Sagar".
  const lastTok = c.toks[cap.to - 1]!;
  if (words > 1 && isWord(lastTok) && lastTok.f & F.SUFFIX && lastTok.sh !== LOWER) return false;
  // A capitalised institution / place / festival word right after: "Patel Nagar", "Ganesh Chaturthi",
  // or ending the capitalised run that follows: "Gupta General Store", "Sanjay Gandhi Postgraduate Institute".
  if (institutionAfter(c, cap.to)) return false;
  // "Jai Shri Ram", "Om Sai Ram", "Lord Krishna": a deity after a devotional word.
  if (deityContext(c, cap)) return false;
  return true;
}

/** Up to three capitalised words right after token `to` on its line, one of them an institution/place word. */
function institutionAfter(c: Ctx, to: number): boolean {
  const { toks } = c;
  for (let j = to; j < to + 3 && j < toks.length; j++) {
    const t = toks[j]!;
    if (!isWord(t) || t.nl || t.gap > 1 || t.sh === LOWER || t.sh === DEVA) return false;
    if (t.f & F.SUFFIX && !(t.f & NAME_BITS)) return true;
  }
  return false;
}

function deityContext(c: Ctx, cap: Capture): boolean {
  const { toks } = c;
  const t = firstWord(c, cap);
  if (!(t.f & F.DEITY)) return false;
  let j = cap.from - 1;
  // Skip honorifics between: "Jai Shri Ram".
  while (j >= 0 && isWord(toks[j]) && toks[j]!.f & F.HON && toks[j]!.f & F.DEITY_BEFORE) j--;
  while (j >= 0 && toks[j]!.k === '.') j--;
  const b = toks[j];
  return b !== undefined && isWord(b) && (b.f & F.DEITY_BEFORE) !== 0 && !(b.f & F.HON && j === cap.from - 1 && countWords(c, cap) > 1);
}

function countWords(c: Ctx, cap: Capture): number {
  let n = 0;
  for (let j = cap.from; j < cap.to; j++) if (isWord(c.toks[j])) n++;
  return n;
}

function firstWord(c: Ctx, cap: Capture): Tok {
  for (let j = cap.from; j < cap.to; j++) if (isWord(c.toks[j])) return c.toks[j]!;
  return c.toks[cap.from]!;
}

function allBits(c: Ctx, cap: Capture, bit: number): boolean {
  for (let j = cap.from; j < cap.to; j++) {
    const t = c.toks[j]!;
    if (isWord(t) && t.sh !== INIT && !(t.f & bit)) return false;
  }
  return true;
}

function emit(c: Ctx, cap: Capture, score: number, rule: string): void {
  const start = c.toks[cap.from]!.s;
  const end = c.toks[cap.to - 1]!.e;
  c.out.push({ start, end, score, rule });
  for (let j = cap.from; j < cap.to; j++) c.blocked[j] = 2;
}

/** Skip punctuation tokens in `allowed` after index i; returns the next index. */
function skipPunct(c: Ctx, i: number, allowed: string, max = 2): number {
  let j = i;
  let n = 0;
  while (j < c.toks.length && n < max && c.toks[j]!.sh === PUNCT && allowed.includes(c.toks[j]!.k)) {
    j++;
    n++;
  }
  return j;
}

function lineStart(c: Ctx, i: number): boolean {
  if (i === 0) return true;
  const t = c.toks[i]!;
  if (t.nl) return true;
  // After a bullet or numbering on the same line ("1. Name:", "- Name:").
  return false;
}

/** Context rules: honorifics, labels, relations, chat phrases, greetings, sign-offs. */
function contextPass(c: Ctx): void {
  const { toks } = c;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (!isWord(t) || c.blocked[i] === 2) continue;
    if (t.f & F.HON) {
      honorific(c, i);
      continue;
    }
    const ms = c.lex.phrases.has(t.k) ? phrasesAt(c, i) : undefined;
    if (!ms) continue;
    for (const m of ms) {
      if (handlePhrase(c, i, m)) break;
    }
  }
}

function honorific(c: Ctx, i: number): void {
  const { toks } = c;
  const t = toks[i]!;
  if (t.f & F.WEAK_HON && t.sh === LOWER) return; // "late payment", "ca 5 km"
  if (t.sh === UPPER && t.e - t.s <= 3 && !(t.f & F.HON_DEVA)) {
    // "MR. RAVI" in an all-caps form yes; "MS Office" no.
    const n = toks[skipPunct(c, i + 1, '.', 1)];
    if (!n || n.sh !== UPPER) return;
  }
  let j = skipPunct(c, i + 1, '.', 1);
  // Chains: "Late Shri", "Smt. Dr.".
  let hops = 0;
  while (j < toks.length && hops < 3 && isWord(toks[j]) && toks[j]!.f & F.HON && !(toks[j]!.f & F.FIRST)) {
    j = skipPunct(c, j + 1, '.', 1);
    hops++;
  }
  const first = toks[j];
  if (!first || !isWord(first) || first.gap > 2 || first.nl) return;
  if (first.sh === LOWER && t.sh !== LOWER) return;
  const cap = captureForward(c, j, t.sh === LOWER ? 'strict' : 'strict');
  if (!cap || !plausible(c, cap)) return;
  if (t.f & F.WEAK_HON && cap.lexHits === 0) return; // "Late Night", "CA Final"
  // Honorific + one ambiguous word and nothing else: "Dr. Sunny" is fine, "Shri Ram" is a deity when
  // the phrase says so (handled by deityContext); keep.
  emit(c, cap, cap.lexHits > 0 ? 0.92 : 0.8, 'honorific');
}

const addressLabels = new Set(['shipping address', 'delivery address', 'deliver to', 'ship to', 'bill to', 'billed to', 'to', 'visitor']);
/** Labels that may take a name without a separator: "name ravi kumar,", "beneficiary L. Rao,", "Ship to Anu". */
const bareLabels = new Set(['name', 'naam', 'beneficiary', 'customer', 'owner', 'payee', 'employee', 'ship to', 'deliver to', 'bill to', 'proprietor',
  // Devanagari role words written straight before the name: "मरीज़ गीता सिंह (40 वर्ष)", "गवाह रामेश्वर प्रसाद ने"
  'मरीज़', 'मरीज', 'रोगी', 'मृतक', 'अभियुक्त', 'गवाह', 'वादी', 'प्रतिवादी', 'यात्री']);

/**
 * A label with no separator: the name must run to a clause end (comma, bracket, newline...) and
 * every unknown word must be unknown to compromise ("customer support team" is not a name).
 */
function bareLabel(c: Ctx, i: number, end: number, m: Match): boolean {
  if (!bareLabels.has(m.key)) return false;
  const first = c.toks[end];
  if (!first || !isWord(first) || first.nl || first.gap > 1) return false;
  const cap = captureForward(c, end, 'field');
  if (!cap || !plausible(c, cap) || countWords(c, cap) > 4 || !endsClause(c, cap)) return false;
  const n = c.toks[cap.to];
  if (n && !n.nl && n.sh !== PUNCT) return false; // "owner X and ..." is too loose; want "owner X,"
  if (!wordsOk(c, cap, false)) return false;
  emit(c, cap, cap.lexHits > 0 ? 0.85 : 0.7, 'label');
  return true;
}

function handlePhrase(c: Ctx, i: number, m: Match): boolean {
  const { toks } = c;
  const end = i + m.len;
  switch (m.kind) {
    case 'company':
    case 'place':
    case 'deity':
    case 'ordinary': {
      for (let j = i; j < end; j++) if (!c.blocked[j]) c.blocked[j] = 1;
      return true;
    }
    case 'label': {
      let prev = toks[i - 1];
      // "customer_name": the word before the underscore decides ("file_name" is not a person).
      if (prev && prev.k === '_' && prev.e === toks[i]!.s) prev = toks[i - 2];
      // The word before blocks only on the label's own line ("bank name:"); a heading above does not.
      if (prev && isWord(prev) && !toks[i]!.nl && labelBlockers.has(prev.k)) return false;
      if (lineStartLabels.has(m.key) && !lineStart(c, i)) return bareLabel(c, i, end, m);
      let sepAt = end;
      // A numbered label: "Passenger 2:", "Witness 3 -", "Nominee 1:".
      if (toks[sepAt]?.sh === NUM && toks[sepAt]!.e - toks[sepAt]!.s <= 3 && !toks[sepAt]!.nl) sepAt++;
      // A JSON key or quoted field: "name": "Ravi", 'name': 'Ravi'.
      const q = toks[sepAt];
      if (q && (q.k === '"' || q.k === "'") && q.s === toks[end - 1]!.e) sepAt++;
      const sep = toks[sepAt];
      if (!sep || sep.sh !== PUNCT || !':-–—=|'.includes(sep.k)) return bareLabel(c, i, end, m);
      const j = skipPunct(c, sepAt, ':-–—=|."\'', 3);
      const cap = captureForward(c, j, 'field', true);
      if (!cap || !plausible(c, cap) || (toks[j]!.nl && !lineStart(c, i))) return false;
      if (cap.lexHits === 0 && cap.unknown > 0 && toks[j]!.sh === LOWER && cap.unknown > 2) return false;
      // Address labels ("Ship to:", "Delivery Address -") may start with the address itself.
      if (addressLabels.has(m.key) && (!endsClause(c, cap) || !wordsOk(c, cap, false))) return false;
      emit(c, cap, cap.lexHits > 0 ? 0.92 : 0.8, 'label');
      return true;
    }
    case 'relation': {
      const j = skipPunct(c, end, '.:-', 2);
      let hit = false;
      // "S/o" in a form takes any case; "son of", "bin" in prose want a capitalised name.
      const fwd = captureForward(c, j, m.key.includes('/') ? 'field' : 'strict');
      // Added after the split, in both finders: with no lexicon name, neither a lower-case word nor
      // capitals of at most four letters are taken ("c/o fever", "k/c/o DM": clinical abbreviations).
      const abbrev = toks.slice(fwd?.from ?? 0, fwd?.to ?? 0).every((w) => !isWord(w) || (w.sh === UPPER && w.e - w.s <= 4));
      if (fwd && plausible(c, fwd) && wordsOk(c, fwd, true) && !(fwd.lexHits === 0 && (toks[j]?.sh === LOWER || abbrev))) {
        emit(c, fwd, fwd.lexHits > 0 ? 0.9 : 0.8, 'relation');
        hit = true;
      }
      // The person the relation is about: "Ravi Kumar S/o Mohan Lal".
      let b = i - 1;
      while (b >= 0 && toks[b]!.sh === PUNCT && ',('.includes(toks[b]!.k)) b--;
      if (b >= 0 && !c.blocked[b]) {
        const back = captureBackward(c, b, false);
        // Added after the split, in both finders: with no lexicon name, not capitals of at most four letters ("HTN, c/o").
        const backAbbrev = back !== undefined && toks.slice(back.from, back.to).every((w) => !isWord(w) || (w.sh === UPPER && w.e - w.s <= 4));
        if (back && plausible(c, back) && (back.lexHits > 0 || (back.unknown <= 3 && !backAbbrev))) {
          emit(c, back, back.lexHits > 0 ? 0.88 : 0.75, 'relation');
          hit = true;
        }
      }
      return hit;
    }
    case 'strong': {
      const j = skipPunct(c, end, ':-,', 2);
      const cap = captureForward(c, j, 'chat');
      if (!cap || !plausible(c, cap) || countWords(c, cap) > 4 || !wordsOk(c, cap, true)) return false;
      emit(c, cap, cap.lexHits > 0 ? 0.9 : 0.78, 'chat');
      return true;
    }
    case 'signoff': {
      const j = skipPunct(c, end, ',!.-:', 2);
      const first = toks[j];
      if (!first || !first.nl || !isWord(first)) return false;
      const cap = captureForward(c, j, 'strict', true);
      if (!cap) return false;
      // The whole line must be the name: "Regards,\nAnita Desai" (optionally followed by a comma).
      const after = toks[cap.to];
      if (after && !after.nl && !(after.sh === PUNCT && ',.'.includes(after.k))) return false;
      if (!plausible(c, cap) || countWords(c, cap) > 4) return false;
      if (cap.lexHits === 0 && (firstWord(c, cap).sh === LOWER)) return false;
      emit(c, cap, cap.lexHits > 0 ? 0.88 : 0.72, 'signoff');
      return true;
    }
    case 'weak': {
      const j = skipPunct(c, end, ',:-', 1);
      const first = toks[j];
      if (!first || !isWord(first) || first.nl || c.blocked[j] || first.f & F.HON) return false;
      // "this is sneha", "i am kiran": an introduction takes a lower-case lexicon name, even an ambiguous one.
      const intro = introCues.has(m.key);
      if (first.sh === LOWER && !intro && !(first.f & NAME_BITS && !(first.f & (F.AMBIG | F.STOP)))) return false;
      const cap = captureForward(c, j, intro ? 'intro' : 'strict');
      if (!cap || !plausible(c, cap)) return false;
      if (intro && cap.unknown > 0 && first.sh === LOWER) {
        // "i am jintu bhuyan and ...": unknown lower-case words after an introduction are a name when
        // compromise does not know them as words and the clause ends after them.
        if (countWords(c, cap) > 3 || !endsClause(c, cap) || !wordsOk(c, cap, false)) return false;
        emit(c, cap, 0.7, 'chat');
        return true;
      }
      if (cap.lexHits > 0) {
        emit(c, cap, cap.strongHits > 0 ? 0.85 : 0.75, 'greeting');
        return true;
      }
      // Unknown capitalised word after a name cue: compromise decides (gated window).
      if (first.sh === CAP || first.sh === UPPER) c.windows.push({ from: cap.from, to: cap.to, cue: i, score: 0.6, rule: 'greeting+nlp' });
      return false;
    }
    case 'after': {
      if (c.blocked[i]) return false;
      let b = i - 1;
      while (b >= 0 && toks[b]!.sh === PUNCT && ',-'.includes(toks[b]!.k)) b--;
      if (b < 0 || c.blocked[b]) return false;
      const speak = hinglishSpeak.has(m.key);
      const back = captureBackward(c, b, speak);
      if (!back || !plausible(c, back)) return false;
      if (speak) {
        // "main rahul bol raha hoon": the words between "main" and "bol raha" are the name.
        const before = toks[back.from - 1];
        const opens = !before || toks[back.from]!.nl || (before.sh === PUNCT && ',.;:!?'.includes(before.k));
        if (!(opens || ['main', 'mai', 'me', 'hum', 'mein'].includes(before!.k)) || countWords(c, back) > 3) return false;
        if (back.lexHits === 0 && !wordsOk(c, back, false)) return false;
        emit(c, back, back.lexHits > 0 ? 0.88 : 0.75, 'chat');
        return true;
      }
      if (weakAfter.has(m.key)) {
        // Postpositions ("Ravi ko", "Priya ne") are evidence only for an unambiguous name.
        if (back.strongHits === 0) return false;
        emit(c, back, 0.8, 'greeting');
        return true;
      }
      if (back.lexHits > 0) {
        emit(c, back, back.strongHits > 0 ? 0.85 : 0.72, 'greeting');
        return true;
      }
      const firstTok = toks[back.from]!;
      if (firstTok.sh === CAP || firstTok.sh === UPPER) c.windows.push({ from: back.from, to: back.to, cue: i, score: 0.6, rule: 'after+nlp' });
      return false;
    }
  }
}

const YEAR_WORDS = new Set(['year', 'years', 'yr', 'yrs', 'y']);
const SEX_WORDS = new Set(['m', 'f', 'male', 'female', 't', 'o']);
const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred']);
/** Roles that head a chat or transcript line: "Agent — Tomasz:", "Customer - Ravi:". */
const SPEAKER_ROLES = new Set(['agent', 'customer', 'caller', 'executive', 'advisor', 'adviser', 'support', 'rep', 'operator', 'doctor', 'patient', 'user', 'host', 'moderator', 'interviewer', 'officer', 'counsellor', 'nurse']);
/** Court witness labels: P.W.5 (prosecution witness), D.W.2 (defence witness), C.W.1 (court witness). */
const WITNESS_LETTERS = new Set(['p', 'd', 'c']);
const PAY_VERBS = new Set(['pay', 'send', 'transfer', 'remit']);
const PAY_AFTER = new Set(['at', 'on', 'ko', 'via']);
const FOR_AFTER = new Set(['prescribed', 'managing', 'for', 'suffering', 'diagnosed']);

/**
 * Cues that follow or frame a name without a label:
 * - "Anu Rao, a 40-year-old ...", "Anu Rao, aged 40": a person described by age;
 * - "Pay Anu Rao at anu@okaxis", "send the advance to anu rao on 98...": a payee before a handle;
 * - "... x3 for anu rao (prescribed for ...)": an order's patient;
 * - "Thanks a lot - Anu", "... tomorrow. — Anu", "Cheers, Anu" at the end of a line: a sign-off.
 * Unknown words are accepted when compromise does not know them as ordinary words.
 */
function framePass(c: Ctx): void {
  const { toks } = c;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k === ',' && i > 0 && !c.blocked[i - 1]) {
      const a = toks[i + 1];
      const n = toks[i + 2];
      const aged = a && (a.k === 'aged' || a.k === 'age') && n?.sh === NUM;
      const yearOld = a && (a.k === 'a' || a.k === 'an') && n?.sh === NUM && (YEAR_WORDS.has(toks[i + 3]?.k ?? '') || (toks[i + 3]?.k === '-' && YEAR_WORDS.has(toks[i + 4]?.k ?? '')));
      // A list row: "OLIVIA O'BRIEN, 28, F" / "Ravi Kumar, 45, Male"; a described person: "Anu Rao, born on ...".
      const listRow = a?.sh === NUM && n?.k === ',' && SEX_WORDS.has(toks[i + 3]?.k ?? '') && !toks[i + 3]!.nl;
      // "Jinto Kujur, sixty nine years of age": an age in words.
      let w = i + 1;
      while (w < i + 4 && NUMBER_WORDS.has(toks[w]?.k ?? '')) w++;
      const inWords = w > i + 1 && YEAR_WORDS.has(toks[w]?.k ?? '');
      const born = a && a.k === 'born' && !a.nl;
      if (aged || yearOld || listRow || born || inWords) {
        const back = captureBackward(c, i - 1, true);
        if (back && countWords(c, back) <= 4 && plausible(c, back) && wordsOk(c, back, true) && lineStartOrCue(c, back.from)) {
          emit(c, back, back.lexHits > 0 ? 0.85 : 0.7, 'age-cue');
        }
      }
      continue;
    }
    if (!isWord(t) || c.blocked[i]) continue;
    if (SPEAKER_ROLES.has(t.k) && lineStart(c, i)) {
      // "Agent — Tomasz: ..." : role, dash, the speaker's name, colon.
      const d = toks[i + 1];
      if (d && d.sh === PUNCT && '-—–'.includes(d.k) && !toks[i + 2]?.nl) {
        const cap = captureForward(c, i + 2, 'strict');
        const colon = cap ? toks[cap.to] : undefined;
        if (cap && colon?.k === ':' && countWords(c, cap) <= 3 && plausible(c, cap)) {
          emit(c, cap, cap.lexHits > 0 ? 0.88 : 0.8, 'speaker');
          continue;
        }
      }
    }
    if (WITNESS_LETTERS.has(t.k) && t.sh === INIT && toks[i + 1]?.k === '.' && toks[i + 2]?.k === 'w' && toks[i + 3]?.k === '.') {
      // "P.W.5 Ranvir Singh deposed", "D.W. 2 Meena": a witness numbered by the court.
      let j = i + 4;
      if (toks[j]?.sh === NUM) j++;
      j = skipPunct(c, j, ':-', 1);
      const cap = isWord(toks[j]) && !toks[j]!.nl ? captureForward(c, j, 'strict') : undefined;
      if (cap && countWords(c, cap) <= 4 && plausible(c, cap) && wordsOk(c, cap, false)) {
        emit(c, cap, cap.lexHits > 0 ? 0.88 : 0.78, 'witness');
        continue;
      }
    }
    if (PAY_VERBS.has(t.k) || (t.k === 'to' && toks[i - 1]?.sh === LOWER) || t.k === 'for') {
      const j = i + 1;
      if (!isWord(toks[j]) || c.blocked[j] || toks[j]!.nl) continue;
      const cap = captureForward(c, j, 'field');
      if (!cap || countWords(c, cap) > 4 || !plausible(c, cap)) continue;
      const n = toks[cap.to];
      if (!n || n.nl) continue;
      if (t.k === 'for') {
        // An order's patient: "for anu rao (prescribed for ...)".
        if (n.k !== '(' || !FOR_AFTER.has(toks[cap.to + 1]?.k ?? '')) continue;
      } else {
        // A payee: the name, then at/on/ko and a handle or a number.
        if (!PAY_AFTER.has(n.k)) continue;
        const h = toks[cap.to + 1];
        const h2 = toks[cap.to + 2];
        if (!h || !(h.sh === NUM || h2?.k === '@' || h2?.k === '.' || /^(?:phonepe|gpay|paytm|upi)$/.test(h.k))) continue;
      }
      if (!wordsOk(c, cap, false)) continue;
      emit(c, cap, cap.lexHits > 0 ? 0.85 : 0.7, 'payee');
      continue;
    }
  }
  signoffSameLine(c);
}

/** The capture starts a line, or follows punctuation (not in mid-sentence prose). */
function lineStartOrCue(c: Ctx, from: number): boolean {
  const p = c.toks[from - 1];
  return !p || c.toks[from]!.nl || (p.sh === PUNCT && ':-–—|>'.includes(p.k));
}

/** "Thanks a lot - Anu" / "... tomorrow. — Anu" / "Cheers, Anu" ending a line. */
function signoffSameLine(c: Ctx): void {
  const { toks } = c;
  for (let i = 1; i < toks.length; i++) {
    const d = toks[i]!;
    if (d.sh !== PUNCT || !(d.k === '-' || d.k === '—' || d.k === '–' || d.k === ',')) continue;
    const j = i + 1;
    const first = toks[j];
    if (!first || first.nl || first.gap !== 1 || c.blocked[j] || (first.sh !== CAP && first.sh !== UPPER)) continue;
    // Before the mark: a sign-off phrase (dash or comma), or a sentence end (dash only).
    const before = toks[i - 1]!;
    let cued = false;
    if (d.k !== ',' && before.sh === PUNCT && '.!?'.includes(before.k) && d.gap === 1) cued = true;
    else if (isWord(before) && !d.nl) {
      for (let b = Math.max(0, i - 3); b < i && !cued; b++) {
        const ms = c.lex.phrases.has(toks[b]!.k) ? phrasesAt(c, b) : undefined;
        if (ms?.some((m) => m.kind === 'signoff' && b + m.len === i)) cued = true;
        // "Thanks a lot - X": a sign-off word then "a lot".
        if (ms?.some((m) => m.kind === 'signoff' && b + m.len + 2 === i && toks[b + m.len]!.k === 'a' && toks[b + m.len + 1]!.k === 'lot')) cued = true;
      }
    }
    if (!cued) continue;
    const cap = captureForward(c, j, 'strict');
    if (!cap || countWords(c, cap) > 3 || !plausible(c, cap)) continue;
    const after = toks[cap.to];
    if (after && !after.nl) continue; // the name ends the line
    emit(c, cap, cap.lexHits > 0 ? 0.85 : 0.7, 'signoff');
  }
}

const NAME_HEADER = /name|naam|नाम/i;
const CSV_CELL = /^[\p{L}\p{M}][\p{L}\p{M}.' -]*$/u;

/** A CSV header cell that names a person column: "name", "customer_name", "Full Name"... */
function nameColumn(c: Ctx, cell: string): boolean {
  const k = cell.trim().replace(/^["']|["']$/g, '').toLowerCase().replace(/_/g, ' ');
  if (k === '') return false;
  const words = phraseTokens(k);
  const ms = c.lex.phrases.get(words[0]!);
  if (ms?.some((m) => m.kind === 'label' && m.words.length === words.length && m.words.every((w, x) => w === words[x]))) return true;
  return words[words.length - 1] === 'name' && !labelBlockers.has(words[0]!);
}

/** CSV: the cells under a name column ("emp_id,name,dob" then "E1,Anu Rao,..."). */
function csvPass(c: Ctx): void {
  const { text, toks } = c;
  if (text.indexOf('\n') < 0 || text.indexOf(',') < 0 || !NAME_HEADER.test(text)) return;
  let col = -1;
  let cols = 0;
  let ti = 0;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    if (col < 0 && !NAME_HEADER.test(line)) {
      pos = nl + 1;
      continue;
    }
    const cells = line.split(',');
    if (cells.length >= 3) {
      if (col >= 0 && cells.length === cols) {
        let start = pos;
        for (let x = 0; x < col; x++) start += cells[x]!.length + 1;
        const raw = cells[col]!;
        const value = raw.trim();
        if (CSV_CELL.test(value) && value.split(' ').length <= 5) {
          const s0 = start + raw.indexOf(value);
          const e0 = s0 + value.length;
          while (ti < toks.length && toks[ti]!.s < s0) ti++;
          const cap = ti < toks.length && toks[ti]!.s === s0 ? captureForward(c, ti, 'field', true) : undefined;
          if (cap && toks[cap.to - 1]!.e === e0 && plausible(c, cap)) emit(c, cap, 0.85, 'csv');
        }
      } else if (col < 0 || cells.length !== cols) {
        // A header names its person column with "name" (name, customer_name, Full Name, नाम).
        col = NAME_HEADER.test(line) ? cells.findIndex((x) => nameColumn(c, x)) : -1;
        cols = cells.length;
      }
    } else col = -1;
    pos = nl + 1;
  }
}

/** Index of the token that starts exactly at offset `s`, or -1 (binary search; tokens are sorted). */
function tokenAt(c: Ctx, s: number): number {
  let lo = 0;
  let hi = c.toks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = c.toks[mid]!;
    if (t.s === s) return mid;
    if (t.s < s) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Emit the value at [s0, e0) as a name when a field capture covers exactly that value. */
function emitValue(c: Ctx, s0: number, e0: number, score: number, rule: string): void {
  const ti = tokenAt(c, s0);
  if (ti < 0 || c.blocked[ti]) return;
  const cap = captureForward(c, ti, 'field', true);
  if (cap && c.toks[cap.to - 1]!.e === e0 && countWords(c, cap) <= 5 && plausible(c, cap)) emit(c, cap, score, rule);
}

// JSON / key-value string fields whose key names a person: "holder": "ANVESH GOUD", "customerName": ...
const JSON_FIELD = /"([A-Za-z][A-Za-z_ ]{0,40})"\s*:\s*"([\p{L}\p{M}][\p{L}\p{M}.' -]{0,78})"/gu;
const NAME_KEYS = new Set(personData.nameKeys);
const KEY_PART = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g;

/** The key of a JSON field names a person: its last word is a person word and no blocker ("file", "bank") comes first. */
function personKey(key: string): boolean {
  const parts = (key.match(KEY_PART) ?? []).map((w) => w.toLowerCase());
  const last = parts[parts.length - 1];
  return last !== undefined && NAME_KEYS.has(last) && !parts.some((w) => labelBlockers.has(w));
}

function jsonPass(c: Ctx): void {
  const { text } = c;
  if (text.indexOf('":') < 0 && text.indexOf('" :') < 0) return;
  JSON_FIELD.lastIndex = 0;
  for (let m = JSON_FIELD.exec(text); m; m = JSON_FIELD.exec(text)) {
    if (!personKey(m[1]!)) continue;
    const value = m[2]!.trimEnd();
    const s0 = m.index + m[0].length - 1 - m[2]!.length;
    emitValue(c, s0, s0 + value.length, 0.85, 'json');
  }
}

// UPI narrations on bank statements: UPI/DR/412345678901/RAVI KUMAR/ybl/... (the counterparty's name).
const UPI_NARRATION = /UPI\/(?:[A-Z0-9]{2,4}\/)?[0-9]{6,}\/([A-Za-z][A-Za-z .]{1,40}?)\//g;

function upiPass(c: Ctx): void {
  const { text } = c;
  if (text.indexOf('UPI/') < 0) return;
  UPI_NARRATION.lastIndex = 0;
  for (let m = UPI_NARRATION.exec(text); m; m = UPI_NARRATION.exec(text)) {
    const value = m[1]!.trim();
    const s0 = m.index + m[0].length - 1 - m[1]!.length + (m[1]!.length - m[1]!.trimStart().length);
    emitValue(c, s0, s0 + value.length, 0.8, 'upi-narration');
  }
}

const FOREIGN_BAD = F.STOP | F.FIELD | F.HON | F.PLACE | F.COMPANY | F.TIME | F.CITY | F.SUFFIX | F.DEITY | F.AMBIG;
const GIVEN_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);

/**
 * Names outside the lexicon written as two or three capitalised words whose first word compromise
 * knows as a given name ("Sophie Müller", "Robert Lindqvist") and whose other words it does not know
 * as ordinary words. Only runs on such runs; the lexicon lookup is a plain object read.
 */
function foreignPass(c: Ctx): void {
  const { toks } = c;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.sh !== CAP || c.blocked[i] || t.f & (NAME_BITS | FOREIGN_BAD) || t.e - t.s < 3) continue;
    const p = toks[i - 1];
    if (p && !t.nl && p.gap <= 1 && (p.sh === CAP || p.sh === UPPER) && p.e < t.s) continue; // inside a longer capitalised run
    let j = i + 1;
    while (j < toks.length && j - i < 3) {
      const n = toks[j]!;
      if (n.sh !== CAP || n.nl || n.gap !== 1 || c.blocked[j] || n.f & FOREIGN_BAD) break;
      j++;
    }
    if (j - i < 2) continue;
    const after = toks[j];
    if (after && isWord(after) && !after.nl && after.gap <= 1 && (after.sh === CAP || after.sh === UPPER)) continue;
    if (!nlpWordTags(t.k)?.some((x) => GIVEN_TAGS.has(x))) continue;
    const cap: Capture = { from: i, to: j, lexHits: 0, strongHits: 0, unknown: j - i };
    let ok = plausible(c, cap);
    // The other words: not known to compromise as ordinary words (a surname like "Lindqvist" may look
    // word-shaped, so the suffix heuristic of judgeWindowWord is not used here).
    for (let x = i + 1; x < j && ok; x++) {
      const tags = toks[x]!.f & NAME_BITS ? undefined : nlpWordTags(toks[x]!.k);
      if (tags && !tags.some((g) => PERSON_TAGS.has(g))) ok = false;
    }
    if (ok) emit(c, cap, 0.7, 'given-name');
    i = j - 1;
  }
}

const MENTION_BAD = F.STOP | F.FIELD | F.HON | F.PLACE | F.COMPANY | F.TIME | F.CITY | F.SUFFIX | F.DEITY | F.AMBIG;

/**
 * Every mention of a found name is that name, whatever its case: "KAIZAD WADIA" found in a heading
 * makes "Kaizad Wadia" and "Kaizad" further down the same name. Whole names match in any case;
 * a single part (3+ letters, not an ordinary, place or stop word) matches when capitalised, all
 * caps or Devanagari, or lower case when it was found in lower case. A kept span scored below a
 * whole-name mention (0.8) is replaced by one when the mention starts where it starts, reaches its
 * end, and is of a name found elsewhere with a higher score than the span's (added after the split,
 * in both finders: "Asha Rao" as a greeting, then "Asha Rao" found only by the lexicon).
 */
interface Known {
  /** Whole names (2+ words) starting with this word. */
  seqs: string[][] | undefined;
  /** This word alone is a name part that may be matched. */
  part: boolean;
  /** It was found in lower case. */
  lower: boolean;
}

function propagate(c: Ctx, kept: readonly NameSpan[]): void {
  const { toks } = c;
  if (kept.length === 0) return;
  const covered = new Uint8Array(toks.length);
  /** The weaker kept span (below 0.8) each token is in, if any; and each whole name's best score. */
  const weakOf: Array<NameSpan | undefined> = new Array(toks.length);
  const bestOf = new Map<string, number>();
  // One map for whole names and parts: one lookup per token in the scan below (measured: two
  // lookups per token cost about a sixth of the PERSON pass on the corpus).
  const known = new Map<string, Known>();
  const entry = (k: string): Known => {
    let e = known.get(k);
    if (!e) known.set(k, (e = { seqs: undefined, part: false, lower: false }));
    return e;
  };
  let ti = 0;
  for (const sp of kept) {
    while (ti < toks.length && toks[ti]!.s < sp.start) ti++;
    const seq: string[] = [];
    for (let j = ti; j < toks.length && toks[j]!.e <= sp.end; j++) {
      covered[j] = 1;
      if (sp.score < 0.8) weakOf[j] = sp;
      const t = toks[j]!;
      if (!isWord(t) || t.sh === INIT) continue;
      seq.push(t.k);
      if (t.e - t.s >= 3 && !(t.f & MENTION_BAD)) {
        const e = entry(t.k);
        e.part = true;
        if (t.sh === LOWER) e.lower = true;
      }
    }
    if (seq.length >= 2) {
      const e = entry(seq[0]!);
      const key = seq.join(' ');
      if (!e.seqs?.some((x) => x.join(' ') === key)) (e.seqs ??= []).push(seq);
      bestOf.set(key, Math.max(bestOf.get(key) ?? 0, sp.score));
    }
  }
  if (known.size === 0) return;
  // Lower-case tokens can only match a name found in lower case: most prose is skipped without a lookup.
  let anyLower = false;
  for (const sp of kept) if (c.text.charCodeAt(sp.start) >= 97 && c.text.charCodeAt(sp.start) <= 122) anyLower = true;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const weak = weakOf[i];
    if ((covered[i] && (!weak || weak.start !== t.s)) || t.sh === PUNCT || t.sh === NUM || (t.sh === LOWER && !anyLower)) continue;
    const e = known.get(t.k);
    if (!e || c.blocked[i] === 1) continue;
    let done = false;
    for (const seq of e.seqs ?? []) {
      if (weak && !(bestOf.get(seq.join(' '))! > weak.score)) continue;
      let j = i;
      let x = 0;
      // Later tokens may already be a weaker one-word span ("Wadia"): the whole name replaces it.
      while (x < seq.length && j < toks.length && isWord(toks[j]) && toks[j]!.k === seq[x] && (x === 0 || (!toks[j]!.nl && toks[j]!.gap <= 2))) {
        j++;
        x++;
      }
      if (x === seq.length && (!weak || toks[j - 1]!.e >= weak.end)) {
        emit(c, { from: i, to: j, lexHits: 1, strongHits: 1, unknown: 0 }, 0.8, 'mention');
        for (let y = i; y < j; y++) covered[y] = 1;
        i = j - 1;
        done = true;
        break;
      }
    }
    if (done || weak || !e.part || typeWord(c, i)) continue;
    if (!(t.sh === CAP || t.sh === UPPER || t.sh === DEVA || (t.sh === LOWER && e.lower))) continue;
    const next = toks[i + 1];
    if (next && next.s === t.e && (next.sh === NUM || next.k === '@' || next.k === '_')) continue;
    if (institutionAfter(c, i + 1)) continue;
    emit(c, { from: i, to: i + 1, lexHits: 1, strongHits: 1, unknown: 0 }, 0.75, 'mention');
    covered[i] = 1;
  }
}

/** Lexicon pass: runs of name-shaped tokens with no context. */
function lexiconPass(c: Ctx): void {
  const { toks } = c;
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    if (!runToken(c, i) || (t.sh === LOWER && !(t.f & NAME_BITS))) {
      i++;
      continue;
    }
    // Collect a run of name-shaped tokens on one line with single spaces, all lower-case or none.
    const lower = t.sh === LOWER;
    const run: number[] = [i];
    let named = (t.f & NAME_BITS) !== 0;
    let j = i + 1;
    while (j < toks.length && run.length < 6) {
      const n = toks[j]!;
      if (n.k === '.' && toks[j - 1]!.sh === INIT && n.s === toks[j - 1]!.e) {
        j++;
        continue;
      }
      if (!runToken(c, j) || n.nl || n.gap > 1 || (n.sh === LOWER) !== lower) break;
      if (n.gap === 0 && toks[j - 1]!.k !== '.') break;
      if (n.f & NAME_BITS) named = true;
      run.push(j);
      j++;
    }
    if (named) scoreRun(c, run, lower);
    i = Math.max(i + 1, j);
  }
}

function runToken(c: Ctx, j: number): boolean {
  const t = c.toks[j]!;
  if (!isWord(t) || c.blocked[j] || t.sh === OTHER) return false;
  if (t.f & F.HON) return false;
  const dotted = t.sh === INIT && c.toks[j + 1]?.k === '.' && c.toks[j + 1]!.s === t.e;
  if (t.f & (F.STOP | F.FIELD) && !(t.f & NAME_BITS) && !dotted) return false;
  if (t.sh === LOWER) return (t.f & NAME_BITS) !== 0 && !(t.f & (F.STOP | F.FIELD));
  const n = c.toks[j + 1];
  if (n && n.s === t.e && (n.sh === NUM || n.k === '@' || n.k === '_')) return false; // ravi123, ravi@x
  if (n && n.s === t.e && n.k === '-' && c.toks[j + 2]?.sh === NUM && c.toks[j + 2]!.s === n.e) return false; // "OM-0772": a code
  const p = c.toks[j - 1];
  if (p && p.e === t.s && (p.sh === NUM || p.k === '@' || p.k === '_' || p.k === '/')) return false;
  if (p && p.e === t.s && p.k === '.' && c.toks[j - 2]?.sh !== INIT) return false; // "x.y" in an address; "A.P." is fine
  return true;
}

function scoreRun(c: Ctx, run: number[], lower: boolean): void {
  const { toks } = c;
  const isName = (j: number): boolean => (toks[j]!.f & NAME_BITS) !== 0 && !(toks[j]!.f & (F.COMPANY | F.TIME));
  // Core: first to last lexicon token or initial (initials only before a name).
  let a = -1;
  let b = -1;
  for (let x = 0; x < run.length; x++) {
    const j = run[x]!;
    if (isName(j)) {
      if (a < 0) a = x;
      b = x;
    } else if (toks[j]!.sh === INIT && a < 0) {
      a = x;
    }
  }
  if (a < 0 || b < 0) return;
  // Initials after a name: "Ramesh K." / "Ramesh K" (not "I" or "A" without a dot).
  while (b + 1 < run.length && toks[run[b + 1]!]!.sh === INIT) {
    const ini = toks[run[b + 1]!]!;
    const dot = toks[run[b + 1]! + 1];
    if ((ini.k === 'i' || ini.k === 'a') && !(dot && dot.k === '.' && dot.s === ini.e)) break;
    b++;
  }
  let hasFirst = false;
  let hasSur = false;
  let strong = 0;
  let names = 0;
  let inits = 0;
  let unknown = 0;
  for (let x = a; x <= b; x++) {
    const t = toks[run[x]!]!;
    if (t.sh === INIT) inits++;
    else if (isName(run[x]!)) {
      names++;
      if (t.f & F.FIRST) hasFirst = true;
      if (t.f & F.SUR) hasSur = true;
      if (!(t.f & F.AMBIG) && !(t.f & F.PLACE)) strong++;
    } else unknown++;
  }
  if (names === 0) return;
  // Open surname slot: "Priya Zbrnka" (first name then an unknown capitalised word).
  if (!lower && b + 1 < run.length && unknown === 0) {
    const n = toks[run[b + 1]!]!;
    const onlyFirst = !hasSur || (names === 1 && toks[run[b]!]!.f & F.FIRST);
    if (onlyFirst && strong > 0 && (n.sh === CAP || n.sh === UPPER) && !(n.f & (F.AMBIG | BAD_BITS | F.SUFFIX | F.DEITY))) {
      b++;
      unknown++;
    }
  }
  // Unknown first name before a known surname: "Zorawar Sandhu" (not at a sentence start).
  if (!lower && a > 0 && names === 1 && inits === 0 && hasSur && !hasFirst && strong > 0) {
    const j = run[a - 1]!;
    const p = toks[j]!;
    const before = toks[j - 1];
    const sentenceStart = !before || p.nl || (before.sh === PUNCT && '.!?:;"“('.includes(before.k));
    if (!sentenceStart && (p.sh === CAP || p.sh === UPPER) && !(p.f & (F.AMBIG | BAD_BITS | F.SUFFIX))) {
      a--;
      unknown++;
    }
  }
  let score = 0;
  const total = names + unknown;
  if (lower) {
    // Lower-case chat without a cue: a first name and a surname, both unambiguous.
    if (names >= 2 && hasFirst && strong >= 1 && unknown === 0 && (toks[run[a]!]!.f & F.FIRST) && !(toks[run[a]!]!.f & F.AMBIG)) score = 0.5;
  } else if (names >= 2 || (names >= 1 && inits >= 1) || total >= 2) {
    if (strong >= 1) score = names >= 2 || inits >= 1 ? 0.85 : 0.7;
    else if (inits >= 1) score = 0.7;
    else {
      // Two ambiguous words ("Rose Gold"): needs context; unless (added after the split, in both
      // finders) they are a first name and then a surname, side by side, cased alike, neither also an
      // English word nor a place, company, deity, time or city: "Deepak Singh".
      score = 0.35;
      const [x, y] = [toks[run[a]!]!, toks[run[b]!]!];
      const bad = F.ENGLISH | F.COMPANY | F.DEITY | F.TIME;
      const notSurname = F.PLACE | F.CITY | F.SUFFIX;
      if (names === 2 && unknown === 0 && b === a + 1 && run[b] === run[a]! + 1 && x.f & F.FIRST && y.f & F.SUR && !((x.f | y.f) & bad) && !(y.f & notSurname) && x.sh === y.sh && (x.sh === CAP || x.sh === UPPER)) {
        score = 0.6;
      }
    }
  } else {
    const t = toks[run[a]!]!;
    if (strong === 0 || t.f & (F.PLACE | F.COMPANY | F.DEITY)) score = 0;
    else if (t.f & F.FIRST) score = t.sh === UPPER ? 0.5 : 0.6;
    else score = t.sh === UPPER ? 0.4 : 0.45;
  }
  if (score <= 0) return;
  const cap: Capture = { from: run[a]!, to: run[b]! + 1, lexHits: names, strongHits: strong, unknown };
  // Trailing dot after a final initial belongs to it.
  const last = toks[cap.to - 1]!;
  const dot = toks[cap.to];
  if (last.sh === INIT && dot && dot.k === '.' && dot.s === last.e) cap.to++;
  if (!plausible(c, cap)) return;
  // Without a cue, a place or institution word after the name makes it a place named after a
  // person, in any case: "near the Indira Gandhi stadium gate", "Nehru nagar".
  const after = toks[cap.to];
  if (after && isWord(after) && after.f & F.SUFFIX && !(after.f & NAME_BITS) && !after.nl && after.gap <= 1) return;
  emit(c, cap, score, 'lexicon');
}

const PERSON_TAGS = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific']);
// Common-noun / verb / adjective endings: an unknown word ending so is more likely a word than a name.
// Not -ing or -ed: names end so too (Tsering, Khorshed, Mohammed), and English words with those
// endings are in compromise's lexicon, which is asked first.
const WORDLIKE = /(?:ment|tion|sion|ness|ity|ance|ence|ship|ly|ful|less|able|ible|ism|ist|ery|ology|ware|work|ize|ise|ous|ive|ical)$/;

/**
 * Judge an unknown capitalised word that a name cue points at, with compromise's lexicon (extended
 * with ours): a person word (FirstName, LastName...) → name; any other known word (Noun, Verb,
 * Organization, Date...) → not a name; unknown to compromise and not word-shaped → a name.
 */
function judgeWindowWord(k: string): 'person' | 'unknown' | 'word' {
  const tags = nlpWordTags(k);
  if (tags) {
    for (const t of tags) if (PERSON_TAGS.has(t)) return t === 'Honorific' ? 'word' : 'person';
    return 'word';
  }
  return WORDLIKE.test(k) ? 'word' : 'unknown';
}

/**
 * Shape checks before compromise judges a window: an all-caps word of up to four letters is an
 * acronym ("IMPS", "AWB"); a number right after is a code or version ("Node 20.11"); a capitalised
 * word glued before is a longer proper noun ("Kolkata Knight Riders"); a city inside is an organisation.
 */
function windowShapeOk(c: Ctx, from: number, to: number): boolean {
  const { toks } = c;
  for (let j = from; j < to; j++) {
    const t = toks[j]!;
    if (t.sh === UPPER && t.e - t.s <= 4) return false;
    if (t.f & F.CITY) return false;
  }
  const n = toks[to];
  if (n && !n.nl && n.gap <= 1 && (n.sh === NUM || (n.k === '-' && n.s === toks[to - 1]!.e))) return false;
  const p = toks[from - 1];
  if (p && !toks[from]!.nl && toks[from]!.gap === 1 && (p.sh === CAP || p.sh === UPPER) && !(p.f & (F.HON | F.STOP))) {
    const pp = toks[from - 2];
    // Unless the capitalised word is the cue itself at a sentence start ("Thanks Zorawar", "Dear Zorawar").
    if (!c.lex.phrases.has(p.k) || (pp && !pp.nl && pp.sh !== PUNCT)) return false;
  }
  return true;
}

/**
 * Unknown words in a capture (not in the lexicon, not initials) that compromise knows as ordinary
 * words ("signed documents", "C/o cough x") make it not a name. `lowerOnly` judges only lower-case ones.
 */
function wordsOk(c: Ctx, cap: Capture, lowerOnly: boolean): boolean {
  for (let j = cap.from; j < cap.to; j++) {
    const t = c.toks[j]!;
    if (!isWord(t) || t.sh === INIT || t.f & NAME_BITS || t.sh === DEVA || t.sh === OTHER) continue;
    if (lowerOnly && t.sh !== LOWER) continue;
    if (t.e - t.s < 3) return false;
    if (judgeWindowWord(t.k) === 'word') return false;
  }
  return true;
}

/** The capture ends a clause: end of text, a newline, or punctuation / a conjunction after it. */
function endsClause(c: Ctx, cap: Capture): boolean {
  const n = c.toks[cap.to];
  if (!n || n.nl) return true;
  if (n.sh === PUNCT) return ',.;!?(|)"\''.includes(n.k) || n.k === '—' || n.k === '–';
  return CLAUSE_WORDS.has(n.k);
}
const CLAUSE_WORDS = new Set(['and', 'aur', 'from', 'here', 'speaking', 'hoon', 'hu', 'hun', 'hai', 'at', 'on', 'ko']);

/** compromise on small windows (gated) or on the whole text (gating off). */
function nlpPass(c: Ctx, gating: boolean): void {
  const { text, toks } = c;
  for (const w of c.windows) {
    if (c.blocked[w.from] || !windowShapeOk(c, w.from, w.to)) continue;
    let ok = true;
    let person = false;
    for (let j = w.from; j < w.to; j++) {
      const t = toks[j]!;
      if (!isWord(t) || t.sh === INIT) continue;
      const v = judgeWindowWord(t.k);
      if (v === 'word') {
        ok = false;
        break;
      }
      if (v === 'person') person = true;
    }
    if (!ok) continue;
    emit(c, { from: w.from, to: w.to, lexHits: 0, strongHits: 0, unknown: w.to - w.from }, person ? w.score + 0.1 : w.score, w.rule);
  }
  if (gating) return;
  // Gating off: a full parse; keep people the fast path did not already find.
  for (const p of nlpPeople(text)) {
    const terms = p.terms.filter((t) => !isHonorificTerm(c, t.text));
    if (terms.length === 0) continue;
    const start = terms[0]!.start;
    const end = terms[terms.length - 1]!.end;
    const from = toks.findIndex((t) => t.s >= start);
    let to = from;
    while (to < toks.length && toks[to]!.e <= end) to++;
    if (from < 0 || to <= from) continue;
    let clash = false;
    for (let j = from; j < to; j++) if (c.blocked[j]) clash = true;
    if (clash) continue;
    const cap: Capture = { from, to, lexHits: 0, strongHits: 0, unknown: to - from };
    if (!plausible(c, cap)) continue;
    emit(c, cap, terms.length > 1 ? 0.6 : 0.5, 'nlp');
  }
}

function isHonorificTerm(c: Ctx, s: string): boolean {
  const k = s.toLowerCase().replace(/\.$/, '');
  return ((c.lex.flags.get(k) ?? 0) & F.HON) !== 0;
}

/** Spans plus how many unknown words a name cue sent to compromise's lexicon (for tests and the bench). */
export interface FindNamesResult {
  spans: NameSpan[];
  windows: number;
}

/** Every PERSON span in `text`, non-overlapping, sorted by start. */
export function findNames(text: string, options?: FindNamesOptions): NameSpan[] {
  return findNamesDetailed(text, options).spans;
}

export function findNamesDetailed(text: string, options?: FindNamesOptions): FindNamesResult {
  const gating = options?.gating ?? true;
  const lex = nameLexicon();
  const toks = tokenize(text, lex);
  const c: Ctx = { text, toks, lex, blocked: new Uint8Array(toks.length), out: [], windows: [] };
  // Phrases that block (companies, places, deity phrases) run first so later rules see them.
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (!isWord(t) || !lex.phrases.has(t.k)) continue;
    const ms = phrasesAt(c, i);
    const m = ms?.find((x) => x.kind === 'company' || x.kind === 'place' || x.kind === 'deity' || x.kind === 'ordinary');
    if (m) for (let j = i; j < i + m.len; j++) c.blocked[j] = 1;
  }
  contextPass(c);
  framePass(c);
  jsonPass(c);
  upiPass(c);
  csvPass(c);
  lexiconPass(c);
  foreignPass(c);
  if (c.windows.length > 0 || !gating) nlpPass(c, gating);
  propagate(c, nonOverlapping(c.out));
  return { spans: nonOverlapping(c.out), windows: c.windows.length };
}

function nonOverlapping(out: NameSpan[]): NameSpan[] {
  const spans = out.slice().sort((x, y) => x.start - y.start || y.end - x.end);
  const kept: NameSpan[] = [];
  for (const s of spans) {
    const prev = kept[kept.length - 1];
    if (prev && s.start < prev.end) {
      if (s.score > prev.score) kept[kept.length - 1] = s;
      continue;
    }
    kept.push(s);
  }
  return kept;
}

/** Build the lexicon and load compromise now (a worker's start-up), instead of on first use. */
export function warmNames(withNlp = true): void {
  nameLexicon();
  if (withNlp && !compromiseLoaded()) nlpWordTags('warm');
}
