// Account labels written right before a number ("A/c No. ", "Account Number: ", "खाता संख्या ").
// The list lives in patterns/bank-account.json (accountLabels); BANK_ACCOUNT uses it to admit
// phone- and Aadhaar-shaped account numbers, AADHAAR to leave such numbers alone.
import data from '../../../patterns/bank-account.json';
import { hashWord, tokensAround, tokensIfDone, type Tokens } from '../../text/tokens.js';
import { ContextMatcher, words } from '../../text/words.js';

interface Label { words: readonly string[]; hashes: Int32Array }

/** The labels by the hash of their last word: the last word before a number rules out almost every label. */
const BY_LAST = new Map<number, Label[]>();
for (const l of data.accountLabels) {
  const ws = words(l);
  if (ws.length === 0) continue;
  const label: Label = { words: ws, hashes: Int32Array.from(ws, hashWord) };
  const last = label.hashes[ws.length - 1]!;
  const list = BY_LAST.get(last);
  if (list) list.push(label);
  else BY_LAST.set(last, [label]);
}

/** Matches the labels anywhere in a token list (used on table column headers). */
export const ACCOUNT_LABELS = new ContextMatcher(data.accountLabels);

/** Characters allowed between a label and its number: spaces and label punctuation ("No.:", "#", "-"). */
function isGap(c: number): boolean {
  return c === 32 || c === 9 || c === 58 || c === 46 || c === 35 || c === 45 || c === 0x2013 || c === 61 || c === 40 || c === 41 || c === 0xa0;
}
/** How far back a label is looked for: longer than the longest label plus its gap. */
const LABEL_REACH = 40;

/**
 * Whether word x of text[floor, to) equals `word` (lower case, from `words()`) with hash `h`: a whole
 * token by its hash and fold; a token cut by floor or to as its visible part, lower-cased.
 */
function wordIs(t: Tokens, text: string, x: number, floor: number, to: number, word: string, h: number): boolean {
  const s = t.start[x]!;
  const e = t.end[x]!;
  if (s >= floor && e <= to) return t.hash[x] === h && t.is(x, word);
  const cut = text.slice(Math.max(s, floor), Math.min(e, to)).toLowerCase();
  return hashWord(cut) === h && cut === word;
}

/** True when the text right before `start` ends with an account label, with only gap characters between. */
export function labelledAccount(text: string, start: number): boolean {
  let i = start;
  const floor = Math.max(0, start - LABEL_REACH);
  while (i > floor && isGap(text.charCodeAt(i - 1))) i--;
  if (i <= floor) return false;
  // The words of text[floor, i) are the shared tokens [first, end), a token cut at either edge read
  // as its visible part; a label must be their last words.
  const t = tokensIfDone(text) ?? tokensAround(text, floor, i);
  const end = t.indexFrom(i);
  const first = t.indexAt(floor);
  if (end <= first) return false;
  const x = end - 1;
  const lastHash = t.start[x]! >= floor && t.end[x]! <= i ? t.hash[x]! : hashWord(text.slice(Math.max(t.start[x]!, floor), Math.min(t.end[x]!, i)).toLowerCase());
  const labels = BY_LAST.get(lastHash);
  if (labels === undefined) return false;
  for (const l of labels) {
    const n = l.words.length;
    if (n > end - first) continue;
    let ok = true;
    for (let j = 0; ok && j < n; j++) ok = wordIs(t, text, end - n + j, floor, i, l.words[j]!, l.hashes[j]!);
    if (ok) return true;
  }
  return false;
}
