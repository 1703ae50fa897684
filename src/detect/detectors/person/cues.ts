// Context rules: honorifics, labels, relations (S/o, W/o), chat phrases ("my name is"), greetings,
// sign-offs and words after a name ("Priya Sharma wrote", "Ravi ko").
import { captureBackward, captureForward, plausible } from './capture.js';
import {
  APOSTROPHE, COMMA, countWords, emit, firstWord, isMark, isWord, lineStart, NAME_BITS, OPEN_PAREN, phraseAt, phrasesOf, punctIn,
  QUOTE, skipPunct, UNDERSCORE, type Capture, type Ctx,
} from './context.js';
import { F, W, type Phrase } from './lexicon.js';
import { phrasePairs } from './phrase-pairs.js';
import { known, SCORE, strong } from './score.js';
import { CAP, LOWER, NUM, PUNCT, UPPER } from './tokens.js';
import { endsClause, wordsOk } from './windows.js';

/** Context rules over every token not already in a name (honorifics and phrase starts are cue tokens). */
export function contextPass(c: Ctx): void {
  const { t } = c;
  const pairs = phrasePairs(c.lex);
  for (let k = 0; k < t.nCues; k++) {
    const i = t.cues[k]!;
    if (!isWord(t, i) || c.blocked[i] === 2) continue;
    if (t.flags[i]! & F.HON) {
      honorific(c, i);
      continue;
    }
    const list = phrasesOf(c, i);
    // A list none of whose phrases can go on at the next token is passed without reading it.
    if (!list || !pairs.may(t.word[i]!, i + 1 < t.n ? t.word[i + 1]! : -1)) continue;
    for (const p of list) {
      if (phraseAt(c, i, p) && handlePhrase(c, i, p)) break;
    }
  }
}

function honorific(c: Ctx, i: number): void {
  const { t } = c;
  const { shape, flags } = t;
  const sh = shape[i]!;
  const f = flags[i]!;
  if (f & F.WEAK_HON && sh === LOWER) return; // "late payment", "ca 5 km"
  if (sh === UPPER && t.end[i]! - t.start[i]! <= 3 && !(f & F.HON_DEVA)) {
    // "MR. RAVI" in an all-caps form yes; "MS Office" no.
    const n = skipPunct(c, i + 1, '.', 1);
    if (n >= t.n || shape[n] !== UPPER) return;
  }
  let j = skipPunct(c, i + 1, '.', 1);
  // Chains: "Late Shri", "Smt. Dr.".
  let hops = 0;
  while (j < t.n && hops < 3 && isWord(t, j) && flags[j]! & F.HON && !(flags[j]! & F.FIRST)) {
    j = skipPunct(c, j + 1, '.', 1);
    hops++;
  }
  if (!isWord(t, j) || t.gap[j]! > 2 || t.nl[j]) return;
  if (shape[j] === LOWER && sh !== LOWER) return;
  const cap = captureForward(c, j, 'strict');
  if (!cap || !plausible(c, cap)) return;
  if (f & F.WEAK_HON && cap.lexHits === 0) return; // "Late Night", "CA Final"
  emit(c, cap, known(SCORE.honorific, cap.lexHits), 'honorific');
}

/**
 * A label with no separator: the name must run to a clause end (comma, bracket, newline...) and
 * every unknown word must be unknown to compromise ("customer support team" is not a name).
 */
function bareLabel(c: Ctx, end: number, m: Phrase): boolean {
  const { t } = c;
  if (!m.bare) return false;
  if (!isWord(t, end) || t.nl[end] || t.gap[end]! > 1) return false;
  const cap = captureForward(c, end, 'field');
  if (!cap || !plausible(c, cap) || countWords(c, cap) > 4 || !endsClause(c, cap)) return false;
  const n = cap.to;
  if (n < t.n && !t.nl[n] && t.shape[n] !== PUNCT) return false; // "owner X and ..." is too loose; want "owner X,"
  if (!wordsOk(c, cap, false)) return false;
  emit(c, cap, known(SCORE.bareLabel, cap.lexHits), 'label');
  return true;
}

function label(c: Ctx, i: number, end: number, m: Phrase): boolean {
  const { t } = c;
  let prev = i - 1;
  // "customer_name": the word before the underscore decides ("file_name" is not a person).
  if (prev >= 0 && isMark(t, prev, UNDERSCORE) && t.end[prev] === t.start[i]) prev = i - 2;
  // The word before blocks only on the label's own line ("bank name:"); a heading above does not.
  if (isWord(t, prev) && !t.nl[i] && t.sets[prev]! & W.LABEL_BLOCKER) return false;
  if (m.lineStart && !lineStart(c, i)) return bareLabel(c, end, m);
  let sepAt = end;
  // A numbered label: "Passenger 2:", "Witness 3 -", "Nominee 1:".
  if (t.shape[sepAt] === NUM && t.end[sepAt]! - t.start[sepAt]! <= 3 && !t.nl[sepAt]) sepAt++;
  // A JSON key or quoted field: "name": "Ravi", 'name': 'Ravi'.
  if ((isMark(t, sepAt, QUOTE) || isMark(t, sepAt, APOSTROPHE)) && t.start[sepAt] === t.end[end - 1]) sepAt++;
  if (sepAt >= t.n || !punctIn(t, sepAt, ':-–—=|')) return bareLabel(c, end, m);
  const j = skipPunct(c, sepAt, ':-–—=|."\'', 3);
  const cap = captureForward(c, j, 'field', true);
  if (!cap || !plausible(c, cap) || (t.nl[j] && !lineStart(c, i))) return false;
  if (cap.lexHits === 0 && cap.unknown > 0 && t.shape[j] === LOWER && cap.unknown > 2) return false;
  // Address labels ("Ship to:", "Delivery Address -") may start with the address itself.
  if (m.address && (!endsClause(c, cap) || !wordsOk(c, cap, false))) return false;
  emit(c, cap, known(SCORE.label, cap.lexHits), 'label');
  return true;
}

/** Every word of the capture in capitals of at most four letters (an abbreviation: DM, HTN, CKD). */
function shortCaps(c: Ctx, cap: Capture): boolean {
  const { t } = c;
  for (let j = cap.from; j < cap.to; j++) if (isWord(t, j) && (t.shape[j] !== UPPER || t.end[j]! - t.start[j]! > 4)) return false;
  return true;
}

function relation(c: Ctx, i: number, end: number, m: Phrase): boolean {
  const { t } = c;
  const j = skipPunct(c, end, '.:-', 2);
  let hit = false;
  // "S/o" in a form takes any case; "son of", "bin" in prose want a capitalised name. In lower case,
  // or as capitals of at most four letters, it takes only a lexicon name: "c/o", "h/o", "k/c/o" are
  // also "complains of", "history of", "known case of" in clinical notes ("c/o fever", "k/c/o DM").
  const fwd = captureForward(c, j, m.slash ? 'field' : 'strict');
  if (fwd && plausible(c, fwd) && wordsOk(c, fwd, true) && !(fwd.lexHits === 0 && (t.shape[j] === LOWER || shortCaps(c, fwd)))) {
    emit(c, fwd, known(SCORE.relationAfter, fwd.lexHits), 'relation');
    hit = true;
  }
  // The person the relation is about: "Ravi Kumar S/o Mohan Lal".
  let b = i - 1;
  while (b >= 0 && (isMark(t, b, COMMA) || isMark(t, b, OPEN_PAREN))) b--;
  if (b >= 0 && !c.blocked[b]) {
    const back = captureBackward(c, b, false);
    if (back && plausible(c, back) && (back.lexHits > 0 || (back.unknown <= 3 && !shortCaps(c, back)))) {
      emit(c, back, known(SCORE.relationBefore, back.lexHits), 'relation');
      hit = true;
    }
  }
  return hit;
}

function signoff(c: Ctx, end: number): boolean {
  const { t } = c;
  const j = skipPunct(c, end, ',!.-:', 2);
  if (!isWord(t, j) || !t.nl[j]) return false;
  const cap = captureForward(c, j, 'strict', true);
  if (!cap) return false;
  // The whole line must be the name: "Regards,\nAnita Desai" (optionally followed by a comma).
  const a = cap.to;
  if (a < t.n && !t.nl[a] && !punctIn(t, a, ',.')) return false;
  if (!plausible(c, cap) || countWords(c, cap) > 4) return false;
  if (cap.lexHits === 0 && t.shape[firstWord(c, cap)] === LOWER) return false;
  emit(c, cap, known(SCORE.signoff, cap.lexHits), 'signoff');
  return true;
}

function weak(c: Ctx, i: number, end: number, m: Phrase): boolean {
  const { t } = c;
  const j = skipPunct(c, end, ',:-', 1);
  if (!isWord(t, j) || t.nl[j] || c.blocked[j] || t.flags[j]! & F.HON) return false;
  const f = t.flags[j]!;
  const sh = t.shape[j]!;
  // "this is sneha", "i am kiran": an introduction takes a lower-case lexicon name, even an ambiguous one.
  const intro = m.intro;
  if (sh === LOWER && !intro && !(f & NAME_BITS && !(f & (F.AMBIG | F.STOP)))) return false;
  const cap = captureForward(c, j, intro ? 'intro' : 'strict');
  if (!cap || !plausible(c, cap)) return false;
  if (intro && cap.unknown > 0 && sh === LOWER) {
    // "i am jintu bhuyan and ...": unknown lower-case words after an introduction are a name when
    // compromise does not know them as words and the clause ends after them.
    if (countWords(c, cap) > 3 || !endsClause(c, cap) || !wordsOk(c, cap, false)) return false;
    emit(c, cap, SCORE.introUnknown, 'chat');
    return true;
  }
  if (cap.lexHits > 0) {
    emit(c, cap, strong(SCORE.greeting, cap.strongHits), 'greeting');
    return true;
  }
  // Unknown capitalised word after a name cue: compromise decides (gated window).
  if (sh === CAP || sh === UPPER) c.windows.push({ from: cap.from, to: cap.to, cue: i, score: SCORE.window, rule: 'greeting+nlp' });
  return false;
}

function after(c: Ctx, i: number, m: Phrase): boolean {
  const { t } = c;
  if (c.blocked[i]) return false;
  let b = i - 1;
  while (b >= 0 && punctIn(t, b, ',-')) b--;
  if (b < 0 || c.blocked[b]) return false;
  const speak = m.speak;
  const back = captureBackward(c, b, speak);
  if (!back || !plausible(c, back)) return false;
  if (speak) {
    // "main rahul bol raha hoon": the words between "main" and "bol raha" are the name.
    const before = back.from - 1;
    const opens = before < 0 || t.nl[back.from] === 1 || punctIn(t, before, ',.;:!?');
    if (!(opens || t.sets[before]! & W.SPEAK_OPENER) || countWords(c, back) > 3) return false;
    if (back.lexHits === 0 && !wordsOk(c, back, false)) return false;
    emit(c, back, known(SCORE.speakAfter, back.lexHits), 'chat');
    return true;
  }
  if (m.postposition) {
    // Postpositions ("Ravi ko", "Priya ne") are evidence only for an unambiguous name.
    if (back.strongHits === 0) return false;
    emit(c, back, SCORE.postposition, 'greeting');
    return true;
  }
  if (back.lexHits > 0) {
    emit(c, back, strong(SCORE.nameBefore, back.strongHits), 'greeting');
    return true;
  }
  const sh = t.shape[back.from];
  if (sh === CAP || sh === UPPER) c.windows.push({ from: back.from, to: back.to, cue: i, score: SCORE.window, rule: 'after+nlp' });
  return false;
}

function handlePhrase(c: Ctx, i: number, m: Phrase): boolean {
  const end = i + m.ids.length;
  switch (m.kind) {
    case 'company':
    case 'place':
    case 'deity':
    case 'ordinary': {
      for (let j = i; j < end; j++) if (!c.blocked[j]) c.blocked[j] = 1;
      return true;
    }
    case 'label':
      return label(c, i, end, m);
    case 'relation':
      return relation(c, i, end, m);
    case 'strong': {
      const j = skipPunct(c, end, ':-,', 2);
      const cap = captureForward(c, j, 'chat');
      if (!cap || !plausible(c, cap) || countWords(c, cap) > 4 || !wordsOk(c, cap, true)) return false;
      emit(c, cap, known(SCORE.chat, cap.lexHits), 'chat');
      return true;
    }
    case 'signoff':
      return signoff(c, end);
    case 'weak':
      return weak(c, i, end, m);
    case 'after':
      return after(c, i, m);
  }
}
