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
import { detach } from '../detach.js';
import type { RecordKind, TokenMode } from './interface.js';

/** What allocating one (session, mode, type, value) needs that does not depend on the call. */
export interface PlanParts {
  /** What the plan is for (with the spelling, its key in the session's memo). */
  readonly mode: TokenMode;
  readonly type: string;
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
  /** The next plan of the same spelling in the session's memo (another mode or type), if any. */
  next: PlanParts | undefined;
}

/**
 * One session's memo: spelling -> its plans, one per (mode, type), chained by `next` (almost always
 * one). Keyed by the spelling alone, a request finds its plan without a joined `mode \0 type \0 value`
 * string (two cons strings and their flattening per request, 1.9 KB per 1 KB anonymise call).
 */
export type SessionPlans = Map<string, PlanParts>;

/** The plan of (mode, type, value) in one session's memo. */
export function planOf(m: SessionPlans | undefined, mode: TokenMode, type: string, value: string): PlanParts | undefined {
  let p = m?.get(value);
  while (p !== undefined && (p.mode !== mode || p.type !== type)) p = p.next;
  return p;
}

function plansIn(m: SessionPlans): number {
  let n = 0;
  for (let p of m.values()) for (; p !== undefined; p = p.next!) n++;
  return n;
}

/** `head`'s chain without the plans `drop` selects (relinked in place), and how many it dropped. */
function without(head: PlanParts | undefined, drop: (p: PlanParts) => boolean): [PlanParts | undefined, number] {
  let first: PlanParts | undefined;
  let last: PlanParts | undefined;
  let dropped = 0;
  for (let p = head; p !== undefined; ) {
    const next = p.next;
    if (drop(p)) dropped++;
    else {
      p.next = undefined;
      if (last) last.next = p;
      else first = p;
      last = p;
    }
    p = next;
  }
  return [first, dropped];
}

/** Default bound on memoised entries per vault (about 300 bytes each). */
export const MEMO_MAX = 16_384;
/** Longer values are not memoised (the bound is on entries, so it must not hold long strings). */
export const MEMO_VALUE_MAX = 256;

/**
 * Keep `parts` in `m` as the plan of (parts.mode, parts.type, value), replacing one of the same mode
 * and type; the change in the number of plans `m` holds (1 or 0). `copyKey`: a new key is copied (see
 * `detach`), as the memo must; a map that lives for one call keeps the caller's string.
 */
export function keepPlan(m: SessionPlans, value: string, parts: PlanParts, copyKey: boolean): number {
  const head = m.get(value);
  let rest = head;
  let dropped = 0;
  if (head !== undefined && planOf(m, parts.mode, parts.type, value) !== undefined) {
    [rest, dropped] = without(head, (p) => p.mode === parts.mode && p.type === parts.type);
  }
  parts.next = rest;
  // An existing key stays as it is (Map.set keeps it).
  m.set(head === undefined && copyKey ? detach(value) : value, parts);
  return 1 - dropped;
}

export class PlanMemo {
  private readonly sessions = new Map<string, SessionPlans>();
  private size = 0;
  /** Times `set` evicted (a tokenize call sees whether its entries may be gone). */
  evictions = 0;

  constructor(readonly max: number = MEMO_MAX) {}

  get entries(): number {
    return this.size;
  }

  /**
   * The session last moved to (or added at) the back of the eviction order, and its plans: a session
   * asked for again needs no move (a Map delete and set per call, with a rehash every few calls to
   * drop the holes the deletes leave). Any removal of sessions forgets it. None is '' (no session id
   * is empty), not undefined: a compare compiled on strings deoptimised ("not a String") when the
   * first removal, thousands of calls in, made it undefined.
   */
  private backId = '';
  private backPlans: SessionPlans | undefined;

  /** The memo of one session, moved to the back of the eviction order. */
  session(session: string): SessionPlans | undefined {
    if (session === this.backId) return this.backPlans;
    const m = this.sessions.get(session);
    if (m) {
      this.sessions.delete(session);
      this.sessions.set(session, m);
      this.backId = session;
      this.backPlans = m;
    }
    return m;
  }

  private forgetBack(): void {
    this.backId = '';
    this.backPlans = undefined;
  }

  /** Keep `parts` as the plan of (parts.mode, parts.type, value) in the session. */
  set(session: string, value: string, parts: PlanParts): void {
    if (this.max <= 0) return;
    let m = this.sessions.get(session);
    if (!m) {
      const id = detach(session);
      this.sessions.set(id, (m = new Map()));
      this.backId = id;
      this.backPlans = m;
    }
    this.size += keepPlan(m, value, parts, true);
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
    this.forgetBack();
    const target = Math.floor(this.max * 0.75);
    for (const [sid, m] of this.sessions) {
      if (this.size <= target) break;
      this.sessions.delete(sid);
      this.size -= plansIn(m);
    }
  }

  forgetSession(session: string): void {
    const m = this.sessions.get(session);
    if (!m) return;
    this.size -= plansIn(m);
    this.sessions.delete(session);
    this.forgetBack();
  }

  /** Drop every entry (any session, any spelling) whose lookups include one of `lookups`. */
  forgetLookups(lookups: ReadonlySet<string>): void {
    for (const [sid, m] of this.sessions) {
      for (const [k, head] of m) {
        const [rest, dropped] = without(head, (p) => p.lookups.some((l) => lookups.has(l)));
        if (dropped === 0) continue;
        this.size -= dropped;
        if (rest === undefined) m.delete(k);
        else m.set(k, rest);
      }
      if (m.size === 0) this.sessions.delete(sid);
    }
    this.forgetBack();
  }

  clear(): void {
    this.forgetBack();
    this.sessions.clear();
    this.size = 0;
  }
}
