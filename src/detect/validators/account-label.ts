// Account labels written right before a number ("A/c No. ", "Account Number: ", "खाता संख्या ").
// The list lives in patterns/bank-account.json (accountLabels); BANK_ACCOUNT uses it to admit
// phone- and Aadhaar-shaped account numbers, AADHAAR to leave such numbers alone.
import data from '../../../patterns/bank-account.json';
import { hashWord, tokensOf } from '../../text/tokens.js';
import { ContextMatcher, words } from '../../text/words.js';
import { pushRange, Seq } from '../context.js';

const LABELS: readonly (readonly string[])[] = data.accountLabels.map((l) => words(l));
const LABEL_HASHES: readonly Int32Array[] = LABELS.map((l) => Int32Array.from(l, hashWord));
/** The words before a candidate, reused across calls (references into the shared tokens). */
const seq = new Seq();

/** Matches the labels anywhere in a token list (used on table column headers). */
export const ACCOUNT_LABELS = new ContextMatcher(data.accountLabels);

/** Characters allowed between a label and its number: spaces and label punctuation ("No.:", "#", "-"). */
const GAP = new Set([' ', '\t', ':', '.', '#', '-', '–', '=', '(', ')', '\u00a0']);
/** How far back a label is looked for: longer than the longest label plus its gap. */
const LABEL_REACH = 40;

/** True when the text right before `start` ends with an account label, with only gap characters between. */
export function labelledAccount(text: string, start: number): boolean {
  let i = start;
  const floor = Math.max(0, start - LABEL_REACH);
  while (i > floor && GAP.has(text[i - 1]!)) i--;
  // The words of text[floor, i) from the shared tokens (a word cut at either end as its visible part).
  seq.reset(tokensOf(text));
  pushRange(seq, seq.tokens!, text, floor, i);
  const n = seq.length;
  for (let k = 0; k < LABELS.length; k++) {
    const l = LABELS[k]!;
    const h = LABEL_HASHES[k]!;
    if (l.length > n) continue;
    let ok = true;
    for (let j = 0; ok && j < l.length; j++) {
      const q = n - l.length + j;
      ok = seq.hash[q] === h[j] && seq.is(q, l[j]!);
    }
    if (ok) return true;
  }
  return false;
}
