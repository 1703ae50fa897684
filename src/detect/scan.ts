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
import { keepShape } from '../text/shapes.js';
import { anchorsOf, AT, COLON, DIGITS, MAX_GLUED, type Anchors } from '../text/anchors.js';
import { capsBefore, features, needOf, type Features } from './scan-features.js';
import type { Shape } from './shape.js';

/** A pattern as the dispatch runs it: its source compiled sticky, its shape, its capture group. */
export interface Anchored {
  readonly sticky: RegExp;
  readonly shape: Shape;
  readonly group: number;
}

/** One hit: the span (a capture group when the pattern has one) and the whole match. */
export interface ScanHit {
  start: number;
  end: number;
  matchStart: number;
  matchEnd: number;
}

const NO_HITS: readonly ScanHit[] = Object.freeze([]);

/** A hit as `list` hands it out: a class, not a literal, so V8 does not pretenure it (see `Raw`, define.ts). */
class Hit implements ScanHit {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly matchStart: number,
    readonly matchEnd: number,
  ) {}
}
keepShape(new Hit(0, 0, 0, 0));

// Buckets of anchors. A digit run of one script falls in the bucket of its length (1-63; 63: longer),
// first digit and letters glued before it, and each bucket lists the patterns whose length, lead and
// before sets admit all three: those filters cost nothing per anchor, and a pattern is visited only
// at the anchors it can start from (dense text: most runs are visited by one or two patterns, not by
// every pattern of their length). Then one bucket each for runs mixing scripts, '@' and ':'.
//
// A pattern that needs something of the run's surroundings (`prev`, `next`: '+' before "+91…" for the
// international phone pattern, '.' after the first group of an IPv4 address; a separator and another
// run after it, for grouped numbers; two capitals before it, `capsBefore`) is listed in a second
// table instead: for each digit bucket it admits, one list per combination of feature bits
// (scan-features.ts). An anchor's bits come from its surroundings, and a pattern is listed under the
// combinations holding all of its bits, so a run after anything but '+' never visits the
// international pattern (prose: 9.5 visits a KB for 0.06 regex runs before), nor a run with no
// separator after it a grouped one (8.2 visits a KB), nor a run after lower case a plate (16.3).
const LEADS = 10;
const BEFORES = MAX_GLUED + 1;
const DIGIT_BUCKETS = 64 * LEADS * BEFORES;
const MIXED = DIGIT_BUCKETS;
const AT_BUCKET = MIXED + 1;
const COLON_BUCKET = MIXED + 2;
const BUCKETS = MIXED + 3;
// Local copies: the hot loop reads them on every anchor.
const K_AT = AT;
const K_COLON = COLON;

/** Feature bits (scan-features.ts: at most 3 + 2) and PACK[m * PACKED + f]: the bits of f that m
 *  holds, packed low (f's index among the combinations of m's bits). */
const PACKED = 32;
const PACK = new Uint8Array(PACKED * PACKED);
for (let m = 0; m < PACKED; m++) {
  for (let f = 0; f < PACKED; f++) {
    for (let bit = 1, k = 0; bit < PACKED; bit <<= 1) if (m & bit) PACK[m * PACKED + f]! |= (f & bit ? 1 : 0) << k++;
  }
}

function popcount(m: number): number {
  let n = 0;
  for (; m !== 0; m &= m - 1) n++;
  return n;
}

/** An array of running totals: sizes[b + 1] holds bucket b's count on entry, its list's end on return. */
function runningTotals(sizes: Int32Array): Int32Array {
  for (let b = 1; b < sizes.length; b++) sizes[b]! += sizes[b - 1]!;
  return sizes;
}

function bucketOf(a: Anchors, i: number): number {
  const k = a.kind[i];
  if (k === K_AT) return AT_BUCKET;
  if (k === K_COLON) return COLON_BUCKET;
  const s = a.script[i]!;
  if ((s & (s - 1)) !== 0) return MIXED;
  const len = a.end[i]! - a.start[i]!;
  return ((len > 63 ? 63 : len) * LEADS + a.lead[i]!) * BEFORES + a.before[i]!;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;


function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
}

function inTable(t: Uint8Array | undefined, c: number): boolean {
  return t === undefined || (c >= 0 && c < 128 && t[c] === 1);
}

/** The filters the bucket does not apply: letters glued after, the characters around, the separator,
 *  the chained runs. */
function fitsRest(a: Anchors, i: number, shape: Shape): boolean {
  const after = a.after[i]!;
  const chain = a.chain[i]!;
  return shape.after[after > 63 ? 63 : after] === 1 && inTable(shape.prev, a.prev[i]!) && inTable(shape.next, a.next[i]!)
    && (shape.sep === undefined || inTable(shape.sep, a.sep[i]!)) && shape.runs[chain > 63 ? 63 : chain] === 1;
}

/** Whether a shape filters on anything `fitsRest` checks (else the check is skipped). */
function hasRest(shape: Shape): boolean {
  for (let k = 0; k <= MAX_GLUED; k++) if (shape.after[k] !== 1) return true;
  for (let k = 1; k < 64; k++) if (shape.runs[k] !== 1) return true;
  return shape.prev !== undefined || shape.next !== undefined || shape.sep !== undefined;
}

/** The buckets of anchors a pattern can start from. */
function bucketsOf(shape: Shape, add: (bucket: number) => void): void {
  if (shape.kind === AT) return add(AT_BUCKET);
  if (shape.kind === COLON) return add(COLON_BUCKET);
  const admitted = (set: Uint8Array, from: number, to: number): number[] => {
    const out: number[] = [];
    for (let v = from; v < to; v++) if (set[v] === 1) out.push(v);
    return out;
  };
  const leads = admitted(shape.lead, 0, LEADS);
  const befores = admitted(shape.before, 0, BEFORES);
  for (const len of admitted(shape.length, 1, 64)) {
    for (const lead of leads) for (const before of befores) add((len * LEADS + lead) * BEFORES + before);
  }
  add(MIXED);
}

/** The shape table of a set of anchored patterns: for each bucket of anchors, the patterns whose shape
 *  admits it. `run` walks the anchors of a text once and tries, at each, only those patterns. Its hits
 *  stay until the next run, in typed arrays reused from text to text (a list only when asked: `list`). */
export class Dispatch {
  /** Bucket b's patterns are slots[offs[b]] … slots[offs[b + 1] - 1], in pattern order. */
  private readonly offs: Int32Array;
  private readonly slots: Int32Array;
  /** The second table (patterns needing feature bits, see above): per digit bucket, the index of its
   *  first list in fOffs (-1: no such pattern admits the bucket); lists fSlots[fOffs[j]] … fSlots[fOffs[j + 1] - 1]. */
  private readonly fBase: Int32Array;
  /** Per digit bucket: the feature bits its second-table patterns use (its lists: their combinations). */
  private readonly fMask: Uint8Array;
  private readonly fOffs: Int32Array;
  private readonly fSlots: Int32Array;
  private readonly feats: Features;
  /** Per pattern: 1 when `fitsRest` has something to check. */
  private readonly rest: Uint8Array;
  /** Per pattern: first position not yet tried, not inside a hit (the global regex's lastIndex). */
  private readonly from: Int32Array;
  /** The text of the last run (its hits are the ones held); undefined before the first. */
  text: string | undefined;
  /** Hits of the last run, four numbers each from 4h: start, end, matchStart, matchEnd. */
  hit: Int32Array = new Int32Array(256);
  /** Per hit: the next hit of the same pattern (-1: none). Per pattern: its first hit / last hit. */
  link: Int32Array = new Int32Array(64);
  readonly head: Int32Array;
  private readonly tail: Int32Array;
  private count = 0;
  /** Hit lists handed out for the last run (`list`), and which run each was built for. */
  private readonly lists: (readonly ScanHit[])[];
  private readonly listRun: Int32Array;
  private runs = 0;

  constructor(readonly patterns: readonly Anchored[]) {
    const n = patterns.length;
    const feats = (this.feats = features(patterns.map((p) => p.shape)));
    const need = patterns.map((p) => needOf(p.shape, feats));
    // First table: every pattern needing no feature bit, and every pattern's bucket of mixed scripts.
    const first = (slot: number, b: number): boolean => need[slot] === 0 || b >= DIGIT_BUCKETS;
    // Each pattern's buckets, listed once: the tables below are counted, then filled, from them.
    const buckets = patterns.map((p) => {
      const out: number[] = [];
      bucketsOf(p.shape, (b) => out.push(b));
      return out;
    });
    const sizes = new Int32Array(BUCKETS + 1);
    buckets.forEach((bs, slot) => { for (const b of bs) if (first(slot, b)) sizes[b + 1]!++; });
    this.offs = runningTotals(sizes);
    this.slots = new Int32Array(sizes[BUCKETS]!);
    const fill = sizes.slice(0, BUCKETS);
    buckets.forEach((bs, slot) => { for (const b of bs) if (first(slot, b)) this.slots[fill[b]!++] = slot; });
    // Second table: the other digit buckets, one list per combination of the feature bits their
    // patterns use (a bucket whose patterns need only SEP has two lists, not one per combination of all).
    const fMask = (this.fMask = new Uint8Array(DIGIT_BUCKETS));
    buckets.forEach((bs, slot) => { for (const b of bs) if (!first(slot, b)) fMask[b]! |= need[slot]!; });
    const fBase = (this.fBase = new Int32Array(DIGIT_BUCKETS).fill(-1));
    let lists = 0;
    for (let b = 0; b < DIGIT_BUCKETS; b++) if (fMask[b] !== 0) [fBase[b], lists] = [lists, lists + (1 << popcount(fMask[b]!))];
    /** The second table's lists pattern `slot` belongs in: those of its digit buckets whose bits hold its own. */
    const listsOf = (slot: number): number[] => {
      const out: number[] = [];
      for (const b of buckets[slot]!) {
        if (first(slot, b)) continue;
        const m = fMask[b]!;
        for (let f = 0; f < PACKED; f++) if ((f & ~m) === 0 && (f & need[slot]!) === need[slot]) out.push(fBase[b]! + PACK[m * PACKED + f]!);
      }
      return out;
    };
    const fLists = patterns.map((_, slot) => listsOf(slot));
    const fSizes = new Int32Array(lists + 1);
    for (const js of fLists) for (const j of js) fSizes[j + 1]!++;
    this.fOffs = runningTotals(fSizes);
    this.fSlots = new Int32Array(fSizes[lists]!);
    const fFill = fSizes.slice(0, lists);
    fLists.forEach((js, slot) => { for (const j of js) this.fSlots[fFill[j]!++] = slot; });
    this.rest = Uint8Array.from(patterns, (p) => (p.shape.kind === DIGITS && hasRest(p.shape) ? 1 : 0));
    this.from = new Int32Array(n);
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n);
    this.lists = new Array<readonly ScanHit[]>(n).fill(NO_HITS);
    this.listRun = new Int32Array(n);
  }

  /** Whether the held hits are `text`'s. An equal copy is adopted: the next checks (one per hit)
   *  compare pointers, not both strings whole (a text sent again cost 10× its detect). */
  holds(text: string): boolean {
    if (this.text !== text) return false;
    this.text = text;
    return true;
  }

  /** Match every pattern on `text`: the hits of the global `exec` loop, in its order, with its spans
   *  (each pattern tried on from its last hit's end); read through `head`/`link`/`hit` or `list`. */
  run(text: string): void {
    this.text = undefined;
    this.head.fill(-1);
    this.from.fill(0);
    this.count = 0;
    this.runs++;
    this.match(text, anchorsOf(text));
    this.text = text;
  }

  /** `run`'s loop, with nothing after it (code after an on-stack-compiled loop: see person/tokens.ts). */
  private match(text: string, a: Anchors): void {
    const { offs, slots, fBase, fMask, fOffs, fSlots } = this;
    const { prev: fPrev, next: fNext, sep: fSep, caps: fCaps } = this.feats;
    for (let i = 0; i < a.count; i++) {
      const b = bucketOf(a, i);
      const stop = offs[b + 1]!;
      const k = offs[b]!;
      // The second table's list for the characters around this run.
      let fk = 0;
      let fStop = 0;
      const j = b < DIGIT_BUCKETS ? fBase[b]! : -1;
      if (j >= 0) {
        const c = a.prev[i]!;
        const d = a.next[i]!;
        const m = fMask[b]!;
        let bits = (c >= 0 && c < 128 ? fPrev[c]! : 0) | (d >= 0 && d < 128 ? fNext[d]! : 0);
        if (a.sep[i] !== 0) bits |= fSep;
        if ((m & fCaps) !== 0 && capsBefore(text, a.start[i]!)) bits |= fCaps;
        const f = j + PACK[m * PACKED + (bits & m)]!;
        fk = fOffs[f]!;
        fStop = fOffs[f + 1]!;
      }
      if (k < stop) this.visit(text, a, i, b, slots, k, stop);
      if (fk < fStop) this.visit(text, a, i, b, fSlots, fk, fStop);
    }
  }

  /** Try the patterns list[k] … list[stop - 1] at anchor i (in bucket b), each from its last position. */
  private visit(text: string, a: Anchors, i: number, b: number, list: Int32Array, k: number, stop: number): void {
    const pats = this.patterns;
    const { rest, from } = this;
    const p = a.start[i]!;
    const mixed = b === MIXED;
    for (; k < stop; k++) {
      const slot = list[k]!;
      const pat = pats[slot]!;
      const shape = pat.shape;
      let f = from[slot]!;
      if (shape.kind === K_AT) {
        // Walk back over the pattern's local-part class: its look-behind forbids a start inside
        // that run, so the match can only begin where the run begins.
        const walk = shape.walk!;
        let t = p;
        while (t > f && p - t <= shape.maxWalk) {
          const c = text.charCodeAt(t - 1);
          if (c >= 128 || walk[c] === 0) break;
          t--;
        }
        if (p - t > shape.maxWalk || t < f) continue;
        if (t === f && t > 0) {
          const c = text.charCodeAt(t - 1);
          if (c < 128 && walk[c] === 1) continue;
        }
        from[slot] = this.tryAt(text, pat, slot, t) || t + 1;
        continue;
      }
      if (b < DIGIT_BUCKETS && rest[slot] === 1 && !fitsRest(a, i, shape)) continue;
      const last = mixed ? a.end[i]! - 1 : p;
      const first = shape.first;
      const notAfter = shape.notAfter;
      for (let s = Math.max(f, p - shape.back); s <= last; s++) {
        if (!mixed) {
          // Cheap necessary conditions before the regex: the first character, and no letter or
          // digit right before the start when the look-behind forbids one.
          const c = text.charCodeAt(s);
          if ((first !== undefined && (c >= 128 || first[c] === 0)) || (shape.bound && s > 0 && isAlnum(text.charCodeAt(s - 1)))
            || (notAfter !== undefined && s > 1 && inTable(notAfter, text.charCodeAt(s - 1)) && isDigit(text.charCodeAt(s - 2)))) {
            f = s + 1;
            continue;
          }
        }
        const e = this.tryAt(text, pat, slot, s);
        f = e || s + 1;
        if (!e) continue;
        // A later match can start inside a run that mixes scripts (every position of it is tried):
        // go on from the hit's end, as the global regex would. Elsewhere it starts past this anchor.
        if (!mixed) break;
        s = e - 1;
      }
      from[slot] = f;
    }
  }

  /** The hits of pattern `slot` in the last run, as objects (built once per run, shared: do not change them). */
  list(slot: number): readonly ScanHit[] {
    if (this.head[slot]! < 0) return NO_HITS;
    if (this.listRun[slot] === this.runs) return this.lists[slot]!;
    const out: ScanHit[] = [];
    const hit = this.hit;
    for (let h = this.head[slot]!; h >= 0; h = this.link[h]!) out.push(new Hit(hit[4 * h]!, hit[4 * h + 1]!, hit[4 * h + 2]!, hit[4 * h + 3]!));
    this.lists[slot] = out;
    this.listRun[slot] = this.runs;
    return out;
  }

  /** Run the sticky regex at s; on a match record the hit and return its end, else 0. A pattern
   *  without a capture group is run with `test()`, whose lastIndex is the match end: no match array. */
  private tryAt(text: string, pat: Anchored, slot: number, s: number): number {
    const re = pat.sticky;
    re.lastIndex = s;
    if (!pat.group) {
      if (!re.test(text) || re.lastIndex === s) return 0;
      const matchEnd = re.lastIndex;
      this.push(slot, s, matchEnd, s, matchEnd);
      return matchEnd;
    }
    const m = re.exec(text);
    if (m === null || m[0].length === 0) return 0;
    const matchEnd = s + m[0].length;
    const g = m.indices?.[pat.group];
    if (g) this.push(slot, g[0], g[1], s, matchEnd);
    return matchEnd;
  }

  private push(slot: number, start: number, end: number, matchStart: number, matchEnd: number): void {
    const h = this.count++;
    if (h === this.link.length) {
      const link = new Int32Array(2 * h);
      link.set(this.link);
      this.link = link;
      const hit = new Int32Array(8 * h);
      hit.set(this.hit);
      this.hit = hit;
    }
    const hit = this.hit;
    hit[4 * h] = start;
    hit[4 * h + 1] = end;
    hit[4 * h + 2] = matchStart;
    hit[4 * h + 3] = matchEnd;
    this.link[h] = -1;
    if (this.head[slot]! < 0) this.head[slot] = h;
    else this.link[this.tail[slot]!] = h;
    this.tail[slot] = h;
  }
}

/** The pattern source compiled sticky, for the dispatch: the same flags with 'y' for 'g'. */
export function stickyFlags(flags: string): string {
  return flags.replace('g', '') + 'y';
}
