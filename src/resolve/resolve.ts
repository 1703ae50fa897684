import { insertionSort } from '../sort.js';
import type { Candidate } from '../types.js';

export type { Candidate };


/**
 * How specific a type is when two equally long spans overlap with equal evidence: the higher rank
 * wins. A UPI ID and an ABHA address look like e-mails; a VID or card is longer
 * than an Aadhaar; an account number with account context is more specific than a bare digit run.
 * Types not listed (custom detectors) rank 50: above generic shapes, below checksummed national IDs.
 */
export const SPECIFICITY: Readonly<Record<string, number>> = {
  GSTIN: 100,
  ABHA: 95,
  UPI_ID: 90,
  CREDIT_CARD: 85,
  AADHAAR: 80,
  IFSC: 78,
  PAN: 75,
  VEHICLE_REG: 72,
  DRIVING_LICENCE: 71,
  VOTER_ID: 70,
  PASSPORT: 68,
  BANK_ACCOUNT: 65,
  PHONE: 60,
  EMAIL: 55,
  IP_ADDRESS: 52,
  DATE_OF_BIRTH: 45,
  PIN_CODE: 40,
  AGE: 35,
  PERSON: 30,
  HEALTH: 28,
  CITY: 25,
};

function rank(type: string): number {
  return SPECIFICITY[type] ?? 50;
}

/**
 * Priority of a candidate, as a comparator (negative: `a` wins). Tie-breaks, in order:
 * 1. validated beats unvalidated (a checksum is stronger evidence than a shape);
 * 2. the longer span wins: it explains more of the text, so a GSTIN beats the PAN inside it, a
 *    "+91…" phone beats the 12 digits after the "+", a licence beats a card-shaped tail;
 * 3. at equal length, a span whose context words were found beats one without ("A/c No.
 *    9876543210" is an account, not a phone);
 * 4. the more specific type (SPECIFICITY) wins: UPI over EMAIL, card over Aadhaar VID;
 * 5. the higher score wins;
 * 6. the earlier start wins, then the detector id, so the result never depends on input order.
 */
export function comparePriority(a: Candidate, b: Candidate): number {
  if (a.validated !== b.validated) return a.validated ? -1 : 1;
  const len = b.end - b.start - (a.end - a.start);
  if (len !== 0) return len;
  if (Boolean(a.contextual) !== Boolean(b.contextual)) return a.contextual ? -1 : 1;
  const r = rank(b.type) - rank(a.type);
  if (r !== 0) return r;
  if (a.score !== b.score) return b.score - a.score;
  if (a.start !== b.start) return a.start - b.start;
  return a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0;
}

/**
 * Which stretches of a cluster are taken, over the cluster's span boundaries: a segment tree whose
 * node says "all of my stretch is taken" (full) or "some of it is" (some). Marking and asking about
 * a span are O(log n) each, so a cluster of n candidates is resolved in O(n log n) (it was a scan of
 * every span kept so far per candidate: quadratic in a long run of overlapping candidates).
 */
class Taken {
  private readonly full: Uint8Array;
  private readonly some: Uint8Array;

  constructor(private readonly coords: Float64Array) {
    const size = 4 * Math.max(1, coords.length);
    this.full = new Uint8Array(size);
    this.some = new Uint8Array(size);
  }

  /** Index of a boundary in `coords` (it is always there). */
  private at(x: number): number {
    const c = this.coords;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether any of [start, end) is taken. */
  any(start: number, end: number): boolean {
    return this.query(1, 0, this.coords.length - 1, this.at(start), this.at(end));
  }

  take(start: number, end: number): void {
    this.mark(1, 0, this.coords.length - 1, this.at(start), this.at(end));
  }

  private query(node: number, l: number, r: number, ql: number, qr: number): boolean {
    if (qr <= l || r <= ql || this.some[node] === 0) return false;
    if (this.full[node] === 1 || (ql <= l && r <= qr)) return true;
    const mid = (l + r) >> 1;
    return this.query(2 * node, l, mid, ql, qr) || this.query(2 * node + 1, mid, r, ql, qr);
  }

  private mark(node: number, l: number, r: number, ql: number, qr: number): void {
    if (qr <= l || r <= ql || this.full[node] === 1) return;
    this.some[node] = 1;
    if (ql <= l && r <= qr) {
      this.full[node] = 1;
      return;
    }
    const mid = (l + r) >> 1;
    this.mark(2 * node, l, mid, ql, qr);
    this.mark(2 * node + 1, mid, r, ql, qr);
  }
}

const byStartOnly = (a: Candidate, b: Candidate): number => a.start - b.start;

/** Clusters up to this size are resolved against the kept spans directly (no segment tree). */
const SMALL_CLUSTER = 12;

/** The spans of one cluster taken greedily by `comparePriority`, sorted by start. */
function pick(cluster: Candidate[]): Candidate[] {
  if (cluster.length <= SMALL_CLUSTER && cluster.every((c) => c.end > c.start)) {
    // A handful of spans (nearly every cluster): comparing with each kept span costs less than the
    // tree's sort, coordinate array and two typed arrays. The same test: [start, end) meets a kept span.
    const kept: Candidate[] = [];
    insertionSort(cluster, comparePriority);
    for (let i = 0; i < cluster.length; i++) {
      const c = cluster[i]!;
      let free = true;
      for (let k = 0; free && k < kept.length; k++) free = kept[k]!.start >= c.end || c.start >= kept[k]!.end;
      if (free) kept.push(c);
    }
    return insertionSort(kept, byStartOnly);
  }
  const bounds: number[] = [];
  for (const c of cluster) bounds.push(c.start, c.end);
  bounds.sort((a, b) => a - b);
  const coords = new Float64Array(bounds.length);
  let m = 0;
  for (const x of bounds) if (m === 0 || coords[m - 1] !== x) coords[m++] = x;
  const taken = new Taken(coords.subarray(0, m));
  const kept: Candidate[] = [];
  for (const c of cluster.sort(comparePriority)) {
    if (taken.any(c.start, c.end)) continue;
    taken.take(c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Pure overlap resolution: returns non-overlapping spans sorted by start. Candidates are grouped into
 * clusters of transitively overlapping spans (one sort and one sweep), and inside each cluster spans
 * are taken greedily by `comparePriority`: O(n log n) overall, however large a cluster is.
 */
export function resolve(candidates: readonly Candidate[]): Candidate[] {
  if (candidates.length <= 1) return candidates.slice();
  const sorted = byStart(candidates);
  const out: Candidate[] = [];
  // A cluster is a stretch sorted[from, i) of the sorted spans: most are one span, which goes straight
  // to the output; only clusters of two or more are copied out for `pick`. (An array per cluster was
  // a fifth of the garbage of resolving a 1 KB prompt.)
  let from = 0;
  let clusterEnd = -1;
  for (let i = 0; i <= sorted.length; i++) {
    const c = sorted[i];
    if (c !== undefined && c.start < clusterEnd) {
      if (c.end > clusterEnd) clusterEnd = c.end;
      continue;
    }
    if (i - from === 1) out.push(sorted[from]!);
    else if (i - from > 1) for (const k of pick(sorted.slice(from, i))) out.push(k);
    if (c === undefined) break;
    from = i;
    clusterEnd = c.end;
  }
  return out;
}

/** By start, then longest first (Array#sort is stable: ties stay in input order). */
const startThenLongest = (a: Candidate, b: Candidate): number => a.start - b.start || b.end - a.end;

/**
 * The candidates sorted by start, then longest first, ties in input order: what the stable
 * `slice().sort(startThenLongest)` gives, from one number per candidate
 * (start, end and input index packed exactly below 2^53) sorted natively, without a comparator call
 * per comparison. Offsets that do not pack take the comparator sort; a few candidates (a record's or
 * a short prompt's) an insertion sort, which costs less than the typed array and allocates nothing.
 */
export function byStart(candidates: readonly Candidate[]): Candidate[] {
  const n = candidates.length;
  if (n < 32) return insertionSort(candidates.slice(), startThenLongest);
  // Each loop is a function that ends with it: code after a loop V8 compiled on the stack for a
  // large input deoptimised every later call (43 in 400 1 KB calls; see `fill` in person/tokens.ts).
  const max = maxOffset(candidates);
  const m = max + 1;
  if (max < 0 || m * m * n >= Number.MAX_SAFE_INTEGER) return candidates.slice().sort(startThenLongest);
  const keys = sortKeys(candidates, max, new Float64Array(n));
  keys.sort();
  return inKeyOrder(candidates, keys, new Array<Candidate>(n));
}

/** The largest start or end, or -1 when an offset is not a whole number ≥ 0. */
function maxOffset(candidates: readonly Candidate[]): number {
  let max = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (!(Number.isInteger(c.start) && Number.isInteger(c.end) && c.start >= 0 && c.end >= 0)) return -1;
    if (c.start > max) max = c.start;
    if (c.end > max) max = c.end;
  }
  return max;
}

/** Start, end and input index packed in one number per candidate (exact below 2^53). */
function sortKeys(candidates: readonly Candidate[], max: number, keys: Float64Array): Float64Array {
  const n = candidates.length;
  const m = max + 1;
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    keys[i] = (c.start * m + (max - c.end)) * n + i;
  }
  return keys;
}

function inKeyOrder(candidates: readonly Candidate[], keys: Float64Array, out: Candidate[]): Candidate[] {
  const n = candidates.length;
  for (let i = 0; i < n; i++) out[i] = candidates[keys[i]! % n]!;
  return out;
}
