// Account labels written right before a number ("A/c No. ", "Account Number: ", "खाता संख्या ").
// The list lives in patterns/bank-account.json (accountLabels); BANK_ACCOUNT uses it to admit
// phone- and Aadhaar-shaped account numbers, AADHAAR to leave such numbers alone.
import data from '../../../patterns/bank-account.json';
import { ContextMatcher, words } from '../../text/words.js';

const LABELS: readonly (readonly string[])[] = data.accountLabels.map((l) => words(l));

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
  const tokens = words(text.slice(floor, i));
  return LABELS.some((l) => l.length <= tokens.length && l.every((w, k) => tokens[tokens.length - l.length + k] === w));
}
