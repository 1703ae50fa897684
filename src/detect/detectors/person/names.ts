// PERSON finder. One tokenisation pass into typed arrays with one vocabulary lookup per token
// (names, honorifics, labels, stop lists), then rule passes over the tokens: context cues (cues.ts),
// framing cues (frame.ts), JSON fields, UPI narrations, CSV columns, lexicon pairs (pairs.ts),
// foreign given names (foreign.ts), compromise on the flagged windows (windows.ts) and mentions of
// names already found (propagate.ts). compromise judges only the few unknown words a name cue points
// at; `{ gating: false }` (detect option `nameGating: false`) parses the whole text as well, so
// benchmarks and the evaluation can compare the two.
import { insertionSort } from '../../../sort.js';
import { csvPass } from './csv.js';
import { isWord, phraseAt, phrasesOf, type Ctx, type NameSpan } from './context.js';
import { contextPass } from './cues.js';
import { foreignPass } from './foreign.js';
import { framePass } from './frame.js';
import { jsonPass } from './json.js';
import { nameLexicon, W } from './lexicon.js';
import { compromise, warmWordLexicon } from './nlp.js';
import { lexiconPass } from './pairs.js';
import { propagate } from './propagate.js';
import { nameTokens } from './tokens.js';
import { upiPass } from './upi.js';
import { nlpPass } from './windows.js';

export type { NameSpan } from './context.js';

/** How to find names: `gating` (default true) runs compromise only on the small windows the fast path
 *  points at; false gives every text a full compromise parse as well (for measuring, not production). */
export interface FindNamesOptions {
  gating?: boolean;
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
  const t = nameTokens(text, lex);
  const c: Ctx = { text, t, lex, blocked: t.blocked, out: [], windows: [] };
  blockerPass(c);
  contextPass(c);
  framePass(c);
  jsonPass(c);
  upiPass(c);
  csvPass(c);
  lexiconPass(c);
  foreignPass(c);
  if (c.windows.length > 0 || !gating) nlpPass(c, gating);
  const found = c.out.length;
  const kept = nonOverlapping(c.out);
  propagate(c, kept);
  t.release(); // the tokens object is reused: keep no text alive between calls
  // propagate only adds spans; when it added none, the spans are the ones already resolved.
  return { spans: c.out.length === found ? kept : nonOverlapping(c.out), windows: c.windows.length };
}

/**
 * Phrases that block (companies, places, deity phrases) run first so later rules see them. Their first
 * words have a rule word set bit (W.BLOCKER), so they are cue tokens. A function that ends with its
 * loop: in findNamesDetailed, the code after this loop deoptimised 599 of 600 1 KB calls after four
 * 64 KB texts (code after a loop V8 compiled on the stack; see `fill` in tokens.ts).
 */
function blockerPass(c: Ctx): void {
  const { t, lex } = c;
  for (let k = 0; k < t.nCues; k++) {
    const i = t.cues[k]!;
    if (!(t.sets[i]! & W.BLOCKER) || !isWord(t, i)) continue;
    for (const p of lex.blockers[t.word[i]!]!) {
      if (!phraseAt(c, i, p)) continue;
      for (let j = i; j < i + p.ids.length; j++) c.blocked[j] = 1;
      break;
    }
  }
}

const byPosition = (x: NameSpan, y: NameSpan): number => x.start - y.start || y.end - x.end;

function nonOverlapping(out: NameSpan[]): NameSpan[] {
  const spans = out.slice();
  if (spans.length > 16) spans.sort(byPosition);
  else insertionSort(spans, byPosition); // a few spans (a record, a prompt): no work array
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

/**
 * Build the name and word lexicons now (a worker's start-up), instead of on first use; `withNlp` also
 * loads compromise, which only a full parse (`gating: false`) needs.
 */
export function warmNames(withNlp = false): void {
  nameLexicon();
  warmWordLexicon();
  if (withNlp) compromise();
}
