// Cues that follow or frame a name without a label: an age after it, a payee before a handle, an
// order's patient, a transcript speaker, a court witness, and a sign-off ending a line.
import { captureBackward, captureForward, plausible } from './capture.js';
import {
  AT, COLON, COMMA, countWords, DOT, EM_DASH, EN_DASH, emit, HYPHEN, isMark, isWord, lineStart, OPEN_PAREN, phraseAt, phrasesOf, punctIn,
  skipPunct, type Ctx,
} from './context.js';
import { W } from './lexicon.js';
import { known, SCORE } from './score.js';
import { CAP, INIT, LOWER, NUM, PUNCT, UPPER } from './tokens.js';
import { wordsOk } from './windows.js';

/**
 * - "Anu Rao, a 40-year-old ...", "Anu Rao, aged 40": a person described by age;
 * - "Pay Anu Rao at anu@okaxis", "send the advance to anu rao on 98...": a payee before a handle;
 * - "... x3 for anu rao (prescribed for ...)": an order's patient;
 * - "Agent — Tomasz: ...": a transcript speaker; "P.W.5 Ranvir Singh": a court witness.
 * Unknown words are accepted when compromise does not know them as ordinary words.
 */
export function framePass(c: Ctx): void {
  const { t } = c;
  const { sets, word, shape } = t;
  const ids = c.lex.ids;
  // Commas and the words these cues start with (rule word sets, "to", "for") are cue tokens.
  for (let k = 0; k < t.nCues; k++) {
    const i = t.cues[k]!;
    if (isMark(t, i, COMMA)) {
      if (i > 0 && !c.blocked[i - 1]) ageCue(c, i);
      continue;
    }
    if (!isWord(t, i) || c.blocked[i]) continue;
    const s = sets[i]!;
    if (s & W.SPEAKER_ROLE && lineStart(c, i) && speaker(c, i)) continue;
    if (s & W.WITNESS_LETTER && shape[i] === INIT && isMark(t, i + 1, DOT) && word[i + 2] === ids.w && isMark(t, i + 3, DOT) && witness(c, i)) continue;
    const w = word[i]!;
    if (s & W.PAY_VERB || (w === ids.to && shape[i - 1] === LOWER) || w === ids.for) payee(c, i);
  }
  signoffSameLine(c);
}

/** "Anu Rao, aged 40", "Anu Rao, a 40-year-old", "RAVI KUMAR, 45, M", "Jinto Kujur, sixty nine years". */
function ageCue(c: Ctx, i: number): void {
  const { t } = c;
  const { sets, shape, word } = t;
  const a = i + 1;
  const n = i + 2;
  const aged = a < t.n && sets[a]! & W.AGE && shape[n] === NUM;
  const yearOld = a < t.n && sets[a]! & W.ARTICLE && shape[n] === NUM && (sets[i + 3]! & W.YEAR || (isMark(t, i + 3, HYPHEN) && sets[i + 4]! & W.YEAR));
  // A list row: "OLIVIA O'BRIEN, 28, F" / "Ravi Kumar, 45, Male"; a described person: "Anu Rao, born on ...".
  const listRow = shape[a] === NUM && isMark(t, n, COMMA) && sets[i + 3]! & W.SEX && !t.nl[i + 3];
  // "Jinto Kujur, sixty nine years of age": an age in words.
  let w = i + 1;
  while (w < i + 4 && sets[w]! & W.NUMBER) w++;
  const inWords = w > i + 1 && (sets[w]! & W.YEAR) !== 0;
  const born = a < t.n && word[a] === c.lex.ids.born && !t.nl[a];
  if (!(aged || yearOld || listRow || born || inWords)) return;
  const back = captureBackward(c, i - 1, true);
  if (back && countWords(c, back) <= 4 && plausible(c, back) && wordsOk(c, back, true) && lineStartOrCue(c, back.from)) {
    emit(c, back, known(SCORE.ageCue, back.lexHits), 'age-cue');
  }
}

/** "Agent — Tomasz: ...": role, dash, the speaker's name, colon. */
function speaker(c: Ctx, i: number): boolean {
  const { t } = c;
  if (!punctIn(t, i + 1, '-—–') || t.nl[i + 2]) return false;
  const cap = captureForward(c, i + 2, 'strict');
  if (cap && isMark(t, cap.to, COLON) && countWords(c, cap) <= 3 && plausible(c, cap)) {
    emit(c, cap, known(SCORE.speaker, cap.lexHits), 'speaker');
    return true;
  }
  return false;
}

/** "P.W.5 Ranvir Singh deposed", "D.W. 2 Meena": a witness numbered by the court. */
function witness(c: Ctx, i: number): boolean {
  const { t } = c;
  let j = i + 4;
  if (t.shape[j] === NUM) j++;
  j = skipPunct(c, j, ':-', 1);
  const cap = isWord(t, j) && !t.nl[j] ? captureForward(c, j, 'strict') : undefined;
  if (cap && countWords(c, cap) <= 4 && plausible(c, cap) && wordsOk(c, cap, false)) {
    emit(c, cap, known(SCORE.witness, cap.lexHits), 'witness');
    return true;
  }
  return false;
}

/** A payee before at/on/ko and a handle or number; or, after "for", an order's patient before "(prescribed". */
function payee(c: Ctx, i: number): void {
  const { t } = c;
  const j = i + 1;
  if (!isWord(t, j) || c.blocked[j] || t.nl[j]) return;
  const forCue = t.word[i] === c.lex.ids.for;
  // "to" and "for" are common: first look for the token that must end the capture ("(" after "for",
  // at/on/ko/via after a pay verb) within the reach of a capture (it ends within 17 tokens of j).
  let end = false;
  for (let x = j + 1; x <= j + 24 && x < t.n && !end; x++) end = !t.nl[x] && (forCue ? isMark(t, x, OPEN_PAREN) : (t.sets[x]! & W.PAY_AFTER) !== 0);
  if (!end) return;
  const cap = captureForward(c, j, 'field');
  if (!cap || countWords(c, cap) > 4 || !plausible(c, cap)) return;
  const n = cap.to;
  if (n >= t.n || t.nl[n]) return;
  if (forCue) {
    if (!isMark(t, n, OPEN_PAREN) || !(t.sets[n + 1]! & W.FOR_AFTER)) return;
  } else {
    if (!(t.sets[n]! & W.PAY_AFTER)) return;
    const h = n + 1;
    if (h >= t.n) return;
    if (!(t.shape[h] === NUM || isMark(t, h + 1, AT) || isMark(t, h + 1, DOT) || t.sets[h]! & W.PAY_APP)) return;
  }
  if (!wordsOk(c, cap, false)) return;
  emit(c, cap, known(SCORE.payee, cap.lexHits), 'payee');
}

/** The capture starts a line, or follows punctuation (not in mid-sentence prose). */
function lineStartOrCue(c: Ctx, from: number): boolean {
  return from === 0 || c.t.nl[from] === 1 || punctIn(c.t, from - 1, ':-–—|>');
}

/** "Thanks a lot - Anu" / "... tomorrow. — Anu" / "Cheers, Anu" ending a line. */
function signoffSameLine(c: Ctx): void {
  const { t } = c;
  const { shape, word } = t;
  const { a, lot } = c.lex.ids;
  // Hyphens, commas and dashes are cue tokens.
  for (let k = 0; k < t.nCues; k++) {
    const i = t.cues[k]!;
    if (i === 0) continue;
    const d = t.codeAt(i);
    if ((d !== HYPHEN && d !== COMMA && d !== EM_DASH && d !== EN_DASH) || shape[i] !== PUNCT) continue;
    const comma = d === COMMA;
    const j = i + 1;
    if (j >= t.n || t.nl[j] || t.gap[j] !== 1 || c.blocked[j] || (shape[j] !== CAP && shape[j] !== UPPER)) continue;
    // Before the mark: a sign-off phrase (dash or comma), or a sentence end (dash only).
    const before = i - 1;
    let cued = false;
    if (!comma && shape[before] === PUNCT && punctIn(t, before, '.!?') && t.gap[i] === 1) cued = true;
    else if (isWord(t, before) && !t.nl[i]) {
      for (let b = Math.max(0, i - 3); b < i && !cued; b++) {
        if (!(t.sets[b]! & W.SIGNOFF)) continue;
        for (const p of phrasesOf(c, b)!) {
          if (p.kind !== 'signoff' || !phraseAt(c, b, p)) continue;
          const len = p.ids.length;
          // "Thanks a lot - X": a sign-off word then "a lot".
          if (b + len === i || (b + len + 2 === i && word[b + len] === a && word[b + len + 1] === lot)) cued = true;
        }
      }
    }
    if (!cued) continue;
    const cap = captureForward(c, j, 'strict');
    if (!cap || countWords(c, cap) > 3 || !plausible(c, cap)) continue;
    if (cap.to < t.n && !t.nl[cap.to]) continue; // the name ends the line
    emit(c, cap, known(SCORE.signoffSameLine, cap.lexHits), 'signoff');
  }
}
