// Sticky regexes at an anchor, compiled from the pattern sources in patterns/*.json (issue 11).
//
// A pattern written for a whole-text scan, `PREFIX (SPAN) SUFFIX`, becomes `(?<=PREFIX)(SPAN)SUFFIX`
// run sticky (`y`) at the position where its span can start (a digit run, a month word): the part
// before the span turns into a look-behind, so the regex never scans for the keyword and costs one
// attempt per anchor. The span's end and the match's end (unit words after an age) are read from the
// match; the look-behind sees the text before the anchor exactly as the whole-text scan did.
import { compileSticky, type PatternDef } from '../../define.js';

/** [open, close] offsets of capture group `n` (1-based) in a regex source: '(' and its ')'. */
export function groupBounds(source: string, n: number): [number, number] {
  let count = 0;
  let open = -1;
  let depth = 0;
  let openDepth = -1;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      depth++;
      const capturing = source[i + 1] !== '?' || (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!');
      if (capturing && ++count === n) {
        open = i;
        openDepth = depth;
      }
    } else if (c === ')') {
      if (depth === openDepth) return [open, i];
      depth--;
    }
  }
  throw new Error(`capture group ${n} not found`);
}

/** What an anchored pattern needs: the source's group `group` is the span. */
export interface AnchoredDef extends PatternDef {
  /** The capture group that is the span (1-based). */
  spanGroup?: number;
}

/**
 * `(?<=PREFIX)(SPAN)SUFFIX` with the flags of the pattern, sticky. Run it with lastIndex at the
 * span's start: `test` says whether the whole pattern matches with its span there, and lastIndex is
 * then the whole match's end. The span group keeps its number (the prefix holds no capture group
 * before it), so back-references in the suffix (`\2` in dates) still point where they did.
 */
export function stickyAt(def: AnchoredDef, detectorId: string): RegExp {
  const group = def.spanGroup ?? 1;
  const [open] = groupBounds(def.source, group);
  const prefix = def.source.slice(0, open);
  const source = `${prefix.trim() === '' ? '' : `(?<=${prefix})`}${def.source.slice(open)}`;
  return compileSticky({ name: def.name, source, flags: def.flags, score: def.score }, detectorId);
}

/**
 * A cheap necessary condition on the characters around an anchor, read from a pattern's `at` entry in
 * patterns/*.json: the character just before the span (`before`, `beforeLetter` for any letter of
 * [A-Za-z\u017F\u212A\u0900-\u097F], what the patterns' `i`-folded letter classes can match) and the
 * first character after the span once up to `skip` characters of `skipChars` are passed (`after`,
 * `afterEnd` when the text may end there), the run's `lengths`. A pattern is only tried at anchors
 * that pass.
 */
export interface AnchorGate {
  /** Allowed lengths of the digit run. */
  lengths?: number[];
  before?: string;
  /** The run may open the text. */
  beforeStart?: boolean;
  beforeLetter?: boolean;
  after?: string;
  afterLetter?: boolean;
  skipChars?: string;
  skip?: number;
  afterEnd?: boolean;
}

/**
 * A keyword-led pattern's keyword must start within `within` characters before the span, at the start
 * of a run of letters (the patterns' `(?<![A-Za-z\u0900-\u097F])`): that run starts with one of
 * `keywords` (compared case-insensitively), or with `whole`, is exactly one of them. The walk back
 * stops at the first character that can be neither in a keyword nor `between` it and the span. Checking
 * that by hand costs a few character reads where the pattern's look-behind, failing, costs about 300 ns.
 */
export interface KeywordGate {
  within: number;
  keywords: string[];
  whole?: boolean;
  /** Every character the pattern allows between its keyword and the span (case-insensitive). */
  between: string;
}

/** ASCII lower case, and ſ / the Kelvin sign as the patterns' i + u flags read them (s, k). */
function lower(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  return c === 0x017f ? 115 : c === 0x212a ? 107 : c;
}

/** A compiled KeywordGate: true when a keyword can start in [start - within, start). */
export function keywordGate(g: KeywordGate | undefined): ((text: string, start: number) => boolean) | undefined {
  if (!g) return undefined;
  const initial = new Uint8Array(0x10000);
  const allowed = new Uint8Array(0x10000);
  const keywords = g.keywords.map((w) => w.toLowerCase());
  for (const w of keywords) {
    initial[w.charCodeAt(0)] = 1;
    initial[w.toUpperCase().charCodeAt(0)] = 1;
    if (w[0] === 's') initial[0x017f] = 1;
    if (w[0] === 'k') initial[0x212a] = 1;
  }
  for (const ch of `${keywords.join('')}${g.between}`) {
    for (const v of [ch, ch.toLowerCase(), ch.toUpperCase()]) allowed[v.charCodeAt(0)] = 1;
  }
  // the patterns' i + u classes fold ſ to s and the Kelvin sign to k
  if (allowed[115] === 1) allowed[0x017f] = 1;
  if (allowed[107] === 1) allowed[0x212a] = 1;
  const within = g.within;
  const whole = g.whole === true;
  const startsKeyword = (text: string, i: number, start: number): boolean => {
    for (const w of keywords) {
      const n = w.length;
      if (i + n > start) continue;
      let j = 0;
      while (j < n && lower(text.charCodeAt(i + j)) === w.charCodeAt(j)) j++;
      if (j === n && (!whole || i + n >= text.length || !isGateLetter(text.charCodeAt(i + n)))) return true;
    }
    return false;
  };
  return (text, start) => {
    for (let i = start - 1, stop = Math.max(0, start - within); i >= stop; i--) {
      const c = text.charCodeAt(i);
      if (allowed[c] !== 1) return false;
      if (initial[c] === 1 && (i === 0 || !isGateLetter(text.charCodeAt(i - 1))) && startsKeyword(text, i, start)) return true;
    }
    return false;
  };
}

export function isGateLetter(c: number): boolean {
  const l = c | 0x20;
  return (l >= 97 && l <= 122) || (c >= 0x0900 && c <= 0x097f) || c === 0x017f || c === 0x212a;
}

const MAX_SKIP = 3;
const MAX_LEN = 7;

/**
 * The gates of up to 31 patterns as one dispatch table: `mask(text, start, end)` is the bit set of
 * the patterns (bit k for gates[k]) that can match with their span at the run [start, end). Characters
 * are mapped to a few classes once (a Uint8Array over UTF-16 units), so an anchor costs a handful of
 * typed-array reads however many patterns there are.
 */
export class GateTable {
  private readonly cls = new Uint8Array(0x10000);
  private readonly beforeMask: number[] = [0];
  private readonly afterMask: number[] = [0];
  private readonly skipMask: number[][] = [];
  private readonly lengthMask: number[] = [];
  private startMask = 0;
  private endMask = 0;
  /** Patterns with no `after` gate. */
  private anyAfter = 0;

  constructor(gates: ReadonlyArray<AnchorGate | undefined>) {
    if (gates.length > 31) throw new Error('at most 31 gates');
    // classes: 0 = any other character, 1 = a letter not listed, then one per listed character
    const letterClass = 1;
    const sample = [-1, -1];
    for (let c = 0; c < 0x10000; c++) if (isGateLetter(c)) this.cls[c] = letterClass;
    for (const g of gates) {
      for (const ch of `${g?.before ?? ''}${g?.after ?? ''}${g?.skipChars ?? ''}`) {
        const c = ch.charCodeAt(0);
        if (this.cls[c] === 0 || this.cls[c] === letterClass) {
          this.cls[c] = sample.length;
          sample.push(c);
        }
      }
    }
    sample[letterClass] = this.cls.indexOf(letterClass);
    const classes = sample.length;
    for (let step = 0; step < MAX_SKIP; step++) this.skipMask.push(new Array<number>(classes).fill(0));
    this.beforeMask = new Array<number>(classes).fill(0);
    this.afterMask = new Array<number>(classes).fill(0);
    for (let len = 0; len <= MAX_LEN; len++) this.lengthMask.push(0);
    gates.forEach((g, i) => {
      const bit = 1 << i;
      for (let len = 1; len <= MAX_LEN; len++) if (!g?.lengths || g.lengths.includes(len)) this.lengthMask[len]! |= bit;
      const before = g && (g.before !== undefined || g.beforeLetter) ? g : undefined;
      const after = g && (g.after !== undefined || g.afterLetter) ? g : undefined;
      if (!before || before.beforeStart) this.startMask |= bit;
      if (!after) this.anyAfter |= bit;
      else if (after.afterEnd) this.endMask |= bit;
      for (let k = 0; k < classes; k++) {
        const c = sample[k]!;
        const listedBefore = c >= 0 && (before?.before ?? '').includes(String.fromCharCode(c));
        if (!before || listedBefore || (before.beforeLetter && c >= 0 && isGateLetter(c))) this.beforeMask[k]! |= bit;
        if (after && c >= 0 && (after.after ?? '').includes(String.fromCharCode(c))) this.afterMask[k]! |= bit;
        if (after?.afterLetter && c >= 0 && isGateLetter(c)) this.afterMask[k]! |= bit;
        if (after && c >= 0 && (after.skipChars ?? '').includes(String.fromCharCode(c))) {
          for (let step = 0; step < Math.min(MAX_SKIP, after.skip ?? 0); step++) this.skipMask[step]![k]! |= bit;
        }
      }
    });
  }

  /** Bit set of the gates the digit run [start, end) passes. */
  mask(text: string, start: number, end: number): number {
    let m = this.lengthMask[Math.min(end - start, MAX_LEN)]!;
    if (m === 0) return 0;
    m &= start === 0 ? this.startMask : this.beforeMask[this.cls[text.charCodeAt(start - 1)]!]!;
    if (m === 0) return 0;
    let pass = m & this.anyAfter;
    let pending = m & ~this.anyAfter;
    const n = text.length;
    // Greedy as the patterns are: up to `skip` skippable characters are passed, then one is tested.
    for (let step = 0, j = end; pending !== 0; step++, j++) {
      if (j >= n) {
        pass |= pending & this.endMask;
        break;
      }
      const k = this.cls[text.charCodeAt(j)]!;
      const skip = step < MAX_SKIP ? this.skipMask[step]![k]! & pending : 0;
      pass |= pending & ~skip & this.afterMask[k]!;
      pending = skip;
    }
    return pass;
  }
}
