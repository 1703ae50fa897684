import data from '../../patterns/generalise/money.json';
import { tokensOf } from '../text/tokens.js';
import { ContextMatcher, TokenPhraseSet, words } from '../text/words.js';
import { MONEY_TYPE } from '../decide/policy.js';
import type { Entity } from '../types.js';
import { asciiDigits } from './rules/rule.js';

/**
 * Money amounts in salary / income / balance context → lakh/crore bands (`₹12,50,000` → `₹10–25
 * lakh`). Money is not an entity type `detect` reports: a policy turns this pass on (`money: true`
 * or `money: { action }`), and the anonymiser adds its spans (type `MONEY`) to the detected ones.
 *
 * An amount is a number with a currency mark (`₹`, `Rs.`, `INR`, `रु`), a unit (`lakh`, `cr`, `LPA`,
 * `k`, `लाख`, `करोड़`), or Indian/Western digit grouping (`45,000`); a bare `2024` is never money. It
 * counts only with a context word (salary, income, CTC, balance, तनख्वाह, ...: patterns/generalise/
 * money.json) within 48 characters before or 24 after, or when the unit itself says so (`LPA`).
 */

export { MONEY_TYPE };

interface Band {
  min: number;
  max: number | null;
  label: string;
}

const BANDS: readonly Band[] = data.bands;
// Devanagari nukta letters (ड़, ज़) come precomposed or decomposed: index both spellings.
const UNITS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(data.units).flatMap(([k, v]) => [...new Set([k, k.normalize('NFC'), k.normalize('NFD'), k.normalize('NFKC')])].map((f) => [f, v])),
);

const D = '[0-9\\u0966-\\u096F]';
const NUM = `(?:${D}{1,3}(?:,${D}{2,3})+|${D}{1,12})(?:\\.${D}{1,4})?`;
const GROUPED = `${D}{1,3}(?:,${D}{2,3})+(?:\\.${D}{1,4})?`;
const CUR = '(?:₹|rs\\.?|inr|रु\\.?|रुपये|रुपए)';
const UNIT = `(?:${Object.keys(UNITS).sort((a, b) => b.length - a.length).join('|')})`;
const AFTER = '(?:\\x20?(?:rupees|rupee|रुपये|रुपए|/-))';
const START = '(?<![\\p{L}\\p{M}\\p{N}])';
const END = '(?![\\p{L}\\p{M}\\p{N}])';

// Three shapes, tried in one alternation: currency first; a number with a unit; a grouped number.
const AMOUNT = new RegExp(
  `${START}(?:${CUR}\\x20?${NUM}(?:\\x20?${UNIT})?${AFTER}?|${NUM}\\x20?${UNIT}${AFTER}?|${GROUPED}${AFTER}?)${END}`,
  'giu',
);

/** The amount pattern (exported for the ReDoS check). */
export const AMOUNT_PATTERN: RegExp = AMOUNT;

const SELF_CONTEXT = /lpa/i;
const WINDOW = { before: 48, after: 24 };

/** Rupees in an amount's text (`Rs. 4.5 lakh` → 450000), or undefined when it has no number. */
export function parseAmount(text: string): number | undefined {
  const t = asciiDigits(text).toLowerCase();
  const m = /[0-9][0-9,]*(?:\.[0-9]+)?/.exec(t);
  if (!m) return undefined;
  const n = Number(m[0].replace(/,/g, ''));
  if (!Number.isFinite(n)) return undefined;
  const rest = t.slice(m.index + m[0].length).trim();
  const unit = /^[\p{L}\p{M}]+/u.exec(rest)?.[0];
  const mult = unit !== undefined ? UNITS[unit] ?? 1 : 1;
  return n * mult;
}

/** The lakh/crore band label of an amount in rupees (patterns/generalise/money.json). */
export function moneyBand(rupees: number): string {
  for (const b of BANDS) if (rupees >= b.min && (b.max === null || rupees < b.max)) return b.label;
  return BANDS[BANDS.length - 1]!.label;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

/**
 * Whether the character holding UTF-16 unit i is a letter, mark or number: either half of a surrogate
 * pair answers for the whole code point (a window edge can fall between the halves).
 */
function wordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  const at = c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800 ? i - 1 : i;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

function tokensAround(text: string, start: number, end: number): string[] {
  let from = Math.max(0, start - WINDOW.before);
  const to = Math.min(text.length, end + WINDOW.after);
  // Drop a word cut by the window's edge ("income" must not be found as "come", nor "income𝟙" as "income").
  while (from > 0 && from < start && wordCharAt(text, from - 1) && wordCharAt(text, from)) from++;
  let stop = to;
  while (stop < text.length && stop > end && wordCharAt(text, stop) && wordCharAt(text, stop - 1)) stop--;
  return words(text.slice(from, start)).concat(words(text.slice(end, stop)));
}

/** A compiled money finder (the default context words plus a policy's extra ones). */
export class MoneyFinder {
  private readonly context: ContextMatcher;
  /** The first word of every context phrase, looked up in the text's shared tokens. */
  private readonly firsts: TokenPhraseSet;

  constructor(extraContext: readonly string[] = []) {
    const phrases = [...data.context, ...extraContext];
    this.context = new ContextMatcher(phrases);
    this.firsts = new TokenPhraseSet([...new Set(phrases.map((p) => words(p)[0]).filter((w) => w !== undefined))]);
  }

  /** Money spans in `text`, as entities of type MONEY, sorted by start. */
  find(text: string): Entity[] {
    // An amount counts only with a context phrase in its window, whose words are whole words of the
    // text, or with 'lpa' in it. A text that holds no phrase's first word and no 'lpa' has no money:
    // one probe per token of the tokens detect already made, instead of the amount pattern over the
    // whole text and the words around every number (8% of a dataset scrub on dense records).
    if (!SELF_CONTEXT.test(text) && !this.firsts.matches(tokensOf(text), 0, text.length)) return [];
    const out: Entity[] = [];
    AMOUNT.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = AMOUNT.exec(text)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      const ok = SELF_CONTEXT.test(m[0]) || this.context.find(tokensAround(text, start, end)).length > 0;
      if (ok && parseAmount(m[0]) !== undefined) out.push({ type: MONEY_TYPE, start, end, text: m[0], score: 0.85, detector: 'money' });
    }
    return out;
  }
}

/** Band an amount's text; undefined when it cannot be read. */
export function generaliseMoney(text: string): string | undefined {
  const n = parseAmount(text);
  return n === undefined ? undefined : moneyBand(n);
}

/**
 * Add money spans to detected entities: a money span that overlaps a detected entity is dropped
 * (the detectors' answer stands). Returns a new array sorted by start.
 */
export function mergeMoney(detected: readonly Entity[], money: readonly Entity[]): Entity[] {
  if (money.length === 0) return detected.slice();
  // One sweep: money spans in order of their ends; a pointer over the detected spans sorted by start
  // keeps the largest end among those starting before the money span's end (an overlap iff > its start).
  const byStart = detected.slice().sort((a, b) => a.start - b.start);
  const kept: Entity[] = [];
  let j = 0;
  let maxEnd = -1;
  for (const m of money.slice().sort((a, b) => a.end - b.end)) {
    while (j < byStart.length && byStart[j]!.start < m.end) maxEnd = Math.max(maxEnd, byStart[j++]!.end);
    if (maxEnd <= m.start) kept.push(m);
  }
  return kept.length === 0 ? byStart : byStart.concat(kept).sort((a, b) => a.start - b.start);
}
