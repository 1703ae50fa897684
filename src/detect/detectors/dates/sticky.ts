// Sticky regexes at an anchor, compiled from the pattern sources in patterns/*.json (issue 11).
//
// A pattern written for a whole-text scan, `PREFIX (SPAN) SUFFIX`, becomes `(?<=PREFIX)(SPAN)SUFFIX`
// run sticky (`y`) at the position where its span can start (a digit run, a month word): the part
// before the span turns into a look-behind, so the regex never scans for the keyword and costs one
// attempt per anchor. The span's end and the match's end (unit words after an age) are read from the
// match; the look-behind sees the text before the anchor exactly as the whole-text scan did.
import { compilePattern, type PatternDef } from '../../define.js';

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
  const { regex } = compilePattern({ name: def.name, source, flags: def.flags, score: def.score }, detectorId);
  return new RegExp(regex.source, `${regex.flags.replace('g', '')}y`);
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

export function isGateLetter(c: number): boolean {
  const l = c | 0x20;
  return (l >= 97 && l <= 122) || (c >= 0x0900 && c <= 0x097f) || c === 0x017f || c === 0x212a;
}

/** A compiled gate: true when the pattern can match with its span at [start, end). */
export type GateTest = (text: string, start: number, end: number) => boolean;

export function compileGate(g: AnchorGate | undefined): GateTest {
  if (!g) return () => true;
  const before = g.before === undefined && !g.beforeLetter ? undefined : new Set([...(g.before ?? '')].map((c) => c.charCodeAt(0)));
  const after = g.after === undefined && !g.afterLetter ? undefined : new Set([...(g.after ?? '')].map((c) => c.charCodeAt(0)));
  const skipChars = new Set([...(g.skipChars ?? '')].map((c) => c.charCodeAt(0)));
  const skip = g.skip ?? 0;
  const beforeLetter = g.beforeLetter === true;
  const afterLetter = g.afterLetter === true;
  const afterEnd = g.afterEnd === true;
  const beforeStart = g.beforeStart === true;
  const lengths = g.lengths ? new Set(g.lengths) : undefined;
  return (text, start, end) => {
    if (lengths && !lengths.has(end - start)) return false;
    if (before) {
      if (start === 0) {
        if (!beforeStart) return false;
      } else {
        const c = text.charCodeAt(start - 1);
        if (!before.has(c) && !(beforeLetter && isGateLetter(c))) return false;
      }
    }
    if (after) {
      let j = end;
      const stop = Math.min(text.length, end + skip);
      while (j < stop && skipChars.has(text.charCodeAt(j))) j++;
      if (j >= text.length) return afterEnd;
      const c = text.charCodeAt(j);
      if (!after.has(c) && !(afterLetter && isGateLetter(c))) return false;
    }
    return true;
  };
}
