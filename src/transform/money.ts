import data from '../../patterns/generalise/money.json';
import { isDigit } from '../text/fold.js'; // the digits of `D` below: ASCII and Devanagari
import { tokensIfDone, tokensOf, type Tokens } from '../text/tokens.js';
import { ContextMatcher, TokenPhraseSet, words } from '../text/words.js';
import { MONEY_TYPE } from '../decide/policy.js';
import { EntityObject } from '../text/plain.js';
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
/** How far before its first digit an amount can start: 'रुपये' (5 units) and the space after it. */
const CUR_REACH = 6;
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
/** The same pattern, tried at one position (`amountsIn`). */
const AMOUNT_AT = new RegExp(AMOUNT.source, 'iuy');

/**
 * The units the pattern's `i` + `u` flags read as the first letter of a unit (`UNIT`): each unit's
 * first unit in both cases, and the two signs case folding maps onto ASCII letters (U+212A KELVIN SIGN
 * onto k, U+017F LONG S onto s). test/transform/money-gate.test.ts checks every BMP unit against the pattern.
 */
const UNIT_FIRST: ReadonlySet<number> = (() => {
  const out = new Set<number>();
  for (const k of Object.keys(UNITS)) for (const v of [k, k.toUpperCase(), k.toLowerCase()]) out.add(v.charCodeAt(0));
  if (out.has(107)) out.add(0x212a);
  if (out.has(115)) out.add(0x017f);
  return out;
})();

/**
 * Whether a currency mark can start at `p`: '₹', 'r' before 's' ('rs', 'rs.'), 'i' before 'n' ('inr'),
 * 'र' before 'ु' (रु, रुपये, रुपए), case-insensitively as the pattern reads them; and no ASCII letter or
 * digit before `p` (the pattern's START: the rest of \p{L}\p{M}\p{N} is left to the pattern).
 * A necessary condition only: the pattern decides (money-gate.test.ts checks every BMP unit pair).
 */
function curMarkAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  const l = c | 32;
  if (l !== 114 && l !== 105 && c !== 0x20b9 && c !== 0x0930) return false;
  if (p > 0) {
    const b = text.charCodeAt(p - 1);
    if ((b >= 48 && b <= 57) || ((b | 32) >= 97 && (b | 32) <= 122)) return false;
  }
  if (c === 0x20b9) return true;
  const d = text.charCodeAt(p + 1);
  if (l === 114) return (d | 32) === 115 || d === 0x017f; // r, then s / S / ſ
  if (l === 105) return (d | 32) === 110; // i, then n / N
  return c === 0x0930 && d === 0x0941; // र, then ु
}

/** End of the digit run starting at `k`. */
function runEnd(text: string, k: number): number {
  while (k < text.length && isDigit(text.charCodeAt(k))) k++;
  return k;
}

/**
 * Whether a currency mark can end just before `i` or before one space there: its last unit is ₹, s
 * (or S, ſ), a dot, r (or R), ु, े or ए. A necessary condition only (money-gate.test.ts checks every BMP unit).
 */
function curEndBefore(text: string, i: number): boolean {
  let q = i - 1;
  if (q >= 0 && text.charCodeAt(q) === 32) q--;
  if (q < 0) return false;
  const c = text.charCodeAt(q);
  const l = c | 32;
  return l === 115 || l === 114 || c === 46 || c === 0x20b9 || c === 0x017f || c === 0x0941 || c === 0x0947 || c === 0x090f;
}

/**
 * Whether an amount can start at the first digit of the run text[i, j). The pattern's number takes the
 * whole run (a unit, a comma or a dot cannot follow a digit the number left out), so: at most 12
 * digits; then a comma and a group of 2-3 digits after a run of at most 3, or a dot and 1-4 decimals,
 * or a unit's first letter (after one optional space). Necessary conditions only: the pattern decides.
 */
function numberMayStart(text: string, i: number, j: number): boolean {
  if (j - i > 12 || j >= text.length) return false;
  const c = text.charCodeAt(j);
  if (c === 44) {
    const g = runEnd(text, j + 1) - j - 1;
    return j - i <= 3 && (g === 2 || g === 3);
  }
  if (c === 46) {
    const g = runEnd(text, j + 1) - j - 1;
    return g >= 1 && g <= 4;
  }
  if (c === 32) return UNIT_FIRST.has(text.charCodeAt(j + 1));
  return UNIT_FIRST.has(c);
}

/**
 * The matches of the amount pattern over the whole text, as [start, end] pairs into `out`, found
 * where one can start: a digit run's first digit, and currency marks up to CUR_REACH units before it.
 * Each such position is tried once, in order, resuming after each match, so the matches are the
 * whole-text scan's (money-gate.test.ts compares the two); the cheap checks above skip the positions
 * where the pattern would fail, so most digit runs (phone numbers, PIN codes, dates) cost no regex call.
 */
function amountsIn(text: string, out: number[]): void {
  const n = text.length;
  let next = 0; // the first position not tried yet and not inside a match
  for (let i = 0; i < n; i++) {
    if (!isDigit(text.charCodeAt(i))) continue;
    const j = runEnd(text, i + 1);
    // A currency mark only where the unit before the run (or before one space there) can end one.
    for (let p = curEndBefore(text, i) ? Math.max(next, i - CUR_REACH) : i; p < i; p++) {
      next = p + 1;
      if (!curMarkAt(text, p)) continue;
      AMOUNT_AT.lastIndex = p;
      if (AMOUNT_AT.test(text)) {
        out.push(p, AMOUNT_AT.lastIndex);
        next = AMOUNT_AT.lastIndex;
        break;
      }
    }
    if (i >= next) {
      next = i + 1;
      if (numberMayStart(text, i, j)) {
        AMOUNT_AT.lastIndex = i;
        if (AMOUNT_AT.test(text)) {
          out.push(i, AMOUNT_AT.lastIndex);
          next = AMOUNT_AT.lastIndex;
        }
      }
    }
    // The run's other digits cannot start an amount (a digit before them), nor can what a match took.
    i = Math.max(j, next) - 1;
  }
}

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

/** Amounts a text can have before the whole-text context check runs first (see `find`). */
const PRECHECK_AFTER = 4;

/** `amountsIn`'s pairs, reused from call to call. */
const amountAt: number[] = [];

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

  /**
   * Whether the text holds a context phrase's first word or 'lpa': an amount counts only with a
   * context phrase in its window (whose words are whole words of the text) or with 'lpa' in it, so a
   * text without either has no money. One probe per token of `t`, the text's tokens.
   */
  private mayHoldContext(text: string, t: Tokens): boolean {
    return SELF_CONTEXT.test(text) || this.firsts.matches(t, 0, text.length);
  }

  /** Money spans in `text`, as entities of type MONEY, sorted by start. */
  find(text: string): Entity[] {
    // The context check reads every token of the text. When detect's tokens of this very text are at
    // hand (a call that anonymises the text it just detected) it costs one probe per token and runs
    // first. In a batch they are another text's, and it would tokenise every record again (money was
    // 8 % of a dataset scrub worker's profile, ~40 % of it that): the amounts come first there
    // (`amountsIn`; 1,767 of the 2,505 corpus records have none), and the check runs only when more
    // than PRECHECK_AFTER amounts would each read their own window.
    const done = tokensIfDone(text);
    if (done !== undefined && !this.mayHoldContext(text, done)) return [];
    const at = amountAt;
    at.length = 0;
    amountsIn(text, at);
    if (at.length === 0) return [];
    if (done === undefined && at.length > 2 * PRECHECK_AFTER && !this.mayHoldContext(text, tokensOf(text))) return [];
    const out: Entity[] = [];
    for (let k = 0; k < at.length; k += 2) {
      const start = at[k]!;
      const end = at[k + 1]!;
      const value = text.slice(start, end);
      const ok = SELF_CONTEXT.test(value) || this.context.find(tokensAround(text, start, end)).length > 0;
      if (ok && parseAmount(value) !== undefined) out.push(new EntityObject(MONEY_TYPE, start, end, value, 0.85, 'money'));
    }
    return out;
  }
}

/** The amount pattern's matches in `text` as `amountsIn` finds them, [start, end] pairs (for tests). */
export function amountMatches(text: string): number[] {
  const out: number[] = [];
  amountsIn(text, out);
  return out;
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
