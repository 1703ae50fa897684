// Per-session plan memo (issue 11, item 6). Allocating a token for a value costs an HMAC per key in
// the keyring (4-4.5 µs each, ../shared/PERF-NOTES.md), plus a second HMAC and the candidate values
// in deterministic and surrogate modes; a text mentions the same person, phone or e-mail again and
// again, and a chat session sends them again on every turn. The memo keeps, per session, what the
// core computed for a (mode, type, spelling): the lookup HMACs, the token kind and prefix and the
// candidates. It is a cache of a pure function of (session, mode, type, value, keyring), never of the
// store's state: the backend still answers every request (a value erased or expired meanwhile, or
// changed by another process, gets what it would get without the memo). So the memo cannot give a
// wrong token; what it must get right is forgetting:
//   - rotateKey changes the keyring: the whole memo is dropped (lookups and key id would be stale);
//   - forgetSession drops the session; forgetValue every entry whose lookups it erased (any spelling,
//     any session); purgeExpired and close drop everything (the memo does not know expiries);
//   - bounded: at most `max` entries over all sessions; past that, least recently used sessions are
//     dropped whole down to 3/4 of the bound (a session used again moves to the back).
// The memo holds the values it was asked about (as keys, copied: see `detach`), in this process only,
// as the caller did.
import type { RecordKind } from './interface.js';

/** What allocating one (session, mode, type, value) needs that does not depend on the call. */
export interface PlanParts {
  readonly kind: RecordKind;
  readonly prefix: string;
  /** Lookup HMACs under the keyring's keys, current first. */
  readonly lookups: readonly string[];
  readonly candidates: readonly string[];
  readonly moreCandidates?: () => readonly string[];
  /** True once a call with this plan has returned a token (the value is probably stored). */
  seen: boolean;
  /**
   * The last tokenize call (a per-vault number) that planned this entry, and the request of that call
   * answering it: a repeat of the value in the same call is found through its memo entry, with no
   * per-call Map of joined keys (src/vault/vault.ts, `tokenize`).
   */
  call: number;
  slot: number;
}

const SCRATCH_MAX = 16_384;
let scratch = Buffer.alloc(1024);

/**
 * A copy of `s` that shares no storage with a string it was sliced or concatenated from. Values are
 * slices of the caller's text (V8 keeps a slice as a pointer into its parent): a memo key or closure
 * holding one kept the whole input text alive, 110 MB for 300 values sliced from 200 KB texts.
 */
export function detach(s: string): string {
  // Through a reused scratch (wiped after): `Buffer.from` cut a slice of Node's shared 8 KB pool per
  // call, which the blobs stored next to it in that pool then kept alive (3.6 KB per 1 KB anonymise
  // call in the allocation profile). Long strings, rare, take the plain way and leave no big scratch.
  const bytes = s.length * 2;
  if (bytes > SCRATCH_MAX) return Buffer.from(s, 'utf16le').toString('utf16le');
  if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(SCRATCH_MAX);
  scratch.write(s, 0, 'utf16le');
  const copy = scratch.toString('utf16le', 0, bytes);
  scratch.fill(0, 0, bytes);
  return copy;
}

/** Default bound on memoised entries per vault (about 300 bytes each). */
export const MEMO_MAX = 16_384;
/** Longer values are not memoised (the bound is on entries, so it must not hold long strings). */
export const MEMO_VALUE_MAX = 256;

export class PlanMemo {
  private readonly sessions = new Map<string, Map<string, PlanParts>>();
  private size = 0;
  /** Times `set` evicted (a tokenize call sees whether its entries may be gone). */
  evictions = 0;

  constructor(readonly max: number = MEMO_MAX) {}

  get entries(): number {
    return this.size;
  }

  /** The memo of one session, moved to the back of the eviction order. */
  session(session: string): Map<string, PlanParts> | undefined {
    const m = this.sessions.get(session);
    if (m) {
      this.sessions.delete(session);
      this.sessions.set(session, m);
    }
    return m;
  }

  set(session: string, key: string, parts: PlanParts): void {
    if (this.max <= 0) return;
    let m = this.sessions.get(session);
    if (!m) this.sessions.set(detach(session), (m = new Map()));
    if (!m.has(key)) this.size++;
    m.set(detach(key), parts);
    if (this.size > this.max) this.evict();
  }

  /**
   * Drop whole sessions, least recently used first, down to three quarters of the bound: O(1) per
   * entry amortised. (Evicting one entry at a time from the front of a Map walked over the holes the
   * earlier deletions left, and cost a few µs per new value once the memo was full.) A single session
   * larger than that is dropped whole too; it refills as it is used.
   */
  private evict(): void {
    this.evictions++;
    const target = Math.floor(this.max * 0.75);
    for (const [sid, m] of this.sessions) {
      if (this.size <= target) break;
      this.sessions.delete(sid);
      this.size -= m.size;
    }
  }

  forgetSession(session: string): void {
    const m = this.sessions.get(session);
    if (!m) return;
    this.size -= m.size;
    this.sessions.delete(session);
  }

  /** Drop every entry (any session, any spelling) whose lookups include one of `lookups`. */
  forgetLookups(lookups: ReadonlySet<string>): void {
    for (const [sid, m] of this.sessions) {
      for (const [k, p] of m) {
        if (p.lookups.some((l) => lookups.has(l))) {
          m.delete(k);
          this.size--;
        }
      }
      if (m.size === 0) this.sessions.delete(sid);
    }
  }

  clear(): void {
    this.sessions.clear();
    this.size = 0;
  }
}
