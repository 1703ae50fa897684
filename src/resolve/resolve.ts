import type { Explanation } from '../types.js';

/** A scored span before overlap resolution. */
export interface Candidate {
  type: string;
  start: number;
  end: number;
  score: number;
  detector: string;
  /** Passed a checksum / code-list / model check (true), failed (never reaches here), or none. */
  validated: boolean;
  /** A context word of the detector was found near the span (or in its column header). */
  contextual?: boolean;
  explanation?: Explanation;
}

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

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Pure overlap resolution: returns non-overlapping spans sorted by start. Candidates are grouped into
 * clusters of transitively overlapping spans (one sort and one sweep), and inside each cluster spans
 * are taken greedily by `comparePriority`. Clusters are tiny, so this is O(n log n) overall.
 */
export function resolve(candidates: readonly Candidate[]): Candidate[] {
  if (candidates.length <= 1) return candidates.slice();
  const sorted = candidates.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = (): void => {
    if (cluster.length === 1) out.push(cluster[0]!);
    else if (cluster.length > 1) {
      const kept: Candidate[] = [];
      for (const c of cluster.sort(comparePriority)) {
        if (!kept.some((k) => overlaps(k, c))) kept.push(c);
      }
      kept.sort((a, b) => a.start - b.start);
      out.push(...kept);
    }
    cluster = [];
  };
  for (const c of sorted) {
    if (c.start >= clusterEnd) {
      flush();
      clusterEnd = c.end;
    } else if (c.end > clusterEnd) clusterEnd = c.end;
    cluster.push(c);
  }
  flush();
  return out;
}
