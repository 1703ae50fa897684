// One session of the in-memory store (src/vault/memory.ts): its records, found by token and by lookup,
// and its counters. Most sessions are small (a one-off request, a record of a batch: 4-20 values), and
// what a small session costs to keep is what every such call leaves behind.
import type { RecordKind } from './interface.js';
import { keepShape } from '../text/shapes.js';

/**
 * A record as the memory store keeps it. What every record of a session shares (its id, its expiry)
 * stays on the session, the blob is a latin1 string (one character per byte) and the creation time an
 * offset from the session's; reads make a StoredRecord from it. A record held as a StoredRecord took
 * ~470 B: its Buffer object alone was 96 B beside the bytes, and each time field a boxed number.
 */
export interface Held {
  readonly token: string;
  readonly type: string;
  readonly kind: RecordKind;
  readonly lookup: string;
  readonly keyId: string;
  readonly blob: string;
  /** createdAt minus the session's createdAt, ms. */
  readonly since: number;
  /** The session's next record while it is a chain (see MemorySession). */
  next: Held | undefined;
}

/** Last counter number of one token prefix in a session; chained (a session uses a few types). */
interface Counter {
  readonly prefix: string;
  n: number;
  readonly next: Counter | undefined;
}

/**
 * Records kept as a chain up to this many; past it, a Map by token and one by lookup. Each session
 * used to make three Maps (tokens, lookups, counters) however few records it had: measured on
 * one-off calls, a vault kept 1,380 B per corpus record (4.3 values) and 7.1 KB per 1 KB prompt
 * (28 values); as chains, 1,060 B and 5.7 KB, at the same CPU per call (bench/README.md,
 * eighteenth stop). Kept memory is what later scavenges copy and full collections mark. A chain of
 * 32 is searched at most 32 string compares at a time.
 */
export const CHAIN_MAX = 32;

/**
 * The records of one session: found by token, and by lookup (the record whose lookup it is: a
 * session holds each lookup once, and a record holds its own). Small sessions are a chain in the
 * order the records came; past CHAIN_MAX, two Maps, as the store always had (in the same order).
 */
export class MemorySession {
  size = 0;
  private head: Held | undefined = undefined;
  private tail: Held | undefined = undefined;
  private byToken: Map<string, Held> | undefined = undefined;
  private byLookup: Map<string, string> | undefined = undefined;
  private counters: Counter | undefined = undefined;

  constructor(
    readonly createdAt: number,
    readonly expiresAt: number,
  ) {}

  record(token: string): Held | undefined {
    if (this.byToken !== undefined) return this.byToken.get(token);
    for (let h = this.head; h !== undefined; h = h.next) if (h.token === token) return h;
    return undefined;
  }

  has(token: string): boolean {
    return this.record(token) !== undefined;
  }

  /** The token of the record holding `lookup`. */
  tokenOf(lookup: string): string | undefined {
    if (this.byLookup !== undefined) return this.byLookup.get(lookup);
    for (let h = this.head; h !== undefined; h = h.next) if (h.lookup === lookup) return h.token;
    return undefined;
  }

  /** Keep `h`, a record whose token and lookup the session does not hold. */
  add(h: Held): void {
    this.size++;
    if (this.byToken !== undefined) {
      this.byToken.set(h.token, h);
      this.byLookup!.set(h.lookup, h.token);
      return;
    }
    h.next = undefined;
    if (this.tail === undefined) this.head = h;
    else this.tail.next = h;
    this.tail = h;
    if (this.size > CHAIN_MAX) this.toMaps();
  }

  /** The record holding `h.token` becomes `h`, in its place; its lookup goes with it. */
  replace(h: Held): void {
    const old = this.record(h.token);
    if (old === undefined) {
      this.add(h);
      return;
    }
    if (this.byToken !== undefined) {
      this.byLookup!.delete(old.lookup);
      this.byToken.set(h.token, h);
      this.byLookup!.set(h.lookup, h.token);
      return;
    }
    h.next = old.next;
    this.relink(old, h);
  }

  /** Drop the record of `token`; returns it. */
  remove(token: string): Held | undefined {
    if (this.byToken !== undefined) {
      const h = this.byToken.get(token);
      if (h === undefined) return undefined;
      this.byToken.delete(token);
      this.byLookup!.delete(h.lookup);
      this.size--;
      return h;
    }
    const h = this.record(token);
    if (h === undefined) return undefined;
    this.relink(h, h.next);
    this.size--;
    return h;
  }

  /** The session's records, in the order they came. */
  *records(): Generator<Held> {
    if (this.byToken !== undefined) {
      yield* this.byToken.values();
      return;
    }
    for (let h = this.head; h !== undefined; h = h.next) yield h;
  }

  /** The lookups the session's records hold. */
  *lookups(): Generator<string> {
    if (this.byLookup !== undefined) {
      yield* this.byLookup.keys();
      return;
    }
    for (let h = this.head; h !== undefined; h = h.next) yield h.lookup;
  }

  /** The last counter number given out for `prefix` (0: none yet). */
  counter(prefix: string): number {
    for (let c = this.counters; c !== undefined; c = c.next) if (c.prefix === prefix) return c.n;
    return 0;
  }

  setCounter(prefix: string, n: number): void {
    for (let c = this.counters; c !== undefined; c = c.next) {
      if (c.prefix === prefix) {
        c.n = n;
        return;
      }
    }
    this.counters = { prefix, n, next: this.counters };
  }

  /** In the chain, put `next` where `h` was (`next` is h.next when dropping h, or h's replacement). */
  private relink(h: Held, next: Held | undefined): void {
    let prev: Held | undefined;
    for (let p = this.head; p !== h; p = p!.next) prev = p;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (this.tail === h) this.tail = next === h.next ? prev : next;
  }

  private toMaps(): void {
    const byToken = new Map<string, Held>();
    const byLookup = new Map<string, string>();
    for (let h = this.head; h !== undefined; ) {
      const next = h.next;
      h.next = undefined;
      byToken.set(h.token, h);
      byLookup.set(h.lookup, h.token);
      h = next;
    }
    this.byToken = byToken;
    this.byLookup = byLookup;
    this.head = this.tail = undefined;
  }
}

// Placeholders, one per form (a chain, Maps), whose hidden classes outlive any vault: see src/text/shapes.ts.
{
  const chain = new MemorySession(0, 0);
  const maps = new MemorySession(0, 0);
  for (let i = 0; i <= CHAIN_MAX; i++) maps.add({ token: `${i}`, type: '', kind: 'counter', lookup: `${i}`, keyId: '', blob: '', since: 0, next: undefined });
  chain.add({ token: '', type: '', kind: 'counter', lookup: '', keyId: '', blob: '', since: 0, next: undefined });
  chain.setCounter('', 0);
  keepShape(chain);
  keepShape(maps);
}
