// compromise's part: judging the few unknown words a name cue points at (with its lexicon, no parse),
// and with gating off a full parse of the text as well.
import { EM_DASH, EN_DASH, emit, HYPHEN, isMark, isWord, NAME_BITS, phraseStart, punctIn, type Capture, type Ctx } from './context.js';
import { plausible } from './capture.js';
import { F, W } from './lexicon.js';
import { nlpPeople } from './nlp.js';
import { judgeToken } from './verdicts.js';
import { SCORE } from './score.js';
import { CAP, DEVA, INIT, LOWER, NUM, OTHER, PUNCT, UPPER } from './tokens.js';

export { judgeWindowWord, PERSON_TAGS } from './verdicts.js';

/**
 * Unknown words in a capture (not in the lexicon, not initials) that compromise knows as ordinary
 * words ("signed documents", "C/o cough x") make it not a name. `lowerOnly` judges only lower-case ones.
 */
export function wordsOk(c: Ctx, cap: Capture, lowerOnly: boolean): boolean {
  const { t } = c;
  for (let j = cap.from; j < cap.to; j++) {
    const sh = t.shape[j]!;
    if (!isWord(t, j) || sh === INIT || t.flags[j]! & NAME_BITS || sh === DEVA || sh === OTHER) continue;
    if (lowerOnly && sh !== LOWER) continue;
    if (t.end[j]! - t.start[j]! < 3) return false;
    if (judgeToken(t, j) === 'word') return false;
  }
  return true;
}

/** The capture ends a clause: end of text, a newline, or punctuation / a conjunction after it. */
export function endsClause(c: Ctx, cap: Capture): boolean {
  const { t } = c;
  const n = cap.to;
  if (n >= t.n || t.nl[n]) return true;
  if (t.shape[n] === PUNCT) return punctIn(t, n, ',.;!?(|)"\'') || t.codeAt(n) === EM_DASH || t.codeAt(n) === EN_DASH;
  return (t.sets[n]! & W.CLAUSE) !== 0;
}

/**
 * Shape checks before compromise judges a window: an all-caps word of up to four letters is an
 * acronym ("IMPS", "AWB"); a number right after is a code or version ("Node 20.11"); a capitalised
 * word glued before is a longer proper noun ("Kolkata Knight Riders"); a city inside is an organisation.
 */
function windowShapeOk(c: Ctx, from: number, to: number): boolean {
  const { t } = c;
  const { shape, start, end, nl, gap, flags } = t;
  for (let j = from; j < to; j++) {
    if (shape[j] === UPPER && end[j]! - start[j]! <= 4) return false;
    if (flags[j]! & F.CITY) return false;
  }
  if (to < t.n && !nl[to] && gap[to]! <= 1 && (shape[to] === NUM || (isMark(t, to, HYPHEN) && start[to] === end[to - 1]))) return false;
  const p = from - 1;
  if (p >= 0 && !nl[from] && gap[from] === 1 && (shape[p] === CAP || shape[p] === UPPER) && !(flags[p]! & (F.HON | F.STOP))) {
    const pp = from - 2;
    // Unless the capitalised word is the cue itself at a sentence start ("Thanks Zorawar", "Dear Zorawar").
    if (!phraseStart(c, p) || (pp >= 0 && !nl[pp] && shape[pp] !== PUNCT)) return false;
  }
  return true;
}

/** compromise on the flagged windows (gated) or on the whole text as well (gating off). */
export function nlpPass(c: Ctx, gating: boolean): void {
  const { text, t } = c;
  for (const w of c.windows) {
    if (c.blocked[w.from] || !windowShapeOk(c, w.from, w.to)) continue;
    let ok = true;
    let person = false;
    for (let j = w.from; j < w.to; j++) {
      if (!isWord(t, j) || t.shape[j] === INIT) continue;
      const v = judgeToken(t, j);
      if (v === 'word') {
        ok = false;
        break;
      }
      if (v === 'person') person = true;
    }
    if (!ok) continue;
    emit(c, { from: w.from, to: w.to, lexHits: 0, strongHits: 0, unknown: w.to - w.from }, person ? w.score + SCORE.windowPersonBonus : w.score, w.rule);
  }
  if (gating) return;
  // Gating off: a full parse; keep people the fast path did not already find.
  for (const p of nlpPeople(text)) {
    const terms = p.terms.filter((x) => !isHonorificTerm(c, x.text));
    if (terms.length === 0) continue;
    const start = terms[0]!.start;
    const end = terms[terms.length - 1]!.end;
    let from = -1;
    for (let j = 0; j < t.n; j++) {
      if (t.start[j]! >= start) {
        from = j;
        break;
      }
    }
    let to = from;
    while (to < t.n && t.end[to]! <= end) to++;
    if (from < 0 || to <= from) continue;
    let clash = false;
    for (let j = from; j < to; j++) if (c.blocked[j]) clash = true;
    if (clash) continue;
    const cap: Capture = { from, to, lexHits: 0, strongHits: 0, unknown: to - from };
    if (!plausible(c, cap)) continue;
    emit(c, cap, terms.length > 1 ? SCORE.nlpFull.several : SCORE.nlpFull.one, 'nlp');
  }
}

function isHonorificTerm(c: Ctx, s: string): boolean {
  const k = s.toLowerCase();
  return (c.lex.flagsOf(k.endsWith('.') ? k.slice(0, -1) : k) & F.HON) !== 0;
}

