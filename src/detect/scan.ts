// Shape dispatch (issue 11, item 1): a pattern with an `anchors` entry in its patterns/<id>.json is
// never run over the whole text. Pass A (src/text/anchors.ts) lists the digit runs, '@'s and IPv6
// colons once per text; each pattern looks only at the anchors whose shape fits it (run length, first
// digit, letters glued before/after, the character before/after, the grouping separator) and runs its
// own regex, compiled sticky ('y'), at the few positions where a match holding that anchor can begin.
//
// The hits are exactly those of the global `exec` loop (the oracle test checks it on the corpus and
// on generated text): every match holds an anchor of its kind; its start lies at most `back`
// characters before its first such anchor (or, for '@', at the start of the run of `walk`
// characters before it, which the pattern's look-behind forces); positions are tried in increasing
// order from the end of the previous hit, as `exec` does. A run mixing digit scripts skips the shape
// filters and tries every position (a pattern may start inside it).
import { anchorsOf, AT, COLON, DIGITS, type Anchors } from '../text/anchors.js';
import { Errors } from '../errors.js';

/** Which anchors a pattern can start from, as written in patterns/<id>.json `anchors.<pattern name>`. */
export interface AnchorSpec {
  /** The anchor every match holds: a digit run, an '@' or an IPv6 ':' (followed by another within 5). */
  on: 'digits' | '@' | ':';
  /** Most characters from a match's start to its first anchor (digits, ':'; default 0). */
  back?: number;
  /** '@': the characters walked back over to the match start (a regex class body, e.g. "A-Za-z0-9._-"). */
  walk?: string;
  /** '@': longest walk; a longer run cannot hold a match (default unlimited). */
  maxWalk?: number;
  /** Digits: lengths of the first digit run, "4|12", "9-18". */
  length?: string;
  /** Digits: values of its first digit, "2-9", "0|9". */
  lead?: string;
  /** Digits: ASCII letters glued right before / after it, "5", "0|2", "1-15". */
  before?: string;
  after?: string;
  /** Digits: the character before the glued letters / right after the run (any of these). */
  prev?: string;
  next?: string;
  /** Digits: the run must be followed by one of these separators and another digit run. */
  sep?: string;
}

const KEYS = new Set(['on', 'back', 'walk', 'maxWalk', 'length', 'lead', 'before', 'after', 'prev', 'next', 'sep']);
const SET = /^\d{1,2}(?:-\d{1,2})?(?:\|\d{1,2}(?:-\d{1,2})?)*$/;
const WALK = /^(?:[A-Za-z0-9._%+@:/-]|[A-Za-z0-9]-[A-Za-z0-9])+$/;

/** A compiled anchor spec: filters as bit masks over 0-63 (values above 63 count as 63). */
export interface Shape {
  readonly kind: number;
  readonly back: number;
  readonly walk: Uint8Array | undefined;
  readonly maxWalk: number;
  readonly length: bigint;
  readonly lead: bigint;
  readonly before: bigint;
  readonly after: bigint;
  readonly prev: string;
  readonly next: string;
  readonly sep: string;
}

const ALL = (1n << 64n) - 1n;

function numberSet(v: unknown, what: string, fail: (m: string) => Error): bigint {
  if (v === undefined) return ALL;
  if (typeof v !== 'string' || !SET.test(v)) throw fail(`${what} must be like "4|12" or "9-18"`);
  let m = 0n;
  for (const part of v.split('|')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let k = a; k <= (b ?? a); k++) m |= 1n << BigInt(Math.min(k, 63));
  }
  return m;
}

function classTable(body: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < body.length; i++) {
    if (i + 2 < body.length && body[i + 1] === '-') {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c++) t[c] = 1;
      i += 2;
    } else t[body.charCodeAt(i)] = 1;
  }
  return t;
}

/** Check an anchor spec's shape (clear INVALID_DETECTOR errors) and compile it. */
export function compileShape(spec: unknown, where: string): Shape {
  const fail = (m: string): Error => Errors.invalidDetector(`${where}: anchors ${m}`);
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw fail('entry must be an object');
  const s = spec as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!KEYS.has(k)) throw fail(`has an unknown field "${k}"`);
  const kind = s.on === 'digits' ? DIGITS : s.on === '@' ? AT : s.on === ':' ? COLON : 0;
  if (!kind) throw fail('"on" must be "digits", "@" or ":"');
  const int = (v: unknown, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000) throw fail(`"${name}" must be an integer 0-1000`);
    return v;
  };
  const chars = (v: unknown, name: string): string => {
    if (v === undefined) return '';
    if (typeof v !== 'string' || v.length === 0) throw fail(`"${name}" must be a non-empty string of characters`);
    return v;
  };
  let walk: Uint8Array | undefined;
  if (kind === AT) {
    if (typeof s.walk !== 'string' || !WALK.test(s.walk)) throw fail('"walk" (the class walked back from "@", e.g. "A-Za-z0-9._-") is required for "@"');
    walk = classTable(s.walk);
  } else if (s.walk !== undefined || s.maxWalk !== undefined) throw fail('"walk" only applies to "@"');
  return {
    kind,
    back: int(s.back, 'back', 0),
    walk,
    maxWalk: int(s.maxWalk, 'maxWalk', 1000),
    length: numberSet(s.length, 'length', fail),
    lead: numberSet(s.lead, 'lead', fail),
    before: numberSet(s.before, 'before', fail),
    after: numberSet(s.after, 'after', fail),
    prev: chars(s.prev, 'prev'),
    next: chars(s.next, 'next'),
    sep: chars(s.sep, 'sep'),
  };
}

/** Anchor indices of one text bucketed by kind and (digit runs of one script) run length. */
interface Index {
  readonly a: Anchors;
  /** Per bucket (0-63: pure digit runs by length, 64 mixed-script runs, 65 '@', 66 ':'): anchor indices. */
  readonly buckets: Int32Array[];
}

const MIXED = 64;
const AT_BUCKET = 65;
const COLON_BUCKET = 66;
let lastIndex: Index | undefined;

function indexOf(text: string): Index {
  const a = anchorsOf(text);
  if (lastIndex !== undefined && lastIndex.a === a) return lastIndex;
  const counts = new Int32Array(67);
  const bucket = new Uint8Array(a.count);
  for (let i = 0; i < a.count; i++) {
    const k = a.kind[i];
    const s = a.script[i]!;
    const b = k === AT ? AT_BUCKET : k === COLON ? COLON_BUCKET : (s & (s - 1)) !== 0 ? MIXED : Math.min(63, a.end[i]! - a.start[i]!);
    bucket[i] = b;
    counts[b]!++;
  }
  const buckets = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(67);
  for (let i = 0; i < a.count; i++) {
    const b = bucket[i]!;
    buckets[b]![fill[b]!++] = i;
  }
  lastIndex = { a, buckets };
  return lastIndex;
}

function has(mask: bigint, v: number): boolean {
  return ((mask >> BigInt(Math.min(v, 63))) & 1n) === 1n;
}

function charIn(set: string, c: number): boolean {
  return set === '' || (c >= 0 && set.includes(String.fromCharCode(c)));
}

/** The anchors a shape may start from, in text order. */
function candidates(idx: Index, shape: Shape): Int32Array {
  if (shape.kind === AT) return idx.buckets[AT_BUCKET]!;
  if (shape.kind === COLON) return idx.buckets[COLON_BUCKET]!;
  const parts: Int32Array[] = [];
  let total = 0;
  for (let len = 1; len <= MIXED; len++) {
    const b = idx.buckets[len]!;
    if (b.length === 0 || (len < MIXED && !has(shape.length, len))) continue;
    parts.push(b);
    total += b.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Int32Array(total);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return parts.length > 1 ? out.sort() : out;
}

function fits(a: Anchors, i: number, shape: Shape): boolean {
  return has(shape.lead, a.lead[i]!) && has(shape.before, a.before[i]!) && has(shape.after, a.after[i]!)
    && charIn(shape.prev, a.prev[i]!) && charIn(shape.next, a.next[i]!) && (shape.sep === '' || charIn(shape.sep, a.sep[i]!));
}

/** One hit: the span (a capture group when the pattern has one) and the whole match. */
export interface ScanHit {
  start: number;
  end: number;
  matchStart: number;
  matchEnd: number;
}

/**
 * Every match of `sticky` (the pattern's own source compiled with 'y') in `text`, found from the
 * anchors `shape` admits, in the order and with the spans of the global `exec` loop.
 */
export function anchoredHits(text: string, sticky: RegExp, shape: Shape, group: number): ScanHit[] {
  const idx = indexOf(text);
  const a = idx.a;
  const list = candidates(idx, shape);
  const hits: ScanHit[] = [];
  let from = 0; // first position not yet tried and not inside a hit
  const at = (s: number): boolean => {
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (m === null || m[0].length === 0) return false;
    const matchEnd = s + m[0].length;
    from = matchEnd;
    if (group) {
      const g = m.indices?.[group];
      if (g) hits.push({ start: g[0], end: g[1], matchStart: s, matchEnd });
    } else hits.push({ start: s, end: matchEnd, matchStart: s, matchEnd });
    return true;
  };
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    const p = a.start[i]!;
    if (shape.kind === AT) {
      const walk = shape.walk!;
      let t = p;
      while (t > from && p - t <= shape.maxWalk) {
        const c = text.charCodeAt(t - 1);
        if (c >= 128 || walk[c] === 0) break;
        t--;
      }
      if (p - t > shape.maxWalk || t < from) continue;
      // The walk stopped at `from` inside a run: the match would start inside it, which the
      // look-behind forbids unless the run really ends there.
      if (t === from && t > 0) {
        const c = text.charCodeAt(t - 1);
        if (c < 128 && walk[c] === 1) continue;
      }
      at(t);
      from = Math.max(from, t + 1);
      continue;
    }
    const mixed = shape.kind === DIGITS && (a.script[i]! & (a.script[i]! - 1)) !== 0;
    if (!mixed && shape.kind === DIGITS && !fits(a, i, shape)) continue;
    const last = mixed ? a.end[i]! - 1 : p;
    for (let s = Math.max(from, p - shape.back); s <= last; s++) {
      if (at(s)) break;
      from = s + 1;
    }
  }
  return hits;
}

/** The pattern source compiled sticky, for `anchoredHits`: the same flags with 'y' for 'g'. */
export function stickyFlags(flags: string): string {
  return flags.replace('g', '') + 'y';
}
